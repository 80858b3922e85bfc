"""Helpers for the integration tier: find system programs, skip with a reason, or fail in CI.

In CI (``KIOSK_TWIN_REQUIRE_INTEGRATION=1``, set by ``.ci/run``) a missing prerequisite is a
failure, so a green run really exercised pcscd, vpcd, SANE and uvicorn.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mocks.launcher import free_port  # one definition, beside the one backend launcher

__all__ = ["free_port", "require", "require_binary", "require_file", "require_module"]


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("KIOSK_TWIN_REQUIRE_INTEGRATION") == "1":
        pytest.fail(f"integration prerequisite missing in CI: {reason}")
    pytest.skip(reason)


def require_binary(name: str, package: str) -> str:
    path = shutil.which(name) or next(
        (str(p) for d in ("/usr/sbin", "/sbin") if (p := Path(d) / name).exists()), None
    )
    require(path is not None, f"'{name}' not found: install the Debian package {package}")
    assert path is not None
    return path


def require_file(path: str, package: str) -> Path:
    p = Path(path)
    require(p.exists(), f"{path} not found: install the Debian package {package}")
    return p


def require_module(name: str, extra: str = "devices") -> None:
    import importlib.util

    require(
        importlib.util.find_spec(name) is not None,
        f"Python module '{name}' missing: pip install -e '.[{extra}]' (needs its Debian headers)",
    )

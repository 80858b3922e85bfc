"""SANE's ``test`` backend for the integration tier, enabled through a private SANE_CONFIG_DIR.

Debian ships the backend disabled (``#test`` in /etc/sane.d/dll.conf). ``private_sane_config``
writes a directory with a ``dll.conf`` holding only ``test`` and a copy of ``test.conf``, so no
root and no system file is touched; SANE reads SANE_CONFIG_DIR at every ``sane_init``.
"""

from __future__ import annotations

import glob
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.system import require, require_file, require_module

__all__ = ["PNM_DEVICE", "TEST_DEVICE", "private_sane_config", "require_sane_test_backend"]

TEST_DEVICE = "test:0"
PNM_DEVICE = "pnm:0"  # "scans" an image file: the card or slip the twin lays on the glass (issue 15)
_SYSTEM_TEST_CONF = "/etc/sane.d/test.conf"


def require_sane_test_backend() -> None:
    """Skip locally (fail in CI) unless python-sane and the test backend are installed."""
    require_module("sane")
    require_file(_SYSTEM_TEST_CONF, "libsane1")
    for backend in ("test", "pnm"):
        found = glob.glob(f"/usr/lib/*/sane/libsane-{backend}.so*") + glob.glob(
            f"/usr/lib/sane/libsane-{backend}.so*"
        )
        require(bool(found), f"SANE {backend} backend library missing: install the Debian package libsane1")


@contextmanager
def private_sane_config(directory: Path, backends: tuple[str, ...] = ("test",)) -> Iterator[Path]:
    """Point SANE_CONFIG_DIR at ``directory`` (the test backend, and ``pnm`` when asked: the
    wire run's glass) for the duration."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "dll.conf").write_text("".join(f"{b}\n" for b in backends), encoding="utf-8")
    shutil.copyfile(_SYSTEM_TEST_CONF, directory / "test.conf")
    before = os.environ.get("SANE_CONFIG_DIR")
    os.environ["SANE_CONFIG_DIR"] = str(directory)
    try:
        yield directory
    finally:
        if before is None:
            os.environ.pop("SANE_CONFIG_DIR", None)
        else:
            os.environ["SANE_CONFIG_DIR"] = before

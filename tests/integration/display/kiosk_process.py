"""``kiosk run`` as a child process on a real X server, as the kiosk's systemd unit starts it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["KIOSK_FLAGS", "kiosk_command", "start_kiosk"]

# What a deployed kiosk is started with (deploy/kiosk.toml says the same in its own words).
KIOSK_FLAGS = ("--fullscreen",)
KIOSK_ENV = {"KIOSK_ORIENTATION": "auto"}


def kiosk_command(state: Path, seconds: float, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "reference_kiosk.cli.main", "run", "--devices", "none",
        "--backend", "http://127.0.0.1:9",  # nobody listens: the kiosk must still show its screens
        "--state-dir", str(state), "--seconds", str(seconds), *KIOSK_FLAGS, *extra,
    ]  # fmt: skip


def start_kiosk(env: dict[str, str], state: Path, seconds: float, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        kiosk_command(state, seconds, *extra),
        env={**env, **KIOSK_ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

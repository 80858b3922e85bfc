"""``kiosk run`` as a child process on a real X server, as the kiosk's systemd unit starts it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["KIOSK_FLAGS", "kiosk_command", "log_of", "start_kiosk"]

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
    """Start it; its stderr (the journal on a kiosk) goes to ``log_of(state)``, appended per start."""
    state.parent.mkdir(parents=True, exist_ok=True)
    with log_of(state).open("ab") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            kiosk_command(state, seconds, *extra),
            env={**env, **KIOSK_ENV},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def log_of(state: Path) -> Path:
    return state.parent / "kiosk-stderr.log"

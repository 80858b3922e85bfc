"""The backend under uvicorn as a child process that the chaos run can kill and restart.

A restart keeps the database file and the port (uvicorn binds with SO_REUSEADDR), so kiosks see
what a real crash looks like: refused connections for a few seconds, then the same service with
the same dossiers. The fault plan lives in memory, so it is installed again after each start.
Output goes to a log file beside the database (no pipe to keep draining).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import httpx

from mocks.chaos.errors import ChaosSetupError

__all__ = ["BackendProcess", "free_port"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class BackendProcess:
    """``kiosk-twin backend`` with the control API; ``start``/``kill``/``restart``/``stop``."""

    def __init__(self, db: Path, kiosk_key: str, config: Path, *, ready_timeout: float = 60.0) -> None:
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._kiosk_key = kiosk_key
        self._config = config
        self._ready_timeout = ready_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._plan: dict[str, Any] = {"seed": 0, "rules": []}
        self.restarts = 0

    def start(self) -> None:
        cmd = [sys.executable, "-m", "mocks.cli", "backend", "--host", "127.0.0.1", "--port", str(self.port),
               "--db", str(self.db), "--kiosk-key", self._kiosk_key, "--control",
               "--config", str(self._config)]  # fmt: skip
        self._log = self.db.with_suffix(".log").open("ab")
        self._proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_ready()
        self.set_faults(self._plan)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self._ready_timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                break
            try:
                if httpx.get(f"{self.url}/control/faults", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # the process is importing; nothing to wait on but the socket
        raise ChaosSetupError(f"the backend did not start (see {self.db.with_suffix('.log')})")

    def set_faults(self, plan: dict[str, Any]) -> None:
        self._plan = plan
        response = httpx.put(f"{self.url}/control/faults", json=plan, timeout=10.0)
        if response.status_code != 200:
            raise ChaosSetupError(f"PUT /control/faults answered {response.status_code}")

    def kill(self) -> None:
        """SIGKILL: no shutdown, in-flight requests die with their connections."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGKILL)
            self._proc.wait()
        self._close_log()

    def restart(self) -> None:
        self.kill()
        self.restarts += 1
        self.start()

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

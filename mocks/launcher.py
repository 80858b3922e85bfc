"""``BackendProcess``: the one way to run ``kiosk-twin backend`` under uvicorn as a child process.

    with BackendProcess(workdir / "backend.sqlite", kiosk_keys=["KIOSK-VTR-01=secret"]) as backend:
        httpx.get(f"{backend.url}/api/v1/procedures")
        backend.set_faults({"seed": 1, "rules": [...]})   # needs control=True
        backend.kill(); backend.restart()                  # a crash, then the same service again

It listens on 127.0.0.1 only (a free port unless one is given). Output goes to a log file beside
the database (``backend.sqlite`` -> ``backend.log``, appended; privacy audits read it). A
restart keeps the database and the port (uvicorn binds with SO_REUSEADDR), so clients see what a
real crash looks like: refused connections, then the same service with the same dossiers. The
fault plan lives in the process's memory, so the last one set is installed again on each start.

Used by ``kiosk-twin up`` (through ``mocks.world``), the chaos run, the integration tests, the
BDD wire mode and the benchmarks. Errors (mocks side, never shown to a citizen)::

    BackendProcessError  the process exited or did not answer in time (the log tail says why),
                         or refused a fault plan
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import httpx

__all__ = ["BackendProcess", "BackendProcessError", "free_port"]

_READY_PATH = "/.well-known/jwks.json"  # served in every configuration, control API or not


class BackendProcessError(RuntimeError):
    """The backend process exited, did not answer in time or refused a fault plan (mocks side)."""


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (nothing here binds other interfaces)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class BackendProcess:
    """``kiosk-twin backend`` on 127.0.0.1: ``start`` / ``kill`` / ``restart`` / ``stop`` (or ``with``)."""

    def __init__(
        self,
        db: Path,
        *,
        kiosk_keys: Sequence[str] = (),
        port: int = 0,
        control: bool = True,
        config: Path | None = None,
        log_level: str = "warning",
        extra_args: Sequence[str] = (),
        ready_timeout: float = 60.0,
    ) -> None:
        """``kiosk_keys``: ``KIOSK-ID=key`` entries; ``config``: a backend TOML/JSON settings file."""
        self.db = db
        self.log = db.with_suffix(".log")
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.restarts = 0
        self._args = [sys.executable, "-m", "mocks.cli", "backend", "--host", "127.0.0.1",
                      "--port", str(self.port), "--db", str(db), "--log-level", log_level]  # fmt: skip
        for key in kiosk_keys:
            self._args += ["--kiosk-key", key]
        self._args += ["--control"] if control else []
        self._args += ["--config", str(config)] if config is not None else []
        self._args += list(extra_args)
        self._ready_timeout = ready_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._out: IO[bytes] | None = None
        self._plan: dict[str, Any] | None = None

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def __enter__(self) -> BackendProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start the process and wait until it answers; raises ``BackendProcessError``."""
        self._out = self.log.open("ab")
        self._proc = subprocess.Popen(self._args, stdout=self._out, stderr=subprocess.STDOUT)
        try:
            self._wait_ready()
            if self._plan is not None:
                self.set_faults(self._plan)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self._ready_timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                tail = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise BackendProcessError(f"the backend exited with status {self._proc.returncode}:\n{tail}")
            try:
                if httpx.get(f"{self.url}{_READY_PATH}", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # polling a child process on the real clock; not a test
        waited = f"within {self._ready_timeout:.0f} s (log: {self.log})"
        raise BackendProcessError(f"the backend did not answer on {self.url} {waited}")

    def set_faults(self, plan: dict[str, Any]) -> None:
        """Install a fault plan (``PUT /control/faults``); it is installed again after a restart."""
        self._plan = plan
        response = httpx.put(f"{self.url}/control/faults", json=plan, timeout=10.0)
        if response.status_code != 200:
            raise BackendProcessError(f"PUT /control/faults answered {response.status_code}")

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
        """Terminate (then kill after 10 s); idempotent."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._close_log()

    def _close_log(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None

"""``kiosk-twin backend``'s upload decoder process: started with it, lower priority, never left behind.

Run through ``mocks.launcher.BackendProcess`` as every tier runs the backend: after ``stop``
(SIGTERM, the app shuts its pool down) and after ``kill`` (SIGKILL, nothing runs in the backend;
the worker notices its parent is gone) no process the backend started is still running.
"""

from __future__ import annotations

import os
import select
from pathlib import Path

import pytest

from mocks.launcher import BackendProcess
from tests.support.backend import KIOSK_ID, KIOSK_KEY
from tests.support.system import require_module

pytestmark = pytest.mark.integration


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _exits(pid: int, within: float = 20.0) -> bool:
    """Whether ``pid`` ends within ``within`` seconds (a pidfd is readable once it has)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], within)[0])
    finally:
        os.close(fd)


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


@pytest.mark.parametrize("end", ["stop", "kill"])
def test_the_decoder_process_ends_with_the_backend(tmp_path: Path, end: str) -> None:
    require_module("uvicorn", extra="twin")
    backend = BackendProcess(tmp_path / "backend.sqlite", kiosk_keys=[f"{KIOSK_ID}={KIOSK_KEY}"])
    try:
        backend.start()
        assert backend.pid is not None
        children = _children(backend.pid)
        workers = [pid for pid in children if "multiprocessing.spawn" in _cmdline(pid)]
        assert len(workers) == 1, children
        # Lower priority than the backend (field 19 of /proc/PID/stat is the nice value).
        assert int(_stat(workers[0])[16]) > int(_stat(backend.pid)[16])
    finally:
        getattr(backend, end)()
    left = [pid for pid in children if not _exits(pid)]
    assert left == [], f"still running after {end}: {[_cmdline(p) for p in left]}"

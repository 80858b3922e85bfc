"""``mocks.launcher.BackendProcess``: the one way every tier runs the backend under uvicorn.

A kill is a crash (connections refused), a restart the same service on the same port with the
same database and the fault plan installed again; a start that cannot succeed says why.
"""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from mocks.launcher import BackendProcess, BackendProcessError
from tests.support.backend import KIOSK_ID, KIOSK_KEY
from tests.support.system import require_module

pytestmark = pytest.mark.integration

PLAN = {"seed": 3, "rules": [{"route": "GET /api/v1/procedures", "latency_ms": 5}]}


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_kill_and_restart_keep_port_database_and_fault_plan(tmp_path: Path) -> None:
    require_module("uvicorn", extra="twin")
    backend = BackendProcess(tmp_path / "backend.sqlite", kiosk_keys=[f"{KIOSK_ID}={KIOSK_KEY}"])
    try:
        backend.start()
        url, port = backend.url, backend.port
        assert httpx.post(f"{url}/control/clock/advance", json={"seconds": 600}).status_code == 200
        backend.set_faults(PLAN)
        backend.kill()
        assert not _listening(port)  # a crash: nothing answers
        backend.restart()
        assert (backend.url, backend.restarts) == (url, 1)
        # The same database: the world clock's offset is stored there.
        assert httpx.get(f"{url}/control/clock").json()["offset_seconds"] == 600
        assert httpx.get(f"{url}/control/faults").json()["rules"][0]["latency_ms"] == 5
    finally:
        backend.stop()
    assert not _listening(port)
    assert backend.log.stat().st_size > 0  # both runs appended to the log beside the database


def test_a_backend_that_cannot_start_says_why(tmp_path: Path) -> None:
    require_module("uvicorn", extra="twin")
    config = tmp_path / "broken.toml"
    config.write_text("no_such_setting = 1\n", encoding="utf-8")
    with pytest.raises(BackendProcessError, match="exited with status"):
        BackendProcess(tmp_path / "backend.sqlite", config=config, ready_timeout=30).start()

"""`kiosk-twin up` (what `make demo` runs): backend under uvicorn, the journey, a clean stop."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from mocks.citizens import persona
from mocks.commands.demo_journey import mask_id

pytestmark = pytest.mark.integration


def test_the_demo_runs_the_journey_and_stops_the_backend() -> None:
    exe = Path(sys.executable).parent / "kiosk-twin"
    done = subprocess.run(
        [str(exe), "up", "--seed", "11"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={"COLUMNS": "160", "PATH": str(exe.parent), "TERM": "dumb"},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    url = re.search(r"backend listening on (http://127\.0\.0\.1:(\d+))", out)
    assert url is not None, out
    for step in ("search", "login", "submit", "pay", "look up", "rate"):
        assert f"│ {step}" in out
    citizen = persona(11)
    assert citizen.id_number not in out
    assert citizen.full_name not in out
    assert mask_id(citizen.id_number) in out
    assert "backend stopped." in out
    # Nothing listens any more where the backend was.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", int(url.group(2)))) != 0

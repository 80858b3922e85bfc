"""`kiosk-twin up` (what `make demo` runs): backend under uvicorn, emulators, the real kiosk, a clean stop."""

from __future__ import annotations

import re
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from mocks.citizens import persona
from reference_kiosk.documents.mrz_ocr import ocr_b_font
from reference_kiosk.domain.privacy import mask_id_number
from tests.support.system import require_module

pytestmark = pytest.mark.integration

EXE = Path(sys.executable).parent / "kiosk-twin"
ENV = {"COLUMNS": "160", "PATH": str(EXE.parent), "TERM": "dumb"}  # no DISPLAY: headless anyway


def _nothing_listens(out: str) -> None:
    url = re.search(r"backend listening on (http://127\.0\.0\.1:(\d+))", out)
    assert url is not None, out
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", int(url.group(2)))) != 0


def test_the_twin_demo_runs_the_real_kiosk_headless_and_saves_every_screen(tmp_path: Path) -> None:
    require_module("uvicorn", extra="twin")
    shots, work = tmp_path / "demo", tmp_path / "work"
    done = subprocess.run(
        [str(EXE), "up", "--headless", "--seed", "7", "--out", str(shots), "--workdir", str(work)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env=ENV,
    )
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-3000:]
    # The scripted citizen went all the way round (seed 7 is 66: a card without expiry).
    for step in ("card login", "scan the papers", "pay", "look up", "rate", "log out"):
        assert step in out, step
    assert "paid; receipt BL" in out
    pngs = sorted(shots.glob("*.png"))
    screens = {p.stem.split("_", 1)[1] for p in pngs}
    expected = {"welcome", "login_place_card", "login_verified", "home", "search", "procedure", "form"}
    expected |= {"scan", "review", "receipt", "pay_qr", "pay_paid", "lookup_detail", "rate_answer", "goodbye"}
    assert expected <= screens, screens
    if ocr_b_font() is not None:  # the card's MRZ face is read from the glass: nothing typed (issue 15)
        assert "login_enter_bac" not in screens, screens
        assert "nothing typed" in out
    with Image.open(pngs[0]) as first:
        assert first.size == (1080, 1920)
    with sqlite3.connect(work / "backend.sqlite") as db:
        assert db.execute("SELECT count(*) FROM dossiers").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM payments WHERE status = 'paid'").fetchone() == (1,)
    citizen = persona(7)
    dob = citizen.date_of_birth
    secrets = (citizen.id_number, citizen.full_name, f"{dob:%d%m%Y}", f"{dob:%d/%m/%Y}", dob.isoformat())
    telemetry = (work / "kiosk" / "telemetry.jsonl").read_text(encoding="utf-8")
    assert '"channel":"cccd","outcome":"submitted"' in telemetry  # one visit, by chip card, ended
    for secret in secrets:
        assert secret not in out + done.stderr
        assert secret not in telemetry
    assert mask_id_number(citizen.id_number) in out
    assert "everything stopped." in out
    _nothing_listens(out)


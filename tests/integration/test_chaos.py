"""``kiosk-twin chaos`` end to end: the real kiosk (``build_kiosk``) under faults loses nothing.

The full run (N=1000, a 180-minute outage, 3 damaged items) is benchmarks/bench_chaos.py; this
one keeps ``make test`` quick (~40 s): 30 submissions through 3 kiosk processes with every kind
of disruption, a 60-minute outage (longer than a citizen's token) and 2 damaged queued items.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mocks.chaos.world import dossier_body
from mocks.citizens import persona

pytestmark = pytest.mark.integration

_JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.")
# The backend's own store (the provincial system holds citizens' data by design) is not a work file.
_BACKEND_STORE = re.compile(r"^backend\.sqlite(-wal|-shm|\.signing-key\.pem)?$")


def _chaos(workdir: Path, *args: str, timeout: float = 240) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "mocks.cli", "chaos", *args, "--json", "--workdir", str(workdir)],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def secrets_in_work_files(workdir: Path) -> list[str]:
    """Every token, ID number, name or form value of the run's citizens found in a work file."""
    jobs = [
        json.loads(line)
        for d in workdir.glob("kiosk-*")
        for line in (d / "jobs.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert jobs, "the run wrote its jobs"
    needles: set[bytes] = set()
    for job in jobs:
        person = persona(int(job["persona"])) if "persona" in job else None
        form = dossier_body(person)["form"] if person is not None else job["dossier"]["form"]
        needles |= {v.encode() for v in form.values() if len(v) >= 8}
    found = []
    for path in workdir.rglob("*"):
        if not path.is_file() or _BACKEND_STORE.match(path.name):
            continue
        data = path.read_bytes()
        found += [f"{path.relative_to(workdir)}: a bearer token" for _ in _JWT.finditer(data)][:1]
        found += [f"{path.relative_to(workdir)}: a form value" for n in needles if n in data][:1]
    return found


def test_a_small_chaos_run_with_an_outage_loses_nothing_and_really_disrupts(tmp_path: Path) -> None:
    workdir = tmp_path / "chaos"
    report = _chaos(workdir, "--submissions", "30", "--fault-rate", "0.3", "--seed", "1", "--kiosks", "3",
                    "--outage-minutes", "60", "--corrupt-items", "2")  # fmt: skip
    figures = {k: report[k] for k in ("lost", "duplicated", "phantom", "untold", "refused", "quarantined")}
    assert figures == {"lost": 0, "duplicated": 0, "phantom": 0, "untold": 0, "refused": 0, "quarantined": 2}
    assert report["attempted"] == 30
    assert report["acknowledged"] + report["delivered_later"] + report["not_stored"] + 2 == 30
    assert report["ok"] is True
    # The disruptions did happen:
    events = report["events"]
    assert (events["restart_backend"], events["kill_kiosk"], events["power_loss"]) == (2, 3, 3)
    assert events["outage_step"] == 4  # 60 world minutes: every token queued at the start expired
    assert events["clock_jump"] == events["clock_drift"] == events["corrupt_items"] == 1
    assert report["corrupted"] == 2
    assert report["delivered_later"] > 0
    assert report["outbox"]["attempts"] > 30
    assert report["outbox"]["quarantined"] == 2
    assert (workdir / "backend.sqlite").exists()  # --workdir keeps the run's databases and logs
    assert secrets_in_work_files(workdir) == []


def test_a_run_without_faults_acknowledges_everything_at_once(tmp_path: Path) -> None:
    report = _chaos(
        tmp_path / "clean", "--submissions", "6", "--fault-rate", "0", "--seed", "2", "--kiosks", "2"
    )
    assert (report["acknowledged"], report["delivered_later"], report["lost"]) == (6, 0, 0)
    assert set(report["events"].values()) == {0}

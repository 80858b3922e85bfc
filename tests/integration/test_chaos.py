"""``kiosk-twin chaos`` end to end: a small run under faults loses and duplicates nothing.

The full run (N=1000) is benchmarks/bench_chaos.py; this one keeps ``make test`` quick (~30 s).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def test_a_small_chaos_run_loses_nothing_and_really_disrupts(tmp_path: Path) -> None:
    workdir = tmp_path / "chaos"
    done = subprocess.run(
        [sys.executable, "-m", "mocks.cli", "chaos", "--submissions", "30", "--fault-rate", "0.3",
         "--seed", "1", "--kiosks", "3", "--json", "--workdir", str(workdir)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert (report["lost"], report["duplicated"], report["phantom"], report["untold"]) == (0, 0, 0, 0)
    assert report["attempted"] == 30
    assert report["acknowledged"] + report["delivered_later"] == 30
    assert report["ok"] is True
    # The disruptions did happen: restarts, kills, bursts, and faults that forced retries.
    assert report["events"]["restart_backend"] == 2
    assert report["events"]["kill_kiosk"] == 3
    assert report["events"]["timeout_burst"] >= 1
    assert report["delivered_later"] > 0
    assert report["outbox"]["attempts"] > 30
    assert report["outbox"]["delivered"] == 30
    assert (workdir / "backend.sqlite").exists()  # --workdir keeps the run's databases and logs


def test_a_run_without_faults_acknowledges_everything_at_once(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mocks.cli", "chaos", "--submissions", "6", "--fault-rate", "0",
         "--seed", "2", "--kiosks", "2", "--json", "--workdir", str(tmp_path / "clean")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert (report["acknowledged"], report["delivered_later"], report["lost"]) == (6, 0, 0)
    assert report["events"] == {"faults": 0, "timeout_burst": 0, "restart_backend": 0, "kill_kiosk": 0}

"""Simulator speed (issue 17 point 5), ratios against a baseline measured in the same run.

1. The normal citizen path (channel choice, patience, opening hours, the full record per citizen)
   on M/M/3 with exponential patience, rho 0.9, about 200,000 citizens, against the minimal SimPy
   model of the same queue with reneging (``minimal_simpy.py``, no code shared with simulator/).
   Target: at most 1.3x.
2. ``kiosk-sim run SCENARIO --json --no-files`` end to end (process start, records, metrics) against
   the minimal model run as its own process. Target: at most 1.5x.
3. One replication of the rollout scenario (66 sites, 28 days), records and metrics included.
   Target: at most 2 s.

Run: ``.venv/bin/python benchmarks/bench_sim_speed.py [--profile]`` (``make bench`` runs it).
Interleaved rounds, best of each: other processes on a shared machine slow both sides alike.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, for benchmarks.*
from benchmarks.minimal_simpy import minimal_mmc

LAMBDA_PER_MIN, SERVICE_MIN, PATIENCE_MIN, SERVERS = 2.7 / 60, 60.0, 120.0, 3
CITIZENS = 200_000
DAYS = round(CITIZENS / (2.7 * 24))
ROUNDS = 3
ROOT = Path(__file__).resolve().parents[1]


def minimal_mm3_reneging(horizon: float, seed: int) -> int:
    """The reference: the smallest sensible SimPy M/M/3+M, recording each wait."""
    return minimal_mmc(horizon, seed, SERVERS, LAMBDA_PER_MIN, SERVICE_MIN, PATIENCE_MIN)


SCENARIO = f"""
name = "bench-mm3-reneging"
description = "M/M/3+M, rho 0.9, the normal citizen path: channel choice, patience, opening hours"
days = {DAYS}
replications = 1
seed = 1
[[sites]]
id = "q"
hours = [["00:00", "24:00"]]
counters = {SERVERS}
[[sites.demand]]
purpose = "submit"
channel = "choice"
arrivals_per_hour = 2.7
service_minutes = {{ dist = "exponential", mean = {SERVICE_MIN} }}
patience_minutes = {{ dist = "exponential", mean = {PATIENCE_MIN} }}
"""

MINIMAL_SCRIPT = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from benchmarks.minimal_simpy import minimal_mmc
print(minimal_mmc({DAYS * 1440.0}, 1, {SERVERS}, {LAMBDA_PER_MIN}, {SERVICE_MIN}, {PATIENCE_MIN}))
"""


def _timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    from simulator.config import load_scenario
    from simulator.model import Model
    from simulator.run import run_replication

    profile = "--profile" in sys.argv
    tmp = Path(tempfile.mkdtemp())
    scenario_file = tmp / "bench.toml"
    scenario_file.write_text(SCENARIO, encoding="utf-8")
    scenario = load_scenario(str(scenario_file))
    script = tmp / "minimal.py"
    script.write_text(MINIMAL_SCRIPT, encoding="utf-8")
    kiosk_sim = [sys.executable, "-m", "simulator.cli", "run", str(scenario_file), "--json", "--no-files"]
    minimal = [sys.executable, str(script)]

    def model_run() -> None:
        Model(scenario, 0).run()

    best = dict.fromkeys(("ref", "model", "cli", "ref_proc"), float("inf"))
    for _ in range(ROUNDS):
        best["ref"] = min(best["ref"], _timed(lambda: minimal_mm3_reneging(DAYS * 1440.0, 1)))
        best["model"] = min(best["model"], _timed(model_run))
        best["ref_proc"] = min(
            best["ref_proc"], _timed(lambda: subprocess.run(minimal, check=True, capture_output=True))
        )
        best["cli"] = min(
            best["cli"], _timed(lambda: subprocess.run(kiosk_sim, check=True, capture_output=True, cwd=ROOT))
        )
    rollout = load_scenario("rollout")
    t_rollout, cpu_rollout = float("inf"), float("inf")
    for _ in range(2):
        cpu0 = time.process_time()
        t_rollout = min(t_rollout, _timed(lambda: run_replication(rollout, 0, keep_records=False)))
        cpu_rollout = min(cpu_rollout, time.process_time() - cpu0)  # what a shared machine leaves of it
    cpu = os.cpu_count()
    table = Table(title=f"simulator speed ({cpu} CPUs; best of {ROUNDS} interleaved rounds)")
    for col in ("measure", "value", "target"):
        table.add_column(col)
    table.add_row("minimal SimPy M/M/3+M (in process)", f"{best['ref']:.2f} s", "reference")
    table.add_row("model, normal citizen path (Model.run)", f"{best['model']:.2f} s", "")
    table.add_row("ratio", f"{best['model'] / best['ref']:.2f}", "<= 1.3")
    table.add_row("minimal SimPy as a process", f"{best['ref_proc']:.2f} s", "reference")
    table.add_row("kiosk-sim run --json --no-files (process)", f"{best['cli']:.2f} s", "")
    table.add_row("ratio", f"{best['cli'] / best['ref_proc']:.2f}", "<= 1.5")
    table.add_row("one rollout replication (66 sites, 28 days)", f"{t_rollout:.2f} s", "<= 2 s")
    table.add_row("  its CPU time", f"{cpu_rollout:.2f} s", "")
    table.add_row("load average (1 min) at the end", f"{os.getloadavg()[0]:.1f}", "other processes")
    Console().print(table)
    if profile:
        prof = cProfile.Profile()
        prof.runcall(run_replication, scenario, 0)
        pstats.Stats(prof).sort_stats("tottime").print_stats(18)


if __name__ == "__main__":
    main()

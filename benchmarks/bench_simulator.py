"""Simulator benchmark (``make bench``): model overhead, one pilot replication, sweep speed-up.

1. An M/M/3 queue (2.7 arrivals per hour, mean service 60 minutes, about 200,000 citizens) through
   the model, divided by the minimal SimPy M/M/3 of ``minimal_simpy.py`` (target <= 1.3).
2. One replication of pilot-2025 (93 days, three sites), records and metrics included.
3. A 32-replication sweep (pilot-2025, 30 days, 2 grid points x 16 replications) on 2 local
   worker processes against 1.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.table import Table

from simulator.config import Scenario, load_scenario, parse_scenario
from simulator.model import Model
from simulator.run import run_replication
from simulator.sweep import parse_grid, run_sweep

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, for benchmarks.*
from benchmarks.minimal_simpy import minimal_mmc

LAMBDA_PER_MIN, SERVICE_MIN, SERVERS = 2.7 / 60, 60.0, 3
CITIZENS = 200_000
DAYS = round(CITIZENS / (2.7 * 24))
ROUNDS = 4


def minimal_mm3(horizon: float, seed: int) -> int:
    """The reference: the smallest sensible SimPy M/M/3, recording each wait."""
    return minimal_mmc(horizon, seed, SERVERS, LAMBDA_PER_MIN, SERVICE_MIN)


def mm3_scenario() -> Scenario:
    return parse_scenario(
        {
            "name": "bench-mm3",
            "days": DAYS,
            "replications": 1,
            "seed": 1,
            "sites": [
                {
                    "id": "q",
                    "hours": [["00:00", "24:00"]],
                    "counters": SERVERS,
                    "demand": [
                        {
                            "purpose": "submit",
                            "channel": "counter",
                            "arrivals_per_hour": 2.7,
                            "service_minutes": {"dist": "exponential", "mean": SERVICE_MIN},
                        }
                    ],
                }
            ],
        }
    )


T = TypeVar("T")


def best_of(n: int, fn: Callable[[], T]) -> tuple[float, T]:
    """Run ``fn`` n times (n >= 1); the shortest wall time and the last result."""
    start = time.perf_counter()
    result = fn()
    best = time.perf_counter() - start
    for _ in range(n - 1):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    console = Console()
    table = Table(
        title=f"simulator benchmark ({os.cpu_count()} CPUs; M/M/3: best of {ROUNDS} interleaved rounds)"
    )
    for col in ("measure", "value", "target / note"):
        table.add_column(col)
    scenario = mm3_scenario()

    def model_run() -> int:
        model = Model(scenario, 0)
        model.run()
        return len(model.log) + len(model.fast_log)

    # Interleaved rounds, best of each: other processes on a shared machine slow both alike.
    t_ref = t_model = float("inf")
    n_ref = n_model = 0
    for _ in range(ROUNDS):
        t, n_ref = best_of(1, lambda: minimal_mm3(DAYS * 1440.0, 1))
        t_ref = min(t_ref, t)
        t, n_model = best_of(1, model_run)
        t_model = min(t_model, t)
    t_full, _ = best_of(1, lambda: run_replication(scenario, 0))
    table.add_row("minimal SimPy M/M/3", f"{t_ref:.2f} s ({int(n_ref):,} citizens)", "reference")
    table.add_row("model M/M/3 (Model.run)", f"{t_model:.2f} s ({int(n_model):,} citizens)", "")
    table.add_row("ratio model / minimal", f"{t_model / t_ref:.2f}", "target <= 1.3")
    table.add_row(
        "model M/M/3 incl. records + metrics",
        f"{t_full:.2f} s ({t_full / t_ref:.2f}x)",
        "pandas work after the run",
    )

    pilot = load_scenario("pilot-2025")
    t_pilot, _ = best_of(1, lambda: run_replication(pilot, 0))
    table.add_row("one pilot-2025 replication (93 days)", f"{t_pilot:.2f} s", "records and metrics included")

    grid = parse_grid(["sites.prov.kiosks=1,2"])
    times: dict[int, float] = {}
    for workers in (1, 2):
        with ProcessPoolExecutor(workers) as ex:
            start = time.perf_counter()
            run_sweep("pilot-2025", grid, ex, replications=16, days=30)
            times[workers] = time.perf_counter() - start
    table.add_row("32-replication sweep, 1 worker", f"{times[1]:.1f} s", "pilot-2025, 30 days")
    table.add_row("32-replication sweep, 2 workers", f"{times[2]:.1f} s", "")
    table.add_row("sweep speed-up (2 vs 1)", f"{times[1] / times[2]:.2f}x", "ideal 2.0 on 2 idle cores")
    console.print(table)


if __name__ == "__main__":
    main()

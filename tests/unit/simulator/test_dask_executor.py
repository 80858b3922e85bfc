"""``--executor dask://HOST:PORT``: run, sweep and size through a Dask scheduler give the local numbers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.config import load_scenario
from simulator.errors import ExecutorError
from simulator.executors import InlineExecutor, executor_for, scheduler_address
from simulator.sizing import parse_costs, parse_knobs, size_scenario
from simulator.sweep import Target, parse_grid, run_sweep
from tests.support.system import require_module


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    require_module("distributed", extra="dask")
    from distributed import LocalCluster

    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield cluster.scheduler_address


@pytest.mark.integration
def test_sweep_through_a_dask_scheduler_on_localhost(scheduler: str) -> None:
    grid = parse_grid(["counters=3,4"])
    with executor_for(scheduler.replace("tcp://", "dask://"), workers=1) as ex:
        dask = run_sweep("mmc", grid, ex, replications=2, days=5)
    with ThreadPoolExecutor(1) as ex:
        local = run_sweep("mmc", grid, ex, replications=2, days=5)
    # Same seeds per replication wherever it runs (compared as JSON text: NaN != NaN in Python).
    assert json.dumps(dask.per_rep, sort_keys=True) == json.dumps(local.per_rep, sort_keys=True)


@pytest.mark.integration
def test_size_and_run_through_a_dask_scheduler(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = load_scenario("mmc")
    targets = [Target("counter_wait_min", "<", 60.0, "*")]
    ranges, costs = parse_knobs("counters=2-5"), parse_costs(None)
    with executor_for(f"dask://{scheduler.removeprefix('tcp://')}", workers=1) as ex:
        dask = size_scenario(scenario, targets, ranges, costs, 3, ex, days=6)
    local = size_scenario(scenario, targets, ranges, costs, 3, InlineExecutor(), days=6)
    assert json.dumps([asdict(a) for a in dask]) == json.dumps([asdict(a) for a in local])  # NaN-safe
    run = ["run", "mmc", "--replications", "2", "--no-files", "--json"]
    assert main([*run, "--executor", scheduler]) == 0
    on_dask = json.loads(capsys.readouterr().out)
    assert main(run) == 0
    assert json.loads(capsys.readouterr().out) == on_dask


def test_an_executor_that_is_neither_local_nor_dask_is_refused() -> None:
    with pytest.raises(ExecutorError, match="dask://HOST:PORT"), executor_for("udp://x:1", 1):
        pass  # pragma: no cover - never entered
    assert scheduler_address("dask://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert scheduler_address("local") is None


def test_missing_dask_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # what an install without the extra looks like
    assert main(["run", "mmc", "--no-files", "--executor", "dask://127.0.0.1:1"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'kiosk-twin[dask]'" in err
    assert "remedy" in err

"""``--executor tcp://HOST:PORT``: a sweep through a Dask scheduler gives the local pool's numbers."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from simulator.errors import ExecutorError
from simulator.executors import executor_for
from simulator.sweep import parse_grid, run_sweep
from tests.support.system import require_module


@pytest.mark.integration
def test_sweep_through_a_dask_scheduler_on_localhost() -> None:
    require_module("distributed", extra="dask")
    from distributed import LocalCluster

    grid = parse_grid(["counters=3,4"])
    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        with executor_for(cluster.scheduler_address, workers=1) as ex:
            dask = run_sweep("mmc", grid, ex, replications=2, days=5)
    with ThreadPoolExecutor(1) as ex:
        local = run_sweep("mmc", grid, ex, replications=2, days=5)
    # Same seeds per replication wherever it runs (compared as JSON text: NaN != NaN in Python).
    assert json.dumps(dask.per_rep, sort_keys=True) == json.dumps(local.per_rep, sort_keys=True)


def test_an_executor_that_is_neither_local_nor_tcp_is_refused() -> None:
    with pytest.raises(ExecutorError, match="dask://HOST:PORT"), executor_for("udp://x:1", 1):
        pass  # pragma: no cover - never entered

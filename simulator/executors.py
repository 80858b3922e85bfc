"""Where replications run: in this process, a local process pool, or a Dask cluster.

Every caller (``run``, ``sweep``, ``size``) goes through ``executor_for`` and the plain
``concurrent.futures.Executor`` interface, so the same code runs on a laptop or a cluster. Dask is
optional: it is imported only when a scheduler address is given.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from simulator.errors import ExecutorError

__all__ = ["InlineExecutor", "executor_for", "scheduler_address"]

P = ParamSpec("P")
T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs each task at once in this process: one worker needs no pool (nor pickling)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future, like a pool does
            future.set_exception(exc)
        return future


def scheduler_address(spec: str) -> str | None:
    """``dask://HOST:PORT`` or ``tcp://HOST:PORT`` -> the scheduler's tcp address; ``local`` -> None."""
    if spec == "local":
        return None
    for prefix in ("dask://", "tcp://"):
        if spec.startswith(prefix) and len(spec) > len(prefix):
            return "tcp://" + spec.removeprefix(prefix)
    raise ExecutorError(
        f"executor {spec!r} is neither 'local' nor a Dask scheduler address dask://HOST:PORT (or tcp://HOST:PORT)"
    )


@contextmanager
def executor_for(spec: str, workers: int) -> Iterator[Executor]:
    address = scheduler_address(spec)
    if address is None:
        if workers <= 1:
            yield InlineExecutor()
            return
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield pool
        return
    try:
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise ExecutorError(
            "the Dask executor needs the optional 'distributed' package: "
            "pip install 'kiosk-twin[dask]' (or pip install 'dask[distributed]')"
        ) from None
    try:
        client = distributed.Client(address, timeout="10s")
    except OSError as exc:
        raise ExecutorError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield client.get_executor()
    finally:
        client.close()

"""``quick``: short store work on the event loop when the store is free, never waiting on its lock there."""

from __future__ import annotations

import threading
from pathlib import Path

import anyio
import pytest

from mocks.backend.quick import quick
from mocks.backend.store import Store

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "backend.sqlite")


async def test_a_free_store_runs_the_work_on_the_event_loop(store: Store) -> None:
    def work(x: int) -> tuple[threading.Thread, int]:
        with store.tx() as conn:  # re-enters the lock quick holds
            conn.execute("INSERT INTO meta (key, value) VALUES ('k', ?)", (str(x),))
        return threading.current_thread(), x

    thread, value = await quick(store, work, 7)
    assert (thread, value) == (threading.current_thread(), 7)
    assert store.get_meta("k") == "7"


async def test_a_held_store_sends_the_work_to_a_thread_and_the_loop_goes_on(store: Store) -> None:
    """Were the work run on the loop, the loop would wait for the lock and ``other`` would come last."""
    order: list[str] = []
    holding, other_ran = threading.Event(), threading.Event()

    def commit_elsewhere() -> None:  # a dossier's commit in another thread
        with store.tx():
            holding.set()
            other_ran.wait(timeout=10)  # a guard only: the loop lets ``other`` run at once
            order.append("released")

    def work() -> threading.Thread:
        with store.read():
            order.append("work")
        return threading.current_thread()

    async def other() -> None:
        order.append("other")
        other_ran.set()

    holder = threading.Thread(target=commit_elsewhere)
    holder.start()
    await anyio.to_thread.run_sync(holding.wait)
    ran_in: list[threading.Thread] = []

    async def run_work() -> None:
        ran_in.append(await quick(store, work))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(run_work)
        tasks.start_soon(other)
    holder.join()
    assert order == ["other", "released", "work"]
    assert ran_in[0] is not threading.current_thread()


async def test_errors_come_back_as_raised(store: Store) -> None:
    def fail() -> None:
        raise LookupError("nope")

    with pytest.raises(LookupError, match="nope"):
        await quick(store, fail)
    with store.read(), pytest.raises(LookupError, match="nope"):  # held by this thread: re-entered
        await quick(store, fail)

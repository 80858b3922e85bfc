"""Short store-bound work on the event loop when the store is free, in the thread pool otherwise.

Under load a sync route paid for its thread-pool hop twice: the handover to a worker and back,
each waiting for the GIL behind whichever thread decodes an upload (``decoding.py``, pure Python),
so a 2 ms chip login took as long as two searches and more (issue 16, decision 0019). An async
route that simply called the store would be worse: the event loop, and every request with it,
would wait whenever a dossier's commit holds the store's lock. So ``quick`` tries the lock
without waiting: free, the whole function runs on the loop holding it (it never awaits, so no
other coroutine can interleave, and its own ``tx``/``read`` re-enter the lock); taken, the
function goes to the thread pool exactly as a sync route would.

Only for bounded work: a few queries and at most a signature check, never an upload's decoding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from mocks.backend.store import Store

__all__ = ["quick"]

P = ParamSpec("P")
T = TypeVar("T")


async def quick(store: Store, func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    with store.held_if_free() as held:
        if held:
            return func(*args, **kwargs)
    return await run_in_threadpool(func, *args, **kwargs)

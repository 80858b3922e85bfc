"""Uploads are proved to decode in one worker process, so the backend's event loop never waits on it.

Why (issue 16 point 4, decision 0019): pypdf's strict parsing is pure Python. Run in the thread
pool it holds the GIL for tens of milliseconds at a time, and every chip login and payment,
however short, waited behind it for each of its thread hand-overs. In a process of its own the
decoder holds its own GIL; a request thread waiting for its answer holds none.

What stays the same: the checks (``decoding.check_jpeg``/``check_pdf`` with the same bounds and
the request's one ``DecodeBudget``, whose two counters go to the worker and come back with each
file), the order in which a request's files are checked, and every named 422. The caller
(attachments.py) still lets only ``MAX_CONCURRENT_DECODES`` requests through ``decode_gate``.

What is new, and named:
* a file whose check runs past ``timeout`` seconds: the worker is killed, the pool made anew,
  and the answer is :class:`DecodeTimeoutError` (422 ``image_too_large``, "rescan it plainer",
  as for any upload too costly to decode);
* a worker that dies (a crash in a C decoder, the OOM killer): the file is tried once more on a
  new worker, since the death may have been another request's; dying twice on it is
  :class:`DecoderCrashedError` (422 ``unreadable_document``).

The worker runs at a lower OS priority (``os.nice``) and exits by itself when the backend
process is gone (even after SIGKILL, which runs no shutdown), so it is never left behind.

One pool per process (:func:`install`): ``kiosk-twin backend`` serves one app per process and
starts it (``create_app(..., decode_worker=True)``). In-process apps (tests, ``start_world
("inprocess")``) decode inline: they serve one kiosk, not a crowd, and a spawned interpreter per
app (about a second and 60 MB each) would cost far more than it saves.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from mocks.backend.decoding import DecodeBounds, DecodeBudget, check_jpeg, check_pdf
from mocks.backend.errors import (
    BackendMockError,
    DecodeTooCostlyError,
    UnreadableDocumentError,
    ValidationFailedError,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "DecodePool",
    "DecodeTimeoutError",
    "DecoderCrashedError",
    "active",
    "install",
    "prove",
]

# Seconds one file's check may take in the worker, queueing behind one other request included.
# A kiosk scan takes tens of milliseconds; the decode budget bounds a hostile one to about a
# second of CPU (decoding.py); this leaves room for a machine loaded many times over.
DEFAULT_TIMEOUT = 30.0
_NICENESS = 10  # below the event loop: a login is answered before another page is parsed
_PARENT_POLL = 0.5  # seconds between the worker's checks that the backend still runs

T = TypeVar("T")
# (error class, message, detail) of a named 422, or None; the budget's two counters after the file.
Outcome = tuple[tuple[type[ValidationFailedError], str, dict[str, str]] | None, int, int]


class DecodeTimeoutError(DecodeTooCostlyError):
    """A file whose decode check ran past the worker's time (the worker was killed for it)."""


class DecoderCrashedError(UnreadableDocumentError):
    """A file the decoder process died on, twice (on two fresh workers)."""


def prove(kind: str, content: bytes, limit: int, bounds: DecodeBounds, visits: int, inflate: int) -> Outcome:
    """In the worker: ``content`` checked as attachments.py does inline, against the budget left."""
    budget = DecodeBudget(bounds)
    budget.block_visits, budget.inflate_bytes = visits, inflate
    try:
        if kind == "image/jpeg":
            check_jpeg(content, bounds, budget=budget)
        else:
            check_pdf(content, bounds, max_stream=limit, budget=budget)
    except ValidationFailedError as exc:
        # Sent back as parts: pickling the exception itself would keep its message and lose detail.
        return (type(exc), exc.message, dict(exc.detail)), budget.block_visits, budget.inflate_bytes
    return None, budget.block_visits, budget.inflate_bytes


def _worker_start(parent: int) -> None:
    os.nice(_NICENESS)
    threading.Thread(target=_exit_with_parent, args=(parent,), name="parent-watch", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    # A killed parent gets no chance to shut its pool down; its worker is then re-parented.
    stop = threading.Event()
    while not stop.wait(_PARENT_POLL):
        if os.getppid() != parent:
            os._exit(0)


def _worker_pid() -> int:
    return os.getpid()


class DecodePool:
    """One worker process (made again after a death or a timeout), shut down by :meth:`close`."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._closed = False
        self._executor = self._new_executor()
        self._warm = self._executor.submit(_worker_pid)  # the spawn and imports start now

    @staticmethod
    def _new_executor() -> cf.ProcessPoolExecutor:
        # spawn, not fork: the backend has threads (a fork could copy a held lock into the child).
        return cf.ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start,
            initargs=(os.getpid(),),
        )

    def worker_pid(self) -> int:
        """The worker's process id (starting it if needed): for tests and diagnostics."""
        return self.call(_worker_pid)

    def prove(
        self, kind: str, content: bytes, limit: int, bounds: DecodeBounds, budget: DecodeBudget
    ) -> None:
        """What ``decoding.check_jpeg``/``check_pdf`` would do here, done in the worker."""
        failure, budget.block_visits, budget.inflate_bytes = self.call(
            prove, kind, content, limit, bounds, budget.block_visits, budget.inflate_bytes
        )
        if failure is not None:
            cls, message, detail = failure
            error = cls.__new__(cls)
            BackendMockError.__init__(error, message, detail)
            raise error

    def call(self, func: Callable[..., T], *args: Any) -> T:
        """``func(*args)`` in the worker; a death is retried once on a new worker, a timeout is not."""
        for attempt in (1, 2):
            executor = self._current()
            future = executor.submit(func, *args)
            try:
                return future.result(timeout=self.timeout)
            except cf.TimeoutError:
                self._replace(executor)
                raise DecodeTimeoutError(
                    f"the document took longer than {self.timeout:g} s to check; a plainer scan is needed"
                ) from None
            except BrokenProcessPool:
                self._replace(executor)
                if attempt == 2:
                    raise DecoderCrashedError("the document stopped the decoder; it cannot be read") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _current(self) -> cf.ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise BackendMockError("the backend is shutting down")
            return self._executor

    def _replace(self, broken: cf.ProcessPoolExecutor) -> None:
        """Kill ``broken``'s worker and start a new pool, unless another request already did."""
        with self._lock:
            if self._executor is not broken or self._closed:
                return
            self._executor = self._new_executor()
        _kill(broken)

    def close(self) -> None:
        """Stop the worker now (a check in progress is abandoned) and wait for it to exit."""
        with self._lock:
            self._closed = True
        _kill(self._executor)


def _kill(executor: cf.ProcessPoolExecutor) -> None:
    # The executor offers no way to stop a running task; its processes are ours to end.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    executor.shutdown(wait=True, cancel_futures=True)
    for process in processes:
        process.join(10)


_ACTIVE: DecodePool | None = None
_ACTIVE_LOCK = threading.Lock()


def install(pool: DecodePool | None) -> None:
    """Make ``pool`` the one this process's uploads are decoded in (None: decode inline again)."""
    global _ACTIVE
    with _ACTIVE_LOCK:
        _ACTIVE = pool


def active() -> DecodePool | None:
    return _ACTIVE

"""The world clock of the simulated backend: wall time (or a frozen start) plus a persisted offset.

Tests and the control API advance it; officials, expiries, rate limits and token checks all read
it, never the wall clock. The offset lives in the store, so a restarted backend keeps world time.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from mocks.backend.store import Store

__all__ = ["VIETNAM", "WorldClock", "from_iso", "iso", "local_date"]

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving in Viet Nam
_OFFSET_KEY = "clock_offset_seconds"


def _wall() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """Fixed-width UTC text, so stored times compare correctly as strings in SQL."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Viet Nam (dossier codes, working days)."""
    return moment.astimezone(VIETNAM).date()


class WorldClock:
    def __init__(
        self, store: Store, start: dt.datetime | None = None, wall: Callable[[], dt.datetime] = _wall
    ) -> None:
        self._store = store
        self._start = start
        self._wall = wall
        self._lock = threading.Lock()
        self._offset = dt.timedelta(seconds=float(store.get_meta(_OFFSET_KEY) or 0))

    def now(self) -> dt.datetime:
        base = self._start if self._start is not None else self._wall()
        return (base + self._offset).astimezone(dt.UTC)

    @property
    def offset(self) -> dt.timedelta:
        return self._offset

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        if delta < dt.timedelta(0):
            raise ValueError("the world clock never goes backwards")
        with self._lock:
            self._offset += delta
            self._store.set_meta(_OFFSET_KEY, repr(self._offset.total_seconds()))
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = dt.timedelta(0)
            self._store.set_meta(_OFFSET_KEY, "0")

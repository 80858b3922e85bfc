"""Rate limit on look-ups by dossier code plus ID number, against enumeration of dossiers.

Only failed look-ups count (a citizen who types the right pair is never slowed down); the window
is on the world clock, so a test advances the clock instead of waiting.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict, deque
from collections.abc import Callable

from mocks.backend.errors import RateLimitedError

__all__ = ["LookupLimiter"]


class LookupLimiter:
    def __init__(self, limit: int, window: dt.timedelta, now: Callable[[], dt.datetime]) -> None:
        self.limit = limit
        self.window = window
        self._now = now
        self._lock = threading.Lock()
        self._failures: defaultdict[str, deque[dt.datetime]] = defaultdict(deque)

    def check(self, kiosk_id: str) -> None:
        """Raise ``RateLimitedError`` when this kiosk failed too many look-ups in the window."""
        with self._lock:
            failures = self._recent(kiosk_id)
            if len(failures) >= self.limit:
                raise RateLimitedError("too many failed look-ups; try again later")

    def failed(self, kiosk_id: str) -> None:
        with self._lock:
            self._recent(kiosk_id).append(self._now())

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()

    def _recent(self, kiosk_id: str) -> deque[dt.datetime]:
        failures = self._failures[kiosk_id]
        horizon = self._now() - self.window
        while failures and failures[0] <= horizon:
            failures.popleft()
        return failures

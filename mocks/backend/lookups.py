"""Rate limit on look-ups by dossier code plus ID number, against enumeration of dossiers.

Only failed look-ups count (a citizen who types the right pair is never slowed down); the window
is on the world clock, so a test advances the clock instead of waiting. Failures are rows in the
store (kiosk and time, nothing about what was tried), so a restarted backend keeps limiting: an
attacker cannot reset the count by crashing or waiting for a redeploy. ``/control/reset`` (the
store's reset) forgets them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from mocks.backend.clock import iso
from mocks.backend.errors import RateLimitedError
from mocks.backend.store import Store

__all__ = ["LookupLimiter"]


class LookupLimiter:
    def __init__(
        self, store: Store, limit: int, window: dt.timedelta, now: Callable[[], dt.datetime]
    ) -> None:
        self.limit = limit
        self.window = window
        self._store = store
        self._now = now

    def check(self, kiosk_id: str) -> None:
        """Raise ``RateLimitedError`` when this kiosk failed too many look-ups in the window."""
        with self._store.read() as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM lookup_failures WHERE kiosk_id = ? AND at > ?",
                (kiosk_id, iso(self._now() - self.window)),
            ).fetchone()
        if int(row[0]) >= self.limit:
            raise RateLimitedError("too many failed look-ups; try again later")

    def failed(self, kiosk_id: str) -> None:
        now = self._now()
        with self._store.tx() as conn:
            conn.execute("INSERT INTO lookup_failures (kiosk_id, at) VALUES (?, ?)", (kiosk_id, iso(now)))
            # Older rows can never count again (the clock only goes back on a reset, which clears them).
            conn.execute("DELETE FROM lookup_failures WHERE at <= ?", (iso(now - self.window),))

    def reset(self) -> None:
        with self._store.tx() as conn:
            conn.execute("DELETE FROM lookup_failures")

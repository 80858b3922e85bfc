"""Revoked citizen tokens: the ``jti`` of every token whose session ended, kept until it expires.

``POST /api/v1/auth/logout`` revokes the caller's token; ``TokenService.verify`` then refuses it
on every authenticated route ("token_revoked"). The list lives in SQLite, so a restarted backend
keeps refusing, and ``/control/reset`` keeps it. Each revocation also prunes entries that
expired more than ``PRUNE_GRACE`` ago, but measured from the earliest time the world clock can
be put back to, not from world time: a reset drops the clock's offset (world time returns to
the wall clock or the frozen start), and a token whose revocation was pruned against an advanced
clock would be valid again. So an entry goes only once its token is expired even after a reset.

The subject (the VNeID pseudonym, never an ID number) is kept so the control API can tell a
test whether a citizen's login was revoked.
"""

from __future__ import annotations

import datetime as dt

from mocks.backend.clock import WorldClock
from mocks.backend.store import Store

__all__ = ["PRUNE_GRACE", "RevocationList"]

PRUNE_GRACE = dt.timedelta(days=7)


class RevocationList:
    def __init__(self, store: Store, clock: WorldClock) -> None:
        self._store = store
        self._clock = clock

    def revoke(self, jti: str, subject: str, expires_at: dt.datetime) -> None:
        """Idempotent: revoking a token twice is the same as once."""
        earliest = self._clock.now() - self._clock.offset  # where a reset would put world time
        horizon = int((earliest - PRUNE_GRACE).timestamp())
        with self._store.tx() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO revoked_tokens (jti, subject, expires_at) VALUES (?, ?, ?)",
                (jti, subject, int(expires_at.timestamp())),
            )
            conn.execute("DELETE FROM revoked_tokens WHERE expires_at < ?", (horizon,))

    def is_revoked(self, jti: str) -> bool:
        with self._store.read() as conn:
            row = conn.execute("SELECT 1 FROM revoked_tokens WHERE jti = ?", (jti,)).fetchone()
        return row is not None

    def unexpired_for(self, subject: str) -> int:
        """How many of this citizen's revoked tokens would still be valid without the revocation."""
        now = int(self._clock.now().timestamp())
        with self._store.read() as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM revoked_tokens WHERE subject = ? AND expires_at > ?", (subject, now)
            ).fetchone()
        return int(row[0])

"""The VNeID login mock: a QR-bound login request the citizen's app approves or denies.

The kiosk opens a session (``vneid://login?session=..&nonce=..``, expiring after ``vneid_ttl``
of world time) and polls it; the control API plays the citizen's app. Sessions belong to the
kiosk that opened them (another kiosk gets 404).

The token is handed out once: the first poll after approval mints it and, in the same SQLite
transaction, moves the session from ``approved`` to ``consumed`` (a conditional UPDATE, so two
concurrent polls, even from two backend processes on one database, cannot both win). Every later
poll answers ``consumed`` without a token, so an old session id cannot replay the login. The
approval itself (the control API, the citizen's phone) answers without a token.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from mocks.backend.citizens_registry import find_citizen
from mocks.backend.clock import from_iso, iso
from mocks.backend.errors import ConflictError, NotFoundError
from mocks.backend.state import Backend
from reference_kiosk.api import VneidPoll, VneidSession, VneidStatus

__all__ = ["decide", "open_session", "poll"]


def open_session(backend: Backend, kiosk_id: str) -> VneidSession:
    now = backend.clock.now()
    session_id, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(12)
    expires = now + backend.settings.vneid_ttl
    with backend.store.tx() as conn:
        conn.execute(
            "INSERT INTO vneid_sessions (id, kiosk_id, nonce, created_at, expires_at, status) "
            "VALUES (?, ?, ?, ?, ?, 'pending')",
            (session_id, kiosk_id, nonce, iso(now), iso(expires)),
        )
    query = urlencode({"session": session_id, "nonce": nonce, "client_id": backend.settings.audience})
    return VneidSession(id=session_id, qr=f"vneid://login?{query}", expires_at=expires)


def _session(backend: Backend, session_id: str, kiosk_id: str | None) -> Any:
    with backend.store.read() as conn:
        row = conn.execute("SELECT * FROM vneid_sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None or (kiosk_id is not None and row["kiosk_id"] != kiosk_id):
        raise NotFoundError("login session")
    return row


def _status(backend: Backend, row: Any) -> VneidStatus:
    status = VneidStatus(row["status"])
    if status == VneidStatus.PENDING and backend.clock.now() >= from_iso(row["expires_at"]):
        return VneidStatus.EXPIRED
    return status


def poll(backend: Backend, session_id: str, kiosk_id: str) -> VneidPoll:
    row = _session(backend, session_id, kiosk_id)
    status = _status(backend, row)
    if status != VneidStatus.APPROVED:
        return VneidPoll(status=status)
    return _hand_out(backend, session_id)


def _hand_out(backend: Backend, session_id: str) -> VneidPoll:
    """The approved session's token, once: whoever flips approved -> consumed gets it."""
    with backend.store.tx() as conn:
        # fetchall: the UPDATE statement must be finished before COMMIT
        won = conn.execute(
            "UPDATE vneid_sessions SET status = 'consumed' WHERE id = ? AND status = 'approved' "
            "RETURNING id_number",
            (session_id,),
        ).fetchall()
        if not won:  # another poll got there first
            return VneidPoll(status=VneidStatus.CONSUMED)
        citizen = find_citizen(backend, won[0]["id_number"])  # same connection, same transaction
        if citizen is None:  # removed from the register since approval
            conn.execute("UPDATE vneid_sessions SET status = 'denied' WHERE id = ?", (session_id,))
            return VneidPoll(status=VneidStatus.DENIED)
        token, _ = backend.tokens.issue(citizen)
    return VneidPoll(status=VneidStatus.APPROVED, token=token)


def decide(backend: Backend, session_id: str, id_number: str | None, approve: bool) -> VneidPoll:
    """The citizen's app approves (as the citizen with this ID number) or denies the login.

    The answer never carries the token: only the kiosk's poll does, once.
    """
    row = _session(backend, session_id, None)
    status = _status(backend, row)
    if status != VneidStatus.PENDING:
        raise ConflictError("session_closed", f"this login request is already {status.value}")
    if approve and (id_number is None or find_citizen(backend, id_number) is None):
        raise NotFoundError("citizen")
    new = VneidStatus.APPROVED if approve else VneidStatus.DENIED
    with backend.store.tx() as conn:
        changed = conn.execute(
            "UPDATE vneid_sessions SET status = ?, id_number = ? WHERE id = ? AND status = 'pending'",
            (new.value, id_number if approve else None, session_id),
        ).rowcount
    if not changed:  # decided by a concurrent call meanwhile
        raise ConflictError("session_closed", "this login request is already decided")
    return VneidPoll(status=new)

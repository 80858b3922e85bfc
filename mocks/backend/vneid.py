"""The VNeID login mock: a QR-bound login request the citizen's app approves or denies.

The kiosk opens a session (``vneid://login?session=..&nonce=..``, expiring after ``vneid_ttl``
of world time) and polls it; the control API plays the citizen's app. An approved session's
poll carries a signed token for the approving citizen. Sessions belong to the kiosk that opened
them (another kiosk gets 404).
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from mocks.backend.citizens_registry import find_citizen
from mocks.backend.clock import from_iso, iso
from mocks.backend.errors import ConflictError, NotFoundError
from mocks.backend.state import Backend
from reference_kiosk.backend.models import VneidPoll, VneidSession, VneidStatus

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
    citizen = find_citizen(backend, row["id_number"])
    if citizen is None:  # removed from the register since approval
        return VneidPoll(status=VneidStatus.DENIED)
    token, _ = backend.tokens.issue(citizen)
    return VneidPoll(status=status, token=token)


def decide(backend: Backend, session_id: str, id_number: str | None, approve: bool) -> VneidPoll:
    """The citizen's app approves (as the citizen with this ID number) or denies the login."""
    row = _session(backend, session_id, None)
    status = _status(backend, row)
    if status != VneidStatus.PENDING:
        raise ConflictError("session_closed", f"this login request is already {status.value}")
    if approve and (id_number is None or find_citizen(backend, id_number) is None):
        raise NotFoundError("citizen")
    new = VneidStatus.APPROVED if approve else VneidStatus.DENIED
    with backend.store.tx() as conn:
        conn.execute(
            "UPDATE vneid_sessions SET status = ?, id_number = ? WHERE id = ?",
            (new.value, id_number if approve else None, session_id),
        )
    return poll(backend, session_id, row["kiosk_id"])

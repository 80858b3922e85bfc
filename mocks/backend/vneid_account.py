"""VNeID account login: ID number + password, then a one-time code (OTP) sent to the citizen's phone.

    kiosk   POST /api/v1/auth/vneid/password  {id_number, password} -> OtpChallenge (201)
            POST /api/v1/auth/vneid/otp       {challenge_id, otp}   -> CitizenLogin (the token, once)
    control POST /control/vneid/accounts      {id_number, password}  sets the citizen's password
            POST /control/vneid/otp           {id_number}           the last code "sent" to them

Rules (world clock, so tests advance time instead of waiting):

* ``MAX_FAILURES`` wrong passwords in a row lock the account for ``LOCK_FOR``; while locked
  every attempt, even the right password, answers 423 ``account_locked`` with the time it opens.
  A right password resets the count. An unknown number and a wrong password answer alike, so
  the kiosk cannot be used to find out who has an account (unknown numbers count nothing).
* A code lives ``OTP_TTL`` and allows ``OTP_TRIES`` tries; the right code hands out the token
  once and closes the challenge in the same transaction (decision 0010: tokens handed out once).
  A challenge belongs to the kiosk that opened it.
* Passwords are stored as salted scrypt hashes; codes in clear, since the control API plays the
  citizen's phone and must be able to show them (this is a mock).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from mocks.backend.citizens_registry import find_citizen, issue_citizen_login
from mocks.backend.clock import from_iso, iso
from mocks.backend.errors import (
    AccountLockedError,
    NotFoundError,
    OtpExpiredError,
    ValidationFailedError,
    WrongOtpError,
    WrongPasswordError,
)
from mocks.backend.state import Backend
from reference_kiosk.api import CitizenLogin
from reference_kiosk.api_account import OtpChallenge, SentOtp

__all__ = [
    "LOCK_FOR",
    "MAX_FAILURES",
    "OTP_TRIES",
    "OTP_TTL",
    "check_otp",
    "check_password",
    "last_otp",
    "set_password",
]

MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=15)
OTP_TTL = dt.timedelta(minutes=5)
OTP_TRIES = 3
# Cheap scrypt parameters: this mock must answer fast in tests; a real system would use more.
_SCRYPT = {"n": 2**12, "r": 8, "p": 1}


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)


def set_password(backend: Backend, id_number: str, password: str) -> None:
    """The citizen sets (or resets) their VNeID password; a reset also lifts a lockout."""
    if not 8 <= len(password) <= 64:
        raise ValidationFailedError("invalid password", {"password": "8 to 64 characters"})
    if find_citizen(backend, id_number) is None:
        raise NotFoundError("citizen")
    salt = secrets.token_bytes(16)
    with backend.store.tx() as conn:
        conn.execute(
            "INSERT INTO vneid_accounts (id_number, salt, password_hash, failures, locked_until) "
            "VALUES (?, ?, ?, 0, NULL) ON CONFLICT (id_number) DO UPDATE SET salt = excluded.salt, "
            "password_hash = excluded.password_hash, failures = 0, locked_until = NULL",
            (id_number, salt, _hash(password, salt)),
        )


def check_password(backend: Backend, kiosk_id: str, id_number: str, password: str) -> OtpChallenge:
    """The right password sends a code to the citizen's phone; the wrong one counts towards a lock."""
    now = backend.clock.now()
    with backend.store.read() as conn:
        row = conn.execute("SELECT * FROM vneid_accounts WHERE id_number = ?", (id_number,)).fetchone()
    if row is None:
        raise WrongPasswordError(MAX_FAILURES)
    if row["locked_until"] is not None and now < from_iso(row["locked_until"]):
        raise AccountLockedError(row["locked_until"])
    failures = 0 if row["locked_until"] is not None else row["failures"]  # a lock served starts afresh
    if not hmac.compare_digest(_hash(password, row["salt"]), row["password_hash"]):
        return _failed(backend, id_number, failures + 1, now)
    challenge_id, code = secrets.token_urlsafe(16), f"{secrets.randbelow(10**6):06d}"
    expires = now + OTP_TTL
    with backend.store.tx() as conn:
        conn.execute(
            "UPDATE vneid_accounts SET failures = 0, locked_until = NULL WHERE id_number = ?", (id_number,)
        )
        conn.execute(  # a new code replaces any earlier one still open
            "UPDATE vneid_otps SET status = 'replaced' WHERE id_number = ? AND status = 'open'", (id_number,)
        )
        conn.execute(
            "INSERT INTO vneid_otps (id, kiosk_id, id_number, code, created_at, expires_at, status) "
            "VALUES (?, ?, ?, ?, ?, ?, 'open')",
            (challenge_id, kiosk_id, id_number, code, iso(now), iso(expires)),
        )
    return OtpChallenge(challenge_id=challenge_id, expires_at=expires, digits=6)


def _failed(backend: Backend, id_number: str, failures: int, now: dt.datetime) -> OtpChallenge:
    locked = iso(now + LOCK_FOR) if failures >= MAX_FAILURES else None
    with backend.store.tx() as conn:
        conn.execute(
            "UPDATE vneid_accounts SET failures = ?, locked_until = ? WHERE id_number = ?",
            (failures, locked, id_number),
        )
    if locked is not None:
        raise AccountLockedError(locked)
    raise WrongPasswordError(MAX_FAILURES - failures)


def check_otp(backend: Backend, kiosk_id: str, challenge_id: str, otp: str) -> CitizenLogin:
    now = backend.clock.now()
    with backend.store.tx() as conn:
        row = conn.execute(
            "SELECT * FROM vneid_otps WHERE id = ? AND kiosk_id = ?", (challenge_id, kiosk_id)
        ).fetchone()
        if row is None or row["status"] != "open" or now >= from_iso(row["expires_at"]):
            raise OtpExpiredError()
        if not hmac.compare_digest(otp.encode(), row["code"].encode()):
            attempts = row["attempts"] + 1
            status = "failed" if attempts >= OTP_TRIES else "open"
            conn.execute(
                "UPDATE vneid_otps SET attempts = ?, status = ? WHERE id = ?",
                (attempts, status, challenge_id),
            )
            wrong = WrongOtpError(OTP_TRIES - attempts)
        else:
            # Conditional: of two concurrent right answers only one closes the challenge.
            won = conn.execute(
                "UPDATE vneid_otps SET status = 'used' WHERE id = ? AND status = 'open' RETURNING id_number",
                (challenge_id,),
            ).fetchall()
            if not won:
                raise OtpExpiredError()
            wrong = None
    if wrong is not None:  # raised outside the transaction, so the counted attempt is committed
        raise wrong
    citizen = find_citizen(backend, row["id_number"])
    if citizen is None:  # removed from the register since the password was checked
        raise OtpExpiredError()
    return issue_citizen_login(backend, citizen)


def last_otp(backend: Backend, id_number: str) -> SentOtp:
    """What the citizen's phone shows: the last code sent to them, still open (control API)."""
    with backend.store.read() as conn:
        row = conn.execute(
            "SELECT code, expires_at FROM vneid_otps WHERE id_number = ? AND status = 'open' "
            "ORDER BY created_at DESC, rowid DESC LIMIT 1",
            (id_number,),
        ).fetchone()
    if row is None:
        raise NotFoundError("one-time code")
    return SentOtp(otp=row["code"], expires_at=from_iso(row["expires_at"]))

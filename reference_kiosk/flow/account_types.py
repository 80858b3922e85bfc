"""Values of the VNeID account login journey: its events, effects and session state.

Kept out of ``events.py`` / ``effects.py`` / ``views.py`` (which import them into their unions)
so the journey reads in three files: this one, ``flow/account_view.py`` and ``flow/vneid_account.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow.answer import Answer

__all__ = [
    "AccountCredentialsEntered",
    "AccountLoginChosen",
    "AccountPhase",
    "AccountState",
    "LoginWithOtp",
    "LoginWithPassword",
    "OtpEntered",
    "OtpSent",
]


# ---------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class AccountLoginChosen:
    """The citizen chose "VNeID account" (number, password, one-time code) to log in."""


@dataclass(frozen=True, slots=True)
class AccountCredentialsEntered:
    id_number: str = field(repr=False)
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class OtpEntered:
    otp: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class OtpSent(Answer):
    """The password was right: a code went to the citizen's phone."""

    challenge_id: str
    expires_at: dt.datetime
    digits: int = 6


# ---------------------------------------------------------------------------- effects


@dataclass(frozen=True, slots=True)
class LoginWithPassword:
    """-> ``OtpSent``; errors (wrong password, locked) come back as ``ErrorOccurred``."""

    id_number: str = field(repr=False)
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class LoginWithOtp:
    """-> ``LoggedIn(method=VNEID)`` (the token, verified like the QR login's)."""

    challenge_id: str
    otp: str = field(repr=False)


# ---------------------------------------------------------------------------- state and view


class AccountPhase(StrEnum):
    CREDENTIALS = "credentials"  # ID number and password on the kiosk's keypad / keyboard
    CHECKING = "checking"  # the password is with VNeID
    OTP = "otp"  # the code sent to the phone is awaited
    VERIFYING = "verifying"  # the code is with VNeID
    LOCKED = "locked"  # too many wrong passwords: the card is the way forward


@dataclass(slots=True)
class AccountState:
    """Part of the session (wiped with it). The password is never kept: it goes in one effect."""

    phase: AccountPhase = AccountPhase.CREDENTIALS
    challenge_id: str | None = None
    otp_deadline: float | None = None
    digits: int = 6
    error: KioskError | None = None

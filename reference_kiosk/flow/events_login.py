"""Events of logging in: the chip ID card on the reader, the VNeID app's QR code.

Split from ``events`` (which re-exports every name here); personal fields are ``repr=False``.
The VNeID account login's events live in ``account_types``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from reference_kiosk import api
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow.answer import Answer

__all__ = [
    "BacEntered",
    "BacKeyRequired",
    "CardInserted",
    "CardRead",
    "CardReadFailed",
    "CardRemoved",
    "LoggedIn",
    "LoginMethod",
    "LoginMethodChosen",
    "VneidPolled",
    "VneidReload",
    "VneidStarted",
]


class LoginMethod(StrEnum):
    CARD = "card"  # chip ID card (CCCD) on the reader
    VNEID = "vneid"  # QR scanned with the VNeID app


# ---------------------------------------------------------------------------- login


@dataclass(frozen=True, slots=True)
class LoginMethodChosen:
    method: LoginMethod


@dataclass(frozen=True, slots=True)
class CardInserted:
    reader: str = ""


@dataclass(frozen=True, slots=True)
class CardRemoved:
    """The card left the reader: during a card session this ends it and wipes personal data."""

    reader: str = ""


@dataclass(frozen=True, slots=True)
class BacKeyRequired(Answer):
    """The reader needs ID number + date of birth to open the chip (BAC): show the keypad.

    ``notice``: why the card's print on the glass did not give the key (shown above the keypad)."""

    notice: KioskError | None = None


@dataclass(frozen=True, slots=True)
class BacEntered:
    """Typed on the numeric keypad: the 12-digit ID number and the date of birth."""

    id_number: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)


@dataclass(frozen=True, slots=True)
class CardRead(Answer):
    """The chip was read and passive authentication ran; raw data goes to the backend."""

    request: api.CccdLoginRequest = field(repr=False)


@dataclass(frozen=True, slots=True)
class CardReadFailed(Answer):
    error: KioskError


@dataclass(frozen=True, slots=True)
class VneidStarted(Answer):
    session_id: str
    qr_payload: str
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class VneidPolled(Answer):
    """A poll answer that is not an approval (approval arrives as ``LoggedIn``)."""

    status: api.VneidStatus
    session_id: str = ""  # which QR it answers: an answer for a reloaded (older) QR is ignored


@dataclass(frozen=True, slots=True)
class VneidReload:
    """The citizen asked for a fresh QR (expired, denied or simply taking too long)."""


@dataclass(frozen=True, slots=True)
class LoggedIn(Answer):
    method: LoginMethod
    token: str = field(repr=False)
    citizen: api.CitizenProfile = field(repr=False)
    residence: str = field(default="", repr=False)  # the chip's DG13 place of residence (card logins)

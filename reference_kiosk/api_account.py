"""Wire models of the VNeID account login (ID number + password, then a one-time code).

Kept beside ``api.py`` like ``api_ops.py``; same rules: frozen, no unknown keys, secrets hidden
from ``repr`` and from validation errors (a 422 never echoes a password back).

    kiosk   -> POST /api/v1/auth/vneid/password   PasswordLogin -> OtpChallenge (201)
               401 wrong_password (detail.attempts_left), 423 account_locked (detail.locked_until)
            -> POST /api/v1/auth/vneid/otp        OtpAnswer -> api.CitizenLogin (the token, once)
               401 wrong_otp (detail.attempts_left), 401 otp_expired
    control -> POST /control/vneid/accounts       AccountPassword (204)
            -> POST /control/vneid/otp            OtpRecipient -> SentOtp
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ID_NUMBER_PATTERN",
    "AccountPassword",
    "OtpAnswer",
    "OtpChallenge",
    "OtpRecipient",
    "PasswordLogin",
    "SentOtp",
]

ID_NUMBER_PATTERN = r"^[0-9]{12}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class PasswordLogin(_Model):
    id_number: str = Field(pattern=ID_NUMBER_PATTERN, repr=False)
    password: str = Field(min_length=1, max_length=64, repr=False)


class OtpChallenge(_Model):
    """A code was sent to the citizen's phone; answer it before ``expires_at``."""

    challenge_id: str = Field(min_length=1, max_length=64)
    expires_at: dt.datetime
    digits: int = 6


class OtpAnswer(_Model):
    challenge_id: str = Field(min_length=1, max_length=64)
    otp: str = Field(pattern=r"^[0-9]{4,8}$", repr=False)


class AccountPassword(_Model):
    """Control API: the citizen sets their VNeID password (in the app, in real life)."""

    id_number: str = Field(pattern=ID_NUMBER_PATTERN, repr=False)
    password: str = Field(min_length=8, max_length=64, repr=False)


class OtpRecipient(_Model):
    id_number: str = Field(pattern=ID_NUMBER_PATTERN, repr=False)


class SentOtp(_Model):
    """Control API: what the citizen's phone shows."""

    otp: str = Field(repr=False)
    expires_at: dt.datetime

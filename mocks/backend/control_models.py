"""Bodies of the control API (mocks only; the kiosk never sees these)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from reference_kiosk.api import DossierStatus

__all__ = [
    "AdvanceClock",
    "ApproveLogin",
    "CitizenCreate",
    "CitizenRef",
    "ClockState",
    "ForceStatus",
    "RevokedLogins",
]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApproveLogin(_Body):
    id_number: str = Field(pattern=r"^\d{12}$")


class AdvanceClock(_Body):
    seconds: float = Field(ge=0, le=10 * 365 * 24 * 3600)


class ClockState(_Body):
    now: dt.datetime
    offset_seconds: float


class CitizenCreate(_Body):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    id_number: str = Field(pattern=r"^\d{12}$", repr=False)
    full_name: str = Field(min_length=1, max_length=100, repr=False)
    date_of_birth: dt.date = Field(repr=False)
    subject: str | None = Field(default=None, max_length=100, repr=False)


class ForceStatus(_Body):
    status: DossierStatus
    note: str = Field(default="", max_length=500)


class CitizenRef(_Body):
    """A citizen named in a body (an ID number never travels in a URL)."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    id_number: str = Field(pattern=r"^\d{12}$", repr=False)


class RevokedLogins(_Body):
    unexpired: int = Field(ge=0, description="revoked tokens of the citizen that have not expired yet")

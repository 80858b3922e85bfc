"""What the VNeID account login screen shows (apart from ``account_types`` to avoid an import cycle)."""

from __future__ import annotations

from dataclasses import dataclass

from reference_kiosk.flow.account_types import AccountPhase
from reference_kiosk.flow.view_frame import Frame, Screen

__all__ = ["AccountView"]


@dataclass(frozen=True, slots=True)
class AccountView:
    frame: Frame
    phase: AccountPhase
    otp_digits: int
    countdown_s: int | None  # seconds left for the code
    error_vi: str | None
    error_en: str | None
    screen: Screen = Screen.ACCOUNT

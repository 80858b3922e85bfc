"""The parts every view shares: which screen it is (``Screen``) and the chrome around it (``Frame``).

Split from ``views`` so the per-journey view modules can import them without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reference_kiosk.flow.events import Lang

__all__ = ["Frame", "Screen"]


class Screen(StrEnum):
    WELCOME = "welcome"
    LOGIN = "login"
    HOME = "home"
    SEARCH = "search"
    PROCEDURE = "procedure"
    FORM = "form"
    SCAN = "scan"
    REVIEW = "review"
    RECEIPT = "receipt"
    PAY = "pay"
    LOOKUP = "lookup"
    RATE = "rate"
    GOODBYE = "goodbye"
    ERROR = "error"
    TIMEOUT_WARNING = "timeout_warning"


@dataclass(frozen=True, slots=True)
class Frame:
    """Session-wide chrome shown around every screen."""

    lang: Lang = "vi"
    large_text: bool = False
    high_contrast: bool = False
    voice: bool = False
    citizen_name: str | None = None  # header, once logged in
    logged_in: bool = False  # show the Logout button
    can_go_back: bool = False  # show the Back button
    busy: bool = False  # an effect is running: show a spinner, ignore double taps

"""Errors of the card emulator (mocks side: they never reach a citizen's screen).

CardEmulatorError(Exception)
 +-- ApduError            a command APDU that cannot be parsed (the OS answers 6700)
 +-- CardGoneError        the card left the field (fault or control); transports map it to
 |                        CardRemovedError (in-process) or a closed vpcd socket
 +-- FaultSpecError       an unknown ``--fault`` name or a bad fault parameter
 +-- PkiError             the mock PKI cache is unusable (unreadable or inconsistent files)
 +-- StatusWordError      a command the card refuses; carries the status word it answers with
 +-- VpcdError            the vpcd socket could not be reached or broke mid-frame
"""

from __future__ import annotations

__all__ = [
    "ApduError",
    "CardEmulatorError",
    "CardGoneError",
    "FaultSpecError",
    "PkiError",
    "StatusWordError",
    "VpcdError",
]


class CardEmulatorError(Exception):
    """Root of the card emulator's errors."""


class ApduError(CardEmulatorError):
    pass


class CardGoneError(CardEmulatorError):
    pass


class FaultSpecError(CardEmulatorError, ValueError):
    pass


class PkiError(CardEmulatorError):
    pass


class VpcdError(CardEmulatorError):
    pass


class StatusWordError(CardEmulatorError):
    """Internal to the card OS: unwinds a command to the status word the card answers."""

    def __init__(self, sw: int, why: str = "") -> None:
        super().__init__(f"{sw:04X} {why}".strip())
        self.sw = sw

"""What a citizen is offered after a failed login: "retry" only when trying again can help.

A card that the backend refused (expired, chip data not verified, citizen not in the records) or
that the kiosk cannot use (not a chip ID card, chip data malformed, altered or missing, no reader,
no trust store) fails the same way every time. Retry is then not offered: the citizen can log in
with the VNeID app instead, or call a staff member, and the help note says what to bring.
Every other failure (wrong ID number or date of birth, card pulled, a noisy link, the backend
busy or slow) is worth another try, so the screen offers Retry as before.

    card refused ---> (VNEID, CALL_STAFF)       anything else ---> (RETRY,)
"""

from __future__ import annotations

from enum import StrEnum

from reference_kiosk.domain.errors import KioskError, Refusal
from reference_kiosk.flow.events import LoginMethod

__all__ = ["LoginOffer", "Refusal", "offers", "refusal"]


class LoginOffer(StrEnum):
    """A way forward on the failed-login screen, in the order the screen shows them."""

    RETRY = "retry"
    VNEID = "vneid"  # straight into the VNeID QR login
    CALL_STAFF = "call_staff"  # marks the step helped; shows where help is and what to bring


def refusal(error: KioskError | None) -> Refusal | None:
    """Why retrying the card cannot help, or None when it can (or there is no error).

    Each named error declares its ``refusal`` (reference_kiosk/domain/errors.py), so the flow
    needs no list of adapter exception classes that a new refusal could slip past.
    """
    return None if error is None else error.refusal


def offers(method: LoginMethod | None, error: KioskError | None) -> tuple[LoginOffer, ...]:
    """The buttons of the failed-login screen, most useful first."""
    if method is LoginMethod.CARD and refusal(error) is not None:
        return (LoginOffer.VNEID, LoginOffer.CALL_STAFF)
    return (LoginOffer.RETRY,)

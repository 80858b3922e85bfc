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

from reference_kiosk.backend.errors import ChipRejectedError, ExpiredCardError, UnknownCitizenError
from reference_kiosk.devices.errors import NoReaderError
from reference_kiosk.devices.icao.errors import (
    ApplicationNotFoundError,
    ChipRefusedError,
    FileNotFoundOnCardError,
    MalformedDataError,
    TrustStoreError,
)
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow.events import LoginMethod

__all__ = ["LoginOffer", "Refusal", "offers", "refusal"]


class LoginOffer(StrEnum):
    """A way forward on the failed-login screen, in the order the screen shows them."""

    RETRY = "retry"
    VNEID = "vneid"  # straight into the VNeID QR login
    CALL_STAFF = "call_staff"  # marks the step helped; shows where help is and what to bring


class Refusal(StrEnum):
    """Why the card route is closed; chooses the help note (what to bring, where to go)."""

    EXPIRED = "expired"  # renew the card at the police
    CARD_CHECK = "card_check"  # chip data refused, altered or unreadable: staff look at the card
    UNKNOWN_CITIZEN = "unknown_citizen"  # not in the population records: staff check the records
    NOT_A_CARD = "not_a_card"  # another card was placed on the reader
    KIOSK_READER = "kiosk_reader"  # the kiosk's reader or trust store: the kiosk needs staff


# First match wins: the specific backend refusals before their parent ChipRejectedError.
_REFUSALS: tuple[tuple[type[KioskError], Refusal], ...] = (
    (ExpiredCardError, Refusal.EXPIRED),
    (UnknownCitizenError, Refusal.UNKNOWN_CITIZEN),
    (ChipRejectedError, Refusal.CARD_CHECK),  # ChipDataUnverifiedError, and any later refusal
    (MalformedDataError, Refusal.CARD_CHECK),  # includes TamperedDataError
    (ChipRefusedError, Refusal.CARD_CHECK),  # the kiosk's own passive authentication said no
    (FileNotFoundOnCardError, Refusal.CARD_CHECK),
    (ApplicationNotFoundError, Refusal.NOT_A_CARD),
    (NoReaderError, Refusal.KIOSK_READER),
    (TrustStoreError, Refusal.KIOSK_READER),
)


def refusal(error: KioskError | None) -> Refusal | None:
    """Why retrying the card cannot help, or None when it can (or there is no error)."""
    if error is None:
        return None
    return next((why for kind, why in _REFUSALS if isinstance(error, kind)), None)


def offers(method: LoginMethod | None, error: KioskError | None) -> tuple[LoginOffer, ...]:
    """The buttons of the failed-login screen, most useful first."""
    if method is LoginMethod.CARD and refusal(error) is not None:
        return (LoginOffer.VNEID, LoginOffer.CALL_STAFF)
    return (LoginOffer.RETRY,)

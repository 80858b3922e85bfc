"""The root of every named error the kiosk can show a citizen, and what the flow reads from it.

    KioskError                          message_vi / message_en / remedy / refusal / situation
     +-- CardPulledError                the card left the reader mid-read (the flow's own notice)
     +-- devices.errors.DeviceError     card reader and scanner (reference_kiosk/devices/errors.py)
     +-- backend.errors.BackendError    the provincial system (reference_kiosk/backend/errors.py)
     +-- domain errors                  invalid form fields, rules (added beside the rules)

Every subclass sets the message and remedy class attributes; the kiosk's error screen shows the
message in the citizen's language and offers the remedy. Messages never contain personal data.

The flow decides from the error's attributes, never from adapter exception classes
(docs/decisions/0014-core-language.md): ``refusal`` says why a card login cannot succeed by
retrying (every class in a ``reference_kiosk/**/errors.py`` declares it, a test checks), and
``situation`` names the few facts the flow acts on beyond showing the message.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

__all__ = [
    "NOT_REFUSED",
    "AccountNumberError",
    "CardPulledError",
    "KioskError",
    "OfficeHoursError",
    "OtpTimedOutError",
    "Refusal",
    "Remedy",
    "Situation",
]


class Remedy(StrEnum):
    """The way forward a citizen is offered on the error screen."""

    RETRY = "retry"
    CALL_STAFF = "call_staff"
    COME_BACK_LATER = "come_back_later"
    FIX_INPUT = "fix_input"


class Refusal(StrEnum):
    """Why the card route is closed (retrying the same card cannot help); chooses the help note."""

    EXPIRED = "expired"  # renew the card at the police
    CARD_CHECK = "card_check"  # chip data refused, altered or unreadable: staff look at the card
    UNKNOWN_CITIZEN = "unknown_citizen"  # not in the population records: staff check the records
    NOT_A_CARD = "not_a_card"  # another card was placed on the reader
    KIOSK_READER = "kiosk_reader"  # the kiosk's reader or trust store: the kiosk needs staff


# What an error that does not close the card route declares. A bare ``refusal = None`` would make
# mypy type the attribute as None in that class, and a subclass could no longer declare a refusal.
NOT_REFUSED: Final[Refusal | None] = None


class Situation(StrEnum):
    """A fact the flow acts on beyond showing the message (most errors have none)."""

    NO_CARD = "no_card"  # nothing on the reader yet: keep asking for the card, no failure
    CARD_PULLED = "card_pulled"  # the card left the reader during the read
    NOT_FOUND = "not_found"  # what was looked up does not exist, or not for this citizen
    ACCOUNT_LOCKED = "account_locked"  # VNeID account locked after wrong passwords: use the card
    WRONG_CODE = "wrong_code"  # a wrong one-time code: the same code may be typed again
    SETTLED = "settled"  # what the citizen answers was settled meanwhile (a supplement request)


class KioskError(Exception):
    message_vi: str = "Đã có lỗi xảy ra. Vui lòng thử lại hoặc nhờ cán bộ hỗ trợ."
    message_en: str = "Something went wrong. Please try again or ask a staff member for help."
    remedy: Remedy = Remedy.CALL_STAFF
    refusal: Refusal | None = None
    situation: Situation | None = None

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi


class CardPulledError(KioskError):
    """The card was lifted mid-read.

    The flow shows it on the place-card screen when the reader reports the removal as an event
    (no exception to keep); the card reader's ``devices.errors.CardRemovedError`` is this error
    as a device error, so the sentence is written once.
    """

    message_vi = "Thẻ đã bị nhấc ra khi đang đọc. Vui lòng đặt lại thẻ và giữ yên."
    message_en = "The card was removed while being read. Please place it again and hold it still."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED
    situation = Situation.CARD_PULLED


class AccountNumberError(KioskError):
    """The VNeID account login's ID number is not 12 digits, or the password is empty (never sent)."""

    message_vi = "Số định danh cá nhân gồm 12 chữ số (in trên thẻ căn cước). Vui lòng nhập lại cùng mật khẩu."
    message_en = (
        "The personal ID number has 12 digits (printed on your ID card). Please enter it and your password."
    )
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED


class OtpTimedOutError(KioskError):
    """The one-time code's time ran out on the kiosk before it was typed."""

    message_vi = "Đã hết thời gian nhập mã OTP. Vui lòng nhập lại mật khẩu để nhận mã mới."
    message_en = "The time for the one-time code is over. Please enter your password again for a new code."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class OfficeHoursError(KioskError):
    """The configured office hours cannot be read (``domain.hours``): staff must fix the setting."""

    message_vi = "Giờ làm việc của ki-ốt chưa được cấu hình đúng. Vui lòng báo cán bộ."
    message_en = "The kiosk's office hours are not configured correctly. Please tell a staff member."
    remedy = Remedy.CALL_STAFF
    refusal = NOT_REFUSED

"""The root of every named error the kiosk can show a citizen.

    KioskError                          message_vi / message_en / remedy for the screen
     +-- devices.errors.DeviceError     card reader and scanner (reference_kiosk/devices/errors.py)
     +-- backend.errors.BackendError    the provincial system (reference_kiosk/backend/errors.py)
     +-- domain errors                  invalid form fields, rules (added beside the rules)

Every subclass sets the three class attributes; the kiosk's error screen shows the message in
the citizen's language and offers the remedy. Messages never contain personal data.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["KioskError", "Remedy"]


class Remedy(StrEnum):
    """The way forward a citizen is offered on the error screen."""

    RETRY = "retry"
    CALL_STAFF = "call_staff"
    COME_BACK_LATER = "come_back_later"
    FIX_INPUT = "fix_input"


class KioskError(Exception):
    message_vi: str = "Đã có lỗi xảy ra. Vui lòng thử lại hoặc nhờ cán bộ hỗ trợ."
    message_en: str = "Something went wrong. Please try again or ask a staff member for help."
    remedy: Remedy = Remedy.CALL_STAFF

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi

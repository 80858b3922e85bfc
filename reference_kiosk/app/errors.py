"""Named errors of the kiosk's service layer (the part that executes the flow's effects).

KioskError (reference_kiosk.domain.errors)
 +-- ServiceError                 an effect failed in a way no adapter named
      +-- UnexpectedFailureError  a bug or an unmapped library error (class name logged only)
      +-- DeviceMissingError      the effect needs a device this kiosk was started without
"""

from __future__ import annotations

from reference_kiosk.domain.errors import NOT_REFUSED, KioskError, Remedy

__all__ = ["DeviceMissingError", "ServiceError", "UnexpectedFailureError"]


class ServiceError(KioskError):
    refusal = NOT_REFUSED


class UnexpectedFailureError(ServiceError):
    message_vi = "Đã có lỗi không mong muốn. Vui lòng thử lại hoặc nhờ cán bộ hỗ trợ."
    message_en = "Something unexpected went wrong. Please try again or ask a staff member for help."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class DeviceMissingError(ServiceError):
    message_vi = "Thiết bị cần cho bước này chưa được kết nối. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The device needed for this step is not connected. Please ask a staff member for help."
    remedy = Remedy.CALL_STAFF
    refusal = NOT_REFUSED

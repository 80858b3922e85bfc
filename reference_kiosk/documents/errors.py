"""Named errors of the document pipeline (scanned pages -> upload-ready document).

KioskError
 +-- DocumentError                 the papers could not be turned into a document
      +-- NoPagesError             nothing was scanned
      +-- TooManyPagesError        more pages than one document may carry
      +-- DocumentTooLargeError    a page stays over the size bound even at the lowest quality
      +-- UnreadableImageError     a page image is empty, corrupt or in an unusable format
      +-- PrintUnreadableError     no QR code or MRZ on the card on the glass could be read
"""

from __future__ import annotations

from reference_kiosk.domain.errors import NOT_REFUSED, KioskError, Remedy

__all__ = [
    "DocumentError",
    "DocumentTooLargeError",
    "NoPagesError",
    "PrintUnreadableError",
    "TooManyPagesError",
    "UnreadableImageError",
]


class DocumentError(KioskError):
    message_vi = "Không tạo được tài liệu từ bản quét. Vui lòng quét lại."
    message_en = "The scanned pages could not be turned into a document. Please scan again."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class NoPagesError(DocumentError):
    message_vi = "Chưa có trang nào được quét. Vui lòng đặt giấy tờ và quét."
    message_en = "No page has been scanned yet. Please place your paper and scan it."
    refusal = NOT_REFUSED


class TooManyPagesError(DocumentError):
    message_vi = "Giấy tờ có quá nhiều trang. Vui lòng chỉ quét các trang cần thiết."
    message_en = "Too many pages for one paper. Please scan only the pages that are needed."
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED


class DocumentTooLargeError(DocumentError):
    message_vi = "Bản quét quá lớn để gửi. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The scan is too large to send. Please ask a staff member for help."
    remedy = Remedy.CALL_STAFF
    refusal = NOT_REFUSED


class UnreadableImageError(DocumentError):
    message_vi = "Bản quét bị lỗi, không đọc được. Vui lòng quét lại."
    message_en = "The scan is damaged and cannot be read. Please scan again."
    refusal = NOT_REFUSED


class PrintUnreadableError(DocumentError):
    """No QR code or MRZ that opens the chip could be read from the card on the glass.

    ``reason`` says which (for technicians and telemetry; never personal data): ``no_card``,
    ``no_code`` (a face without a code, or a damaged one) or ``mrz_check`` (an MRZ read whose
    check digits fail: smudged or worn).
    """

    message_vi = (
        "Không đọc được mã trên thẻ. Hãy lật thẻ sang mặt có mã và đặt lại lên mặt kính, "
        "hoặc nhập số định danh và ngày sinh."
    )
    message_en = (
        "The code on the card could not be read. Turn the card to the side with the code and lay it "
        "on the glass again, or type your ID number and date of birth."
    )
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED

    def __init__(self, reason: str) -> None:
        super().__init__(f"the card's print could not be read: {reason}")
        self.reason = reason

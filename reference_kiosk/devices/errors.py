"""Named device errors (card reader, scanner, printer) with citizen messages.

DeviceError(KioskError)
 +-- CardError
 |    +-- NoReaderError, NoCardError, CardRemovedError, CardCommunicationError
 |    +-- (icao errors: see reference_kiosk/devices/icao/errors.py)
 +-- ScannerError
 |    +-- NoScannerError, FeederJammedError, FeederEmptyError, CoverOpenError,
 |        ScannerBusyError, ScannerIOError
 +-- PrinterError
      +-- PrinterOutOfPaperError, PrinterUnavailableError

A printer error never hides the receipt: the messages point the citizen to the code on screen.
"""

from __future__ import annotations

from reference_kiosk.domain.errors import NOT_REFUSED, CardPulledError, KioskError, Refusal, Remedy, Situation

__all__ = [
    "CardCommunicationError",
    "CardError",
    "CardRemovedError",
    "CoverOpenError",
    "DeviceError",
    "FeederEmptyError",
    "FeederJammedError",
    "NoCardError",
    "NoReaderError",
    "NoScannerError",
    "PrinterError",
    "PrinterOutOfPaperError",
    "PrinterUnavailableError",
    "ScannerBusyError",
    "ScannerError",
    "ScannerIOError",
]


class DeviceError(KioskError):
    refusal = NOT_REFUSED


# ---------------------------------------------------------------------------- card


class CardError(DeviceError):
    message_vi = "Không đọc được thẻ căn cước. Vui lòng đặt lại thẻ lên đầu đọc."
    message_en = "The ID card could not be read. Please place it on the reader again."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class NoReaderError(CardError):
    message_vi = "Đầu đọc thẻ chưa sẵn sàng. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The card reader is not available. Please ask a staff member for help."
    remedy = Remedy.CALL_STAFF
    refusal = Refusal.KIOSK_READER


class NoCardError(CardError):
    message_vi = "Chưa có thẻ trên đầu đọc. Vui lòng đặt thẻ căn cước lên đầu đọc."
    message_en = "No card on the reader. Please place your ID card on the reader."
    refusal = NOT_REFUSED
    situation = Situation.NO_CARD


class CardRemovedError(CardPulledError, CardError):
    # CardPulledError first: its message, remedy and situation win over CardError's.
    refusal = NOT_REFUSED


class CardCommunicationError(CardError):
    message_vi = "Lỗi giao tiếp với thẻ. Vui lòng đặt lại thẻ lên đầu đọc."
    message_en = "The card did not answer correctly. Please place it on the reader again."
    refusal = NOT_REFUSED


# ---------------------------------------------------------------------------- scanner


class ScannerError(DeviceError):
    message_vi = "Máy quét gặp lỗi. Vui lòng thử lại hoặc nhờ cán bộ hỗ trợ."
    message_en = "The scanner reported an error. Please try again or ask a staff member."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class NoScannerError(ScannerError):
    message_vi = "Máy quét chưa sẵn sàng. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The scanner is not available. Please ask a staff member for help."
    remedy = Remedy.CALL_STAFF
    refusal = NOT_REFUSED


class FeederJammedError(ScannerError):
    message_vi = "Giấy bị kẹt trong khay nạp. Vui lòng lấy giấy ra, vuốt phẳng và thử lại."
    message_en = "Paper is jammed in the feeder. Please remove it, flatten it and try again."
    refusal = NOT_REFUSED


class FeederEmptyError(ScannerError):
    message_vi = "Khay nạp giấy đang trống. Vui lòng đặt giấy tờ vào khay."
    message_en = "The feeder is empty. Please put your papers in the feeder."
    refusal = NOT_REFUSED


class CoverOpenError(ScannerError):
    message_vi = "Nắp máy quét đang mở. Vui lòng đóng nắp và thử lại."
    message_en = "The scanner cover is open. Please close it and try again."
    refusal = NOT_REFUSED


class ScannerBusyError(ScannerError):
    message_vi = "Máy quét đang bận. Vui lòng chờ một lát rồi thử lại."
    message_en = "The scanner is busy. Please wait a moment and try again."
    refusal = NOT_REFUSED


class ScannerIOError(ScannerError):
    message_vi = "Máy quét không phản hồi. Vui lòng thử lại hoặc nhờ cán bộ hỗ trợ."
    message_en = "The scanner stopped responding. Please try again or ask a staff member."
    refusal = NOT_REFUSED


# ---------------------------------------------------------------------------- printer


class PrinterError(DeviceError):
    message_vi = "Không in được phiếu hẹn. Vui lòng chụp ảnh hoặc ghi lại mã hồ sơ trên màn hình."
    message_en = "The slip could not be printed. Please photograph or write down the code on the screen."
    remedy = Remedy.CALL_STAFF
    refusal = NOT_REFUSED


class PrinterOutOfPaperError(PrinterError):
    message_vi = "Máy in đã hết giấy. Vui lòng chụp ảnh hoặc ghi lại mã hồ sơ trên màn hình."
    message_en = "The printer is out of paper. Please photograph or write down the code on the screen."
    refusal = NOT_REFUSED


class PrinterUnavailableError(PrinterError):
    message_vi = "Máy in chưa sẵn sàng. Vui lòng chụp ảnh hoặc ghi lại mã hồ sơ trên màn hình."
    message_en = "The printer is not available. Please photograph or write down the code on the screen."
    refusal = NOT_REFUSED

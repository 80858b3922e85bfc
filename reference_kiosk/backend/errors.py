"""Named errors of the provincial backend, as the kiosk's client raises them.

    KioskError (reference_kiosk.domain.errors)
     +-- BackendError                      anything that went wrong talking to the backend
          +-- TransientBackendError        worth trying again later; nothing was decided
          |    +-- BackendUnavailableError connection refused, network down
          |    +-- BackendTimeoutError     connect / read / write / pool timeout
          |    +-- BackendServerError      5xx answer
          |    +-- RateLimitedError        429, carries ``retry_after`` seconds
          |    +-- ResponseLostError       request sent, answer lost: the outcome is unknown
          |    +-- SupplementNotSentError  a supplement's papers did not reach the backend (5xx, timeout,
          |                                down, answer lost); the scanned pages stay for a resend
          +-- RequestRejectedError         4xx: the backend understood and said no
          |    +-- UnauthorizedError       401: kiosk key or citizen token not accepted
          |    |    +-- TokenRevokedError        token_revoked: the session was logged out
          |    |    +-- VneidLoginConsumedError  the login request already handed out its token
          |    +-- VneidAccountError       the VNeID account login said no (account_errors below)
          |    |    +-- VneidWrongPasswordError  401 wrong_password (unknown number alike)
          |    |    +-- VneidAccountLockedError  423 account_locked: too many wrong passwords
          |    |    +-- VneidWrongOtpError       401 wrong_otp
          |    |    +-- VneidOtpExpiredError     401 otp_expired: expired, used or tried too often
          |    +-- ChipRejectedError       401 at chip login: the card's data was read but refused
          |    |    +-- ChipDataUnverifiedError  malformed, untrusted_signer, hash_mismatch, identity_mismatch
          |    |    +-- ExpiredCardError         expired_document
          |    |    +-- UnknownCitizenError      unknown_citizen
          |    +-- ForbiddenError          403: not this citizen's dossier
          |    +-- NotFoundError           404
          |    +-- ConflictError           409: idempotency conflict, rated already, paid already
          |    |    +-- SupplementClosedError    supplement_closed: the request was answered already
          |    +-- PayloadTooLargeError    413: an attachment is too big
          |    +-- UnsupportedMediaError   415: an attachment is neither PDF nor JPEG
          |    +-- ValidationFailedError   422: carries per-field messages in ``fields``
          |         +-- DocumentRejectedError       unreadable_document: a scan that does not decode
          |              +-- DocumentImageTooLargeError  image_too_large: too many pixels
          |              +-- DocumentTooManyPagesError   too_many_pages
          +-- MalformedResponseError       not JSON, or JSON of the wrong shape
          +-- TokenInvalidError            citizen JWT: signature, issuer, audience or expiry

``str(error)`` is a short technical detail for the kiosk's logs; it never contains personal
data (the client builds it from the method, path template, status and the backend's problem
code only). The citizen sees ``message(lang)`` and the ``remedy``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from reference_kiosk.domain.errors import NOT_REFUSED, KioskError, Refusal, Remedy, Situation

__all__ = [
    "BackendError",
    "BackendServerError",
    "BackendTimeoutError",
    "BackendUnavailableError",
    "ChipDataUnverifiedError",
    "ChipRejectedError",
    "ConflictError",
    "DocumentImageTooLargeError",
    "DocumentRejectedError",
    "DocumentTooManyPagesError",
    "ExpiredCardError",
    "ForbiddenError",
    "MalformedResponseError",
    "NotFoundError",
    "PayloadTooLargeError",
    "RateLimitedError",
    "RequestRejectedError",
    "ResponseLostError",
    "SupplementClosedError",
    "SupplementNotSentError",
    "TokenInvalidError",
    "TokenRevokedError",
    "TransientBackendError",
    "UnauthorizedError",
    "UnknownCitizenError",
    "UnsupportedMediaError",
    "ValidationFailedError",
    "VneidAccountError",
    "VneidAccountLockedError",
    "VneidLoginConsumedError",
    "VneidOtpExpiredError",
    "VneidWrongOtpError",
    "VneidWrongPasswordError",
]


class BackendError(KioskError):
    """Root of the backend errors; ``status`` and ``code`` come from the answer when there was one."""

    refusal = NOT_REFUSED
    message_vi = "Không kết nối được hệ thống giải quyết thủ tục hành chính. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The administrative procedure system could not be reached. Please ask a staff member."
    remedy = Remedy.CALL_STAFF

    def __init__(self, detail: str = "", *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(detail or type(self).__name__)
        self.status = status
        self.code = code  # the backend's stable problem code, e.g. "duplicate_rating"


# ---------------------------------------------------------------------------- transient


class TransientBackendError(BackendError):
    message_vi = "Hệ thống đang bận. Vui lòng thử lại sau ít phút."
    message_en = "The system is busy. Please try again in a few minutes."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class BackendUnavailableError(TransientBackendError):
    message_vi = "Hệ thống giải quyết thủ tục hành chính tạm thời không truy cập được. Vui lòng quay lại sau."
    message_en = "The administrative procedure system is temporarily unavailable. Please come back later."
    remedy = Remedy.COME_BACK_LATER
    refusal = NOT_REFUSED


class BackendTimeoutError(TransientBackendError):
    message_vi = "Hệ thống phản hồi quá chậm. Vui lòng thử lại."
    message_en = "The system took too long to answer. Please try again."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class BackendServerError(TransientBackendError):
    message_vi = "Hệ thống gặp sự cố. Vui lòng thử lại sau ít phút."
    message_en = "The system had a problem. Please try again in a few minutes."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class RateLimitedError(TransientBackendError):
    message_vi = "Bạn đã tra cứu quá nhiều lần. Vui lòng chờ một lát rồi thử lại."
    message_en = "Too many attempts. Please wait a moment and try again."
    remedy = Remedy.COME_BACK_LATER
    refusal = NOT_REFUSED

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = None,
        code: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(detail, status=status, code=code)
        self.retry_after = retry_after  # seconds, from the Retry-After header when given


class ResponseLostError(TransientBackendError):
    # The kiosk does not know whether the backend acted: the outbox resends with the same key.
    message_vi = "Mất kết nối khi đang chờ kết quả. Hồ sơ được giữ an toàn và sẽ được gửi lại."
    message_en = (
        "The connection dropped while waiting for the answer. Your dossier is kept and will be resent."
    )
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class SupplementNotSentError(TransientBackendError):
    """The papers for a supplement request did not reach the backend (or its answer was lost).

    Not queued in the outbox: the backend takes a supplement on the citizen's live token only
    (there is no signed-confirmation path as for a dossier), so the citizen, who is standing at
    the kiosk with the originals, sends again or hands the papers in at the desk.
    """

    message_vi = (
        "Chưa gửi được giấy tờ bổ sung vì hệ thống tỉnh không phản hồi. Các trang đã quét vẫn được giữ: "
        "chạm “Thử lại” để gửi lại, hoặc mang bản giấy đến Bộ phận Một cửa."
    )
    message_en = (
        "The requested papers could not be sent: the provincial system did not answer. Your scanned "
        "pages are kept: tap “Try again” to send them again, or bring the papers to the one-stop desk."
    )
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


# ---------------------------------------------------------------------------- rejected (4xx)


class RequestRejectedError(BackendError):
    message_vi = "Hệ thống không chấp nhận yêu cầu. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The system did not accept the request. Please ask a staff member."
    remedy = Remedy.CALL_STAFF
    refusal = NOT_REFUSED


class UnauthorizedError(RequestRejectedError):
    message_vi = "Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại."
    message_en = "Your login has expired or is not valid. Please log in again."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class TokenRevokedError(UnauthorizedError):
    """The backend ended this login (the citizen logged out, or the session timed out)."""

    refusal = NOT_REFUSED
    message_vi = "Phiên đăng nhập đã kết thúc. Vui lòng đăng nhập lại."
    message_en = "Your session has ended. Please log in again."
    remedy = Remedy.RETRY


class VneidLoginConsumedError(UnauthorizedError):
    # Seen when a poll's answer was lost after the backend handed the token out, or on a replay:
    # the request cannot give a second token, a fresh QR code can.
    message_vi = "Yêu cầu đăng nhập này đã được sử dụng. Vui lòng quét mã QR mới bằng ứng dụng VNeID."
    message_en = "This login request was already used. Please scan a new QR code with the VNeID app."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class ChipRejectedError(RequestRejectedError):
    """The backend read the card's signed data and refused it; not a session problem."""

    refusal = Refusal.CARD_CHECK
    message_vi = "Hệ thống không chấp nhận thẻ căn cước này. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The system did not accept this ID card. Please ask a staff member."
    remedy = Remedy.CALL_STAFF


class ChipDataUnverifiedError(ChipRejectedError):
    # Altered, unsigned or inconsistent data: staff must look at the card, retrying will not help.
    message_vi = "Không xác thực được dữ liệu trong chip của thẻ. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The data on the card's chip could not be verified. Please ask a staff member."
    remedy = Remedy.CALL_STAFF
    refusal = Refusal.CARD_CHECK


class ExpiredCardError(ChipRejectedError):
    message_vi = (
        "Thẻ căn cước của bạn đã hết hạn. Vui lòng đăng nhập bằng ứng dụng VNeID, "
        "hoặc làm thủ tục cấp đổi thẻ tại cơ quan công an."
    )
    message_en = (
        "Your ID card has expired. Please log in with the VNeID app instead, or renew the card at the police."
    )
    remedy = Remedy.CALL_STAFF
    refusal = Refusal.EXPIRED


class UnknownCitizenError(ChipRejectedError):
    message_vi = "Không tìm thấy thông tin của bạn trong cơ sở dữ liệu dân cư. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "You were not found in the population records. Please ask a staff member."
    remedy = Remedy.CALL_STAFF
    refusal = Refusal.UNKNOWN_CITIZEN


class ForbiddenError(RequestRejectedError):
    message_vi = "Bạn không có quyền xem hoặc thao tác trên hồ sơ này."
    message_en = "You are not allowed to see or change this dossier."
    remedy = Remedy.CALL_STAFF
    refusal = NOT_REFUSED
    situation = Situation.NOT_FOUND


class NotFoundError(RequestRejectedError):
    message_vi = "Không tìm thấy thông tin. Vui lòng kiểm tra lại mã đã nhập."
    message_en = "Nothing was found. Please check the code you entered."
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED
    situation = Situation.NOT_FOUND


class ConflictError(RequestRejectedError):
    message_vi = "Yêu cầu này đã được thực hiện trước đó (ví dụ: hồ sơ đã được đánh giá)."
    message_en = "This has already been done (for example, the dossier was already rated)."
    remedy = Remedy.CALL_STAFF
    refusal = NOT_REFUSED


class SupplementClosedError(ConflictError):
    """409 supplement_closed: the request is no longer open (answered before, perhaps by a send
    whose answer was lost); the dossier's status says what happens next."""

    message_vi = (
        "Yêu cầu bổ sung này đã được trả lời trước đó (có thể từ lần gửi vừa rồi). "
        "Vui lòng xem lại tình trạng hồ sơ."
    )
    message_en = (
        "This supplement request was already answered (perhaps by your last send). "
        "Please check the dossier's status."
    )
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED
    situation = Situation.SETTLED


class PayloadTooLargeError(RequestRejectedError):
    message_vi = "Tệp đính kèm quá lớn. Vui lòng quét lại với độ phân giải thấp hơn."
    message_en = "An attachment is too large. Please scan it again at a lower resolution."
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED


class UnsupportedMediaError(RequestRejectedError):
    message_vi = "Tệp đính kèm không đúng định dạng (chỉ nhận PDF hoặc JPEG)."
    message_en = "An attachment has the wrong format (only PDF or JPEG are accepted)."
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED


class ValidationFailedError(RequestRejectedError):
    message_vi = "Một số thông tin chưa hợp lệ. Vui lòng kiểm tra các ô được đánh dấu."
    message_en = "Some information is not valid. Please check the highlighted fields."
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = None,
        code: str | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail, status=status, code=code)
        # Field name -> the backend's message; shown beside the field, never logged with values.
        self.fields: Mapping[str, str] = MappingProxyType(dict(fields or {}))


class DocumentRejectedError(ValidationFailedError):
    """The backend could not decode an attached scan; ``fields`` names which attachment.

    The kiosk's own pipeline never builds such a file, so a rescan is the way forward.
    """

    refusal = NOT_REFUSED
    message_vi = "Tệp giấy tờ bị lỗi, không đọc được. Vui lòng quét lại giấy tờ."
    message_en = "A scanned paper could not be read. Please scan it again."
    remedy = Remedy.FIX_INPUT


class DocumentImageTooLargeError(DocumentRejectedError):
    message_vi = "Ảnh giấy tờ quá lớn. Vui lòng quét lại với độ phân giải thấp hơn."
    message_en = "A scanned image is too large. Please scan it again at a lower resolution."
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED


class DocumentTooManyPagesError(DocumentRejectedError):
    message_vi = "Giấy tờ có quá nhiều trang. Vui lòng chỉ quét những trang cần nộp."
    message_en = "A document has too many pages. Please scan only the pages you need to hand in."
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED


# The backend's Problem.code for a 422 on attachments -> what the citizen is told.
DOCUMENT_REJECTIONS: Mapping[str, type[DocumentRejectedError]] = MappingProxyType(
    {
        "unreadable_document": DocumentRejectedError,
        "image_too_large": DocumentImageTooLargeError,
        "too_many_pages": DocumentTooManyPagesError,
    }
)


# ---------------------------------------------------------------------------- our side


class MalformedResponseError(BackendError):
    message_vi = "Hệ thống trả về dữ liệu không đọc được. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The system answered with data the kiosk cannot read. Please ask a staff member."
    remedy = Remedy.CALL_STAFF
    refusal = NOT_REFUSED


class TokenInvalidError(BackendError):
    message_vi = "Không xác thực được tài khoản định danh điện tử. Vui lòng đăng nhập lại."
    message_en = "Your electronic identity could not be verified. Please log in again."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class VneidAccountError(RequestRejectedError):
    """The VNeID account login (number, password, one-time code) said no; shown on its screen."""

    message_vi = "Chưa đăng nhập được bằng tài khoản VNeID. Vui lòng thử lại hoặc dùng thẻ căn cước."
    message_en = "The VNeID account login did not work. Please try again or use your ID card."
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED


class VneidWrongPasswordError(VneidAccountError):
    message_vi = (
        "Số định danh hoặc mật khẩu VNeID không đúng. Vui lòng nhập lại. "
        "Nhập sai 5 lần liên tiếp, tài khoản sẽ bị tạm khóa 15 phút."
    )
    message_en = (
        "The ID number or VNeID password is not right. Please enter them again. "
        "After 5 wrong tries in a row the account is locked for 15 minutes."
    )
    remedy = Remedy.FIX_INPUT
    refusal = NOT_REFUSED


class VneidAccountLockedError(VneidAccountError):
    message_vi = (
        "Tài khoản VNeID đang tạm khóa 15 phút vì nhập sai mật khẩu nhiều lần. "
        "Vui lòng đăng nhập bằng thẻ căn cước, hoặc thử lại sau."
    )
    message_en = (
        "The VNeID account is locked for 15 minutes after too many wrong passwords. "
        "Please log in with your ID card, or try again later."
    )
    remedy = Remedy.COME_BACK_LATER
    situation = Situation.ACCOUNT_LOCKED
    refusal = NOT_REFUSED


class VneidWrongOtpError(VneidAccountError):
    message_vi = "Mã OTP không đúng. Vui lòng nhập lại mã vừa gửi đến điện thoại của bạn."
    message_en = "The one-time code is not right. Please enter the code just sent to your phone."
    remedy = Remedy.FIX_INPUT
    situation = Situation.WRONG_CODE
    refusal = NOT_REFUSED


class VneidOtpExpiredError(VneidAccountError):
    message_vi = "Mã OTP đã hết hạn hoặc đã nhập sai quá 3 lần. Vui lòng nhập lại mật khẩu để nhận mã mới."
    message_en = (
        "The one-time code has expired or was wrong 3 times. Please enter your password again for a new code."
    )
    remedy = Remedy.RETRY
    refusal = NOT_REFUSED

"""Errors of the simulated provincial backend (mocks side: no citizen message, a Problem answer).

Each error knows the HTTP status and the stable ``Problem.code`` the API answers with; the app's
exception handler turns any of them into a ``models.Problem`` body.

    BackendMockError                            500 "internal"
     +-- ApiError                               an answer the API gives on purpose
          +-- UnauthorizedError                 401 "unauthorized": no or unknown kiosk key, bad token
          |    +-- TokenRevokedError            401 "token_revoked": the citizen logged out
          |    +-- ConfirmationInvalidError     401 "confirmation_invalid": an expired token whose
          |                                     kiosk confirmation does not prove the submission
          |    +-- WrongPasswordError           401 "wrong_password": VNeID account number or password
          |    |                                (``detail.attempts_left``)
          |    +-- WrongOtpError                401 "wrong_otp" (``detail.attempts_left``)
          |    +-- OtpExpiredError              401 "otp_expired": expired, used or tried too often
          +-- ConfirmationExpiredError          410 "confirmation_expired": a deferred submission
          |                                     older than the maximum age (listed for staff)
          +-- NotFoundError                     404 "not_found": also for other citizens' data
          +-- ConflictError                     409, code given by the raiser
          |    +-- IdempotencyConflictError     409 "idempotency_conflict": same key, other body
          |    +-- DuplicateRatingError         409 "duplicate_rating"
          +-- ValidationFailedError             422 "validation_failed", per-field ``detail``
          |    +-- UnreadableDocumentError      422 "unreadable_document": does not decode or parse
          |    +-- ImageTooLargeError           422 "image_too_large": declares too many pixels
          |    |    +-- DecodeTooCostlyError    422 "image_too_large": too many scans, too much
          |    |                                decode memory or work for one request
          |    +-- CompressionBombError         422 "unreadable_document": a Flate stream past its
          |    |                                size or ratio cap (never stored)
          |    +-- UnsafeTextError              422 "validation_failed": a lone surrogate or control
          |    |                                character in any text, or a bad file name
          |    +-- TooManyAttachmentsError      422 "validation_failed": more than attachments.MAX_FILES
          |    +-- MissingDocumentsError        422 "missing_documents": mandatory papers absent
          |    +-- TooManyPagesError            422 "too_many_pages": a PDF beyond the page bound
          +-- PayloadTooLargeError              413 "payload_too_large"
          +-- UnsupportedMediaTypeError         415 "unsupported_media_type"
          +-- RateLimitedError                  429 "rate_limited"
          +-- AccountLockedError                423 "account_locked": too many wrong VNeID passwords
                                                (``detail.locked_until``)
     +-- ConnectionDroppedError                 never answered: the fault middleware raises it after
                                                the commit so the server closes the connection

    BackendConfigError (ValueError)             settings the backend refuses to start with
     +-- ControlNotLoopbackError                ``control`` on while listening beyond loopback
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "AccountLockedError",
    "ApiError",
    "BackendConfigError",
    "BackendMockError",
    "CompressionBombError",
    "ConfirmationExpiredError",
    "ConfirmationInvalidError",
    "ConflictError",
    "ConnectionDroppedError",
    "ControlNotLoopbackError",
    "DecodeTooCostlyError",
    "DuplicateRatingError",
    "IdempotencyConflictError",
    "ImageTooLargeError",
    "MissingDocumentsError",
    "NotFoundError",
    "OtpExpiredError",
    "PayloadTooLargeError",
    "RateLimitedError",
    "TokenRevokedError",
    "TooManyAttachmentsError",
    "TooManyPagesError",
    "UnauthorizedError",
    "UnreadableDocumentError",
    "UnsafeTextError",
    "UnsupportedMediaTypeError",
    "ValidationFailedError",
    "WrongOtpError",
    "WrongPasswordError",
]


class BackendMockError(Exception):
    status: int = 500
    code: str = "internal"

    def __init__(self, message: str = "internal error", detail: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail: dict[str, str] = dict(detail or {})


class ApiError(BackendMockError):
    """An error answer the API gives on purpose (never a bug)."""


class UnauthorizedError(ApiError):
    status = 401
    code = "unauthorized"


class TokenRevokedError(UnauthorizedError):
    """A well-signed, unexpired token whose session ended (``POST /api/v1/auth/logout``)."""

    code = "token_revoked"

    def __init__(self) -> None:
        super().__init__("token revoked", {"reason": "token_revoked"})


class ConfirmationInvalidError(UnauthorizedError):
    """The token expired and the kiosk's signed confirmation does not make up for it."""

    code = "confirmation_invalid"


class WrongPasswordError(UnauthorizedError):
    """A VNeID account login with an unknown number or a wrong password (not told apart)."""

    code = "wrong_password"

    def __init__(self, attempts_left: int) -> None:
        super().__init__("wrong account number or password", {"attempts_left": str(attempts_left)})


class WrongOtpError(UnauthorizedError):
    code = "wrong_otp"

    def __init__(self, attempts_left: int) -> None:
        super().__init__("wrong one-time code", {"attempts_left": str(attempts_left)})


class OtpExpiredError(UnauthorizedError):
    code = "otp_expired"

    def __init__(self) -> None:
        super().__init__("this one-time code has expired or was used")


class AccountLockedError(ApiError):
    status = 423
    code = "account_locked"

    def __init__(self, locked_until: str) -> None:
        super().__init__("too many wrong passwords", {"locked_until": locked_until})


class ConfirmationExpiredError(ApiError):
    """A deferred submission past the maximum age: refused, and put on the staff's list."""

    status = 410
    code = "confirmation_expired"


class NotFoundError(ApiError):
    status = 404
    code = "not_found"

    def __init__(self, what: str = "resource") -> None:
        super().__init__(f"{what} not found")


class ConflictError(ApiError):
    status = 409

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class IdempotencyConflictError(ConflictError):
    def __init__(self) -> None:
        super().__init__("idempotency_conflict", "this Idempotency-Key was used with a different request")


class DuplicateRatingError(ConflictError):
    def __init__(self) -> None:
        super().__init__("duplicate_rating", "this dossier was already rated")


class ValidationFailedError(ApiError):
    status = 422
    code = "validation_failed"


class UnreadableDocumentError(ValidationFailedError):
    """An attachment whose bytes say PDF or JPEG but which does not decode (truncated, garbage)."""

    code = "unreadable_document"


class ImageTooLargeError(ValidationFailedError):
    """A JPEG or a PDF image declaring more pixels than any scan needs: a decompression bomb."""

    code = "image_too_large"


class DecodeTooCostlyError(ImageTooLargeError):
    """Within the pixel bounds, but decoding would cost too much: scans, coefficient memory, work.

    Same code as its parent: for the citizen the remedy is the same, a plainer rescan.
    """


class CompressionBombError(UnreadableDocumentError):
    """A compressed PDF stream that inflates past its size or ratio cap."""


class TooManyPagesError(ValidationFailedError):
    code = "too_many_pages"


class UnsafeTextError(ValidationFailedError):
    """Text that cannot be stored or shown safely; ``detail`` names each field (never echoes it)."""


class TooManyAttachmentsError(ValidationFailedError):
    """More files in one request than any procedure has papers."""


class MissingDocumentsError(ValidationFailedError):
    """A dossier without one or more of its procedure's mandatory papers; ``detail`` lists them."""

    code = "missing_documents"


class PayloadTooLargeError(ApiError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaTypeError(ApiError):
    status = 415
    code = "unsupported_media_type"


class RateLimitedError(ApiError):
    status = 429
    code = "rate_limited"


class ConnectionDroppedError(BackendMockError):
    """Injected fault: raised past every handler so the server drops the connection mid-answer."""

    def __init__(self) -> None:
        super().__init__("connection dropped after the commit (injected fault)")


class BackendConfigError(ValueError):
    """Settings the backend refuses to start with (the command prints the message, exits 2)."""


class ControlNotLoopbackError(BackendConfigError):
    """The unauthenticated control API would be reachable from other machines."""

    def __init__(self, host: str) -> None:
        super().__init__(
            f"refusing to serve the /control API on {host!r}: it has no authentication and may "
            "only listen on a loopback address (--host 127.0.0.1, ::1 or localhost); drop "
            "--control to serve other hosts"
        )

"""The kiosk's side of the provincial backend: the httpx client, token verification.

The wire models it speaks are ``reference_kiosk.api``; ``errors`` draws the exception tree.
"""

from __future__ import annotations

from reference_kiosk.backend.errors import (
    BackendError,
    BackendServerError,
    BackendTimeoutError,
    BackendUnavailableError,
    ConflictError,
    ForbiddenError,
    MalformedResponseError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitedError,
    RequestRejectedError,
    ResponseLostError,
    SupplementClosedError,
    SupplementNotSentError,
    TokenInvalidError,
    TokenRevokedError,
    TransientBackendError,
    UnauthorizedError,
    UnsupportedMediaError,
    ValidationFailedError,
    VneidLoginConsumedError,
)
from reference_kiosk.backend.http import HttpProvincialBackend
from reference_kiosk.backend.transport import RetryBudget, RetryPolicy, Timeouts
from reference_kiosk.backend.vneid import CitizenClaims, VneidTokenVerifier

__all__ = [
    "BackendError",
    "BackendServerError",
    "BackendTimeoutError",
    "BackendUnavailableError",
    "CitizenClaims",
    "ConflictError",
    "ForbiddenError",
    "HttpProvincialBackend",
    "MalformedResponseError",
    "NotFoundError",
    "PayloadTooLargeError",
    "RateLimitedError",
    "RequestRejectedError",
    "ResponseLostError",
    "RetryBudget",
    "RetryPolicy",
    "SupplementClosedError",
    "SupplementNotSentError",
    "Timeouts",
    "TokenInvalidError",
    "TokenRevokedError",
    "TransientBackendError",
    "UnauthorizedError",
    "UnsupportedMediaError",
    "ValidationFailedError",
    "VneidLoginConsumedError",
    "VneidTokenVerifier",
]

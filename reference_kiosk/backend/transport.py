"""Request mechanics of the backend client: timeouts, retries, and mapping failures to named errors.

Only calls the caller marks idempotent are retried (GETs, and the dossier submission because it
carries an ``Idempotency-Key`` the backend deduplicates on). Backoff is exponential with full
jitter (a uniform draw between 0 and the capped exponential), drawn from an injected, seeded
``random.Random`` and awaited through an injected ``sleep`` so tests never wait. A client-wide
:class:`RetryBudget` stops a fleet of calls from multiplying load on a backend that is down.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from reference_kiosk.api import Problem
from reference_kiosk.backend import errors as e

__all__ = [
    "Requester",
    "RetryBudget",
    "RetryPolicy",
    "Sleep",
    "Timeouts",
    "error_for_exception",
    "error_for_response",
    "parse_model",
]

Sleep = Callable[[float], Awaitable[None]]
M = TypeVar("M", bound=BaseModel)

# Answers worth retrying for an idempotent call: the backend may well succeed next time.
_RETRY_STATUSES = frozenset({500, 502, 503, 504})

_STATUS_ERRORS: Mapping[int, type[e.BackendError]] = {
    401: e.UnauthorizedError,
    403: e.ForbiddenError,
    404: e.NotFoundError,
    409: e.ConflictError,
    413: e.PayloadTooLargeError,
    415: e.UnsupportedMediaError,
    422: e.ValidationFailedError,
    429: e.RateLimitedError,
}


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds; explicit so a hung backend never freezes the kiosk screen."""

    connect: float = 3.0
    read: float = 10.0
    write: float = 10.0
    pool: float = 3.0

    def to_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4  # total attempts of one idempotent call, the first included
    base_delay: float = 0.25
    max_delay: float = 4.0
    # No retry starts once a call has run this long: a citizen is waiting in front of the screen.
    max_elapsed: float = 20.0

    def __post_init__(self) -> None:
        if (
            self.attempts < 1
            or self.base_delay < 0
            or self.max_delay < self.base_delay
            or self.max_elapsed < 0
        ):
            raise ValueError(f"invalid retry policy: {self!r}")

    def backoff(self, retry: int, rng: random.Random) -> float:
        """Full jitter: uniform in [0, min(max_delay, base * 2**retry)]; ``retry`` counts from 0."""
        return rng.uniform(0.0, min(self.max_delay, self.base_delay * 2.0**retry))


@dataclass(slots=True)
class RetryBudget:
    """Retries allowed as a share of first attempts, plus a small reserve (client-wide).

    Each first attempt deposits ``ratio`` tokens; each retry spends one. When the backend is
    down every call fails fast after its first attempt instead of multiplying the load.
    """

    ratio: float = 0.2
    reserve: float = 10.0
    tokens: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = self.reserve

    def deposit(self) -> None:
        self.tokens = min(self.reserve, self.tokens + self.ratio)

    def withdraw(self) -> bool:
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


def _parse_problem(response: httpx.Response) -> tuple[str | None, dict[str, str]]:
    """(code, per-field messages) from a Problem body, or from FastAPI's default 422 body.

    The problem's free-text message is left out on purpose: the citizen sees our own wording,
    and server text never reaches the kiosk's logs.
    """
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None, {}
    try:
        problem = Problem.model_validate(body)
    except ValidationError:
        pass
    else:
        return problem.code, dict(problem.detail)
    detail = body.get("detail") if isinstance(body, dict) else None
    fields: dict[str, str] = {}
    if isinstance(detail, list):  # FastAPI's {"detail": [{"loc": [...], "msg": ...}]}
        for item in detail:
            if isinstance(item, dict) and isinstance(item.get("loc"), list):
                fields[".".join(str(p) for p in item["loc"][1:]) or "body"] = str(item.get("msg", ""))
    return None, fields


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: rare enough for a kiosk to treat as "unknown"


def error_for_response(response: httpx.Response, where: str) -> e.BackendError:
    """The named error for a non-2xx answer; ``where`` is "METHOD /path/template"."""
    status = response.status_code
    code, fields = _parse_problem(response)
    detail = f"{where} -> {status}" + (f" ({code})" if code else "")
    if status == 422:
        named = e.DOCUMENT_REJECTIONS.get(code or "", e.ValidationFailedError)
        return named(detail, status=status, code=code, fields=fields)
    if status == 429:
        return e.RateLimitedError(detail, status=status, code=code, retry_after=_retry_after(response))
    if status == 401 and code == "token_revoked":  # the citizen's session was logged out
        return e.TokenRevokedError(detail, status=status, code=code)
    if status >= 500:
        return e.BackendServerError(detail, status=status, code=code)
    return _STATUS_ERRORS.get(status, e.RequestRejectedError)(detail, status=status, code=code)


def error_for_exception(exc: httpx.HTTPError, where: str) -> e.BackendError:
    detail = f"{where}: {type(exc).__name__}"
    if isinstance(exc, httpx.TimeoutException):
        return e.BackendTimeoutError(detail)
    if isinstance(exc, httpx.ConnectError):
        return e.BackendUnavailableError(detail)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        # The request left the kiosk and no complete answer came back.
        return e.ResponseLostError(detail)
    if isinstance(exc, httpx.DecodingError):
        return e.MalformedResponseError(detail)
    return e.BackendUnavailableError(detail)


def parse_model(model: type[M], response: httpx.Response, where: str) -> M:
    try:
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        # Only error types and locations: input values may be personal data.
        kinds = sorted({err["type"] for err in exc.errors(include_input=False, include_url=False)})
        raise e.MalformedResponseError(f"{where}: unexpected body ({', '.join(kinds)})") from None


class Requester:
    """Sends one logical call, with retries when it is idempotent; returns a 2xx response."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        policy: RetryPolicy,
        budget: RetryBudget,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._monotonic = monotonic
        self._policy = policy
        self._budget = budget
        self._sleep = sleep
        self._rng = rng
        self.attempts = 0  # total HTTP attempts made through this requester (for tests, benchmarks)

    async def send(
        self,
        method: str,
        path: str,
        *,
        template: str,
        idempotent: bool,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
    ) -> httpx.Response:
        where = f"{method} {template}"
        self._budget.deposit()
        started = self._monotonic()
        retry = 0
        while True:
            error = await self._attempt(method, path, where, headers, params, json_body)
            if isinstance(error, httpx.Response):
                return error
            if not (idempotent and self._retryable(error) and retry + 1 < self._policy.attempts):
                raise error
            delay = self._policy.backoff(retry, self._rng)
            if self._monotonic() - started + delay > self._policy.max_elapsed or not self._budget.withdraw():
                raise error
            await self._sleep(delay)
            retry += 1

    async def _attempt(
        self,
        method: str,
        path: str,
        where: str,
        headers: Mapping[str, str] | None,
        params: Mapping[str, Any] | None,
        json_body: Any,
    ) -> httpx.Response | e.BackendError:
        self.attempts += 1
        try:
            response = await self._client.request(
                method, path, headers=headers, params=params, json=json_body
            )
        except httpx.HTTPError as exc:
            return error_for_exception(exc, where)
        if response.is_success:
            return response
        return error_for_response(response, where)

    @staticmethod
    def _retryable(error: e.BackendError) -> bool:
        if isinstance(error, e.BackendServerError):
            return error.status in _RETRY_STATUSES
        return isinstance(error, e.BackendTimeoutError | e.BackendUnavailableError | e.ResponseLostError)

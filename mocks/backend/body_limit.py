"""Request bodies are counted while they stream in and refused (413) once past their limit.

Pure ASGI middleware, outermost, so no route, dependency or parser ever holds more than the
limit plus one chunk of the server's receive channel (h11 and httptools hand out at most 64 KB
a message): a declared ``Content-Length`` over the limit is refused before any byte is read; a
chunked or lying body is refused as soon as the running count passes it. The app's own answer
to a cut-off body (FastAPI's parser turns the error into a 400) is discarded and the 413 sent
instead, so the answer does not depend on how far the app had got.

Uploads (a dossier, a supplement's papers) may be as large as ``Limits.request_bytes`` (a full
dossier of ``dossier_bytes`` in base64 plus its form); every other route takes at most
``Limits.other_request_bytes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mocks.backend.errors import PayloadTooLargeError
from reference_kiosk.api import Problem

__all__ = ["BodyLimitMiddleware", "BodyLimits"]

_UPLOADS = re.compile(r"/api/v1/dossiers(/[^/]+/supplements/[^/]+)?")


@dataclass(frozen=True, slots=True)
class BodyLimits:
    uploads: int
    other: int

    def for_request(self, method: str, path: str) -> int:
        return self.uploads if method == "POST" and _UPLOADS.fullmatch(path) else self.other


class _TooLarge(Exception):  # noqa: N818 (internal signal, never leaves the middleware)
    """Raised into the app from ``receive``; whatever the app makes of it, the answer is a 413."""


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length itself
    return None


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.for_request(scope["method"], scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        seen = 0
        exceeded = False
        started = False

        async def counted() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise _TooLarge()
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the app's answer to a cut-off body: the 413 below replaces it
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await _refuse(send, limit)


async def _refuse(send: Send, limit: int) -> None:
    error = PayloadTooLargeError(f"the request body is larger than {limit} bytes")
    body = Problem(code=error.code, message=error.message).model_dump_json().encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),  # the rest of the body is never read
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

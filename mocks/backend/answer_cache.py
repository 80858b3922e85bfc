"""The catalogue's answers, kept as the bytes that went out and sent again without the framework.

The catalogue, its index and routing never change while the backend runs (``state._reference_data``),
so a catalogue GET answers the same bytes for the same path and query string, whoever asks. Under
load, FastAPI's per-request work (solving the route's dependencies, validating six query
parameters) cost more than the cached page itself (decision 0019). This pure ASGI middleware
sits inside the fault and body-limit middleware, so injected faults still apply, and:

* a first request goes through the app as always; a 200 answer in one body message is kept,
  status line and headers included, under ``(path, raw query string)``;
* a repeat is sent from the cache once its ``X-Kiosk-Key`` names a live kiosk (the very check
  ``auth.kiosk_id`` makes); without a live key it goes through the app, which answers 401;
* the app-wide text check and the parameters' validation depend on the path and query string
  only, and only answers that passed them are kept, so a repeat would pass them again.

Bounded: at most ``max_bytes`` of answers and keys (least recently used go first), query strings
longer than ``MAX_QUERY_BYTES`` are never kept. Replacing ``backend.catalogue`` or
``backend.routing`` (some tests do) empties the cache. The app's cache is ``app.state.answer_cache``.
Only the event loop's thread touches it (the middleware is async and never awaits mid-update).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mocks.backend.state import Backend

__all__ = ["MAX_QUERY_BYTES", "AnswerCache", "AnswerCacheMiddleware", "CachedAnswer"]

MAX_QUERY_BYTES = 512  # a search is at most 200 characters (routes/procedures.py), ~1.2 KB escaped
_CACHED_PATHS = re.compile(r"/api/v1/(procedures(/[^/]+)?|fields|agencies|sites)")
_KIOSK_KEY = b"x-kiosk-key"


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    start: Message  # http.response.start: status and headers as the app sent them
    body: bytes


class AnswerCache:
    """A least-recently-used map (path, query string) -> answer, bounded in bytes."""

    def __init__(self, backend: Backend, max_bytes: int = 16 * 1024 * 1024) -> None:
        self.backend = backend
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self._answers: OrderedDict[tuple[str, bytes], CachedAnswer] = OrderedDict()
        self._source = (backend.catalogue, backend.routing)

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: tuple[str, bytes]) -> CachedAnswer | None:
        if self._source[0] is not self.backend.catalogue or self._source[1] is not self.backend.routing:
            self._answers.clear()
            self.bytes = 0
            self._source = (self.backend.catalogue, self.backend.routing)
        found = self._answers.get(key)
        if found is not None:
            self._answers.move_to_end(key)
        return found

    def put(self, key: tuple[str, bytes], answer: CachedAnswer) -> None:
        size = _size(key, answer)
        if size > self.max_bytes:
            return
        old = self._answers.pop(key, None)
        if old is not None:
            self.bytes -= _size(key, old)
        self._answers[key] = answer
        self.bytes += size
        while self.bytes > self.max_bytes:
            dropped, gone = self._answers.popitem(last=False)
            self.bytes -= _size(dropped, gone)


class AnswerCacheMiddleware:
    def __init__(self, app: ASGIApp, cache: AnswerCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _cacheable(scope):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        found = self.cache.get(key)
        if found is not None and self._live_kiosk(scope):
            self.cache.hits += 1
            await send(found.start)
            await send({"type": "http.response.body", "body": found.body})
            return
        start: list[Message] = []
        body: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.append(message)
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    body.append(b"")  # streamed: two parts or more are never kept
            await send(message)

        await self.app(scope, receive, keep)
        if len(start) == 1 and start[0]["status"] == 200 and len(body) == 1:
            self.cache.put(key, CachedAnswer(start[0], body[0]))

    def _live_kiosk(self, scope: Scope) -> bool:
        for name, value in scope["headers"]:
            if name == _KIOSK_KEY:
                key = value.decode("latin-1")  # as Starlette reads headers
                return bool(key) and self.cache.backend.kiosks.kiosk_for(key) is not None
        return False


def _size(key: tuple[str, bytes], answer: CachedAnswer) -> int:
    return len(key[0]) + len(key[1]) + len(answer.body) + 256  # 256: the entry's own objects, roughly


def _cacheable(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET" or len(scope["query_string"]) > MAX_QUERY_BYTES:
        return False
    if not _CACHED_PATHS.fullmatch(scope["path"]):
        return False
    for name, value in scope["headers"]:  # a GET with a body is left to the app (and its limits)
        if name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
            return False
    return True

"""Request bodies are refused while they stream in, never read whole (issue 14, "Costly uploads").

The app is driven as an ASGI server would drive it: a ``receive`` channel that hands out 64 KB
chunks of a 200 MB body and counts what the app took. The answer must be 413
``payload_too_large`` after at most the limit plus one chunk; a declared ``Content-Length``
over the limit is refused before any of the body is read. Counted bytes, never time. Last, the
same over a real socket: uvicorn on 127.0.0.1 answers 413 while the client is still sending.
"""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi import FastAPI

from mocks.backend.settings import Limits
from mocks.launcher import BackendProcess
from tests.support.backend import KIOSK_KEY, make_app

CHUNK = 64 * 1024
FAR_OVER = 200 * 1024 * 1024


class StreamedBody:
    """An endless-looking JSON body on a receive channel, counting what the app read."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.read = 0

    async def receive(self) -> dict[str, Any]:
        if self.read == 0:
            chunk = b'{"procedure_code": "' + b"a" * (CHUNK - 20)
        else:
            chunk = b"a" * min(CHUNK, self.total - self.read)
        self.read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": self.read < self.total}


def _call(app: FastAPI, path: str, body: StreamedBody, declared: int | None = None) -> tuple[int, Any]:
    headers = [(b"x-kiosk-key", KIOSK_KEY.encode()), (b"content-type", b"application/json")]
    if declared is not None:
        headers.append((b"content-length", str(declared).encode()))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": headers, "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8080),
    }  # fmt: skip
    sent: list[MutableMapping[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    async def serve() -> None:
        await app(scope, body.receive, send)

    anyio.run(serve)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(payload)


@pytest.fixture
def small_limit_app(tmp_path: Path) -> Iterator[FastAPI]:
    app = make_app(tmp_path / "b.sqlite", limits=Limits(request_bytes=1024 * 1024, other_request_bytes=CHUNK))
    yield app
    app.state.backend.close()


@pytest.mark.parametrize("path", ["/api/v1/dossiers", "/api/v1/dossiers/lookup", "/control/citizens"])
def test_a_streamed_body_is_refused_past_the_limit(small_limit_app: FastAPI, path: str) -> None:
    body = StreamedBody(FAR_OVER)
    status, problem = _call(small_limit_app, path, body)
    assert (status, problem["code"]) == (413, "payload_too_large")
    limits = small_limit_app.state.backend.settings.limits
    limit = limits.request_bytes if path == "/api/v1/dossiers" else limits.other_request_bytes
    assert body.read <= limit + CHUNK


def test_the_default_limit_stops_a_200_mb_body_early(app: FastAPI) -> None:
    body = StreamedBody(FAR_OVER)
    status, _ = _call(app, "/api/v1/dossiers", body)
    assert status == 413
    limits = app.state.backend.settings.limits
    assert limits.dossier_bytes * 4 // 3 <= limits.request_bytes  # a full dossier still fits
    assert body.read <= limits.request_bytes + CHUNK


def test_a_declared_length_over_the_limit_is_refused_unread(small_limit_app: FastAPI) -> None:
    body = StreamedBody(FAR_OVER)
    status, problem = _call(small_limit_app, "/api/v1/dossiers", body, declared=FAR_OVER)
    assert (status, problem["code"]) == (413, "payload_too_large")
    assert body.read == 0


def test_a_body_within_the_limit_reaches_the_route(small_limit_app: FastAPI) -> None:
    body = StreamedBody(512 * 1024)  # under the upload limit: the route's own answer (bad JSON)
    status, problem = _call(small_limit_app, "/api/v1/dossiers", body)
    assert status != 413, problem
    assert body.read == 512 * 1024


def test_uvicorn_answers_413_to_a_chunked_200_mb_upload_long_before_its_end(tmp_path: Path) -> None:
    """Over a real socket: the 413 arrives while the client is still sending, far from 200 MB."""
    with (
        BackendProcess(tmp_path / "b.sqlite", kiosk_keys=[f"K={KIOSK_KEY}"], control=False) as backend,
        socket.create_connection(("127.0.0.1", backend.port), timeout=30) as sock,
    ):
        sock.sendall(
            b"POST /api/v1/dossiers HTTP/1.1\r\nHost: backend\r\nX-Kiosk-Key: " + KIOSK_KEY.encode()
            + b"\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )  # fmt: skip
        sent, answer = _send_until_answered(sock, FAR_OVER)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert sent < FAR_OVER // 4  # the server stopped reading near its limit (plus socket buffers)


def _send_until_answered(sock: socket.socket, total: int) -> tuple[int, bytes]:
    """Send a chunked body of ``total`` bytes until the server answers or stops reading."""
    chunk = b"%x\r\n" % CHUNK + b"a" * CHUNK + b"\r\n"
    sent = 0
    while sent < total:
        readable, writable, _ = select.select([sock], [sock], [], 10)
        if readable:
            break
        if not writable:
            break  # the server stopped reading and its buffers are full
        try:
            sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += CHUNK
    sock.settimeout(10)
    return sent, sock.recv(65536)  # the status line at least (the server then resets the rest)

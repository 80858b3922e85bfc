"""Reusable ways to run the simulated backend in tests.

* ``make_app(db, **overrides)``: the app with a frozen world clock, the control API on and one
  kiosk key (``KIOSK_KEY``, kiosk ``KIOSK_ID``).
* ``asgi_client(app)``: an ``httpx.AsyncClient`` over ``httpx.ASGITransport`` (in-process).
* ``SyncAsgiClient(app)``: the same for synchronous tests (an anyio portal runs the event loop;
  starlette's TestClient is deprecated with httpx).
* ``uvicorn_backend(db, ...)``: the real ``kiosk-twin backend`` command under uvicorn on a free
  127.0.0.1 port, as a context manager yielding its base URL; stopped on exit.
* ``attachment(...)``, ``TINY_PDF``, ``TINY_JPEG``: valid attachments for dossier bodies.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi import FastAPI

from mocks.backend.app import create_app
from mocks.backend.clock import VIETNAM
from mocks.backend.settings import BackendSettings, load_settings
from tests.support.system import free_port

__all__ = [
    "KIOSK_ID",
    "KIOSK_KEY",
    "START",
    "TINY_JPEG",
    "TINY_PDF",
    "SyncAsgiClient",
    "asgi_client",
    "attachment",
    "make_app",
    "make_settings",
    "uvicorn_backend",
]

KIOSK_ID = "KIOSK-LSN-01"
KIOSK_KEY = "test-kiosk-key"
START = dt.datetime(2025, 3, 17, 9, 0, tzinfo=VIETNAM)  # a Monday morning of the pilot
TINY_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TINY_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def make_settings(db: Path | str, **overrides: Any) -> BackendSettings:
    values: dict[str, Any] = {
        "control": True,
        "clock_start": START,
        "kiosk_keys": (f"{KIOSK_ID}={KIOSK_KEY}",),
    }
    values.update(overrides)
    return load_settings(Path(db), None, **values)


def make_app(db: Path | str, **overrides: Any) -> FastAPI:
    return create_app(make_settings(db, **overrides))


def asgi_client(app: FastAPI, kiosk_key: str = KIOSK_KEY) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://backend.test",
        headers={"X-Kiosk-Key": kiosk_key},
    )


class SyncAsgiClient:
    """A blocking client for the in-process app; close it (or use ``with``) to stop its loop."""

    def __init__(self, app: FastAPI, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self._portal_cm: AbstractContextManager[BlockingPortal] = start_blocking_portal()
        self._portal = self._portal_cm.__enter__()
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://backend.test", headers=headers or {}
        )

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            return await self._client.request(method, url, **kwargs)

        return self._portal.call(send)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def close(self) -> None:
        self._portal.call(self._client.aclose)
        self._portal_cm.__exit__(None, None, None)

    def __enter__(self) -> SyncAsgiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def attachment(
    document_code: str,
    content: bytes = TINY_PDF,
    content_type: str = "application/pdf",
    filename: str = "scan.pdf",
) -> dict[str, str]:
    return {
        "document_code": document_code,
        "filename": filename,
        "content_type": content_type,
        "content_base64": base64.b64encode(content).decode(),
        "sha256": hashlib.sha256(content).hexdigest(),
    }


@contextmanager
def uvicorn_backend(db: Path, *extra: str, ready_timeout: float = 30.0) -> Iterator[str]:
    """``kiosk-twin backend`` in a subprocess; yields ``http://127.0.0.1:PORT`` once it serves."""
    port = free_port()
    cmd = [sys.executable, "-m", "mocks.cli", "backend", "--host", "127.0.0.1", "--port", str(port),
           "--db", str(db), "--log-level", "info", *extra]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready = threading.Event()
    output: list[str] = []

    def drain() -> None:  # uvicorn logs to the pipe; keep reading so it never blocks
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            if "Uvicorn running on" in line:
                ready.set()
        ready.set()  # EOF: the process ended (a failure the caller sees below)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        if not ready.wait(ready_timeout) or proc.poll() is not None:
            raise RuntimeError("backend did not start:\n" + "".join(output))
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()

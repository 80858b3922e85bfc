"""The simulated backend in this process, reached as over a socket (fast tests, the BDD world).

* ``SocketLikeASGITransport(app=app)``: ``httpx.ASGITransport`` that reports the backend's
  dropped-connection fault as ``httpx.RemoteProtocolError``, as a real socket would.
* ``SyncAsgiClient(app)``: a blocking client for the in-process app (an anyio portal runs the
  event loop; starlette's TestClient is deprecated with httpx); what ``TwinControl`` speaks to.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi import FastAPI

from mocks.backend.errors import ConnectionDroppedError

__all__ = ["BASE_URL", "SocketLikeASGITransport", "SyncAsgiClient"]

BASE_URL = "http://backend.test"  # what an in-process backend is called (never resolved)


class SocketLikeASGITransport(httpx.ASGITransport):
    """In-process transport; the "drop" fault surfaces as the transport error a socket gives."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except ConnectionDroppedError:
            raise httpx.RemoteProtocolError(
                "server closed the connection mid-answer", request=request
            ) from None


class SyncAsgiClient:
    """A blocking client for the in-process app; close it (or use ``with``) to stop its loop."""

    def __init__(self, app: FastAPI, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self._portal_cm: AbstractContextManager[BlockingPortal] = start_blocking_portal()
        self._portal = self._portal_cm.__enter__()
        self._client = httpx.AsyncClient(
            transport=SocketLikeASGITransport(app=app), base_url=BASE_URL, headers=headers or {}
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

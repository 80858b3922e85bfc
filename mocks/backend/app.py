"""The simulated Provincial Administrative Procedure Information System as a FastAPI app.

``create_app(settings)`` builds one backend (store, world clock, token keys, catalogue, faults)
and the routes; nothing happens at import time. ``kiosk-twin backend`` serves it under uvicorn;
tests drive it through ``httpx.ASGITransport`` (see tests/support/backend.py).

For other login routes (``routes/cccd.py``, included when that module exists), the backend of a
request is ``mocks.backend.auth.get_backend(request)`` (or the ``BackendDep`` dependency), and
``mocks.backend.citizens_registry`` offers:

    find_citizen(backend, id_number) -> CitizenProfile | None      the population record
    issue_citizen_login(backend, citizen) -> CitizenLogin          a signed bearer token

An ID number never travels in a URL (URLs reach access logs): anonymous look-ups are
``POST /api/v1/dossiers/lookup`` and ``POST /api/v1/payments/lookup`` with JSON bodies.

Every error answer is a ``models.Problem`` body (``code``, ``message``, per-field ``detail``).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from mocks.backend.answer_cache import AnswerCache, AnswerCacheMiddleware
from mocks.backend.body_limit import BodyLimitMiddleware, BodyLimits
from mocks.backend.decode_pool import DecodePool, install
from mocks.backend.errors import BackendMockError, UnsafeTextError
from mocks.backend.faults import FaultMiddleware
from mocks.backend.routes import (
    control,
    dossiers,
    kiosks,
    logout,
    payments,
    procedures,
    ratings,
    vneid,
    vneid_account,
)
from mocks.backend.routes import help as help_calls
from mocks.backend.routes import staff as staff_console
from mocks.backend.settings import BackendSettings
from mocks.backend.state import Backend, build_backend
from mocks.backend.text_checks import unsafe_strings
from reference_kiosk.api import Problem

__all__ = ["create_app"]

_HTTP_CODES = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}
_CCCD_MODULE = "mocks.backend.routes.cccd"
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _problem(
    status: int,
    code: str,
    message: str,
    detail: dict[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = Problem(code=code, message=message, detail=detail or {})
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def _allowed_methods(request: Request) -> str:
    """Every method some route takes on this path (Starlette names only the first such route's).

    Asked of the router itself, one method at a time, so included routers count too.
    """
    routes = request.app.router.routes
    allowed = [
        method
        for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes)
    ]
    return ", ".join(allowed)


def _install_error_handlers(app: FastAPI) -> None:
    async def on_backend_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, BackendMockError)
        return _problem(exc.status, exc.code, exc.message, exc.detail)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        detail = {".".join(str(p) for p in err["loc"]): str(err["msg"]) for err in exc.errors()}
        return _problem(422, "validation_failed", "the request is invalid", detail)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request)
        return _problem(exc.status_code, code, str(exc.detail), headers=headers)

    app.add_exception_handler(BackendMockError, on_backend_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)


async def _refuse_unsafe_text(request: Request) -> None:
    """Every string of the request, before any route uses one (text_checks.py says why).

    The JSON body is the one FastAPI has already parsed for the route (Starlette caches it).
    """
    problems = dict(unsafe_strings(dict(request.path_params), "path"))
    problems.update(unsafe_strings(dict(request.query_params), "query"))
    route = request.scope.get("route")
    if getattr(route, "body_field", None) is not None and await request.body():
        try:
            body = await request.json()
        except ValueError:
            body = None  # not JSON: the route's own validation answers
        problems.update(unsafe_strings(body))
    if problems:
        raise UnsafeTextError("text contains characters that cannot be accepted", problems)


def _include_cccd(app: FastAPI) -> None:
    """The CCCD login route is another helper's module: included when it exists."""
    try:
        module = importlib.import_module(_CCCD_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != _CCCD_MODULE:
            raise
        return
    app.include_router(module.router)


def create_app(
    settings: BackendSettings,
    wall: Callable[[], dt.datetime] | None = None,
    *,
    decode_worker: bool = False,
) -> FastAPI:
    """The ASGI app; ``wall`` replaces the wall clock under the world clock (tests).

    ``decode_worker``: uploads are proved to decode in a worker process started and stopped with
    the app (decode_pool.py says why; ``kiosk-twin backend`` sets it); otherwise inline.
    """
    backend: Backend = build_backend(settings, wall)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        backend.store.open()
        pool = DecodePool() if decode_worker else None
        try:
            if pool is not None:
                # Ready means able to check uploads: a worker that cannot start stops the start-up.
                await anyio.to_thread.run_sync(pool.worker_pid)
                install(pool)
            yield
        finally:
            if pool is not None:
                install(None)
                pool.close()  # the worker never outlives the app
            backend.close()

    app = FastAPI(
        title="Simulated provincial administrative procedure system",
        version="1.0.0",
        description="Mock of the Hệ thống thông tin giải quyết TTHC tỉnh for kiosk-twin.",
        lifespan=lifespan,
        dependencies=[Depends(_refuse_unsafe_text)],
    )
    app.state.backend = backend
    _install_error_handlers(app)
    # Innermost of ours: a repeated catalogue GET is answered from its bytes, faults still apply.
    app.state.answer_cache = AnswerCache(backend)
    app.add_middleware(AnswerCacheMiddleware, cache=app.state.answer_cache)
    app.add_middleware(FaultMiddleware, injector=backend.faults)
    limits = settings.limits  # outermost: nothing inside ever holds more of a body than this
    app.add_middleware(
        BodyLimitMiddleware, limits=BodyLimits(limits.request_bytes, limits.other_request_bytes)
    )

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    for module in (procedures, vneid, vneid_account, logout, dossiers, payments, ratings):
        app.include_router(module.router)
    app.include_router(kiosks.staff_router)
    help_calls.install(app)  # help calls and kiosks' health (docs/decisions/0021)
    app.include_router(staff_console.router)  # the staff console page, /staff
    _include_cccd(app)
    if settings.control:
        app.include_router(control.router)
        app.include_router(kiosks.control_router)
        app.include_router(vneid_account.control_router)
    return app

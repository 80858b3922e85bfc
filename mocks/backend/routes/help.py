"""Help calls (kiosk side and staff side) and kiosks' health.

Kiosk key (``X-Kiosk-Key``):
* ``POST /api/v1/help-calls``: the kiosk's citizen asks for help (201; an open call is returned
  again rather than doubled).
* ``GET /api/v1/help-calls/{id}``: the kiosk polls its own call (another kiosk's: 404).
* ``POST /api/v1/kiosks/heartbeat``: the kiosk's devices' state; answers its health.

Staff key (``X-Staff-Key``, ``mocks.backend.staff``):
* ``GET /api/v1/staff/help-calls?site=&closed=``, ``POST .../{id}/acknowledge``, ``POST .../{id}/close``.
* ``GET /api/v1/kiosks?site=``: every kiosk, online / degraded / silent.

``install(app)`` builds the help desk and the health board on the app's backend store.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request

from mocks.backend.auth import KioskDep
from mocks.backend.helpcalls import HelpDesk
from mocks.backend.kiosk_health import HealthBoard
from mocks.backend.routes import problems
from mocks.backend.staff import StaffDep
from mocks.backend.state import Backend
from reference_kiosk.api_ops import Heartbeat, HelpCall, HelpCallCreate, KioskStatus, StaffAction

__all__ = ["install", "kiosk_router", "staff_router"]

kiosk_router = APIRouter(prefix="/api/v1", tags=["help", "health"], responses=problems(401))
staff_router = APIRouter(prefix="/api/v1", tags=["staff"], responses=problems(401))


def install(app: FastAPI) -> None:
    backend: Backend = app.state.backend
    known = [k.kiosk_id for k in backend.settings.kiosk_keys]
    now = backend.clock.now
    app.state.helpdesk = HelpDesk(backend.store, backend.sites, backend.calendar, now)
    app.state.health = HealthBoard(backend.store, backend.sites, known, now, backend.settings.silent_after)
    app.include_router(kiosk_router)
    app.include_router(staff_router)


def _desk(request: Request) -> HelpDesk:
    desk: HelpDesk = request.app.state.helpdesk
    return desk


def _board(request: Request) -> HealthBoard:
    board: HealthBoard = request.app.state.health
    return board


@kiosk_router.post("/help-calls", status_code=201, summary="A citizen at this kiosk asks for help")
def create_help_call(request: Request, kiosk: KioskDep, body: HelpCallCreate) -> HelpCall:
    return _desk(request).create(kiosk, body)


@kiosk_router.get("/help-calls/{call_id}", responses=problems(404))
def get_help_call(request: Request, kiosk: KioskDep, call_id: str) -> HelpCall:
    return _desk(request).get(call_id, kiosk_id=kiosk)


@kiosk_router.post("/kiosks/heartbeat", summary="This kiosk's devices and outbox, now")
def heartbeat(request: Request, kiosk: KioskDep, body: Heartbeat) -> KioskStatus:
    return _board(request).record(kiosk, body)


@staff_router.get("/staff/help-calls", summary="Help calls, open and acknowledged (closed too on request)")
def list_help_calls(
    request: Request, _staff: StaffDep, site: str | None = None, closed: bool = False
) -> list[HelpCall]:
    return _desk(request).list(site=site, include_closed=closed)


@staff_router.post("/staff/help-calls/{call_id}/acknowledge", responses=problems(404, 409))
def acknowledge_help_call(request: Request, _staff: StaffDep, call_id: str, body: StaffAction) -> HelpCall:
    return _desk(request).acknowledge(call_id, body.staff)


@staff_router.post("/staff/help-calls/{call_id}/close", responses=problems(404))
def close_help_call(request: Request, _staff: StaffDep, call_id: str, body: StaffAction) -> HelpCall:
    return _desk(request).close(call_id, body.staff)


@staff_router.get("/kiosks", summary="Every kiosk's health: online, degraded or silent")
def list_kiosks(request: Request, _staff: StaffDep, site: str | None = None) -> list[KioskStatus]:
    return _board(request).all(site)

"""Catalogue: procedures (search, detail), agencies and sites."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from mocks.backend.auth import BackendDep, KioskDep
from mocks.backend.errors import NotFoundError
from mocks.backend.routes import problems
from reference_kiosk.api import Agency, Page, Procedure, Site

router = APIRouter(prefix="/api/v1", tags=["catalogue"], responses=problems(401))

_ALL = 10_000


def _json(model: BaseModel) -> Response:
    """Serialise once: the hot catalogue routes skip FastAPI's re-validation of big nested models."""
    return Response(model.model_dump_json(), media_type="application/json")


@router.get(
    "/procedures",
    response_model=Page[Procedure],
    summary="Search the catalogue (diacritics-insensitive, typo-tolerant)",
)
def search_procedures(
    backend: BackendDep,
    _kiosk: KioskDep,
    q: Annotated[str, Query(max_length=200)] = "",
    field: Annotated[str | None, Query(max_length=100)] = None,
    agency: Annotated[
        str | None, Query(max_length=100, description="procedures this agency receives (its kind and level)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    found = backend.catalogue.search(q, field=field or None, limit=_ALL)
    if agency:  # the agencies that receive a procedure, not only its default one (routing.py)
        found = [p for p in found if backend.routing.handles(agency, p)]
    return _json(Page[Procedure](items=found[:limit], total=len(found)))


@router.get("/procedures/{code}", response_model=Procedure, responses=problems(404))
def get_procedure(backend: BackendDep, _kiosk: KioskDep, code: str) -> Response:
    found = backend.catalogue.get(code)
    if found is None:
        raise NotFoundError("procedure")
    return _json(found)


@router.get("/agencies")
def list_agencies(backend: BackendDep, _kiosk: KioskDep) -> Page[Agency]:
    return Page[Agency](items=backend.agencies, total=len(backend.agencies))


@router.get("/sites")
def list_sites(backend: BackendDep, _kiosk: KioskDep) -> Page[Site]:
    return Page[Site](items=backend.sites, total=len(backend.sites))

"""Catalogue: procedures (search, detail), agencies and sites."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from mocks.backend.auth import BackendDep, KioskDep
from mocks.backend.errors import NotFoundError
from mocks.backend.routes import problems
from reference_kiosk.api import Agency, FieldSummary, Page, Procedure, ProcedureSummary, Site

router = APIRouter(prefix="/api/v1", tags=["catalogue"], responses=problems(401))

_ALL = 10_000


def _json(model: BaseModel) -> Response:
    """Serialise once: the hot catalogue routes skip FastAPI's re-validation of big nested models."""
    return Response(model.model_dump_json(), media_type="application/json")


@router.get(
    "/procedures",
    response_model=Page[ProcedureSummary],
    summary="Search or browse the catalogue, a page of summaries (diacritics-insensitive, typo-tolerant)",
)
def search_procedures(
    backend: BackendDep,
    _kiosk: KioskDep,
    q: Annotated[str, Query(max_length=200)] = "",
    field: Annotated[str | None, Query(max_length=100)] = None,
    level: Annotated[Literal["province", "district", "commune"] | None, Query()] = None,
    agency: Annotated[
        str | None, Query(max_length=100, description="procedures this agency receives (its kind and level)")
    ] = None,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    found = backend.catalogue.search(q, field=field or None, limit=_ALL)
    if level:
        found = [p for p in found if p.level == level]
    if agency:  # the agencies that receive a procedure, not only its default one (routing.py)
        found = [p for p in found if backend.routing.handles(agency, p)]
    items = [p.summary(p.score) for p in found[offset : offset + limit]]
    return _json(Page[ProcedureSummary](items=items, total=len(found), offset=offset, limit=limit))


@router.get("/fields", summary="Every field of the catalogue with its number of procedures")
def list_fields(backend: BackendDep, _kiosk: KioskDep) -> Page[FieldSummary]:
    counts = Counter(p.field for p in backend.catalogue.all())
    items = [FieldSummary(code=c, name=n, count=counts[c]) for c, n in backend.catalogue.fields()]
    return Page[FieldSummary](items=items, total=len(items))


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

"""Catalogue: procedures (search, detail), agencies and sites."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from mocks.backend.auth import BackendDep, KioskDep
from mocks.backend.catalogue import Catalogue
from mocks.backend.errors import NotFoundError
from mocks.backend.routes import problems
from mocks.backend.routing import AgencyRouter
from mocks.backend.search import fold
from mocks.backend.state import Backend
from reference_kiosk.api import Agency, FieldSummary, Page, Procedure, ProcedureSummary, Site

router = APIRouter(prefix="/api/v1", tags=["catalogue"], responses=problems(401))
_page_caches: dict[tuple[int, int], tuple[Catalogue, AgencyRouter, Callable[..., bytes]]] = {}

# The routes are async: they never wait on anything, and their work is bounded (a cached search,
# or at most search.RESCORE entries scored), so a threadpool hop per request would cost more
# than it protects.


@router.get(
    "/procedures",
    response_model=Page[ProcedureSummary],
    summary="Search or browse the catalogue, a page of summaries (diacritics-insensitive, typo-tolerant)",
)
async def search_procedures(
    request: Request,  # the backend from it, not BackendDep: one dependency less to solve (0019)
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
    backend: Backend = request.app.state.backend
    body = _page(backend, q, field or None, level, agency or None, offset, limit)
    return Response(body, media_type="application/json")


def _page(
    backend: Backend,
    q: str,
    field: str | None,
    level: str | None,
    agency: str | None,
    offset: int,
    limit: int,
) -> bytes:
    """One page's JSON. What it depends on (catalogue, routing) is immutable and shared by every
    app of the process (state._reference_data), so pages are cached: kiosks repeat the first
    pages of the same queries. 1,024 pages of ~8 KB: at most ~8 MB."""
    key = (id(backend.catalogue), id(backend.routing))
    entry = _page_caches.get(key)
    if entry is None or entry[0] is not backend.catalogue or entry[1] is not backend.routing:
        render = functools.partial(_render, backend.catalogue, backend.routing)
        entry = _page_caches[key] = (
            backend.catalogue,
            backend.routing,
            functools.lru_cache(maxsize=1024)(render),
        )
    return entry[2](fold(q), field, level, agency, offset, limit)


def _render(
    catalogue: Catalogue,
    routing: AgencyRouter,
    q: str,
    field: str | None,
    level: str | None,
    agency: str | None,
    offset: int,
    limit: int,
) -> bytes:
    found: Sequence[tuple[Procedure, float | None]] = catalogue.ranked(q, field)
    if level:
        found = [hit for hit in found if hit[0].level == level]
    if agency:  # the agencies that receive a procedure, not only its default one (routing.py)
        found = [hit for hit in found if routing.handles(agency, hit[0])]
    # Summaries are serialised once per procedure (Catalogue.summary_json): a page is a join,
    # the same bytes Page[ProcedureSummary].model_dump_json() would make (tests compare them).
    items = b",".join(catalogue.summary_json(p, score) for p, score in found[offset : offset + limit])
    tail = f'],"total":{len(found)},"offset":{offset},"limit":{limit}}}'.encode()
    return b'{"items":[' + items + tail


@router.get("/fields", summary="Every field of the catalogue with its number of procedures")
async def list_fields(backend: BackendDep, _kiosk: KioskDep) -> Page[FieldSummary]:
    counts = backend.catalogue.field_counts()
    items = [FieldSummary(code=c, name=n, count=counts.get(c, 0)) for c, n in backend.catalogue.fields()]
    return Page[FieldSummary](items=items, total=len(items))


@router.get("/procedures/{code}", response_model=Procedure, responses=problems(404))
async def get_procedure(backend: BackendDep, _kiosk: KioskDep, code: str) -> Response:
    found = backend.catalogue.get(code)
    if found is None:
        raise NotFoundError("procedure")
    return Response(backend.catalogue.detail_json(found), media_type="application/json")


@router.get("/agencies")
async def list_agencies(backend: BackendDep, _kiosk: KioskDep) -> Page[Agency]:
    return Page[Agency](items=backend.agencies, total=len(backend.agencies))


@router.get("/sites")
async def list_sites(backend: BackendDep, _kiosk: KioskDep) -> Page[Site]:
    return Page[Site](items=backend.sites, total=len(backend.sites))

"""Ratings: the owner rates a received dossier once; statistics per agency."""

from __future__ import annotations

from fastapi import APIRouter

from mocks.backend import dossiers, ratings
from mocks.backend.auth import BackendDep, KioskDep, OptionalCitizenDep
from mocks.backend.routes import problems
from mocks.backend.routes.dossiers import IdNumber
from reference_kiosk.backend.models import Rating, RatingCreate, RatingStats

router = APIRouter(prefix="/api/v1", tags=["ratings"], responses=problems(401))


@router.post("/dossiers/{code}/ratings", status_code=201, responses=problems(404, 409, 429))
def rate_dossier(
    backend: BackendDep,
    kiosk: KioskDep,
    citizen: OptionalCitizenDep,
    code: str,
    body: RatingCreate,
    id_number: IdNumber = None,
) -> Rating:
    dossier = dossiers.authorize(backend, kiosk, code, citizen, id_number)
    return ratings.rate(backend, dossier, body)


@router.get("/agencies/{agency}/ratings/stats")
def rating_stats(backend: BackendDep, _kiosk: KioskDep, agency: str) -> RatingStats:
    return ratings.stats(backend, agency)

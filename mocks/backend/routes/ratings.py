"""Ratings: the owner rates a received dossier once; statistics per agency."""

from __future__ import annotations

from fastapi import APIRouter

from mocks.backend import dossiers, ratings
from mocks.backend.auth import BackendDep, CitizenDep, KioskDep
from mocks.backend.routes import problems
from reference_kiosk.api import Rating, RatingCreate, RatingStats

router = APIRouter(prefix="/api/v1", tags=["ratings"], responses=problems(401))


@router.post("/dossiers/{code}/ratings", status_code=201, responses=problems(404, 409, 429))
def rate_dossier(
    backend: BackendDep,
    kiosk: KioskDep,
    citizen: CitizenDep,
    code: str,
    body: RatingCreate,
) -> Rating:
    # Only the logged-in owner rates (the reference's rule); no anonymous path, so no ID number here.
    dossier = dossiers.authorize(backend, kiosk, code, citizen, None)
    return ratings.rate(backend, dossier, body)


@router.get("/agencies/{agency}/ratings/stats")
def rating_stats(backend: BackendDep, _kiosk: KioskDep, agency: str) -> RatingStats:
    return ratings.stats(backend, agency)

"""Satisfaction ratings (Decision 766/QD-TTg indicators): once per dossier, by its owner only."""

from __future__ import annotations

import json
import secrets

from mocks.backend.clock import from_iso, iso
from mocks.backend.errors import ConflictError, DuplicateRatingError, ValidationFailedError
from mocks.backend.state import Backend
from reference_kiosk.api import (
    Dossier,
    DossierStatus,
    Rating,
    RatingCreate,
    RatingStats,
    Satisfaction,
)

__all__ = ["INDICATORS", "rate", "stats"]

INDICATORS = frozenset(range(1, 8))
# Timeliness (1: total time vs the limit, 2: time at each agency) can be judged only once finished:
# the kiosk leaves them out for an unfinished dossier (older clients still send all seven).
_FINISHED = frozenset({DossierStatus.DONE, DossierStatus.RETURNED})
_UNFINISHED_INDICATORS = INDICATORS - {1, 2}


def rate(backend: Backend, dossier: Dossier, body: RatingCreate) -> Rating:
    expected = INDICATORS
    if dossier.status not in _FINISHED and set(body.indicators) == _UNFINISHED_INDICATORS:
        expected = _UNFINISHED_INDICATORS
    if set(body.indicators) != expected:
        missing = sorted(expected - set(body.indicators))
        extra = sorted(set(body.indicators) - expected)
        raise ValidationFailedError(
            f"indicators {', '.join(map(str, sorted(expected)))} must each be scored once",
            {"indicators": f"missing {missing}, unknown {extra}"},
        )
    if dossier.status == DossierStatus.NEW:
        raise ConflictError("not_accepted", "a dossier can be rated once the one-stop desk has received it")
    with backend.store.tx() as conn:
        if conn.execute("SELECT 1 FROM ratings WHERE dossier_code = ?", (dossier.code,)).fetchone():
            raise DuplicateRatingError()
        now = backend.clock.now()
        rating_id = "RAT" + secrets.token_hex(6).upper()
        total = sum(body.indicators.values())
        conn.execute(
            "INSERT INTO ratings (id, dossier_code, agency, created_at, total, indicators_json, convenience, "
            "overall, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rating_id, dossier.code, dossier.agency, iso(now), total,
             json.dumps({str(k): v for k, v in sorted(body.indicators.items())}),
             body.convenience.value, body.overall.value, body.comment),
        )  # fmt: skip
        row = conn.execute("SELECT created_at FROM ratings WHERE id = ?", (rating_id,)).fetchone()
    return Rating(
        id=rating_id, dossier_code=dossier.code, created_at=from_iso(row["created_at"]), total=total
    )


def stats(backend: Backend, agency: str) -> RatingStats:
    with backend.store.read() as conn:
        rows = conn.execute("SELECT total, overall FROM ratings WHERE agency = ?", (agency,)).fetchall()
    overall = {level: 0 for level in Satisfaction}
    for row in rows:
        overall[Satisfaction(row["overall"])] += 1
    mean = sum(r["total"] for r in rows) / len(rows) if rows else 0.0
    return RatingStats(agency=agency, count=len(rows), mean_total=round(mean, 3), overall=overall)

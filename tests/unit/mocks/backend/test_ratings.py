"""Ratings: owner only, once per dossier, after it was received; statistics per agency."""

from __future__ import annotations

from typing import Any

from tests.support.backend import CITIZEN_A, CITIZEN_B, BackendDriver

AGENCY = "000.31.36.H36"


def _rating(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "indicators": {str(i): 2 for i in range(1, 8)},
        "convenience": "very_satisfied",
        "overall": "satisfied",
    }
    body.update(changes)
    return body


def test_rating_rules(twin: BackendDriver) -> None:
    auth = twin.login(CITIZEN_A)
    code = twin.submit(auth).json()["code"]
    url = f"/api/v1/dossiers/{code}/ratings"
    too_early = twin.client.post(url, json=_rating(), headers=auth)
    assert (too_early.status_code, too_early.json()["code"]) == (409, "not_accepted")
    twin.advance(30 * 60)
    auth = twin.login(CITIZEN_A)
    assert twin.client.post(url, json=_rating(), headers=twin.login(CITIZEN_B)).status_code == 404
    missing = twin.client.post(url, json=_rating(indicators={"1": 2}), headers=auth)
    assert (missing.status_code, missing.json()["code"]) == (422, "validation_failed")
    made = twin.client.post(url, json=_rating(), headers=auth)
    assert made.status_code == 201
    assert made.json()["total"] == 14
    duplicate = twin.client.post(url, json=_rating(), headers=auth)
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "duplicate_rating")
    assert twin.client.get(f"/api/v1/dossiers/{code}", headers=auth).json()["rated"] is True


def test_scores_outside_0_to_2_are_refused(twin: BackendDriver) -> None:
    auth = twin.login()
    code = twin.submit(auth).json()["code"]
    body = _rating(indicators={str(i): 3 for i in range(1, 8)})
    assert twin.client.post(f"/api/v1/dossiers/{code}/ratings", json=body, headers=auth).status_code == 422


def test_statistics_per_agency(twin: BackendDriver) -> None:
    auth = twin.login()
    codes = [twin.submit(auth).json()["code"] for _ in range(2)]
    twin.advance(30 * 60)
    auth = twin.login()
    scores = [{str(i): 2 for i in range(1, 8)}, {str(i): 1 for i in range(1, 8)}]
    overall = ["very_satisfied", "dissatisfied"]
    for code, indicators, level in zip(codes, scores, overall, strict=True):
        body = _rating(indicators=indicators, overall=level)
        assert (
            twin.client.post(f"/api/v1/dossiers/{code}/ratings", json=body, headers=auth).status_code == 201
        )
    stats = twin.client.get(f"/api/v1/agencies/{AGENCY}/ratings/stats").json()
    assert stats == {
        "agency": AGENCY,
        "count": 2,
        "mean_total": 10.5,
        "overall": {"very_satisfied": 1, "satisfied": 0, "dissatisfied": 1},
    }
    empty = twin.client.get("/api/v1/agencies/000.00.11.H36/ratings/stats").json()
    assert (empty["count"], empty["mean_total"]) == (0, 0.0)


def test_timeliness_is_left_out_only_for_an_unfinished_dossier(twin: BackendDriver) -> None:
    """Indicators 1 and 2 judge time against the limit: an unfinished dossier is rated without them."""
    auth = twin.login()
    unfinished, finished = (twin.submit(auth).json()["code"] for _ in range(2))
    twin.advance(30 * 60)
    auth = twin.login()
    control = twin.client.post(f"/control/dossiers/{finished}/status", json={"status": 9, "note": ""})
    assert control.status_code < 400
    without = _rating(indicators={str(i): 2 for i in range(3, 8)})
    answer = twin.client.post(f"/api/v1/dossiers/{finished}/ratings", json=without, headers=auth)
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_failed")
    answer = twin.client.post(f"/api/v1/dossiers/{unfinished}/ratings", json=without, headers=auth)
    assert (answer.status_code, answer.json()["total"]) == (201, 10)

"""Citizen B, logged in with a valid token of their own, cannot reach citizen A's things.

Dossier (GET by code, the anonymous ``POST /dossiers/lookup`` with B's ID number), payment (GET,
``POST /payments/lookup``, asking for the fee), rating and supplement: every refusal is 404 with
the generic ``not_found`` problem (never 403: a code that exists must look the same as one that
does not), carries none of A's data, and leaves A's things unchanged. Anonymous look-ups by code
plus ID number are rate-limited per kiosk, so dossier codes cannot be enumerated.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from tests.support.backend import CITIZEN_A, CITIZEN_B, BackendDriver


@dataclass(frozen=True, slots=True)
class Scene:
    twin: BackendDriver
    a: dict[str, str]  # A's bearer headers
    b: dict[str, str]  # B's
    code: str  # A's dossier
    payment: str  # A's pending payment


@pytest.fixture
def scene(twin: BackendDriver) -> Scene:
    a = twin.login(CITIZEN_A)
    code = twin.submit(a).json()["code"]
    payment = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=a).json()["id"]
    return Scene(twin, a, twin.login(CITIZEN_B), code, payment)


def _refused(answer: httpx.Response) -> None:
    assert answer.status_code == 404, answer.text
    assert answer.json()["code"] == "not_found"
    for secret in CITIZEN_A.values():
        assert secret not in answer.text


def _rating() -> dict[str, object]:
    return {
        "indicators": {str(i): 0 for i in range(1, 8)},
        "convenience": "dissatisfied",
        "overall": "dissatisfied",
    }


def _lookup(scene: Scene, code: str, id_number: str, **headers: str) -> httpx.Response:
    return scene.twin.client.post(
        "/api/v1/dossiers/lookup", json={"code": code, "id_number": id_number}, headers=headers
    )


def test_b_cannot_read_a_dossier(scene: Scene) -> None:
    client = scene.twin.client
    _refused(client.get(f"/api/v1/dossiers/{scene.code}", headers=scene.b))
    # an ID number in the query is no way in: the token alone says whose dossiers these are
    _refused(
        client.get(
            f"/api/v1/dossiers/{scene.code}", headers=scene.b, params={"id_number": CITIZEN_A["id_number"]}
        )
    )
    listed = client.get("/api/v1/dossiers", headers=scene.b).json()
    assert listed == {"items": [], "total": 0, "offset": 0, "limit": None}
    assert client.get(f"/api/v1/dossiers/{scene.code}", headers=scene.a).status_code == 200


def test_lookup_by_code_with_b_id_number_is_refused(scene: Scene) -> None:
    _refused(_lookup(scene, scene.code, CITIZEN_B["id_number"]))
    _refused(_lookup(scene, scene.code, CITIZEN_B["id_number"], **scene.b))  # B's token does not help
    assert _lookup(scene, scene.code, CITIZEN_A["id_number"]).status_code == 200


def test_a_code_that_exists_looks_like_one_that_does_not(scene: Scene) -> None:
    client = scene.twin.client
    missing = client.get("/api/v1/dossiers/000.31.36.H36-250317-9999", headers=scene.b)
    existing = client.get(f"/api/v1/dossiers/{scene.code}", headers=scene.b)
    assert (missing.status_code, missing.json()) == (existing.status_code, existing.json())
    guessed = _lookup(scene, "000.31.36.H36-250317-9999", CITIZEN_B["id_number"])
    wrong_owner = _lookup(scene, scene.code, CITIZEN_B["id_number"])
    assert (guessed.status_code, guessed.json()) == (wrong_owner.status_code, wrong_owner.json())


def test_b_cannot_see_or_request_a_payment(scene: Scene) -> None:
    client = scene.twin.client
    _refused(client.get(f"/api/v1/payments/{scene.payment}", headers=scene.b))
    lookup = {"payment_id": scene.payment, "id_number": CITIZEN_B["id_number"]}
    _refused(client.post("/api/v1/payments/lookup", json=lookup))
    _refused(client.post(f"/api/v1/dossiers/{scene.code}/payments", headers=scene.b))
    # B's token with A's ID number in the body: the token wins, the body is ignored
    body_a = {"id_number": CITIZEN_A["id_number"]}
    _refused(client.post(f"/api/v1/dossiers/{scene.code}/payments", headers=scene.b, json=body_a))
    _refused(
        client.post(f"/api/v1/dossiers/{scene.code}/payments", json={"id_number": CITIZEN_B["id_number"]})
    )
    listed = client.get("/api/v1/payments", headers=scene.b).json()
    assert listed == {"items": [], "total": 0, "offset": 0, "limit": None}
    # A's request is still the one pending: B's attempts made no new payment
    again = client.post(f"/api/v1/dossiers/{scene.code}/payments", headers=scene.a)
    assert (again.status_code, again.json()["id"]) == (200, scene.payment)


def test_b_cannot_rate_a_dossier(scene: Scene) -> None:
    client = scene.twin.client
    scene.twin.advance(30 * 60)  # A's dossier is accepted: it could be rated now
    b = scene.twin.login(CITIZEN_B)
    url = f"/api/v1/dossiers/{scene.code}/ratings"
    _refused(client.post(url, json=_rating(), headers=b))
    assert client.post(url, json=_rating()).status_code == 401  # no anonymous rating at all
    a = scene.twin.login(CITIZEN_A)
    assert client.get(f"/api/v1/dossiers/{scene.code}", headers=a).json()["rated"] is False
    assert client.post(url, json=_rating(), headers=a).status_code == 201  # A's one rating is intact


def test_b_cannot_hand_in_a_supplement_for_a(scene: Scene) -> None:
    answer = scene.twin.client.post(f"/api/v1/dossiers/{scene.code}/supplements/S1", json=[], headers=scene.b)
    _refused(answer)


def test_enumerating_codes_anonymously_is_rate_limited(scene: Scene) -> None:
    client = scene.twin.client
    limit = client.app.state.backend.settings.limits.lookup_failures
    prefix, own = scene.code[:-4], scene.code[-4:]
    guesses = [f"{prefix}{n:04d}" for n in range(1, limit + 1) if f"{n:04d}" != own]
    answers = [_lookup(scene, g, CITIZEN_A["id_number"]) for g in guesses]
    assert {a.status_code for a in answers} == {404}
    guess = {"payment_id": "PAY000000000000", "id_number": CITIZEN_A["id_number"]}
    assert client.post("/api/v1/payments/lookup", json=guess).status_code == 404
    # every anonymous route that takes an ID number now answers 429, even for the right pair
    owner = {"id_number": CITIZEN_A["id_number"]}
    blocked = [
        _lookup(scene, scene.code, CITIZEN_A["id_number"]),
        client.post("/api/v1/payments/lookup", json={"payment_id": scene.payment, **owner}),
        client.post(f"/api/v1/dossiers/{scene.code}/payments", json=owner),
    ]
    assert [b.status_code for b in blocked] == [429] * 3
    assert {b.json()["code"] for b in blocked} == {"rate_limited"}
    # the owner with a token is not slowed down by someone else's guessing
    assert client.get(f"/api/v1/dossiers/{scene.code}", headers=scene.a).status_code == 200
    scene.twin.advance(client.app.state.backend.settings.limits.lookup_window.total_seconds() + 1)
    assert _lookup(scene, scene.code, CITIZEN_A["id_number"]).status_code == 200

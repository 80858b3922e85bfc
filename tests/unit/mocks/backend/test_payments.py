"""Payments: dynamic VietQR with the exact amount, confirmation, receipts, never charged twice."""

from __future__ import annotations

from mocks.backend.vietqr import crc16, parse
from tests.support.backend import CITIZEN_A, CITIZEN_B, BackendDriver, free_dossier_body


def test_payment_request_carries_a_valid_dynamic_vietqr(twin: BackendDriver) -> None:
    auth = twin.login()
    code = twin.submit(auth).json()["code"]
    answer = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=auth)
    assert answer.status_code == 201
    payment = answer.json()
    assert (payment["amount"], payment["status"], payment["dossier_code"]) == (10_000, "pending", code)
    payload = payment["vietqr"]
    assert payload[-4:] == crc16(payload[:-4])
    qr = parse(payload)
    assert (qr.dynamic, qr.amount, qr.purpose, qr.bank_bin) == (True, 10_000, code, "970415")


def test_asking_twice_reuses_the_pending_request_and_paying_twice_charges_once(twin: BackendDriver) -> None:
    auth = twin.login()
    code = twin.submit(auth).json()["code"]
    first = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=auth).json()
    second = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=auth)
    assert (second.status_code, second.json()["id"]) == (200, first["id"])
    paid = twin.client.post(f"/control/payments/{first['id']}/confirm").json()
    assert paid["status"] == "paid"
    assert paid["receipt_number"].startswith("BL250317-")
    assert twin.client.post(f"/control/payments/{first['id']}/confirm").json() == paid
    again = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=auth)
    assert (again.status_code, again.json()["id"], again.json()["status"]) == (200, first["id"], "paid")
    assert twin.client.get(f"/api/v1/dossiers/{code}", headers=auth).json()["fee_due"] == 0
    assert twin.client.get("/api/v1/payments", headers=auth).json()["total"] == 1


def test_a_pending_payment_expires_and_a_new_one_is_made(twin: BackendDriver) -> None:
    auth = twin.login()
    code = twin.submit(auth).json()["code"]
    old = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=auth).json()
    twin.advance(10 * 60)
    assert twin.client.get(f"/api/v1/payments/{old['id']}", headers=auth).json()["status"] == "expired"
    late = twin.client.post(f"/control/payments/{old['id']}/confirm")
    assert (late.status_code, late.json()["code"]) == (409, "payment_expired")
    fresh = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=auth).json()
    assert fresh["id"] != old["id"]
    assert fresh["status"] == "pending"


def test_paying_resumes_a_dossier_waiting_for_payment(twin: BackendDriver) -> None:
    auth = twin.login()
    code = twin.submit(auth).json()["code"]
    twin.client.post(f"/control/dossiers/{code}/status", json={"status": 6})
    payment = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=auth).json()
    twin.client.post(f"/control/payments/{payment['id']}/confirm")
    dossier = twin.client.get(f"/api/v1/dossiers/{code}", headers=auth).json()
    assert dossier["status"] == 4
    assert dossier["history"][-1]["action"] == "processing resumed"


def test_nothing_to_pay_and_other_citizens_payments(twin: BackendDriver) -> None:
    auth = twin.login(CITIZEN_A)
    code = twin.submit(auth).json()["code"]
    payment = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=auth).json()
    stranger = twin.login(CITIZEN_B)
    assert twin.client.get(f"/api/v1/payments/{payment['id']}", headers=stranger).status_code == 404
    assert twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=stranger).status_code == 404
    by_id = twin.client.post(
        "/api/v1/payments/lookup", json={"payment_id": payment["id"], "id_number": CITIZEN_A["id_number"]}
    )
    assert by_id.status_code == 200
    free = twin.submit(auth, body=free_dossier_body(twin.client)).json()
    assert free["fee_due"] == 0
    nothing = twin.client.post(f"/api/v1/dossiers/{free['code']}/payments", headers=auth)
    assert (nothing.status_code, nothing.json()["code"]) == (409, "nothing_to_pay")


def test_payment_lookups_by_id_number_share_the_enumeration_limit(twin: BackendDriver) -> None:
    auth = twin.login(CITIZEN_A)
    code = twin.submit(auth).json()["code"]
    payment = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=auth).json()
    anonymous = twin.client.post(
        f"/api/v1/dossiers/{code}/payments", json={"id_number": CITIZEN_A["id_number"]}
    )
    assert (anonymous.status_code, anonymous.json()["id"]) == (200, payment["id"])  # the same request
    for i in range(10):
        guess = {"payment_id": payment["id"], "id_number": f"{i:012d}"}
        assert twin.client.post("/api/v1/payments/lookup", json=guess).status_code == 404
    right = {"payment_id": payment["id"], "id_number": CITIZEN_A["id_number"]}
    assert twin.client.post("/api/v1/payments/lookup", json=right).status_code == 429
    assert (
        twin.client.post(
            f"/api/v1/dossiers/{code}/payments", json={"id_number": CITIZEN_A["id_number"]}
        ).status_code
        == 429
    )


def test_polling_a_payment_writes_only_when_it_has_just_lapsed(twin: BackendDriver) -> None:
    """A kiosk polls while the citizen pays: each poll was a write transaction and a commit."""
    auth = twin.login()
    code = twin.submit(auth).json()["code"]
    payment = twin.client.post(f"/api/v1/dossiers/{code}/payments", headers=auth).json()
    statements: list[str] = []
    twin.client.app.state.backend.store._conn.set_trace_callback(statements.append)
    try:
        for _ in range(3):
            assert twin.client.get(f"/api/v1/payments/{payment['id']}", headers=auth).json() == payment
        assert not [s for s in statements if s.startswith(("BEGIN", "UPDATE", "INSERT", "DELETE"))]
        twin.advance(10 * 60)
        lapsed = twin.client.get(f"/api/v1/payments/{payment['id']}", headers=auth).json()
        assert lapsed["status"] == "expired"
        assert any(s.startswith("UPDATE payments") for s in statements)
    finally:
        twin.client.app.state.backend.store._conn.set_trace_callback(None)

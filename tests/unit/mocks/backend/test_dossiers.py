"""Dossiers: submission, codes, idempotency, attachments, e-form validation, access, look-up limits."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from mocks.backend.settings import OfficialsSettings
from tests.support.backend import (
    CITIZEN_A,
    CITIZEN_B,
    KIOSK_ID,
    KIOSK_KEY,
    TINY_JPEG,
    TINY_PDF,
    BackendDriver,
    SyncAsgiClient,
    attachment,
    dossier_body,
    make_app,
    valid_form,
)


def test_submission_answers_a_new_online_dossier_with_code_and_appointment(twin: BackendDriver) -> None:
    answer = twin.submit(twin.login())
    assert answer.status_code == 201, answer.text
    dossier = answer.json()
    assert re.fullmatch(r"000\.31\.36\.H36-250317-0001", dossier["code"])
    assert dossier["status"] == 1
    assert (dossier["channel"], dossier["kiosk_id"]) == ("online", KIOSK_ID)
    # received Monday 17 Mar 2025 09:00, 7 working days -> Wednesday 26 Mar
    assert dossier["appointment_date"] == "2025-03-26"
    assert dossier["fee_due"] == 10_000
    assert [h["to_status"] for h in dossier["history"]] == [1]


def test_codes_count_per_agency_per_day(twin: BackendDriver) -> None:
    auth = twin.login()
    codes = [twin.submit(auth).json()["code"] for _ in range(2)]
    papers = [attachment("GIAY_TO_KY"), attachment("GIAY_TO_TUY_THAN")]  # the case's mandatory ones
    other_agency = dossier_body(procedure_code="2.000884", case_code="TU_KY", form={}, attachments=papers)
    form_fields = twin.client.get("/api/v1/procedures/2.000884").json()["form"]
    other_agency["form"] = _fill(form_fields)
    codes.append(twin.submit(auth, body=other_agency).json()["code"])
    twin.advance(24 * 3600)
    codes.append(twin.submit(twin.login()).json()["code"])  # the old token expired overnight
    assert codes == [
        "000.31.36.H36-250317-0001",
        "000.31.36.H36-250317-0002",
        "000.30.36.H36-250317-0001",
        "000.31.36.H36-250318-0001",
    ]


def _fill(fields: list[dict[str, object]]) -> dict[str, str]:
    samples = {"date": "2000-01-01", "number": "1", "id_number": "001089012345", "phone": "0912345678",
               "email": "a@b.vn"}  # fmt: skip
    form: dict[str, str] = {}
    for field in fields:
        if not field["required"]:
            continue
        options = field["options"]
        assert isinstance(options, list)
        form[str(field["name"])] = str(options[0]) if options else samples.get(str(field["type"]), "Nội dung")
    return form


def test_idempotency_key_returns_the_same_dossier_and_refuses_another_body(twin: BackendDriver) -> None:
    auth = twin.login()
    first = twin.submit(auth, key="k-1")
    again = twin.submit(auth, key="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"]
    changed = dossier_body(form=valid_form() | {"phone": "0987654321"})
    conflict = twin.submit(auth, key="k-1", body=changed)
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "idempotency_conflict"
    listed = twin.client.get("/api/v1/dossiers", headers=auth).json()
    assert listed["total"] == 1


@pytest.mark.parametrize(
    ("item", "status", "code"),
    [
        (attachment("CT01", TINY_JPEG, "application/pdf"), 415, "unsupported_media_type"),
        (attachment("CT01", b"GIF89a....", "image/jpeg"), 415, "unsupported_media_type"),
        (attachment("CT01") | {"sha256": "0" * 64}, 422, "validation_failed"),
        (attachment("CT01") | {"content_base64": "%%%not base64"}, 422, "validation_failed"),
        (attachment("NOT_A_DOCUMENT"), 422, "validation_failed"),
        (attachment("CT01", TINY_PDF + b"0" * 2000), 413, "payload_too_large"),
    ],
    ids=["jpeg-declared-pdf", "gif", "checksum", "base64", "document", "too-large"],
)
def test_bad_attachments_are_refused(tmp_path: Path, item: dict[str, str], status: int, code: str) -> None:
    app = make_app(tmp_path / "db.sqlite", limits=_small_limits())
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        twin = BackendDriver(client)
        answer = twin.submit(twin.login(), body=dossier_body(attachments=[item]))
        assert answer.status_code == status, answer.text
        assert answer.json()["code"] == code
        assert client.get("/api/v1/dossiers", headers=twin.login()).json()["total"] == 0
    app.state.backend.close()


def _small_limits() -> object:
    from mocks.backend.settings import Limits

    return Limits(file_bytes=1024, dossier_bytes=1500)


def test_total_attachment_size_is_limited(tmp_path: Path) -> None:
    app = make_app(tmp_path / "db.sqlite", limits=_small_limits())
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        twin = BackendDriver(client)
        big = TINY_PDF + b"0" * 900
        body = dossier_body(attachments=[attachment("CT01", big), attachment("GT_CHO_O", big)])
        answer = twin.submit(twin.login(), body=body)
        assert answer.status_code == 413
    app.state.backend.close()


def test_jpeg_attachments_are_accepted(twin: BackendDriver) -> None:
    body = dossier_body(
        attachments=[attachment("CT01", TINY_JPEG, "image/jpeg", "ct01.jpg"), attachment("GT_CHO_O")]
    )
    assert twin.submit(twin.login(), body=body).status_code == 201


def test_eform_errors_are_reported_per_field(twin: BackendDriver) -> None:
    form = valid_form() | {"phone": "12", "date_of_birth": "1989-02-30", "relation_to_head": "Hàng xóm",
                           "surprise": "x"}  # fmt: skip
    del form["new_address"]
    answer = twin.submit(twin.login(), body=dossier_body(form=form))
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert set(detail) == {"form.phone", "form.date_of_birth", "form.relation_to_head", "form.surprise",
                           "form.new_address"}  # fmt: skip
    assert detail["form.new_address"] == "Please fill in Address applied for."


def test_unknown_procedure_or_case_is_a_validation_error(twin: BackendDriver) -> None:
    auth = twin.login()
    assert twin.submit(auth, body=dossier_body(procedure_code="9.999999")).json()["detail"] == {
        "procedure_code": "no such procedure"
    }
    assert "case_code" in twin.submit(auth, body=dossier_body(case_code="NOPE")).json()["detail"]


def test_owner_looks_up_by_code_and_others_get_404(twin: BackendDriver) -> None:
    code = twin.submit(twin.login(CITIZEN_A)).json()["code"]
    owner = twin.client.get(f"/api/v1/dossiers/{code}", headers=twin.login(CITIZEN_A))
    assert owner.status_code == 200
    assert owner.json()["code"] == code
    stranger = twin.login(CITIZEN_B)
    assert twin.client.get(f"/api/v1/dossiers/{code}", headers=stranger).status_code == 404
    listed = twin.client.get("/api/v1/dossiers", headers=stranger).json()
    assert listed == {"items": [], "total": 0, "offset": 0, "limit": None}
    assert twin.client.get(f"/api/v1/dossiers/{code}").status_code == 401


def test_lookup_by_code_and_id_number_is_rate_limited(twin: BackendDriver) -> None:
    code = twin.submit(twin.login(CITIZEN_A)).json()["code"]
    ok = twin.client.post("/api/v1/dossiers/lookup", json={"code": code, "id_number": CITIZEN_A["id_number"]})
    assert ok.status_code == 200
    for i in range(10):
        wrong = twin.client.post("/api/v1/dossiers/lookup", json={"code": code, "id_number": f"{i:012d}"})
        assert wrong.status_code == 404
    limited = twin.client.post(
        "/api/v1/dossiers/lookup", json={"code": code, "id_number": CITIZEN_A["id_number"]}
    )
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    # the bearer owner is not affected by the kiosk's failed guesses
    assert twin.client.get(f"/api/v1/dossiers/{code}", headers=twin.login(CITIZEN_A)).status_code == 200
    twin.advance(10 * 60)
    assert (
        twin.client.post(
            "/api/v1/dossiers/lookup", json={"code": code, "id_number": CITIZEN_A["id_number"]}
        ).status_code
        == 200
    )


def test_supplement_upload_resumes_processing(twin: BackendDriver) -> None:
    auth = twin.login()
    code = twin.submit(auth).json()["code"]
    forced = twin.client.post(f"/control/dossiers/{code}/status", json={"status": 5, "note": "Ảnh mờ"}).json()
    request = forced["supplement_requests"][0]
    assert (forced["status"], request["status"], request["note"]) == (5, "requested", "Ảnh mờ")
    wrong_doc = [attachment("NOT_ASKED")]
    url = f"/api/v1/dossiers/{code}/supplements/{request['id']}"
    assert twin.client.post(url, json=wrong_doc, headers=auth).status_code == 422
    papers = [attachment(doc) for doc in request["documents"]]
    supplied = twin.client.post(url, json=papers, headers=auth)
    assert supplied.status_code == 200, supplied.text
    assert supplied.json()["status"] == 4
    assert supplied.json()["supplement_requests"][0]["status"] == "supplied"
    assert twin.client.post(url, json=papers, headers=auth).json()["code"] == "supplement_closed"


def test_a_supplied_request_is_completed_with_the_dossier(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.sqlite", officials=OfficialsSettings(p_supplement=0.0, p_payment=0.0))
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        twin = BackendDriver(client)
        auth = twin.login()
        code = twin.submit(auth).json()["code"]
        payment = client.post(f"/api/v1/dossiers/{code}/payments", headers=auth).json()
        client.post(f"/control/payments/{payment['id']}/confirm")
        request = client.post(f"/control/dossiers/{code}/status", json={"status": 5}).json()[
            "supplement_requests"
        ][0]
        papers = [attachment(doc) for doc in request["documents"]]
        client.post(f"/api/v1/dossiers/{code}/supplements/{request['id']}", json=papers, headers=auth)
        twin.advance(10 * 24 * 3600)
        done = client.post(
            "/api/v1/dossiers/lookup", json={"code": code, "id_number": CITIZEN_A["id_number"]}
        ).json()
    app.state.backend.close()
    assert done["status"] == 10
    assert done["supplement_requests"][0]["status"] == "completed"
    assert [h["to_status"] for h in done["history"]] == [1, 5, 4, 9, 10]


def test_data_survives_a_restart(db: Path) -> None:
    app = make_app(db)
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        twin = BackendDriver(client)
        auth = twin.login()
        code = twin.submit(auth).json()["code"]
        twin.advance(25 * 60)
    app.state.backend.close()
    again = make_app(db)
    with SyncAsgiClient(again, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        clock = client.get("/control/clock").json()
        assert dt.datetime.fromisoformat(clock["now"]) == dt.datetime(2025, 3, 17, 2, 25, tzinfo=dt.UTC)
        assert clock["offset_seconds"] == 25 * 60
        mine = client.get(f"/api/v1/dossiers/{code}", headers=auth)  # the old token still verifies
        assert mine.status_code == 200
        assert mine.json()["status"] == 1
        BackendDriver(client).advance(10 * 60)  # officials carry on where they were
        lookup = client.post(
            "/api/v1/dossiers/lookup", json={"code": code, "id_number": CITIZEN_A["id_number"]}
        )
        assert lookup.json()["status"] == 2
    again.state.backend.close()

"""HttpProvincialBackend against the simulated backend's real app (ASGI, temporary SQLite file)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Any, Literal

import httpx
import pytest

from reference_kiosk import api
from reference_kiosk.backend import (
    BackendServerError,
    CitizenClaims,
    ConflictError,
    NotFoundError,
    RateLimitedError,
    ResponseLostError,
    SupplementClosedError,
    UnauthorizedError,
    UnsupportedMediaError,
    ValidationFailedError,
    VneidTokenVerifier,
)
from tests.contract.backend.conftest import KIOSK_ID, WORLD_START, ClientRig
from tests.support.backend import TINY_PDF

pytestmark = pytest.mark.anyio

# Clearly fake citizens (the 001 province prefix is Hanoi's, the serials are made up).
CITIZEN = {"id_number": "001099000123", "full_name": "Nguyễn Thị Thử", "date_of_birth": "1990-05-04"}
OTHER = {"id_number": "001088000456", "full_name": "Trần Văn Khác", "date_of_birth": "1988-01-02"}
PDF = TINY_PDF  # a real one-page PDF: the backend refuses files that do not decode


class WorldClock:
    """The kiosk's Clock, standing where the backend's frozen world clock stands."""

    def __init__(self, now: dt.datetime) -> None:
        self.current = now

    def now(self) -> dt.datetime:
        return self.current

    def monotonic(self) -> float:
        return self.current.timestamp()


async def control(
    twin: ClientRig, path: str, body: dict[str, Any] | None = None, method: str = "POST"
) -> Any:
    response = await twin.control.request(method, path, json=body)
    assert response.is_success, response.text
    return response.json() if response.content else None


async def login(twin: ClientRig, citizen: dict[str, str]) -> str:
    """VNeID login as the kiosk does it; the approval is the citizen's app, via the control API."""
    await control(twin, "/control/citizens", citizen)
    session = await twin.kiosk.start_vneid_login()
    assert session.qr
    assert (await twin.kiosk.poll_vneid_login(session.id)).status == api.VneidStatus.PENDING
    await control(twin, f"/control/vneid/{session.id}/approve", {"id_number": citizen["id_number"]})
    polled = await twin.kiosk.poll_vneid_login(session.id)
    assert polled.status == api.VneidStatus.APPROVED
    assert polled.token is not None
    return polled.token


def attachment(
    code: str,
    content: bytes = PDF,
    content_type: Literal["application/pdf", "image/jpeg"] = "application/pdf",
) -> api.Attachment:
    return api.Attachment(
        document_code=code,
        filename=f"{code.lower()}.pdf",
        content_type=content_type,
        content_base64=base64.b64encode(content).decode(),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def residence_dossier(citizen: dict[str, str], **form: str) -> api.DossierCreate:
    values = {
        "full_name": citizen["full_name"],
        "id_number": citizen["id_number"],
        "date_of_birth": citizen["date_of_birth"],
        "current_address": "Số 1 đường Thử, phường Vĩnh Trại, Lạng Sơn",
        "phone": "0912345678",
        "new_address": "Số 2 đường Thử, phường Vĩnh Trại, Lạng Sơn",
        "head_name": citizen["full_name"],
        "head_id_number": citizen["id_number"],
        "relation_to_head": "Chủ hộ",
    } | form
    return api.DossierCreate(
        procedure_code="1.004222",
        case_code="CHO_O_SO_HUU",
        form=values,
        attachments=[attachment("CT01"), attachment("GT_CHO_O")],
    )


# ---------------------------------------------------------------------------- catalogue


@pytest.mark.parametrize("query", ["dang ky thuong tru", "thuong tru", "Đăng ký thường trú"])
async def test_search_without_diacritics_finds_permanent_residence(twin: ClientRig, query: str) -> None:
    found = await twin.kiosk.search_procedures(query)
    assert found.items[0].name == "Đăng ký thường trú"
    assert found.total >= 1


async def test_a_procedure_round_trips_through_the_shared_model(twin: ClientRig) -> None:
    procedure = await twin.kiosk.get_procedure("1.004222")
    assert procedure.field == "cu_tru"
    assert any(fee.online == 10_000 for fee in procedure.fees)
    assert {d.code for d in procedure.documents} >= {"CT01"}


async def test_an_unknown_procedure_is_not_found(twin: ClientRig) -> None:
    with pytest.raises(NotFoundError):
        await twin.kiosk.get_procedure("9.999999")


async def test_an_unknown_kiosk_key_is_unauthorized(twin: ClientRig) -> None:
    async with twin.client("not-a-kiosk") as stranger:
        with pytest.raises(UnauthorizedError):
            await stranger.start_vneid_login()


# ---------------------------------------------------------------------------- identity


async def test_vneid_login_gives_a_token_the_kiosk_verifies(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    verifier = VneidTokenVerifier(
        twin.kiosk.fetch_jwks,
        issuer="https://vneid.mock.local",
        audience="kiosk-twin",
        clock=WorldClock(WORLD_START),
    )
    claims = await verifier.verify(token)
    assert claims == CitizenClaims(
        subject=claims.subject,
        id_number=CITIZEN["id_number"],
        full_name=CITIZEN["full_name"],
        date_of_birth=dt.date(1990, 5, 4),
        level=2,
        expires_at=claims.expires_at,
    )
    assert claims.expires_at > WORLD_START


# ---------------------------------------------------------------------------- dossiers


async def test_submit_then_resubmit_with_the_same_key_gives_one_dossier(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    first = await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-1")
    again = await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-1")
    assert again.code == first.code
    assert first.status == api.DossierStatus.NEW
    assert first.kiosk_id == KIOSK_ID
    assert first.appointment_date > WORLD_START.date()
    assert first.code.startswith(f"{first.agency}-250317-")
    assert (await twin.kiosk.list_dossiers(token)).total == 1


async def test_the_same_key_with_another_body_is_a_conflict(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-1")
    with pytest.raises(ConflictError) as info:
        await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN, phone="0987654321"), "key-1")
    assert info.value.code == "idempotency_conflict"


async def test_a_lost_answer_then_a_resend_keeps_one_dossier(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    plan = {"seed": 1, "rules": [{"route": "POST /api/v1/dossiers", "lost_response_rate": 1.0}]}
    await control(twin, "/control/faults", plan, method="PUT")
    before = twin.kiosk.attempts
    with pytest.raises(BackendServerError):  # every answer lost: retried, then given up
        await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-lost")
    assert twin.kiosk.attempts - before == 4
    await control(twin, "/control/faults", {"seed": 1, "rules": []}, method="PUT")
    dossier = await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-lost")
    mine = await twin.kiosk.list_dossiers(token)
    assert [d.code for d in mine.items] == [dossier.code]


async def test_a_dropped_connection_is_resent_within_the_call_and_keeps_one_dossier(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    # Seed 4 at rate 0.5: the first POST is dropped after its commit, the second is answered.
    rule = {"route": "POST /api/v1/dossiers", "lost_response_rate": 0.5, "lost_response_mode": "drop"}
    await control(twin, "/control/faults", {"seed": 4, "rules": [rule]}, method="PUT")
    before = twin.kiosk.attempts
    dossier = await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-drop")
    assert twin.kiosk.attempts - before == 2
    mine = await twin.kiosk.list_dossiers(token)
    assert [d.code for d in mine.items] == [dossier.code]


async def test_a_connection_dropped_every_time_is_a_lost_response(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    rule = {"route": "POST /api/v1/dossiers", "lost_response_rate": 1.0, "lost_response_mode": "drop"}
    await control(twin, "/control/faults", {"seed": 1, "rules": [rule]}, method="PUT")
    with pytest.raises(ResponseLostError):
        await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-drop")
    assert len((await twin.kiosk.list_dossiers(token)).items) == 1  # committed once, whatever happened


async def test_an_invalid_form_names_the_fields(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    with pytest.raises(ValidationFailedError) as info:
        await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN, phone="12"), "key-2")
    assert "form.phone" in info.value.fields


async def test_a_pdf_declared_as_jpeg_is_refused(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    bad = residence_dossier(CITIZEN).model_copy(
        update={"attachments": [attachment("CT01", content_type="image/jpeg"), attachment("GT_CHO_O")]}
    )
    with pytest.raises(UnsupportedMediaError):
        await twin.kiosk.submit_dossier(token, bad, "key-3")


async def test_look_up_by_code_for_the_owner_and_by_code_plus_id_number(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    code = (await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-1")).code
    assert (await twin.kiosk.get_dossier(code, token)).code == code
    by_id = await twin.kiosk.lookup_dossier(code, CITIZEN["id_number"])
    assert [h.to_status for h in by_id.history] == [api.DossierStatus.NEW]
    with pytest.raises(NotFoundError):
        await twin.kiosk.lookup_dossier(code, OTHER["id_number"])
    other_token = await login(twin, OTHER)
    with pytest.raises(NotFoundError):  # another citizen's dossier does not exist for them
        await twin.kiosk.get_dossier(code, other_token)
    assert (await twin.kiosk.list_dossiers(other_token)).total == 0


async def test_a_supplement_is_taken_once_and_processing_resumes(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    code = (await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-1")).code
    await control(twin, f"/control/dossiers/{code}/status", {"status": 5})
    [request] = (await twin.kiosk.get_dossier(code, token)).supplement_requests
    papers = [attachment(c) for c in request.documents]
    jpeg = attachment(request.documents[0], content_type="image/jpeg")
    with pytest.raises(UnsupportedMediaError):  # checked as a submission's attachments are
        await twin.kiosk.supply_documents(token, code, request.id, [jpeg])
    after = await twin.kiosk.supply_documents(token, code, request.id, papers)
    assert after.status == api.DossierStatus.PROCESSING
    assert [r.status for r in after.supplement_requests] == ["supplied"]
    with pytest.raises(SupplementClosedError):  # a resend (a lost answer) is told it was answered
        await twin.kiosk.supply_documents(token, code, request.id, papers)


# ---------------------------------------------------------------------------- payments, ratings


async def test_pay_the_fee_by_vietqr_once(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    dossier = await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-1")
    assert dossier.fee_due == 10_000
    payment = await twin.kiosk.request_payment(token, dossier.code)
    assert (payment.amount, payment.status) == (10_000, api.PaymentStatus.PENDING)
    assert payment.vietqr.startswith("000201010212")  # dynamic VietQR
    assert "5405" + "10000" in payment.vietqr
    await control(twin, f"/control/payments/{payment.id}/confirm")
    paid = await twin.kiosk.get_payment(token, payment.id)
    assert paid.status == api.PaymentStatus.PAID
    assert paid.receipt_number
    again = await twin.kiosk.request_payment(token, dossier.code)
    assert (again.id, again.status) == (payment.id, api.PaymentStatus.PAID)  # never charged twice
    assert (await twin.kiosk.get_dossier(dossier.code, token)).fee_due == 0


async def test_rate_once_after_the_desk_received_it(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    code = (await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-1")).code
    rating = api.RatingCreate(
        indicators=dict.fromkeys(range(1, 8), 2),
        convenience=api.Satisfaction.SATISFIED,
        overall=api.Satisfaction.VERY_SATISFIED,
    )
    with pytest.raises(ConflictError):  # still "new": nobody received it yet
        await twin.kiosk.rate_dossier(token, code, rating)
    await control(twin, "/control/clock/advance", {"seconds": 3600})  # officials accept it
    with pytest.raises(UnauthorizedError):  # an hour later the 30-minute token has expired
        await twin.kiosk.rate_dossier(token, code, rating)
    token = await login(twin, CITIZEN)
    assert (await twin.kiosk.get_dossier(code, token)).status != api.DossierStatus.NEW
    made = await twin.kiosk.rate_dossier(token, code, rating)
    assert (made.dossier_code, made.total) == (code, 14)
    with pytest.raises(ConflictError) as info:
        await twin.kiosk.rate_dossier(token, code, rating)
    assert info.value.code == "duplicate_rating"


async def test_the_client_leaves_no_connection_open(twin: ClientRig) -> None:
    # aclose is idempotent enough for the composition root to call it on every exit path.
    client = twin.client()
    await client.aclose()
    with pytest.raises(RuntimeError):
        await client.search_procedures("x")
    assert isinstance(twin.transport, httpx.ASGITransport)


async def test_guessing_id_numbers_is_rate_limited(twin: ClientRig) -> None:
    token = await login(twin, CITIZEN)
    code = (await twin.kiosk.submit_dossier(token, residence_dossier(CITIZEN), "key-1")).code
    refusals: list[type[Exception]] = []
    for guess in range(12):
        try:
            await twin.kiosk.lookup_dossier(code, f"0010990{guess:05d}")
        except (NotFoundError, RateLimitedError) as exc:
            refusals.append(type(exc))
    assert refusals[0] is NotFoundError
    assert refusals[-1] is RateLimitedError
    assert twin.sleep.delays == []  # refusals are never retried

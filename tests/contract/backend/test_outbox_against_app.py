"""The outbox and the whole flow against the mock's app, through H3's client over ASGITransport.

Faults are injected at the transport: "down" (connect refused, nothing reaches the app) and
"lost" (the app stores the dossier, then the connection drops before the answer).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image, ImageDraw

from mocks.citizens import persona
from reference_kiosk import api
from reference_kiosk.app import ClientOptions, build_kiosk
from reference_kiosk.backend import HttpProvincialBackend, RetryPolicy
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import Screen
from reference_kiosk.flow import events as ev
from reference_kiosk.flow import views as vw
from reference_kiosk.outbox import Deferred, Delivered, ItemState, Outbox, OutboxSender, Submission
from reference_kiosk.ports import Devices, ScannedPage, ScanSettings, ScanSource
from tests.contract.backend.conftest import BASE, KIOSK_KEY, WORLD_START
from tests.support.backend import SyncAsgiClient, attachment, fill_form
from tests.support.kiosk_flow import FakeClock

KEY = bytes(range(32))
CITIZEN = persona(11)
HOLDER = persona(3)


class FaultyTransport(httpx.AsyncBaseTransport):
    """Plays ``script`` on POST /dossiers ("down", "lost", "ok"); everything else passes."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *script: str) -> None:
        self.inner = inner
        self.script = list(script)
        self.posts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/dossiers"):
            self.posts += 1
            action = self.script.pop(0) if self.script else "ok"
            if action == "down":
                raise httpx.ConnectError("connection refused", request=request)
            if action == "lost":
                response = await self.inner.handle_async_request(request)
                await response.aread()
                raise httpx.ReadError("connection dropped after the request", request=request)
        return await self.inner.handle_async_request(request)


def client(app: FastAPI, *script: str) -> tuple[HttpProvincialBackend, FaultyTransport]:
    transport = FaultyTransport(httpx.ASGITransport(app=app), *script)
    # One attempt per call: the retries under test are the outbox's, not the client's.
    return HttpProvincialBackend(
        BASE, KIOSK_KEY, transport=transport, retry=RetryPolicy(attempts=1)
    ), transport


async def vneid_token(kiosk: HttpProvincialBackend, control: httpx.AsyncClient) -> str:
    session = await kiosk.start_vneid_login()
    body = {
        "id_number": CITIZEN.id_number,
        "full_name": CITIZEN.full_name,
        "date_of_birth": CITIZEN.date_of_birth.isoformat(),
    }
    (await control.post("/control/citizens", json=body)).raise_for_status()
    approve = {"id_number": CITIZEN.id_number}
    (await control.post(f"/control/vneid/{session.id}/approve", json=approve)).raise_for_status()
    poll = await kiosk.poll_vneid_login(session.id)
    assert poll.token is not None
    return poll.token


async def dossier_body(kiosk: HttpProvincialBackend) -> api.DossierCreate:
    proc = await kiosk.get_procedure("1.004222")
    case = proc.cases[0] if proc.cases else None
    docs = case.documents if case else proc.documents
    return api.DossierCreate(
        procedure_code=proc.code,
        case_code=case.code if case else "default",
        form=fill_form(proc.form, CITIZEN),
        attachments=[api.Attachment.model_validate(attachment(d.code)) for d in docs],
    )


def test_lost_answers_and_a_down_backend_still_give_exactly_one_dossier(app: FastAPI, tmp_path: Path) -> None:
    clock = FakeClock(WORLD_START)

    async def main() -> None:
        kiosk, faults = client(app, "down", "lost", "down", "ok")
        async with kiosk, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as control:
            token = await vneid_token(kiosk, control)
            outbox = Outbox(tmp_path / "outbox.db", KEY, clock)
            sender = OutboxSender(outbox, kiosk, clock, random.Random(3))
            outbox.add("9b2f6c1e-0000-4000-8000-000000000001", Submission(token, await dossier_body(kiosk)))
            results = []
            for _ in range(4):
                results.append(await sender.send("9b2f6c1e-0000-4000-8000-000000000001"))
                clock.advance(400)
            assert [type(r).__name__ for r in results] == ["Deferred", "Deferred", "Deferred", "Delivered"]
            assert faults.posts == 4
            lost = results[1]
            assert isinstance(lost, Deferred)
            assert type(lost.error).__name__ == "ResponseLostError"
            delivered = results[3]
            assert isinstance(delivered, Delivered)
            mine = (await kiosk.list_dossiers(token)).items
            assert [d.code for d in mine] == [delivered.dossier.code]  # deduplicated by key

    asyncio.run(main())


def test_restart_resumes_pending_items(app: FastAPI, tmp_path: Path) -> None:
    clock = FakeClock(WORLD_START)

    async def main() -> None:
        kiosk, _ = client(app, "down")
        async with kiosk, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as control:
            token = await vneid_token(kiosk, control)
            outbox = Outbox(tmp_path / "outbox.db", KEY, clock)
            outbox.add("key-a", Submission(token, await dossier_body(kiosk)))
            assert isinstance(
                await OutboxSender(outbox, kiosk, clock, random.Random(1)).send("key-a"), Deferred
            )
            outbox.close()  # the kiosk restarts
            clock.advance(60)
            outbox2 = Outbox(tmp_path / "outbox.db", KEY, clock)
            results = await OutboxSender(outbox2, kiosk, clock, random.Random(1)).send_due()
            assert [type(r).__name__ for r in results] == ["Delivered"]
            assert outbox2.counts()[ItemState.DELIVERED] == 1
            assert len((await kiosk.list_dossiers(token)).items) == 1

    asyncio.run(main())


# ---------------------------------------------------------------------------- the whole flow


class PaperScanner:
    """A flatbed that always has a typed page on it."""

    def scan(self, settings: ScanSettings) -> ScannedPage:
        image = Image.new("L", (1654, 2339), 250)
        draw = ImageDraw.Draw(image)
        for i in range(30):
            draw.line((150, 200 + 60 * i, 1300, 200 + 60 * i), fill=20, width=4)
        return ScannedPage(image=image, dpi=200, source=ScanSource.FLATBED)


class FlowOverApp:
    """KioskFlow + Services (inline) + the app: ``send`` runs every answer back into the flow."""

    def __init__(self, app: FastAPI, tmp_path: Path, *script: str) -> None:
        self.clock = FakeClock(WORLD_START)
        self.faults = FaultyTransport(httpx.ASGITransport(app=app), *script)
        config = KioskConfig(
            backend_url=BASE, kiosk_key=KIOSK_KEY, outbox_path=tmp_path / "outbox.db", outbox_key=KEY,
            telemetry_path=None,
            card_on_glass=False,  # the card journeys here type the key; the glass has its own tests
        )  # fmt: skip
        self.kiosk = build_kiosk(
            config,
            Devices(scanner=PaperScanner()),  # type: ignore[arg-type]
            clock=self.clock,
            transport=self.faults,
            threaded=False,
            rng=random.Random(2),
            ui=False,
            client=ClientOptions(retry=RetryPolicy(attempts=1)),  # the retries under test are the outbox's
        )
        self.services, self.flow = self.kiosk.services, self.kiosk.flow
        self.control = SyncAsgiClient(app)

    def send(self, *events: ev.Event) -> None:
        todo = list(events)
        while todo:
            self.services.execute(self.flow.handle(todo.pop(0)))
            todo[:0] = self.services.drain()  # answers first, as they would arrive before the next tap

    def tick(self, seconds: int) -> None:
        for _ in range(seconds):
            self.clock.advance(1)
            self.send(ev.Tick(self.clock.monotonic()))

    def view(self) -> Any:
        return self.flow.view

    def close(self) -> None:
        self.control.close()
        self.kiosk.close()


@pytest.fixture
def twin_kiosk(app: FastAPI, tmp_path: Path) -> Iterator[FlowOverApp]:
    twin = FlowOverApp(app, tmp_path)
    yield twin
    twin.close()


def _type_like_a_citizen(field: vw.FieldView) -> str:
    if field.options:
        return field.options[0]
    return {
        "phone": "0912345678",
        "email": "cong.dan@example.vn",
        "date": "17/03/2025",
        "number": "1",
        "id_number": CITIZEN.id_number,
    }.get(field.type, CITIZEN.residence)


def test_a_citizen_submits_a_dossier_through_the_flow(twin_kiosk: FlowOverApp) -> None:
    t = twin_kiosk
    body = {
        "id_number": CITIZEN.id_number,
        "full_name": CITIZEN.full_name,
        "date_of_birth": CITIZEN.date_of_birth.isoformat(),
    }
    t.control.post("/control/citizens", json=body).raise_for_status()
    t.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.VNEID))
    login = t.view()
    assert login.phase is vw.LoginPhase.VNEID_QR
    session_id = login.qr_payload and t.flow._st.s.login.vneid_session
    t.control.post(
        f"/control/vneid/{session_id}/approve", json={"id_number": CITIZEN.id_number}
    ).raise_for_status()
    t.tick(2)
    assert t.view().phase is vw.LoginPhase.VERIFIED
    assert t.view().citizen_name == CITIZEN.full_name
    t.send(ev.Continue(), ev.TileChosen(ev.HomeTile.SUBMIT), ev.SearchChanged("dang ky thuong tru"))
    results = t.view().results
    assert results, "the diacritics-free query finds the procedure"
    t.send(ev.ProcedureChosen(results[0].code), ev.StartSubmission())
    if t.flow.screen is Screen.PROCEDURE:
        t.send(ev.CaseChosen(t.view().cases[0].code))
    form = t.view()
    assert isinstance(form, vw.FormView)
    t.send(*(ev.FormFieldEdited(f.name, _type_like_a_citizen(f)) for f in form.fields if not f.read_only))
    t.send(ev.Continue())
    assert t.flow.screen is Screen.SCAN, [f.error_en for f in t.view().fields if f.error_en]
    for item in t.view().checklist:
        if item.mandatory:
            t.send(ev.ScanRequested(item.document_code))
    t.send(ev.Continue())
    assert t.flow.screen is Screen.REVIEW
    assert all(d.size_bytes > 0 for d in t.view().documents)
    t.send(ev.ReviewConfirmed())
    receipt = t.view()
    assert isinstance(receipt, vw.ReceiptView)
    assert not receipt.offline
    assert receipt.dossier_code is not None
    assert receipt.appointment_date is not None
    assert receipt.appointment_date >= dt.date(2025, 3, 17)
    t.send(ev.Continue(), ev.Logout())
    assert t.flow.screen is Screen.GOODBYE
    assert t.services.executor.store.pages == {}


def test_backend_down_at_submission_gives_an_offline_receipt_then_delivers(
    app: FastAPI, tmp_path: Path
) -> None:
    t = FlowOverApp(app, tmp_path, "down", "down")
    try:
        token = asyncio.run(_login_and_submit_offline(t))
        assert token
    finally:
        t.close()


async def _login_and_submit_offline(t: FlowOverApp) -> str:
    # Drive the services directly where the flow would: the flow side is covered above.
    from reference_kiosk.flow import effects as fx

    executor = t.services.executor
    kiosk = executor.backend
    async with httpx.AsyncClient(transport=t.faults.inner, base_url=BASE) as control:
        token = await vneid_token(kiosk, control)  # type: ignore[arg-type]
    body = await dossier_body(kiosk)  # type: ignore[arg-type]
    executor.outbox.add("key-offline", Submission(token, body))
    answer = await executor.run(fx.SubmitDossier("key-offline", token, body.procedure_code, body.case_code))
    assert answer == ev.SubmissionQueued("key-offline")
    t.clock.advance(600)
    assert [type(r).__name__ for r in await executor.sender.send_due()] == ["Deferred"]
    t.clock.advance(600)
    assert [type(r).__name__ for r in await executor.sender.send_due()] == ["Delivered"]
    return token


def test_threaded_services_built_from_config_serve_the_flow(app: FastAPI, tmp_path: Path) -> None:
    from reference_kiosk.app import build_kiosk

    clock = FakeClock(WORLD_START)
    config = KioskConfig(
        backend_url=BASE,
        kiosk_key=KIOSK_KEY,
        outbox_path=tmp_path / "var" / "outbox.db",
        telemetry_path=tmp_path / "var" / "telemetry.jsonl",
    )
    kiosk = build_kiosk(config, clock=clock, transport=httpx.ASGITransport(app=app), ui=False)
    services, flow = kiosk.services, kiosk.flow
    try:
        services.execute(flow.handle(ev.TileChosen(ev.HomeTile.PROCEDURES)))
        services.execute(flow.handle(ev.SearchChanged("khai sinh")))
        assert services.wait_idle(20)
        for answer in services.drain():
            services.execute(flow.handle(answer))
        view = flow.view
        assert isinstance(view, vw.SearchView)
        assert view.query == "khai sinh"
        assert view.results
        assert (tmp_path / "var" / "outbox.key").stat().st_mode & 0o777 == 0o600
        services.execute(flow.handle(ev.Home()))
    finally:
        kiosk.close()
    lines = (tmp_path / "var" / "telemetry.jsonl").read_text(encoding="utf-8").splitlines()
    assert [line.split('"type":"')[1].split('"')[0] for line in lines] == [
        "session_start",
        "step_enter",
        "step_leave",
        "session_end",
    ]


def _login(t: FlowOverApp) -> None:
    body = {
        "id_number": CITIZEN.id_number,
        "full_name": CITIZEN.full_name,
        "date_of_birth": CITIZEN.date_of_birth.isoformat(),
    }
    t.control.post("/control/citizens", json=body).raise_for_status()
    t.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.VNEID))
    session_id = t.flow._st.s.login.vneid_session
    t.control.post(
        f"/control/vneid/{session_id}/approve", json={"id_number": CITIZEN.id_number}
    ).raise_for_status()
    t.tick(2)
    t.send(ev.Continue())
    assert t.flow.screen is Screen.HOME


def _submitted_code(t: FlowOverApp, app: FastAPI) -> str:
    async def submit() -> str:
        kiosk, _ = client(app)
        async with kiosk:
            token = t.flow._st.s.token
            assert token is not None
            made = await kiosk.submit_dossier(token, await dossier_body(kiosk), "key-pay-rate")
            return made.code

    return asyncio.run(submit())


def test_pay_look_up_and_rate_through_the_flow(app: FastAPI, tmp_path: Path) -> None:
    t = FlowOverApp(app, tmp_path)
    try:
        _login(t)
        code = _submitted_code(t, app)
        t.send(ev.TileChosen(ev.HomeTile.PAY))
        pay = t.view()
        assert [i.dossier_code for i in pay.items] == [code]
        t.send(ev.PayChosen(code))
        pay = t.view()
        assert pay.phase is vw.PayPhase.QR
        assert pay.qr_payload.startswith("000201")
        payment = t.flow._st.s.pay.payment
        assert payment is not None
        payment_id = payment.id
        t.control.post(f"/control/payments/{payment_id}/confirm").raise_for_status()
        t.tick(3)
        assert t.view().phase is vw.PayPhase.PAID
        assert t.view().receipt_number
        t.send(ev.Continue(), ev.TileChosen(ev.HomeTile.LOOKUP))
        assert [d.code for d in t.view().dossiers] == [code]
        t.send(ev.DossierChosen(code))
        detail = t.view().detail
        assert detail is not None
        assert detail.summary.code == code
        assert detail.timeline
        t.send(ev.Back(), ev.Back())
        t.control.post(f"/control/dossiers/{code}/status", json={"status": 2}).raise_for_status()
        t.send(ev.TileChosen(ev.HomeTile.RATE), ev.DossierChosen(code))
        for i in range(1, 8):
            t.send(ev.RatingAnswered(i, 2))
        t.send(
            ev.RatingAnswered(8, api.Satisfaction.SATISFIED),
            ev.RatingAnswered(9, api.Satisfaction.VERY_SATISFIED),
            ev.RatingSubmitted(),
        )
        assert t.view().phase is vw.RatePhase.DONE
        t.send(ev.Continue(), ev.Logout())
        t.tick(10)
        # A visitor without login looks the dossier up by code + ID number.
        t.send(ev.TileChosen(ev.HomeTile.LOOKUP), ev.LookupByCode(code, CITIZEN.id_number))
        assert t.view().phase is vw.LookupPhase.DETAIL
        t.send(ev.Back(), ev.LookupByCode(code, "020000000000"))
        assert t.view().phase is vw.LookupPhase.NOT_FOUND
    finally:
        t.close()


def test_card_login_with_the_emulated_chip_then_removal_wipes(app: FastAPI, tmp_path: Path) -> None:
    from mocks.backend.cccd_verify import TrustStore
    from mocks.backend.routes.cccd import install_trust_store
    from mocks.card.control import CardControl
    from mocks.card.pki import MockPki
    from mocks.card.reader import EmulatedCardReader

    pki = MockPki(tmp_path / "pki")
    # Born 1995: the card expires at 40, so ID number + date of birth give the BAC key. (Over 60
    # the card has no expiry and its MRZ value is not computable: such a card needs its MRZ.)
    install_trust_store(app, TrustStore((pki.csca_cert,)))
    t = FlowOverApp(app, tmp_path)
    reader = EmulatedCardReader()
    t.services.executor.devices = Devices(card_reader=reader)
    card = CardControl(reader, pki)
    try:
        body = {
            "id_number": HOLDER.id_number,
            "full_name": HOLDER.full_name,
            "date_of_birth": HOLDER.date_of_birth.isoformat(),
        }
        t.control.post("/control/citizens", json=body).raise_for_status()
        t.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD))
        assert t.view().phase is vw.LoginPhase.PLACE_CARD
        card.insert(HOLDER)
        t.send(*t.services.drain())  # the reader's insert event
        assert t.view().phase is vw.LoginPhase.ENTER_BAC
        t.send(ev.BacEntered(HOLDER.id_number, HOLDER.date_of_birth))
        login = t.view()
        assert login.phase is vw.LoginPhase.VERIFIED, login.error_en
        assert login.citizen_name == HOLDER.full_name
        assert login.masked_id == "*********" + HOLDER.id_number[-3:]
        t.send(ev.Continue())
        card.remove()
        t.send(*t.services.drain())
        goodbye = t.view()
        assert isinstance(goodbye, vw.GoodbyeView)
        assert goodbye.remind_card
        assert not t.flow.logged_in
    finally:
        t.close()

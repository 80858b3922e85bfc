"""Services execute the flow's effects through the ports and answer with flow events."""

from __future__ import annotations

import base64
import datetime as dt
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import pytest
from PIL import Image, ImageDraw

from reference_kiosk import api
from reference_kiosk.app import EffectExecutor, Services
from reference_kiosk.app.errors import UnexpectedFailureError
from reference_kiosk.backend.errors import BackendUnavailableError, NotFoundError, SupplementNotSentError
from reference_kiosk.devices.errors import CardRemovedError, FeederJammedError, NoReaderError
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.outbox import ItemState, Outbox, OutboxSender
from reference_kiosk.ports import (
    CardConnection,
    CardEvent,
    CardEventKind,
    Devices,
    ProvincialBackend,
    ScannedPage,
    ScanSettings,
    ScanSource,
)
from reference_kiosk.telemetry import MemorySink, TelemetryRecorder
from tests.support.kiosk_flow import DOB, ID_NUMBER, TOKEN, FakeClock, citizen, dossier, procedure

REQ = api.CccdLoginRequest(sod="U09E", dg1="REcx", dg13="REcxMw==")


class FakeBackend:
    """Answers from fixed data; ``fail`` maps a method name to the error it raises once."""

    def __init__(self) -> None:
        self.fail: dict[str, Exception] = {}
        self.submitted: dict[str, api.DossierCreate] = {}
        self.supplied: list[tuple[str, str, list[api.Attachment]]] = []
        self.logged_out: list[str] = []
        self.closed = False

    def _maybe_fail(self, name: str) -> None:
        if name in self.fail:
            raise self.fail.pop(name)

    async def search_procedures(
        self,
        q: str = "",
        field: str | None = None,
        agency: str | None = None,
        level: str | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> api.Page[api.ProcedureSummary]:
        self._maybe_fail("search_procedures")
        return api.Page[api.ProcedureSummary](items=[procedure().summary()], total=1, limit=limit)

    async def login_with_cccd(self, request: api.CccdLoginRequest) -> api.CitizenLogin:
        return api.CitizenLogin(
            token=TOKEN, expires_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC), citizen=citizen()
        )

    async def logout(self, token: str) -> None:
        self.logged_out.append(token)

    async def poll_vneid_login(self, session_id: str) -> api.VneidPoll:
        return api.VneidPoll(status=api.VneidStatus.APPROVED, token=TOKEN)

    async def lookup_dossier(self, code: str, id_number: str) -> api.Dossier:
        self._maybe_fail("lookup_dossier")
        return dossier(code)

    async def submit_dossier(self, token: str, body: api.DossierCreate, idempotency_key: str) -> api.Dossier:
        self._maybe_fail("submit_dossier")
        self.submitted.setdefault(idempotency_key, body)
        return dossier("D-0001")

    async def get_dossier(self, code: str, token: str) -> api.Dossier:
        return dossier(code)

    async def supply_documents(
        self, token: str, dossier_code: str, supplement_id: str, attachments: Sequence[api.Attachment]
    ) -> api.Dossier:
        self._maybe_fail("supply_documents")
        self.supplied.append((dossier_code, supplement_id, list(attachments)))
        return dossier(dossier_code).model_copy(update={"status": api.DossierStatus.PROCESSING})

    async def aclose(self) -> None:
        self.closed = True


class FakeConnection:
    atr = b"\x3b\x80"

    def __init__(self) -> None:
        self.closed = False

    def transmit(self, apdu: bytes) -> bytes:
        return b"\x90\x00"

    def close(self) -> None:
        self.closed = True


class FakeReader:
    name = "fake"

    def __init__(self) -> None:
        self.events: list[CardEvent] = []
        self.connections: list[FakeConnection] = []

    def card_present(self) -> bool:
        return True

    def connect(self) -> CardConnection:
        self.connections.append(FakeConnection())
        return self.connections[-1]

    def poll_events(self) -> Sequence[CardEvent]:
        out, self.events = self.events, []
        return out

    def close(self) -> None:
        pass


class FakeScanner:
    def __init__(self, *script: str) -> None:
        self.script = list(script)

    def scan(self, settings: ScanSettings) -> ScannedPage:
        action = self.script.pop(0) if self.script else "text"
        if action == "jam":
            raise FeederJammedError()
        image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
        if action == "text":
            draw = ImageDraw.Draw(image)
            for i in range(40):
                draw.line((150, 200 + 45 * i, 1400, 200 + 45 * i), fill=0, width=4)
        return ScannedPage(image=image, dpi=200, source=ScanSource.FLATBED)


def read_ok(connection: CardConnection, id_number: str, date_of_birth: Any) -> api.CccdLoginRequest:
    assert (id_number, date_of_birth) == (ID_NUMBER, DOB)
    return REQ


def read_pulled(connection: CardConnection, id_number: str, date_of_birth: Any) -> api.CccdLoginRequest:
    raise CardRemovedError()


async def verify(token: str) -> api.CitizenProfile:
    assert token == TOKEN
    return citizen()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Services, FakeBackend, FakeReader, MemorySink]]:
    clock = FakeClock()
    backend = FakeBackend()
    outbox = Outbox(tmp_path / "outbox.db", bytes(32), clock)
    sender = OutboxSender(outbox, cast(ProvincialBackend, backend), clock, random.Random(1))
    reader = FakeReader()
    executor = EffectExecutor(
        cast(ProvincialBackend, backend),
        outbox,
        sender,
        devices=Devices(card_reader=reader, scanner=FakeScanner("text", "blank", "jam")),  # type: ignore[arg-type]
        read_card=read_ok,
        verify_token=verify,
    )
    sink = MemorySink()
    telemetry = TelemetryRecorder(sink, clock, kiosk_id="k", new_visit_id=lambda: "v1")
    services = Services(executor, telemetry=telemetry, threaded=False)
    yield services, backend, reader, sink
    services.close()


def test_card_read_without_key_asks_for_bac_then_reads(world: Any) -> None:
    services, _, reader, _ = world
    services.execute([fx.ReadCard(None)])
    assert services.drain() == [ev.BacKeyRequired()]
    services.execute([fx.ReadCard(fx.BacKey(ID_NUMBER, DOB)), fx.LoginWithCard(REQ)])
    answers = services.drain()
    assert answers[0] == ev.CardRead(REQ)
    assert isinstance(answers[1], ev.LoggedIn)
    assert answers[1].citizen.full_name == citizen().full_name
    assert reader.connections[0].closed


def test_card_pulled_mid_read_is_a_card_read_failure(world: Any) -> None:
    services = world[0]
    services.executor.read_card = read_pulled
    services.execute([fx.ReadCard(fx.BacKey(ID_NUMBER, DOB))])
    [answer] = services.drain()
    assert isinstance(answer, ev.CardReadFailed)
    assert isinstance(answer.error, CardRemovedError)


def test_no_reader_configured(world: Any) -> None:
    services = world[0]
    services.executor.devices = Devices()
    services.execute([fx.ReadCard(None)])
    [answer] = services.drain()
    assert isinstance(answer, ev.CardReadFailed)
    assert isinstance(answer.error, NoReaderError)


def test_card_events_come_through_drain(world: Any) -> None:
    services, _, reader, _ = world
    reader.events = [CardEvent(CardEventKind.INSERTED, "r0"), CardEvent(CardEventKind.REMOVED, "r0")]
    assert services.drain() == [ev.CardInserted("r0"), ev.CardRemoved("r0")]
    assert services.drain() == []


def test_vneid_approval_is_verified_into_logged_in(world: Any) -> None:
    services = world[0]
    services.execute([fx.PollVneid("s1")])
    [answer] = services.drain()
    assert isinstance(answer, ev.LoggedIn)
    assert answer.method is ev.LoginMethod.VNEID


def test_backend_errors_become_error_events_and_bugs_a_named_error(world: Any) -> None:
    services, backend, _, _ = world
    backend.fail["search_procedures"] = BackendUnavailableError()
    backend.fail["lookup_dossier"] = ZeroDivisionError()
    services.execute([fx.SearchProcedures("x"), fx.LookupDossier("C", ID_NUMBER), fx.SearchProcedures("x")])
    first, second, third = services.drain()
    assert isinstance(first, ev.ErrorOccurred)
    assert isinstance(first.error, BackendUnavailableError)
    assert isinstance(second, ev.ErrorOccurred)
    assert isinstance(second.error, UnexpectedFailureError)
    assert isinstance(third, ev.SearchResultsLoaded)


def test_scan_build_submit_and_wipe(world: Any) -> None:
    services, backend, _, _ = world
    services.execute([fx.ScanPage("CT01"), fx.ScanPage("GIAY_TO_NHA"), fx.ScanPage("CT01")])
    text_page, blank_page, jam = services.drain()
    assert text_page == ev.PageScanned("CT01", "CT01-1", blank=False)
    assert blank_page == ev.PageScanned("GIAY_TO_NHA", "GIAY_TO_NHA-2", blank=True)
    assert isinstance(jam, ev.ErrorOccurred)
    assert isinstance(jam.error, FeederJammedError)
    thumb = services.thumbnail("CT01-1")
    assert thumb is not None
    assert thumb.startswith(b"\x89PNG")
    services.execute(
        [fx.BuildDocument("CT01", ("CT01-1",)), fx.BuildDocument("GIAY_TO_NHA", ("GIAY_TO_NHA-2",))]
    )
    built = services.drain()
    assert [(b.document_code, b.pages) for b in built] == [("CT01", 1), ("GIAY_TO_NHA", 1)]
    assert all(0 < b.size_bytes <= 300_000 + 2_000 for b in built)
    submit = fx.SubmitDossier("key-1", TOKEN, "1.004222", "C1", {"address": "x"}, ("CT01", "GIAY_TO_NHA"))
    services.execute([submit])
    [ack] = services.drain()
    assert isinstance(ack, ev.SubmissionAcknowledged)
    body = backend.submitted["key-1"]
    assert [(a.document_code, a.content_type, a.filename) for a in body.attachments] == [
        ("CT01", "application/pdf", "CT01.pdf"),
        ("GIAY_TO_NHA", "application/pdf", "GIAY_TO_NHA.pdf"),
    ]
    services.execute([fx.WipePersonalData()])
    assert services.thumbnail("CT01-1") is None
    assert services.executor.store.documents == {}


def test_backend_down_gives_queued_and_the_outbox_delivers_later(world: Any) -> None:
    services, backend, _, _ = world
    services.execute([fx.ScanPage("CT01")])
    services.drain()
    services.execute([fx.BuildDocument("CT01", ("CT01-1",))])
    services.drain()
    backend.fail["submit_dossier"] = BackendUnavailableError()
    services.execute([fx.SubmitDossier("key-2", TOKEN, "1.004222", "C1", {}, ("CT01",))])
    assert services.drain() == [ev.SubmissionQueued("key-2")]
    assert services.pending_outbox == 1
    assert backend.submitted == {}
    clock = services.executor.sender._clock
    clock.advance(10)
    assert services.flush_outbox() == 1
    assert list(backend.submitted) == ["key-2"]
    item = services.executor.outbox.item("key-2")
    assert item is not None
    assert item.state is ItemState.DELIVERED


def test_answers_for_a_wiped_session_are_dropped(world: Any) -> None:
    services = world[0]
    executor = services.executor
    generation = executor.store.generation
    executor.store.wipe()
    import asyncio

    asyncio.run(services._run(fx.SearchProcedures("x"), generation))
    assert services.drain() == []


def test_telemetry_and_lookup_not_found(world: Any) -> None:
    services, backend, _, sink = world
    backend.fail["lookup_dossier"] = NotFoundError()
    services.execute([fx.Track("session_start"), fx.LookupDossier("X", ID_NUMBER)])
    assert [r["type"] for r in sink.records] == ["session_start"]
    [answer] = services.drain()
    assert isinstance(answer, ev.ErrorOccurred)


def test_threaded_mode_answers_through_the_queue(tmp_path: Path) -> None:
    clock = FakeClock()
    backend = FakeBackend()
    outbox = Outbox(tmp_path / "outbox.db", bytes(32), clock)
    sender = OutboxSender(outbox, cast(ProvincialBackend, backend), clock, random.Random(1))
    services = Services(EffectExecutor(cast(ProvincialBackend, backend), outbox, sender), threaded=True)
    services.start()
    try:
        services.execute([fx.SearchProcedures("a"), fx.LookupDossier("C-1", ID_NUMBER)])
        assert services.wait_idle(10)
        answers = services.drain()
        assert sorted(type(a).__name__ for a in answers) == ["DossierLoaded", "SearchResultsLoaded"]
    finally:
        services.close()
    assert backend.closed


def test_wipe_discards_answers_not_yet_drained(world: Any) -> None:
    services, backend, _, _ = world
    services.execute([fx.LoginWithCard(REQ)])  # answered with the citizen's token and name...
    services.execute([fx.WipePersonalData()])  # ...but the citizen logged out before the next drain
    assert services.drain() == []
    assert backend.logged_out == [TOKEN]  # and the backend no longer accepts the token


def test_a_supplement_sends_the_built_papers_as_a_submission_would(world: Any) -> None:
    services, backend, _, _ = world
    services.execute([fx.ScanPage("GIAY_TO_NHA")])
    [page] = services.drain()
    services.execute([fx.BuildDocument("GIAY_TO_NHA", (page.page_id,))])
    [built] = services.drain()
    backend.fail["supply_documents"] = SupplementNotSentError()
    supply = fx.SupplyDocuments(TOKEN, "H36.1-250401-0001", "s1", ("GIAY_TO_NHA",))
    services.execute([supply])
    [failed] = services.drain()
    assert isinstance(failed, ev.ErrorOccurred)
    assert isinstance(failed.error, SupplementNotSentError)
    assert services.executor.outbox.pending() == []  # not queued: the citizen is told at once
    services.execute([supply])  # the retry: the same papers, still held by the services
    [sent] = services.drain()
    assert isinstance(sent, ev.SupplementSent)
    assert (sent.dossier_code, sent.request_id) == ("H36.1-250401-0001", "s1")
    assert sent.dossier.status is api.DossierStatus.PROCESSING
    [(code, request_id, papers)] = backend.supplied
    assert (code, request_id) == ("H36.1-250401-0001", "s1")
    assert papers == services.executor._attachments(("GIAY_TO_NHA",))
    assert [(a.document_code, a.content_type, a.filename) for a in papers] == [
        ("GIAY_TO_NHA", "application/pdf", "GIAY_TO_NHA.pdf")
    ]
    assert len(base64.b64decode(papers[0].content_base64)) == built.size_bytes

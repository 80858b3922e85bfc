"""The durable outbox across crashes, restarts, lost answers and a backend that is down."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from pathlib import Path
from typing import Any, cast

import pytest

from reference_kiosk import api
from reference_kiosk.backend.errors import (
    BackendUnavailableError,
    RateLimitedError,
    ResponseLostError,
    ValidationFailedError,
)
from reference_kiosk.outbox import (
    Deferred,
    Delivered,
    ItemState,
    Outbox,
    OutboxKeyError,
    OutboxSender,
    OutboxTamperedError,
    Rejected,
    Submission,
    generate_key,
    load_or_create_key,
)
from reference_kiosk.ports import ProvincialBackend
from tests.support.kiosk_flow import ADDRESS, FULL_NAME, ID_NUMBER, TOKEN, FakeClock, dossier

KEY = bytes(range(32))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def submission() -> Submission:
    return Submission(
        token=TOKEN,
        dossier=api.DossierCreate(
            procedure_code="1.004222",
            case_code="C1",
            form={"full_name": FULL_NAME, "id_number": ID_NUMBER, "address": ADDRESS},
            attachments=[
                api.Attachment(
                    document_code="CT01",
                    filename="CT01.pdf",
                    content_type="application/pdf",
                    content_base64="JVBERi0xLjQK",
                    sha256="0" * 64,
                )
            ],
        ),
    )


class FakeBackend:
    """Records what reached it; deduplicates by idempotency key like the real one.

    ``script`` lists what each call does: "ok", "down" (refused before arriving), "lost"
    (stored, then the answer is lost), "reject" (422).
    """

    def __init__(self, *script: str) -> None:
        self.script = list(script)
        self.stored: dict[str, api.DossierCreate] = {}
        self.calls: list[str] = []

    async def submit_dossier(self, token: str, body: api.DossierCreate, idempotency_key: str) -> api.Dossier:
        self.calls.append(idempotency_key)
        action = self.script.pop(0) if self.script else "ok"
        if action == "down":
            raise BackendUnavailableError("connect refused")
        if action == "reject":
            raise ValidationFailedError("invalid")
        if action == "limited":
            raise RateLimitedError("slow down", retry_after=120)
        self.stored.setdefault(idempotency_key, body)
        if action == "lost":
            raise ResponseLostError("connection dropped")
        return dossier(code=f"D-{len(self.stored):04d}")


def make(path: Path, clock: FakeClock, backend: FakeBackend) -> tuple[Outbox, OutboxSender]:
    outbox = Outbox(path, KEY, clock)
    sender = OutboxSender(outbox, cast(ProvincialBackend, backend), clock, random.Random(7))
    return outbox, sender


def test_written_before_any_network_call_and_delivered(tmp_path: Path, clock: FakeClock) -> None:
    backend = FakeBackend()
    outbox, sender = make(tmp_path / "o.db", clock, backend)
    assert outbox.add("k1", submission())
    assert backend.calls == []
    assert [i.key for i in outbox.pending()] == ["k1"]
    result = asyncio.run(sender.send("k1"))
    assert isinstance(result, Delivered)
    item = outbox.item("k1")
    assert item is not None
    assert (item.state, item.dossier_code, item.appointment_date) == (
        ItemState.DELIVERED,
        "D-0001",
        dt.date(2025, 4, 10),
    )
    with pytest.raises(KeyError):
        outbox.load("k1")  # the personal payload is dropped once delivered
    assert asyncio.run(sender.send("k1")) is None  # never sent twice


def test_adding_the_same_key_twice_keeps_one(tmp_path: Path, clock: FakeClock) -> None:
    outbox, _ = make(tmp_path / "o.db", clock, FakeBackend())
    assert outbox.add("k1", submission())
    assert not outbox.add("k1", submission())
    assert outbox.counts()[ItemState.PENDING] == 1


def test_crash_between_write_and_send_resumes_after_restart(tmp_path: Path, clock: FakeClock) -> None:
    backend = FakeBackend()
    outbox, _ = make(tmp_path / "o.db", clock, backend)
    outbox.add("k1", submission())
    outbox.close()  # the kiosk dies here
    outbox2, sender2 = make(tmp_path / "o.db", clock, backend)
    assert [r.key for r in asyncio.run(sender2.send_due())] == ["k1"]
    assert list(backend.stored) == ["k1"]
    assert outbox2.counts() == {
        ItemState.PENDING: 0,
        ItemState.DELIVERED: 1,
        ItemState.REJECTED: 0,
        ItemState.QUARANTINED: 0,
    }


def test_lost_answer_then_retry_gives_one_dossier(tmp_path: Path, clock: FakeClock) -> None:
    backend = FakeBackend("lost")
    outbox, sender = make(tmp_path / "o.db", clock, backend)
    outbox.add("k1", submission())
    first = asyncio.run(sender.send("k1"))
    assert isinstance(first, Deferred)
    assert isinstance(first.error, ResponseLostError)
    assert asyncio.run(sender.send_due()) == []  # not yet due: backoff
    clock.advance(first.next_attempt_at - clock.now().timestamp())
    assert isinstance(asyncio.run(sender.send("k1")), Delivered)
    assert backend.calls == ["k1", "k1"]
    assert len(backend.stored) == 1


def test_crash_between_send_and_ack(tmp_path: Path, clock: FakeClock) -> None:
    """The backend stored it but the kiosk died before recording the answer."""
    backend = FakeBackend()
    outbox, _ = make(tmp_path / "o.db", clock, backend)
    outbox.add("k1", submission())
    asyncio.run(backend.submit_dossier(TOKEN, submission().dossier, "k1"))  # sent, answer never recorded
    outbox.close()
    _, sender2 = make(tmp_path / "o.db", clock, backend)
    assert isinstance(asyncio.run(sender2.send("k1")), Delivered)
    assert len(backend.stored) == 1


def test_backend_down_then_up_with_growing_backoff(tmp_path: Path, clock: FakeClock) -> None:
    backend = FakeBackend("down", "down", "down")
    outbox, sender = make(tmp_path / "o.db", clock, backend)
    outbox.add("k1", submission())
    delays = []
    for _ in range(3):
        result = asyncio.run(sender.send("k1"))
        assert isinstance(result, Deferred)
        delays.append(result.next_attempt_at - clock.now().timestamp())
        clock.advance(delays[-1])
    assert 1 <= delays[0] <= 2 < delays[1] <= 4 < delays[2] <= 8
    assert isinstance(asyncio.run(sender.send("k1")), Delivered)
    item = outbox.item("k1")
    assert item is not None
    assert item.attempts == 4


def test_rate_limit_waits_at_least_retry_after(tmp_path: Path, clock: FakeClock) -> None:
    outbox, sender = make(tmp_path / "o.db", clock, FakeBackend("limited"))
    outbox.add("k1", submission())
    result = asyncio.run(sender.send("k1"))
    assert isinstance(result, Deferred)
    assert result.next_attempt_at - clock.now().timestamp() >= 120


def test_refused_dossier_is_kept_for_staff_not_retried(tmp_path: Path, clock: FakeClock) -> None:
    backend = FakeBackend("reject")
    outbox, sender = make(tmp_path / "o.db", clock, backend)
    outbox.add("k1", submission())
    assert isinstance(asyncio.run(sender.send("k1")), Rejected)
    assert asyncio.run(sender.send_due()) == []
    assert outbox.load("k1").dossier.form["address"] == ADDRESS  # still there, encrypted
    assert outbox.counts()[ItemState.REJECTED] == 1


def test_db_file_holds_no_clear_persona_value(tmp_path: Path, clock: FakeClock) -> None:
    outbox, _ = make(tmp_path / "o.db", clock, FakeBackend())
    outbox.add("k1", submission())
    outbox.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert len(raw) > 0
    for value in (FULL_NAME, ID_NUMBER, TOKEN, ADDRESS, "JVBERi0xLjQK"):
        assert value.encode("utf-8") not in raw
    # ...and the values really are in there, encrypted:
    assert Outbox(tmp_path / "o.db", KEY, clock).load("k1").token == TOKEN


def test_wrong_key_or_moved_blob_is_detected(tmp_path: Path, clock: FakeClock) -> None:
    outbox, _ = make(tmp_path / "o.db", clock, FakeBackend())
    outbox.add("k1", submission())
    outbox.add("k2", submission())
    with pytest.raises(OutboxTamperedError):
        Outbox(tmp_path / "o.db", generate_key(), clock).load("k1")
    db: Any = outbox._db  # move k1's blob into k2's row
    db.execute("UPDATE outbox SET payload=(SELECT payload FROM outbox WHERE key='k1') WHERE key='k2'")
    with pytest.raises(OutboxTamperedError):
        outbox.load("k2")


def test_refuses_to_run_without_a_proper_key(tmp_path: Path, clock: FakeClock) -> None:
    with pytest.raises(OutboxKeyError):
        Outbox(tmp_path / "o.db", b"short", clock)


def test_key_file_is_created_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "outbox.key"
    key = load_or_create_key(path)
    assert len(key) == 32
    assert load_or_create_key(path) == key
    assert path.stat().st_mode & 0o777 == 0o600


def test_background_loop_delivers_everything_then_stops(tmp_path: Path, clock: FakeClock) -> None:
    backend = FakeBackend("down")
    outbox, sender = make(tmp_path / "o.db", clock, backend)
    outbox.add("k1", submission())
    outbox.add("k2", submission())
    seen: list[str] = []

    async def main() -> None:
        stop = asyncio.Event()

        async def fake_sleep(seconds: float) -> None:
            clock.advance(seconds)
            if not outbox.pending():
                stop.set()

        await sender.run(stop, on_result=lambda r: seen.append(type(r).__name__), sleep=fake_sleep)

    asyncio.run(main())
    assert outbox.counts()[ItemState.DELIVERED] == 2
    assert seen == ["Deferred", "Delivered", "Delivered"]

"""A kiosk wired for chip-login tests (H4): the real flow, services and ``read_chip`` over the
emulated reader, with the backend behind a transport the test chooses (a respx router, or the
real app behind ``RecordingTransport``), so a test can prove a card was refused before any call.

    with chip_login_kiosk(tmp_path, transport, trust_store=csca_pem) as kiosk:
        view = kiosk.log_in(card, id_number, date_of_birth)
        kiosk.card_errors()      # the errors of CardReadFailed answers, in order
        kiosk.telemetry()        # the JSON lines the kiosk wrote
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from mocks.card.faults import EmulatedCard
from mocks.card.reader import EmulatedCardReader
from reference_kiosk.app import Services, build_kiosk
from reference_kiosk.config import KioskConfig
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow import KioskFlow
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import LoginView
from reference_kiosk.ports import Devices
from tests.support.backend import KIOSK_KEY
from tests.support.icao import AS_OF, FixedClock

__all__ = ["BASE_URL", "ChipLoginKiosk", "RecordingTransport", "chip_login_kiosk"]

BASE_URL = "http://backend.test"


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes every request on to ``inner`` and keeps its method and path (the test's witness)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        return await self.inner.handle_async_request(request)


@dataclass(slots=True)
class ChipLoginKiosk:
    flow: KioskFlow
    services: Services
    reader: EmulatedCardReader
    telemetry_path: Path
    events: list[ev.Event] = field(default_factory=list)

    def pump(self, *events: ev.Event) -> None:
        """Hand ``events`` and every answer they cause to the flow until nothing is left."""
        pending = [*events, *self.services.drain()]
        while pending:
            event = pending.pop(0)
            self.events.append(event)
            self.services.execute(self.flow.handle(event))
            pending += self.services.drain()

    def log_in(self, card: EmulatedCard, id_number: str, date_of_birth: dt.date) -> LoginView:
        """Tap the card login, lay ``card`` down, type the key; the login screen it ends on."""
        self.pump(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD))
        self.reader.insert(card)
        self.pump()
        self.pump(ev.BacEntered(id_number, date_of_birth))
        view = self.flow.view
        assert isinstance(view, LoginView), view
        return view

    def card_errors(self) -> list[KioskError]:
        return [e.error for e in self.events if isinstance(e, ev.CardReadFailed)]

    def telemetry(self) -> list[dict[str, Any]]:
        lines = self.telemetry_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]


@contextmanager
def chip_login_kiosk(
    tmp: Path,
    transport: httpx.AsyncBaseTransport,
    *,
    trust_store: Path | None,
    now: dt.datetime = AS_OF,
) -> Iterator[ChipLoginKiosk]:
    config = KioskConfig(
        backend_url=BASE_URL,
        kiosk_key=KIOSK_KEY,
        outbox_path=tmp / "outbox.sqlite3",
        outbox_key=bytes(32),
        telemetry_path=tmp / "telemetry.jsonl",
        trust_store=trust_store,
    )
    clock = FixedClock(now)
    reader = EmulatedCardReader()
    kiosk = build_kiosk(
        config, Devices(card_reader=reader), clock=clock, transport=transport, threaded=False, ui=False
    )
    try:
        yield ChipLoginKiosk(kiosk.flow, kiosk.services, reader, tmp / "telemetry.jsonl")
    finally:
        kiosk.close()

"""The twin a scenario runs against: the real kiosk (headless), its devices, the backend.

``build_world(tmp, pki, citizen, stack)`` wires what ``kiosk run --devices emulated`` would, but with
hand-driven time and everything in one process:

    kiosk (KioskApp + KioskDriver, inline services, FakeClock)
      -> HttpProvincialBackend -> ASGI transport -> the mock backend app (frozen world clock)
      -> EmulatedCardReader (CardControl)     -> EmulatedScanner (ScannerControl, document feeder)
    twin (mocks.control.TwinControl) over the same app's control API

With ``wire=WireStacks`` (``--devices wire``, see support/wire.py) every boundary is real: the
backend is ``kiosk-twin backend`` under uvicorn on 127.0.0.1 (a process of its own for each
scenario; the kiosk and the twin speak HTTP to it), the kiosk reads the card with
``PcscCardReader`` through pcscd from the vpcd virtual reader that the twin's ``CardControl``
fills (``VpcdSlot``), and scans with ``SaneScanner`` from SANE's test backend, whose pages and
statuses follow the twin's ``ScannerControl``.

The kiosk scans from the document feeder here (the pilot kiosks have one), so feeder faults reach it.
"""

from __future__ import annotations

import random
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx

from features.support.wire import BACKEND_TIMEOUT_S, WireDevices, WireKioskDriver, WireStacks, wire_devices
from mocks.backend.cccd_verify import TrustStore
from mocks.backend.routes.cccd import install_trust_store
from mocks.card.control import CardControl, CardSlot
from mocks.card.pki import MockPki
from mocks.card.reader import EmulatedCardReader
from mocks.citizens import Persona
from mocks.control import BackendControl, ControlHttp, TwinControl
from mocks.scanner import DocumentKind, EmulatedScanner, ScannerControl
from reference_kiosk.app import Services, build_kiosk
from reference_kiosk.config import KioskConfig
from reference_kiosk.ports import CardReader, Devices, Scanner, ScanSettings, ScanSource
from reference_kiosk.ui.driver import KioskDriver
from tests.support.backend import (
    KIOSK_KEY,
    START,
    SocketLikeASGITransport,
    SyncAsgiClient,
    make_app,
)
from tests.support.devices import FakePrinter
from tests.support.kiosk_flow import FakeClock

__all__ = ["PAPERS", "World", "build_world"]

# What a citizen stacks in the feeder for a residence registration (the CT01 form and house papers).
PAPERS = (DocumentKind.CT01, DocumentKind.HOUSEHOLD, DocumentKind.CCCD_FRONT, DocumentKind.CCCD_BACK)


def _no_wait(seconds: float) -> None:
    """Device delays are modelled, never waited for: scenarios advance clocks instead."""


@dataclass(slots=True)
class World:
    driver: KioskDriver
    twin: TwinControl
    citizen: Persona
    services: Services
    clock: FakeClock
    printer: FakePrinter


def _backend(
    tmp: Path, pki: MockPki, stack: ExitStack, wire: WireStacks | None
) -> tuple[ControlHttp, httpx.AsyncBaseTransport | None, str]:
    """The backend in-process (ASGI), or the run's ``kiosk-twin backend`` under uvicorn (wire)."""
    if wire is None:
        app = make_app(tmp / "backend.sqlite", timeout_seconds=BACKEND_TIMEOUT_S)
        install_trust_store(app, TrustStore((pki.csca_cert,)))
        return (
            stack.enter_context(SyncAsgiClient(app)),
            SocketLikeASGITransport(app=app),
            "http://backend.test",
        )
    url = wire.backends.take(stack)
    return stack.enter_context(httpx.Client(base_url=url, timeout=30.0)), None, url


def _devices(
    citizen: Persona, paper: ScannerControl, stack: ExitStack, wire: WireStacks | None
) -> tuple[CardReader, CardSlot, Scanner, WireDevices | None]:
    """The kiosk's card reader and scanner, and the slot the twin lays cards in."""
    if wire is None:
        reader = EmulatedCardReader()
        scanner = EmulatedScanner(paper, persona=citizen, seed=citizen.seed, sleep=_no_wait)
        return reader, reader, scanner, None
    devices = wire_devices(wire, paper, stack)
    return devices.reader, devices.slot, devices.scanner, devices


def build_world(
    tmp: Path, pki: MockPki, citizen: Persona, stack: ExitStack, *, wire: WireStacks | None = None
) -> World:
    """Everything a scenario needs; ``stack`` closes it (kiosk, services, devices, backend) in reverse."""
    http, transport, url = _backend(tmp, pki, stack, wire)
    clock = FakeClock(START)
    config = KioskConfig(
        backend_url=url,
        kiosk_key=KIOSK_KEY,
        outbox_path=tmp / "outbox.sqlite3",
        outbox_key=bytes(32),
        telemetry_path=tmp / "telemetry.jsonl",
        trust_store=pki.export_csca(tmp / "kiosk" / "csca.pem"),  # the kiosk checks the chip itself
    )
    paper = ScannerControl(flatbed=None, feeder=PAPERS * 3)
    reader, slot, scanner, real = _devices(citizen, paper, stack, wire)
    printer = FakePrinter()
    kiosk = build_kiosk(
        config,
        Devices(card_reader=reader, scanner=scanner, printer=printer),
        clock=clock,
        transport=transport,
        threaded=False,  # each effect completes before the next frame: scenarios are deterministic
        rng=random.Random(citizen.seed),
        scan_settings=ScanSettings(source=ScanSource.ADF),
    )
    stack.callback(kiosk.close)
    kiosk_app = kiosk.app
    driver = KioskDriver(kiosk_app, clock) if real is None else WireKioskDriver(kiosk_app, clock, real)
    backend = BackendControl(http, kiosk_key=KIOSK_KEY)
    card = CardControl(slot, pki, sleep=_no_wait)
    twin = TwinControl(backend, card=card, scanner=paper, clocks=[driver])
    return World(driver, twin, citizen, kiosk.services, clock, printer)

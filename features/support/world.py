"""The twin a scenario runs against: the real kiosk (headless), its devices, the backend.

``build_world(tmp, pki, citizen, stack)`` is ``mocks.world.start_world`` plus
``reference_kiosk.app.build_kiosk``, the same two calls ``kiosk-twin up`` makes, with
hand-driven time and inline services:

    kiosk (KioskApp + KioskDriver, inline services, FakeClock, a FakePrinter)
      -> HttpProvincialBackend -> ASGI transport -> the mock backend app (frozen world clock)
      -> EmulatedCardReader (CardControl)     -> EmulatedScanner (ScannerControl, document feeder)
    twin (mocks.control.TwinControl) over the same app's control API

With ``wire=WireRun`` (``--devices wire``, see support/wire.py) the world is started in wire
mode: the backend is ``kiosk-twin backend`` under uvicorn on 127.0.0.1 (a process of its own
for each scenario; the kiosk and the twin speak HTTP to it), the kiosk reads the card with
``PcscCardReader`` through pcscd from the vpcd virtual reader that the twin's ``CardControl``
fills (``VpcdSlot``), and scans with ``SaneScanner`` from SANE's test backend, whose pages and
statuses follow the twin's ``ScannerControl``.

The kiosk scans from the document feeder here (the pilot kiosks have one), so feeder faults reach it.
"""

from __future__ import annotations

import dataclasses
import random
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from features.support.wire import BACKEND_TIMEOUT_S, WatchedPcscReader, WireKioskDriver, WireRun
from mocks.card.pki import MockPki
from mocks.citizens import Persona
from mocks.control import TwinControl
from mocks.scanner import DocumentKind, ScannerControl
from mocks.world import SimulatedWorld, WorldOptions, start_world
from reference_kiosk.app import Services, build_kiosk
from reference_kiosk.config import KioskConfig
from reference_kiosk.ports import ScanSettings, ScanSource
from reference_kiosk.ui.driver import KioskDriver
from tests.support.backend import KIOSK_ID, KIOSK_KEY, START
from tests.support.devices import FakePrinter
from tests.support.kiosk_flow import FakeClock

__all__ = ["PAPERS", "STAFF_KEY", "World", "build_world"]

# What a citizen stacks in the feeder for a residence registration (the CT01 form and house papers).
PAPERS = (DocumentKind.CT01, DocumentKind.HOUSEHOLD, DocumentKind.CCCD_FRONT, DocumentKind.CCCD_BACK)
STAFF_KEY = "bdd-staff-key"  # the staff console's key: scenarios act as staff through the staff API
OPTIONS = WorldOptions(
    kiosk_id=KIOSK_ID, kiosk_key=KIOSK_KEY, clock_start=START, timeout_seconds=BACKEND_TIMEOUT_S,
    staff_key=STAFF_KEY,
)  # fmt: skip


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


def _simulated(
    tmp: Path, pki: MockPki, citizen: Persona, paper: ScannerControl, stack: ExitStack, wire: WireRun | None
) -> SimulatedWorld:
    """The backend in-process (ASGI) with emulated devices, or this run's stacks (wire)."""
    if wire is None:
        started = start_world(
            "inprocess", tmp, pki=pki, citizen=citizen, paper=paper, options=OPTIONS, sleep=_no_wait
        )
    else:
        started = start_world(
            "wire", tmp, pki=pki, citizen=citizen, paper=paper, options=OPTIONS, wire=wire.stacks,
            backend=wire.backends.take(stack), card_reader=WatchedPcscReader, sleep=_no_wait,
        )  # fmt: skip
    return stack.enter_context(started)


def build_world(
    tmp: Path, pki: MockPki, citizen: Persona, stack: ExitStack, *, wire: WireRun | None = None
) -> World:
    """Everything a scenario needs; ``stack`` closes it (kiosk, services, devices, backend) in reverse."""
    paper = ScannerControl(flatbed=None, feeder=PAPERS * 3)
    world = _simulated(tmp, pki, citizen, paper, stack, wire)
    clock = FakeClock(START)
    config = KioskConfig(
        backend_url=world.url,
        kiosk_key=world.kiosk_key,
        outbox_path=tmp / "outbox.sqlite3",
        outbox_key=bytes(32),
        telemetry_path=tmp / "telemetry.jsonl",
        trust_store=world.trust_store,  # the kiosk checks the chip itself
    )
    printer = FakePrinter()
    kiosk = build_kiosk(
        config,
        dataclasses.replace(world.devices, printer=printer),
        clock=clock,
        transport=world.transport,
        threaded=False,  # each effect completes before the next frame: scenarios are deterministic
        rng=random.Random(citizen.seed),
        scan_settings=ScanSettings(source=ScanSource.ADF),
    )
    stack.callback(kiosk.close)
    if kiosk.signing_public_key is not None:  # enrolled like a province enrols a new kiosk
        world.twin.backend.enrol_signing_key(kiosk.signing_public_key)
    reader = world.devices.card_reader
    if isinstance(reader, WatchedPcscReader):
        driver: KioskDriver = WireKioskDriver(kiosk.app, clock, reader, world.card_slot)
    else:
        driver = KioskDriver(kiosk.app, clock)
    world.twin.clocks.append(driver)
    return World(driver, world.twin, citizen, kiosk.services, clock, printer)

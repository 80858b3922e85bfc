"""The twin a scenario runs against: the real kiosk (headless), emulated devices, the backend in-process.

``build_world(tmp, pki, citizen)`` wires what ``kiosk run --devices emulated`` would, but with
hand-driven time and everything in one process:

    kiosk (KioskApp + KioskDriver, inline services, FakeClock)
      -> HttpProvincialBackend -> ASGI transport -> the mock backend app (frozen world clock)
      -> EmulatedCardReader (CardControl)     -> EmulatedScanner (ScannerControl, document feeder)
    twin (mocks.control.TwinControl) over the same app's control API

With ``wire=True`` the backend is ``kiosk-twin backend`` under uvicorn on 127.0.0.1 and the kiosk and
the twin speak real HTTP to it; the card and the scanner stay in-process (pcscd + vpcd and SANE's
test backend are not wired for scenarios yet).

The kiosk scans from the document feeder here (the pilot kiosks have one), so feeder faults reach it.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from mocks.backend.cccd_verify import TrustStore
from mocks.backend.routes.cccd import TRUST_ENV, install_trust_store
from mocks.card.control import CardControl
from mocks.card.pki import MockPki
from mocks.card.reader import EmulatedCardReader
from mocks.citizens import Persona
from mocks.control import BackendControl, ControlHttp, TwinControl
from mocks.scanner import DocumentKind, EmulatedScanner, ScannerControl
from reference_kiosk.app import Services, build_services
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import KioskFlow
from reference_kiosk.ports import ScanSettings, ScanSource
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.scenes import SceneEnv
from tests.support.backend import (
    KIOSK_ID,
    KIOSK_KEY,
    START,
    SocketLikeASGITransport,
    SyncAsgiClient,
    make_app,
    uvicorn_backend,
)
from tests.support.kiosk_flow import FakeClock

__all__ = ["PAPERS", "World", "build_world"]

# What a citizen stacks in the feeder for a residence registration (the CT01 form and house papers).
PAPERS = (DocumentKind.CT01, DocumentKind.HOUSEHOLD, DocumentKind.CCCD_FRONT, DocumentKind.CCCD_BACK)
BACKEND_TIMEOUT_S = 0.05  # how long a "timeout" fault holds a request (real time: keep it tiny)


def _no_wait(seconds: float) -> None:
    """Device delays are modelled, never waited for: scenarios advance clocks instead."""


@dataclass(slots=True)
class World:
    driver: KioskDriver
    twin: TwinControl
    citizen: Persona
    services: Services
    clock: FakeClock
    printed: list[str] = field(default_factory=list)


def _backend(
    tmp: Path, pki: MockPki, stack: ExitStack, wire: bool
) -> tuple[ControlHttp, httpx.AsyncBaseTransport | None, str]:
    """The backend in-process (ASGI), or ``kiosk-twin backend`` under uvicorn on 127.0.0.1 (wire)."""
    if not wire:
        app = make_app(tmp / "backend.sqlite", timeout_seconds=BACKEND_TIMEOUT_S)
        install_trust_store(app, TrustStore((pki.csca_cert,)))
        return (
            stack.enter_context(SyncAsgiClient(app)),
            SocketLikeASGITransport(app=app),
            "http://backend.test",
        )
    config = tmp / "backend.toml"
    config.write_text(f'clock_start = "{START.isoformat()}"\ntimeout_seconds = {BACKEND_TIMEOUT_S}\n')
    csca = pki.export_csca(tmp / "csca.pem")
    stack.enter_context(_env(TRUST_ENV, str(csca)))  # the backend process trusts this run's CSCA
    args = ("--kiosk-key", f"{KIOSK_ID}={KIOSK_KEY}", "--control", "--config", str(config))
    url = stack.enter_context(uvicorn_backend(tmp / "backend.sqlite", *args))
    return stack.enter_context(httpx.Client(base_url=url, timeout=30.0)), None, url


@contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def build_world(tmp: Path, pki: MockPki, citizen: Persona, stack: ExitStack, *, wire: bool = False) -> World:
    """Everything a scenario needs; ``stack`` closes it (kiosk, services, backend) in reverse order."""
    http, transport, url = _backend(tmp, pki, stack, wire)
    clock = FakeClock(START)
    config = KioskConfig(
        backend_url=url,
        kiosk_key=KIOSK_KEY,
        outbox_path=tmp / "outbox.sqlite3",
        outbox_key=bytes(32),
        telemetry_path=tmp / "telemetry.jsonl",
    )
    reader = EmulatedCardReader()
    paper = ScannerControl(flatbed=None, feeder=PAPERS * 3)
    scanner = EmulatedScanner(paper, persona=citizen, seed=citizen.seed, sleep=_no_wait)
    services = build_services(
        config,
        clock,
        card_reader=reader,
        scanner=scanner,
        transport=transport,
        threaded=False,  # each effect completes before the next frame: scenarios are deterministic
        rng=random.Random(citizen.seed),
    )
    stack.callback(services.close)
    services.executor.scan_settings = ScanSettings(source=ScanSource.ADF)
    printed: list[str] = []
    env = SceneEnv(services.thumbnail, print_slip=lambda _pdf, ref: printed.append(ref))
    kiosk_app = KioskApp(KioskFlow(clock, config), clock, size=(config.width, config.height),
                         services=services, env=env)  # fmt: skip
    stack.callback(kiosk_app.close)
    driver = KioskDriver(kiosk_app, clock)
    backend = BackendControl(http, kiosk_key=KIOSK_KEY)
    card = CardControl(reader, pki, sleep=_no_wait)
    twin = TwinControl(backend, card=card, scanner=paper, clocks=[driver])
    return World(driver, twin, citizen, services, clock, printed)

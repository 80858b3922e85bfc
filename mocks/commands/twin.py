"""The twin of ``kiosk-twin up``: backend process, card and scanner emulators, and the real kiosk.

    backend   ``kiosk-twin backend`` under uvicorn on 127.0.0.1 (:func:`mocks.commands.up.serve_backend`)
    card      an in-process ``EmulatedCardReader``; ``CardControl`` puts the persona's card on it
    trust     the mock CSCA exported as the kiosk's trust store (``KioskConfig.trust_store``), so
              the kiosk runs passive authentication itself and refuses a forged card locally
    scanner   ``EmulatedScanner`` printing the persona's papers
    kiosk     ``reference_kiosk.app.build_kiosk`` (flow, services, scenes, pygame ``KioskApp``)

This module is a composition root: it may import both the kiosk and the mocks. The kiosk sees
the emulators only through its ports, exactly as ``kiosk run --devices emulated`` would.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

    from mocks.card import CardControl, EmulatedCardReader
    from mocks.citizens import Persona
    from mocks.commands.up import BackendProcess
    from mocks.scanner import ScannerControl
    from reference_kiosk.app import Services
    from reference_kiosk.ui.app import KioskApp

__all__ = ["ShiftedClock", "Twin", "start_twin"]


class ShiftedClock:
    """The wall clock plus an offset the demo can push forward (``KioskDriver.advance``).

    The kiosk's timeouts and polls run on it, so a scripted journey skips waiting without
    sleeping; the backend keeps its own wall clock.
    """

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self._offset)

    def monotonic(self) -> float:
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += seconds


@dataclass(slots=True)
class Twin:
    """Everything ``kiosk-twin up`` runs, with the control surfaces a citizen's world needs."""

    backend: BackendProcess
    citizen: Persona
    reader: EmulatedCardReader
    card: CardControl
    scanner: ScannerControl
    services: Services
    app: KioskApp
    clock: ShiftedClock
    control: httpx.Client  # the backend's control API: the citizen's phone, the bank, the officials
    trust_store: Path | None = None  # the CSCA certificate the kiosk checks cards against


@contextmanager
def start_twin(
    workdir: Path,
    *,
    seed: int,
    lang: str = "vi",
    port: int = 0,
    card_on_reader: bool = False,
    slips: Path | None = None,
) -> Iterator[Twin]:
    """Start the world and the kiosk (window not opened yet); stop all of it on exit."""
    import httpx

    from mocks.card import CardControl, EmulatedCardReader, MockPki
    from mocks.citizens import persona
    from mocks.commands.up import serve_backend
    from mocks.scanner import EmulatedScanner, ScannerControl
    from reference_kiosk.app import build_kiosk
    from reference_kiosk.config import KioskConfig
    from reference_kiosk.devices.printer import SpoolFolderPrinter
    from reference_kiosk.devices.speaker import EspeakSpeaker
    from reference_kiosk.ports import Devices

    citizen = persona(seed)
    with ExitStack() as stack:
        backend = stack.enter_context(serve_backend(workdir, port=port))
        control = stack.enter_context(httpx.Client(base_url=backend.url, timeout=10.0))
        # The population registry knows the citizen (as the national database would).
        body = {
            "id_number": citizen.id_number,
            "full_name": citizen.full_name,
            "date_of_birth": citizen.date_of_birth.isoformat(),
        }
        control.post("/control/citizens", json=body).raise_for_status()
        reader = EmulatedCardReader()
        pki = MockPki()  # the one the backend process trusts too (the default PKI cache)
        card = CardControl(reader, pki)
        trust_store = pki.export_csca(workdir / "kiosk" / "csca.pem")
        if card_on_reader:  # a person at the window "places" it with F2
            card.insert(citizen)
            reader.poll_events()
        scanner_control = ScannerControl()
        scanner = EmulatedScanner(scanner_control, persona=citizen, seed=seed)
        clock = ShiftedClock()
        config = KioskConfig(
            kiosk_id=backend.kiosk_id,
            kiosk_key=backend.kiosk_key,
            backend_url=backend.url,
            lang="en" if lang == "en" else "vi",
            outbox_path=workdir / "kiosk" / "outbox.sqlite3",
            telemetry_path=workdir / "kiosk" / "telemetry.jsonl",
            trust_store=trust_store,
        )
        devices = Devices(reader, scanner, SpoolFolderPrinter(slips or workdir / "slips"), EspeakSpeaker())
        kiosk = build_kiosk(config, devices, clock=clock)
        stack.callback(kiosk.close)
        kiosk.start()
        services, app = kiosk.services, kiosk.app
        yield Twin(
            backend, citizen, reader, card, scanner_control, services, app, clock, control, trust_store
        )

"""The kiosk's real device adapters on the real stacks, for ``--devices wire``.

    card     CardControl -> VpcdSlot -> TCP 127.0.0.1:35963 -> vpcd in pcscd -> pyscard -> PcscCardReader
    scanner  ScannerControl -> SanePaperScanner -> SaneScanner -> python-sane -> SANE "test:0"
             the card corner: the twin's card or slip image -> SaneScanner -> SANE "pnm:0"

    backend  HttpProvincialBackend -> HTTP -> ``kiosk-twin backend`` under uvicorn on 127.0.0.1

pcscd (``shared_pcscd``) and the private SANE config are started once per run (``wire_run``);
each scenario gets its own backend process (``BackendPool``) and its own world
(``mocks.world.start_world("wire")``: slot, readers and scanner), and leaves the virtual reader
empty. PC/SC reports card insertions and removals asynchronously (pcscd polls the vpcd driver;
the kiosk's watcher thread waits on pcscd), so ``WireKioskDriver.settle`` also waits, with a
deadline, until what the kiosk has been told about the card matches what the twin did.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from mocks.backend.routes.cccd import TRUST_ENV
from mocks.card.control import CardSlot
from mocks.card.pki import MockPki
from mocks.launcher import BackendProcess
from mocks.world import WireStacks
from reference_kiosk.devices.pcsc import PcscCardReader
from reference_kiosk.ports import CardEvent, CardEventKind
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.driver import KioskDriver, ManualClock
from tests.support.backend import KIOSK_ID, KIOSK_KEY, START
from tests.support.pcscd import shared_pcscd, wait_until
from tests.support.sane import PNM_DEVICE, TEST_DEVICE, private_sane_config, require_sane_test_backend

__all__ = ["BACKEND_TIMEOUT_S", "BackendPool", "WatchedPcscReader", "WireKioskDriver", "WireRun", "wire_run"]

BACKEND_TIMEOUT_S = 0.05  # how long a "timeout" fault holds a request (real time: keep it tiny)
NOTICE_S = 10.0  # how long the kiosk may take to hear of a card action (pcscd polls every ~0.4 s)


@dataclass(frozen=True, slots=True)
class WireRun:
    stacks: WireStacks  # pcscd + vpcd and SANE, for ``start_world("wire")``
    backends: BackendPool


@pytest.fixture(scope="session")
def wire_run(tmp_path_factory: pytest.TempPathFactory, pki: MockPki) -> Iterator[WireRun]:
    """pcscd + vpcd, SANE's test backend and the backend processes for the whole wire run (skips
    locally, fails in CI, when the system packages are missing)."""
    require_sane_test_backend()
    home = tmp_path_factory.mktemp("wire")
    csca = pki.export_csca(home / "csca.pem")
    with (
        shared_pcscd() as info,
        private_sane_config(home / "sane", ("test", "pnm")),
        pytest.MonkeyPatch.context() as env,
    ):
        env.setenv(TRUST_ENV, str(csca))  # every backend process (started below) trusts this run's CSCA
        with BackendPool(home) as backends:
            stacks = WireStacks(info.reader, info.port, TEST_DEVICE, NOTICE_S, glass_device=PNM_DEVICE)
            yield WireRun(stacks, backends)


class BackendPool:
    """A fresh ``kiosk-twin backend`` under uvicorn for each scenario (nothing leaks between
    scenarios, as with the in-process app), the next one starting in the background while a
    scenario runs: a process takes seconds to import and start."""

    def __init__(self, home: Path) -> None:
        self._config = home / "backend.toml"
        settings = f'clock_start = "{START.isoformat()}"\ntimeout_seconds = {BACKEND_TIMEOUT_S}\n'
        self._config.write_text(settings, encoding="utf-8")
        self._home = home
        self._count = itertools.count(1)
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backend-start")
        self._next = self._starter.submit(self._start)

    def __enter__(self) -> BackendPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take(self, stack: ExitStack) -> BackendProcess:
        """A started backend of its own for this scenario; ``stack`` stops it."""
        started, self._next = self._next, self._starter.submit(self._start)
        process = started.result()
        stack.callback(process.stop)
        return process

    def close(self) -> None:
        self._starter.shutdown(wait=True)
        with contextlib.suppress(Exception):  # a spare that failed to start has nothing to stop
            self._next.result().stop()

    def _start(self) -> BackendProcess:
        db = self._home / f"backend-{next(self._count)}.sqlite"
        # "info": every request is logged, and the privacy audit reads these logs.
        keys = [f"{KIOSK_ID}={KIOSK_KEY}"]
        process = BackendProcess(db, kiosk_keys=keys, config=self._config, log_level="info")
        process.start()
        return process


class WatchedPcscReader(PcscCardReader):
    """The kiosk's PC/SC adapter as is, remembering what it last told the kiosk about the card."""

    told_present = False

    def poll_events(self) -> Sequence[CardEvent]:
        events = super().poll_events()
        for event in events:
            self.told_present = event.kind is CardEventKind.INSERTED
        return events


class WireKioskDriver(KioskDriver):
    """``KioskDriver`` whose ``settle`` also lets PC/SC's card news reach the kiosk."""

    def __init__(self, app: KioskApp, clock: ManualClock, reader: WatchedPcscReader, slot: CardSlot) -> None:
        super().__init__(app, clock)
        self.reader = reader
        self.slot = slot

    def settle(self, frames: int = 6, timeout_s: float = 10.0) -> None:
        super().settle(frames, timeout_s)
        if self._caught_up():
            return

        def step_and_check() -> bool:
            self.app.step(0.0)  # a frame without time passing: the kiosk drains its reader's events
            return self._caught_up()

        if not wait_until(step_and_check, NOTICE_S):
            where = "on" if self.slot.card_present() else "off"
            raise AssertionError(f"the kiosk did not notice the card {where} the reader within {NOTICE_S} s")
        super().settle(frames, timeout_s)  # and what follows from it (a read, a screen change)

    def _caught_up(self) -> bool:
        return self.reader.told_present == self.slot.card_present()

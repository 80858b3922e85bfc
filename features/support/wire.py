"""The kiosk's real device adapters on the real stacks, for ``--devices wire``.

    card     CardControl -> VpcdSlot -> TCP 127.0.0.1:35963 -> vpcd in pcscd -> pyscard -> PcscCardReader
    scanner  ScannerControl -> SanePaperScanner -> SaneScanner -> python-sane -> SANE "test:0"

    backend  HttpProvincialBackend -> HTTP -> ``kiosk-twin backend`` under uvicorn on 127.0.0.1

pcscd (``shared_pcscd``) and the private SANE config are started once per run (``wire_stacks``);
each scenario gets its own backend process (``BackendPool``), slot, readers and scanner, and
leaves the virtual reader empty. PC/SC reports card insertions and removals asynchronously
(pcscd polls the vpcd driver; the kiosk's watcher thread waits on pcscd), so
``WireKioskDriver.settle`` also waits, with a deadline, until what the kiosk has been told about
the card matches what the twin did.
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
from mocks.card.pki import MockPki
from mocks.card.vpcd_slot import VpcdSlot
from mocks.scanner import ScannerControl
from mocks.scanner.sane_paper import SanePaperScanner
from reference_kiosk.devices.pcsc import PcscCardReader
from reference_kiosk.ports import CardEvent, CardEventKind
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.driver import KioskDriver, ManualClock
from tests.support.backend import KIOSK_ID, KIOSK_KEY, START, uvicorn_backend
from tests.support.pcscd import PcscdInfo, shared_pcscd, wait_until
from tests.support.sane import TEST_DEVICE, private_sane_config, require_sane_test_backend

__all__ = [
    "BackendPool",
    "WatchedPcscReader",
    "WireDevices",
    "WireKioskDriver",
    "WireStacks",
    "wire_devices",
    "wire_stacks",
]

BACKEND_TIMEOUT_S = 0.05  # how long a "timeout" fault holds a request (real time: keep it tiny)
NOTICE_S = 10.0  # how long the kiosk may take to hear of a card action (pcscd polls every ~0.4 s)


@dataclass(frozen=True, slots=True)
class WireStacks:
    pcscd: PcscdInfo
    sane_config: Path
    backends: BackendPool


@pytest.fixture(scope="session")
def wire_stacks(tmp_path_factory: pytest.TempPathFactory, pki: MockPki) -> Iterator[WireStacks]:
    """pcscd + vpcd, SANE's test backend and the backend processes for the whole wire run (skips
    locally, fails in CI, when the system packages are missing)."""
    require_sane_test_backend()
    home = tmp_path_factory.mktemp("wire")
    csca = pki.export_csca(home / "csca.pem")
    with (
        shared_pcscd() as info,
        private_sane_config(home / "sane") as sane_dir,
        pytest.MonkeyPatch.context() as env,
    ):
        env.setenv(TRUST_ENV, str(csca))  # every backend process (started below) trusts this run's CSCA
        with BackendPool(home) as backends:
            yield WireStacks(info, sane_dir, backends)


class BackendPool:
    """A fresh ``kiosk-twin backend`` under uvicorn for each scenario (nothing leaks between
    scenarios, as with the in-process app), the next one starting in the background while a
    scenario runs: a process takes seconds to import and start."""

    def __init__(self, home: Path) -> None:
        config = home / "backend.toml"
        config.write_text(f'clock_start = "{START.isoformat()}"\ntimeout_seconds = {BACKEND_TIMEOUT_S}\n')
        self._home = home
        self._args = ("--kiosk-key", f"{KIOSK_ID}={KIOSK_KEY}", "--control", "--config", str(config))
        self._count = itertools.count(1)
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backend-start")
        self._next = self._starter.submit(self._start)

    def __enter__(self) -> BackendPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take(self, stack: ExitStack) -> str:
        """The URL of a started backend of its own for this scenario; ``stack`` stops it."""
        started, self._next = self._next, self._starter.submit(self._start)
        process, url = started.result()
        stack.callback(process.close)
        return url

    def close(self) -> None:
        self._starter.shutdown(wait=True)
        with contextlib.suppress(Exception):  # a spare that failed to start has nothing to stop
            process, _ = self._next.result()
            process.close()

    def _start(self) -> tuple[ExitStack, str]:
        process = ExitStack()
        url = process.enter_context(
            uvicorn_backend(self._home / f"backend-{next(self._count)}.sqlite", *self._args)
        )
        return process, url


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

    def __init__(self, app: KioskApp, clock: ManualClock, devices: WireDevices) -> None:
        super().__init__(app, clock)
        self.reader = devices.reader
        self.slot = devices.slot

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


@dataclass(frozen=True, slots=True)
class WireDevices:
    reader: WatchedPcscReader  # the kiosk's
    slot: VpcdSlot  # the twin's
    scanner: SanePaperScanner  # the kiosk's, fed by the twin's paper


def wire_devices(stacks: WireStacks, paper: ScannerControl, stack: ExitStack) -> WireDevices:
    """This scenario's devices on the session's stacks; ``stack`` takes the card off and closes them."""
    from reference_kiosk.devices.sane import SaneScanner

    name = stacks.pcscd.reader
    probe = PcscCardReader(name)  # the twin's own look at pcscd, apart from the kiosk's watcher
    if not wait_until(lambda: not probe.card_present(), NOTICE_S):
        pytest.fail(f"{name!r} still holds a card from before this scenario")
    slot = VpcdSlot("127.0.0.1", stacks.pcscd.port, vacated=lambda: not probe.card_present())
    stack.callback(slot.close)  # last: the kiosk's reader below is closed before the card goes
    reader = WatchedPcscReader(name)
    stack.callback(reader.close)
    scanner = SanePaperScanner(SaneScanner.open(TEST_DEVICE), paper)
    stack.callback(scanner.close)
    return WireDevices(reader, slot, scanner)

"""One card-reader rig per CardReader adapter, for the contract and integration suites (H4a).

A rig owns a reader and puts emulated cards on it: ``EmulatedRig`` in process (H4b's
EmulatedCardReader), ``PcscRig`` through pyscard -> pcscd -> vpcd -> H4b's VpcdClient. PC/SC
notices insertions asynchronously, so ``wait_until`` polls the real daemon with a deadline;
the in-process rig is synchronous and only checks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from mocks.card.control import make_card
from mocks.card.faults import CardFaults
from mocks.card.files import CardBuild
from mocks.card.pki import MockPki
from mocks.card.reader import EmulatedCardReader
from reference_kiosk.ports import CardReader
from tests.support.icao import seeded

__all__ = ["CardRig", "EmulatedRig", "PcscRig", "rig_for"]


class CardRig(Protocol):
    kind: str
    reader: CardReader

    def insert(self, seed: int, faults: CardFaults | None = None, **options: Any) -> CardBuild: ...

    def remove(self) -> None: ...

    def wait_until(self, predicate: Callable[[], bool], what: str) -> None: ...

    def close(self) -> None: ...


class EmulatedRig:
    kind = "emulated"

    def __init__(self, pki: MockPki) -> None:
        self._pki = pki
        self._reader = EmulatedCardReader()
        self.reader: CardReader = self._reader

    def insert(self, seed: int, faults: CardFaults | None = None, **options: Any) -> CardBuild:
        card, build = make_card(seed, self._pki, faults, random_bytes=seeded(seed), **options)
        self._reader.insert(card)
        return build

    def remove(self) -> None:
        self._reader.remove()

    def wait_until(self, predicate: Callable[[], bool], what: str) -> None:
        assert predicate(), f"in-process reader: {what} should hold at once"

    def close(self) -> None:
        self._reader.close()


class PcscRig:
    kind = "pcsc"

    def __init__(self, pki: MockPki, reader_name: str, port: int, timeout: float = 15.0) -> None:
        from reference_kiosk.devices.pcsc import PcscCardReader

        self._pki = pki
        self._port = port
        self._timeout = timeout
        self.reader: CardReader = PcscCardReader(reader_name)
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None

    def insert(self, seed: int, faults: CardFaults | None = None, **options: Any) -> CardBuild:
        from mocks.card.vpcd import VpcdClient

        self.remove()
        card, build = make_card(seed, self._pki, faults, random_bytes=seeded(seed), **options)
        client = VpcdClient(card, "127.0.0.1", self._port)
        client.connect(self._timeout)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=client.serve, args=(self._stop,), daemon=True)
        self._thread.start()
        self.wait_until(self.reader.card_present, "the card is present")
        return build

    def remove(self) -> None:
        if self._stop is not None and self._thread is not None:
            self._stop.set()
            self._thread.join(5)
            self._stop = self._thread = None
            self.wait_until(lambda: not self.reader.card_present(), "the card is gone")

    def wait_until(self, predicate: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + self._timeout
        while not predicate():
            assert time.monotonic() < deadline, f"PC/SC: timed out waiting until {what}"
            threading.Event().wait(0.05)  # a real daemon notices in its own time; tests never sleep

    def close(self) -> None:
        self.remove()
        self.reader.close()


@contextmanager
def rig_for(kind: str, pki: MockPki, pcscd_info: Any = None) -> Iterator[CardRig]:
    rig: CardRig = (
        EmulatedRig(pki) if kind == "emulated" else PcscRig(pki, pcscd_info.reader, pcscd_info.port)
    )
    try:
        yield rig
    finally:
        rig.close()

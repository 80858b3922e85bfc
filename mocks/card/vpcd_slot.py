"""``VpcdSlot``: the twin's hand over pcscd's virtual reader (a ``CardSlot`` for ``CardControl``).

Laying a card down opens a vpcd connection and answers vpcd from a worker thread; taking it off
stops the worker and closes the socket, so pcscd sees the reader empty. A card whose fault makes
it leave (``card.gone``) ends its worker on its own, which closes the socket just the same::

    slot = VpcdSlot(port=35963)             # "Virtual PCD 00 00" of a pcscd with the vpcd driver
    CardControl(slot, pki).insert(persona(3), CardFaults(removed_after=6))

``vacated`` (optional) tells when the host has noticed a removal (pcscd polls the driver for
presence): ``remove`` and a replacing ``insert`` wait for it, so a quick swap is never missed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from mocks.card.errors import VpcdError
from mocks.card.faults import EmulatedCard
from mocks.card.vpcd import DEFAULT_PORT, VpcdClient

__all__ = ["VpcdSlot"]

_JOIN_S = 5.0  # a worker notices its stop event within vpcd.py's 0.1 s poll: this is generous
_POLL_S = 0.02


@dataclass(slots=True)
class _Served:
    """One card on the reader: its vpcd client and the worker answering vpcd for it."""

    card: EmulatedCard
    client: VpcdClient
    stop: threading.Event
    worker: threading.Thread


class VpcdSlot:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        *,
        connect_timeout: float = 5.0,
        vacated: Callable[[], bool] | None = None,
        vacate_timeout: float = 10.0,
    ) -> None:
        self.host = host
        self.port = port
        self._connect_timeout = connect_timeout
        self._vacated = vacated
        self._vacate_timeout = vacate_timeout
        self._lock = threading.Lock()  # one insert/remove at a time (the twin may act from threads)
        self._served: _Served | None = None

    @property
    def card(self) -> EmulatedCard | None:
        """The card on the reader; None once it left (taken off, or gone by its fault)."""
        with self._lock:
            return self._present()

    def card_present(self) -> bool:
        return self.card is not None

    def insert(self, card: EmulatedCard) -> None:
        """Lay ``card`` on the reader, replacing the card there; returns once vpcd accepted it."""
        with self._lock:
            if self._served is not None:
                self._take_off()
            card.power_on()
            client = VpcdClient(card, self.host, self.port)
            client.connect(timeout=self._connect_timeout)
            stop = threading.Event()
            worker = threading.Thread(target=client.serve, args=(stop,), name="vpcd-card", daemon=True)
            self._served = _Served(card, client, stop, worker)
            worker.start()

    def remove(self) -> None:
        """Take the card off; returns once its worker ended (and the host saw it, if told how)."""
        with self._lock:
            if self._served is not None:
                self._take_off()

    def close(self) -> None:
        self.remove()

    # ------------------------------------------------------------------ internals

    def _present(self) -> EmulatedCard | None:
        served = self._served
        if served is None:
            return None
        if served.card.gone:
            # Gone by its fault: the worker may be closing the socket right now. Report the card
            # absent only once pcscd can no longer reach it, so "absent" means absent everywhere
            # (joining a worker that already ended returns at once).
            served.worker.join(_JOIN_S)
            return None
        return served.card

    def _take_off(self) -> None:
        served, self._served = self._served, None
        assert served is not None
        served.card.gone = True  # like a card lifted from the field: any late APDU finds it gone
        served.stop.set()
        served.worker.join(_JOIN_S)
        if served.worker.is_alive():
            served.client.close()  # a worker stuck in a send: closing its socket ends it
            served.worker.join(_JOIN_S)
            if served.worker.is_alive():
                raise VpcdError("the vpcd worker did not stop")
        if self._vacated is not None and not _wait(self._vacated, self._vacate_timeout):
            raise VpcdError(f"the host still sees a card {self._vacate_timeout:.0f} s after removal")


def _wait(predicate: Callable[[], bool], timeout: float) -> bool:
    """Poll ``predicate`` (another process's view) until it holds or ``timeout`` passes."""
    pause = threading.Event()  # never set: a timed wait between polls
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        pause.wait(_POLL_S)
    return predicate()

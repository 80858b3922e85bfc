"""``EmulatedCardReader``: the kiosk's CardReader port over an in-process emulated card.

Cards are put on and taken off by ``insert``/``remove`` (tests, BDD steps, the demo's control
surface) from any thread; the kiosk drains the resulting events with ``poll_events``. A card that
leaves by a fault is noticed on the next ``transmit``, ``card_present`` or ``poll_events``.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence

from mocks.card.errors import CardGoneError
from mocks.card.faults import EmulatedCard
from reference_kiosk.devices.errors import CardCommunicationError, CardRemovedError, NoCardError
from reference_kiosk.ports import CardEvent, CardEventKind

__all__ = ["PERSONA_ENV", "EmulatedCardConnection", "EmulatedCardReader", "reader_with_card"]

PERSONA_ENV = "KIOSK_TWIN_PERSONA"  # whose card ``reader_with_card`` lays on the reader (a persona seed)


class EmulatedCardReader:
    def __init__(self, name: str = "Emulated CCCD Reader 00") -> None:
        self._name = name
        self._lock = threading.Lock()
        self._card: EmulatedCard | None = None
        self._events: deque[CardEvent] = deque()

    @property
    def name(self) -> str:
        return self._name

    @property
    def card(self) -> EmulatedCard | None:
        with self._lock:
            self._sync()
            return self._card

    def insert(self, card: EmulatedCard) -> None:
        with self._lock:
            if self._card is not None:
                self._take_off()
            card.power_on()
            self._card = card
            self._events.append(CardEvent(CardEventKind.INSERTED, self._name, card.atr))
            self._sync()  # a card set to leave after 0 APDUs is gone at once

    def remove(self) -> None:
        with self._lock:
            if self._card is not None:
                self._take_off()

    def _take_off(self) -> None:
        assert self._card is not None
        self._card.gone = True
        self._card = None
        self._events.append(CardEvent(CardEventKind.REMOVED, self._name))

    def _sync(self) -> None:
        if self._card is not None and self._card.gone:
            self._take_off()

    def card_present(self) -> bool:
        with self._lock:
            self._sync()
            return self._card is not None

    def connect(self) -> EmulatedCardConnection:
        with self._lock:
            self._sync()
            if self._card is None:
                raise NoCardError("no card on the emulated reader")
            return EmulatedCardConnection(self, self._card)

    def poll_events(self) -> Sequence[CardEvent]:
        with self._lock:
            self._sync()
            events = list(self._events)
            self._events.clear()
            return events

    def close(self) -> None:
        self.remove()

    def _transmit(self, card: EmulatedCard, apdu: bytes) -> bytes:
        with self._lock:
            if self._card is not card:
                raise CardRemovedError("the card was removed")
        # Outside the lock: a slow card must not stall the UI thread polling for events.
        try:
            return card.transmit(apdu)
        except CardGoneError as exc:
            raise CardRemovedError("the card was removed") from exc
        finally:
            with self._lock:
                self._sync()


class EmulatedCardConnection:
    def __init__(self, reader: EmulatedCardReader, card: EmulatedCard) -> None:
        self._reader = reader
        self._card = card
        self._closed = False

    @property
    def atr(self) -> bytes:
        return self._card.atr

    def transmit(self, apdu: bytes) -> bytes:
        if self._closed:
            raise CardCommunicationError("the connection is closed")
        return self._reader._transmit(self._card, apdu)

    def close(self) -> None:
        self._closed = True


def reader_with_card(seed: int | None = None) -> EmulatedCardReader:
    """A reader with a persona's card already on it (``mocks.world.emulated_devices`` uses it).

    ``kiosk run --devices emulated`` gets this reader; F2 tells the kiosk a card was placed and
    the login really reads this card (BAC with the persona's ID number and date of birth). The
    persona is ``seed``, else ``$KIOSK_TWIN_PERSONA``, else 7 (a 66-year-old: a card without expiry).
    """
    import os

    from mocks.card.control import CardControl
    from mocks.card.pki import MockPki

    chosen = seed if seed is not None else int(os.environ.get(PERSONA_ENV, "7"))
    reader = EmulatedCardReader()
    CardControl(reader, MockPki()).insert(chosen)
    reader.poll_events()  # it lies there already; the kiosk hears of it from F2 (or a new insert)
    return reader

"""``VpcdSlot`` + ``CardControl`` on the real stack: the twin lays a card in pcscd's virtual reader
and takes it off, and ``PcscCardReader`` (the kiosk's adapter) sees both, and reads the card."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mocks.card.control import CardControl
from mocks.card.faults import CardFaults
from mocks.card.pki import MockPki
from mocks.card.vpcd_slot import VpcdSlot
from reference_kiosk.devices.errors import CardRemovedError
from reference_kiosk.devices.icao.reader import IcaoReader
from reference_kiosk.devices.pcsc import PcscCardReader
from reference_kiosk.ports import CardEventKind
from tests.support.icao import FixedClock, id_key, seeded, trust_store
from tests.support.pcscd import PcscdInfo, card_in_reader, wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def kiosk_reader(pcscd: PcscdInfo) -> Iterator[PcscCardReader]:
    # An earlier test's card may still be leaving vpcd: start the watcher on an empty reader.
    assert wait_until(lambda: not card_in_reader(pcscd.reader), 15), "the reader never emptied"
    reader = PcscCardReader(pcscd.reader)
    try:
        yield reader
    finally:
        reader.close()


@pytest.fixture
def control(pcscd: PcscdInfo, pki: MockPki, kiosk_reader: PcscCardReader) -> Iterator[CardControl]:
    slot = VpcdSlot("127.0.0.1", pcscd.port, vacated=lambda: not kiosk_reader.card_present())
    try:
        yield CardControl(slot, pki, random_bytes=seeded(3))
    finally:
        slot.close()


def _kinds(reader: PcscCardReader, want: int) -> list[CardEventKind]:
    seen: list[CardEventKind] = []

    def enough() -> bool:
        seen.extend(e.kind for e in reader.poll_events())
        return len(seen) >= want

    wait_until(enough, 10)
    return seen


def test_pcsc_sees_the_twin_lay_down_and_take_off_the_card(
    control: CardControl, kiosk_reader: PcscCardReader
) -> None:
    assert kiosk_reader.poll_events() == []  # the watcher starts with the reader empty
    control.insert(3)
    assert _kinds(kiosk_reader, 1) == [CardEventKind.INSERTED]
    assert wait_until(kiosk_reader.card_present, 10)
    control.remove()
    assert not kiosk_reader.card_present()  # remove waited until pcscd saw it (vacated)
    assert _kinds(kiosk_reader, 1) == [CardEventKind.REMOVED]
    assert not control.reader.card_present()


def test_the_kiosk_adapter_reads_the_card_in_the_slot(
    control: CardControl, kiosk_reader: PcscCardReader, pki: MockPki
) -> None:
    build = control.insert(4)
    assert wait_until(kiosk_reader.card_present, 10)
    connection = kiosk_reader.connect()
    try:
        identity = IcaoReader(connection, clock=FixedClock(), random_bytes=seeded(4)).read(
            id_key(build), trust_store(pki)
        )
    finally:
        connection.close()
    assert identity.verified


def test_a_card_pulled_mid_read_leaves_pcscd_too(control: CardControl, kiosk_reader: PcscCardReader) -> None:
    build = control.insert(5, CardFaults(removed_after=6))
    assert wait_until(kiosk_reader.card_present, 10)
    connection = kiosk_reader.connect()
    try:
        with pytest.raises(CardRemovedError):
            IcaoReader(connection, clock=FixedClock(), random_bytes=seeded(5)).read(id_key(build), None)
    finally:
        connection.close()
    assert not control.reader.card_present()
    assert wait_until(lambda: not kiosk_reader.card_present(), 10)
    control.insert(5)  # laid down again: back for pcscd
    assert wait_until(kiosk_reader.card_present, 10)

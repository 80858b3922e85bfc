"""The CardReader port's contract, run against every adapter: in-process and through pcscd."""

from __future__ import annotations

import math

import pytest

from mocks.card.faults import CardFaults
from mocks.card.files import CardBuild
from mocks.card.pki import MockPki
from reference_kiosk.devices.errors import CardRemovedError, NoCardError
from reference_kiosk.devices.icao.identity import CardIdentity
from reference_kiosk.devices.icao.passive_auth import Verdict
from reference_kiosk.devices.icao.reader import IcaoReader
from reference_kiosk.ports import CardEvent, CardEventKind, CardReader
from tests.support.card_rigs import CardRig
from tests.support.icao import FixedClock, id_key, seeded, trust_store

SEED = 1
_FILES = (0x011E, 0x0101, 0x0102, 0x010D, 0x011D)


def _read(rig: CardRig, build: CardBuild, pki: MockPki) -> tuple[IcaoReader, CardIdentity]:
    connection = rig.reader.connect()
    try:
        icao = IcaoReader(connection, clock=FixedClock(), random_bytes=seeded(99))
        return icao, icao.read(id_key(build), trust_store(pki), face=True)
    finally:
        connection.close()


def _wait_for_event(rig: CardRig, kind: CardEventKind) -> list[CardEvent]:
    events: list[CardEvent] = []

    def arrived() -> bool:
        events.extend(rig.reader.poll_events())
        return kind in [e.kind for e in events]

    rig.wait_until(arrived, f"a {kind} event")
    return events


def test_adapter_is_a_card_reader(rig: CardRig) -> None:
    assert isinstance(rig.reader, CardReader)
    assert rig.reader.name


def test_no_card(rig: CardRig) -> None:
    assert rig.reader.poll_events() == []  # never blocks; nothing happened
    assert not rig.reader.card_present()
    with pytest.raises(NoCardError):
        rig.reader.connect()


def test_insert_then_full_read_is_verified(rig: CardRig, pki: MockPki) -> None:
    rig.reader.poll_events()  # start listening before the card arrives
    build = rig.insert(SEED)
    assert rig.reader.card_present()
    events = _wait_for_event(rig, CardEventKind.INSERTED)
    assert [e.kind for e in events] == [CardEventKind.INSERTED]
    assert events[0].reader == rig.reader.name
    icao, identity = _read(rig, build, pki)
    assert identity.verdict is Verdict.VERIFIED
    assert identity.id_number == build.persona.id_number
    assert identity.full_name == build.persona.full_name
    assert identity.face_jpeg.startswith(b"\xff\xd8")
    # Same card, same APDUs whichever the transport: 3 to open, then 1 KiB reads by short EF id.
    files = build.image.files
    assert icao.stats.apdus == 3 + sum(math.ceil(len(files[f]) / 0x400) for f in _FILES)


def test_removed_card_raises_and_is_reported(rig: CardRig) -> None:
    rig.reader.poll_events()
    rig.insert(SEED)
    connection = rig.reader.connect()
    rig.remove()
    assert not rig.reader.card_present()
    with pytest.raises(CardRemovedError):
        connection.transmit(bytes.fromhex("00A4040C07A0000002471001"))
    connection.close()
    events = _wait_for_event(rig, CardEventKind.REMOVED)
    assert events[-1].kind is CardEventKind.REMOVED


def test_card_pulled_mid_read_gives_card_removed(rig: CardRig, pki: MockPki) -> None:
    build = rig.insert(SEED, CardFaults(removed_after=6))
    with pytest.raises(CardRemovedError):
        _read(rig, build, pki)


def test_tampered_group_is_a_hash_mismatch(rig: CardRig, pki: MockPki) -> None:
    build = rig.insert(SEED, CardFaults(tampered=frozenset({13})))
    _icao, identity = _read(rig, build, pki)
    assert identity.verdict is Verdict.HASH_MISMATCH
    assert identity.reasons == ("DG13 does not match its signed hash",)

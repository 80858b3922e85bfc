"""Fault modes, the in-process reader and the control surface."""

from __future__ import annotations

import datetime as dt

import pytest

from mocks.card.control import CardControl, make_card
from mocks.card.errors import CardGoneError, FaultSpecError
from mocks.card.faults import CardFaults
from mocks.card.pki import MockPki, SignerKind
from mocks.card.reader import EmulatedCardReader
from reference_kiosk.devices.errors import CardCommunicationError, CardRemovedError, NoCardError
from reference_kiosk.ports import CardEventKind, CardReader
from tests.support.card import BacClient, ScriptedRandom, SmResponseError


def test_fault_names_parse() -> None:
    faults = CardFaults.parse(["removed-after=5", "slow=0.25", "tampered", "unknown-ca", "wrong-mac=3"])
    assert faults.removed_after == 5
    assert faults.delay == 0.25
    assert faults.tampered == frozenset({13})
    assert faults.signer is SignerKind.UNKNOWN_CA
    assert faults.wrong_mac_from == 3
    assert CardFaults.parse(["expired-card", "expired-signer", "corrupt=2", "tampered=2"]) == CardFaults(
        corrupt_response=2, tampered=frozenset({2}), signer=SignerKind.EXPIRED, expired_card=True
    )


@pytest.mark.parametrize(
    "spec", ["nonsense", "removed-after=-1", "corrupt=0", "slow=abc", "tampered=3", "unknown-ca=1"]
)
def test_bad_fault_names(spec: str) -> None:
    with pytest.raises(FaultSpecError):
        CardFaults.parse([spec])


def _reader_with(
    pki: MockPki, faults: CardFaults | None = None, sleep: list[float] | None = None
) -> CardControl:
    naps = sleep if sleep is not None else []
    control = CardControl(EmulatedCardReader(), pki, random_bytes=ScriptedRandom(), sleep=naps.append)
    control.insert(3, faults)
    return control


def _emulated(control: CardControl) -> EmulatedCardReader:
    """The control's slot is any CardSlot; these tests put an in-process reader there."""
    assert isinstance(control.reader, EmulatedCardReader)
    return control.reader


def test_reader_implements_the_port_and_reports_events(pki: MockPki) -> None:
    control = _reader_with(pki)
    reader = control.reader
    assert isinstance(reader, CardReader)
    events = reader.poll_events()
    assert [e.kind for e in events] == [CardEventKind.INSERTED]
    assert events[0].atr == reader.connect().atr
    assert reader.poll_events() == []
    control.remove()
    assert [e.kind for e in reader.poll_events()] == [CardEventKind.REMOVED]
    assert not reader.card_present()
    with pytest.raises(NoCardError):
        reader.connect()


def test_full_read_through_the_reader(pki: MockPki) -> None:
    control = _reader_with(pki)
    assert control.build is not None
    conn = _emulated(control).connect()
    bac = BacClient(conn.transmit, control.build.image.mrz_information)
    bac.authenticate()
    assert bac.read_file(0x0101) == control.build.data_groups[1]
    conn.close()
    with pytest.raises(CardCommunicationError):
        conn.transmit(b"\x00\x84\x00\x00\x08")


@pytest.mark.parametrize("k", [0, 1, 2, 3, 5])
def test_removed_after_k_apdus(pki: MockPki, k: int) -> None:
    control = _reader_with(pki, CardFaults(removed_after=k))
    reader = _emulated(control)
    if k == 0:
        assert not reader.card_present()
        return
    conn = reader.connect()
    for _ in range(k):
        assert conn.transmit(b"\x00\x84\x00\x00\x08")[-2:] == b"\x90\x00"
    with pytest.raises(CardRemovedError):
        conn.transmit(b"\x00\x84\x00\x00\x08")
    assert [e.kind for e in reader.poll_events()] == [CardEventKind.INSERTED, CardEventKind.REMOVED]


def test_removal_during_a_session_breaks_the_connection(pki: MockPki) -> None:
    control = _reader_with(pki)
    conn = _emulated(control).connect()
    control.remove()
    with pytest.raises(CardRemovedError):
        conn.transmit(b"\x00\x84\x00\x00\x08")


def test_corrupted_response_breaks_the_mac(pki: MockPki) -> None:
    control = _reader_with(pki, CardFaults(corrupt_response=6))
    assert control.build is not None
    bac = BacClient(_emulated(control).connect().transmit, control.build.image.mrz_information)
    bac.authenticate()  # APDUs 1-3
    assert bac.select(0x011E).sw == 0x9000  # 4
    assert bac.send(0xB0, 0, 0, le=4).sw == 0x9000  # 5
    with pytest.raises(SmResponseError):
        bac.send(0xB0, 0, 4, le=4)  # 6: one byte flipped


def test_corrupted_plain_response(pki: MockPki) -> None:
    control = _reader_with(pki, CardFaults(corrupt_response=1))
    card = control.reader.card
    assert card is not None
    answer = card.transmit(b"\x00\x84\x00\x00\x08")
    assert answer[-2:] == b"\x90\x00"  # the data byte changed, not the status word


def test_wrong_mac_from_an_apdu_on(pki: MockPki) -> None:
    control = _reader_with(pki, CardFaults(wrong_mac_from=5))
    assert control.build is not None
    bac = BacClient(_emulated(control).connect().transmit, control.build.image.mrz_information)
    bac.authenticate()
    assert bac.select(0x011E).sw == 0x9000
    with pytest.raises(SmResponseError):
        bac.select(0x0101)


def test_slow_answers_use_the_injected_sleeper(pki: MockPki) -> None:
    naps: list[float] = []
    control = _reader_with(pki, CardFaults(delay=0.5), sleep=naps)
    conn = _emulated(control).connect()
    conn.transmit(b"\x00\x84\x00\x00\x08")
    conn.transmit(b"\x00\x84\x00\x00\x08")
    assert naps == [0.5, 0.5]


def test_set_faults_applies_transport_faults_in_place(pki: MockPki) -> None:
    control = _reader_with(pki)
    card = control.reader.card
    control.set_faults(CardFaults(removed_after=1))
    assert control.reader.card is card
    conn = _emulated(control).connect()
    conn.transmit(b"\x00\x84\x00\x00\x08")
    with pytest.raises(CardRemovedError):
        conn.transmit(b"\x00\x84\x00\x00\x08")


def test_set_faults_with_data_faults_reinserts_a_rebuilt_card(pki: MockPki) -> None:
    control = _reader_with(pki)
    _emulated(control).poll_events()
    old = control.build
    control.set_faults(CardFaults(tampered=frozenset({13})))
    assert control.build is not None
    assert old is not None
    assert control.build.data_groups[13] != old.data_groups[13]
    assert control.build.image.files[0x011D] == old.image.files[0x011D]  # same signed SOD
    events = _emulated(control).poll_events()
    assert [e.kind for e in events] == [CardEventKind.REMOVED, CardEventKind.INSERTED]


def test_set_faults_without_a_card(pki: MockPki) -> None:
    control = CardControl(EmulatedCardReader(), pki)
    with pytest.raises(LookupError):
        control.set_faults(CardFaults())


def test_expired_card_fault_changes_the_mrz(pki: MockPki) -> None:
    _, build = make_card(3, pki, CardFaults(expired_card=True), random_bytes=ScriptedRandom())
    _, genuine = make_card(3, pki, random_bytes=ScriptedRandom())
    assert build.image.mrz_information != genuine.image.mrz_information
    expiry = build.persona.date_of_expiry
    assert expiry is not None
    assert expiry < dt.date(2025, 1, 1)
    # a real card expires on a renewal birthday, so ID number + date of birth still open it
    born = build.persona.date_of_birth
    assert (expiry.month, expiry.day) == (born.month, born.day)
    assert expiry.year - born.year in (25, 40, 60)


def test_gone_card_refuses_apdus(pki: MockPki) -> None:
    card, _ = make_card(3, pki, CardFaults(removed_after=0), random_bytes=ScriptedRandom())
    with pytest.raises(CardGoneError):
        card.transmit(b"\x00\x84\x00\x00\x08")

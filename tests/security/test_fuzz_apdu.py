"""Fuzzing the kiosk's chip reader at the APDU level: only named ``CardError``s come out.

Three attackers, each a ``CardConnection`` the real ``IcaoReader`` reads through:

* a noisy link: a genuine card whose answers get bytes flipped, inserted, deleted or cut;
* a malicious card: a genuine card OS (so BAC and secure messaging are right) serving files
  with mutated bytes; whatever it serves, a read that says "verified" holds the signed data;
* a junk card: every answer is whatever Hypothesis makes up (status words, bare data).

Hypothesis is bounded and derandomized so CI runs the same examples every time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mocks.card.faults import EmulatedCard
from mocks.card.files import FID
from mocks.card.os import CardImage, CardOS
from mocks.card.pki import MockPki
from mocks.card.reader import EmulatedCardReader
from reference_kiosk.devices.errors import CardCommunicationError, CardError
from reference_kiosk.devices.icao.bac import IdNumberKeySource
from reference_kiosk.devices.icao.identity import CardIdentity
from reference_kiosk.devices.icao.passive_auth import TrustStore
from reference_kiosk.devices.icao.reader import IcaoReader
from reference_kiosk.ports import CardConnection
from tests.support.forgery import Forgery, genuine
from tests.support.icao import AS_OF, FixedClock, seeded

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ATR = bytes.fromhex("3B8880010000000000")  # silent about extended length: the reader probes


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, int, int]]:
    ops = st.sampled_from(["flip", "insert", "delete", "truncate", "status"])
    return draw(
        st.lists(st.tuples(ops, st.integers(0, 1 << 16), st.integers(0, 255)), min_size=1, max_size=3)
    )


def mutate(data: bytes, edits: list[tuple[str, int, int]]) -> bytes:
    out = bytearray(data)
    for op, where, value in edits:
        pos = where % (len(out) or 1)
        if op == "flip" and out:
            out[pos] ^= value or 1
        elif op == "insert":
            out.insert(pos, value)
        elif op == "delete" and out:
            del out[pos]
        elif op == "truncate":
            del out[pos:]
        elif op == "status" and len(out) >= 2:
            out[-2:] = bytes((0x60 | value >> 4, value))
    return bytes(out)


class NoisyConnection:
    """A genuine card's connection whose ``hit``-th answer is mutated."""

    def __init__(self, inner: CardConnection, hit: int, edits: list[tuple[str, int, int]]) -> None:
        self._inner, self._hit, self._edits, self.count = inner, hit, edits, 0

    @property
    def atr(self) -> bytes:
        return self._inner.atr

    def transmit(self, apdu: bytes) -> bytes:
        self.count += 1
        answer = self._inner.transmit(apdu)
        return mutate(answer, self._edits) if self.count == self._hit else answer

    def close(self) -> None:
        self._inner.close()


class JunkConnection:
    """Answers each APDU with the next scripted response, then "file not found" forever."""

    def __init__(self, answers: list[bytes]) -> None:
        self._answers = list(answers)

    @property
    def atr(self) -> bytes:
        return ATR

    def transmit(self, apdu: bytes) -> bytes:
        return self._answers.pop(0) if self._answers else b"\x6a\x82"

    def close(self) -> None:
        pass


def _read(connection: CardConnection, card: Forgery, trust: TrustStore | None) -> CardIdentity:
    key = IdNumberKeySource(card.owner.id_number, card.owner.date_of_birth)
    reader = IcaoReader(connection, clock=FixedClock(AS_OF), random_bytes=seeded(5))
    return reader.read(key, trust)


def _connect(image: CardImage) -> CardConnection:
    reader = EmulatedCardReader()
    reader.insert(EmulatedCard(CardOS(image, seeded(9))))
    return reader.connect()


def _signed_data_only(identity: CardIdentity, card: Forgery) -> None:
    """A "verified" identity carries exactly what the issuer signed."""
    if identity.verified:
        assert (identity.dg1, identity.dg13) == (card.groups[1], card.groups[13])


def test_noisy_link_gives_only_named_card_errors(pki: MockPki, kiosk_trust: TrustStore) -> None:
    card = genuine(pki)

    @FUZZ
    @given(st.integers(1, 16), mutations())
    def run(hit: int, edits: list[tuple[str, int, int]]) -> None:
        try:
            identity = _read(NoisyConnection(_connect(card.image()), hit, edits), card, kiosk_trust)
        except CardError:
            return
        _signed_data_only(identity, card)

    run()


def test_malicious_card_files_never_pass_as_verified(pki: MockPki, kiosk_trust: TrustStore) -> None:
    card = genuine(pki)
    base = card.image()

    @FUZZ
    @given(st.sampled_from([0x011E, FID[1], FID[2], FID[13], 0x011D]), mutations())
    def run(fid: int, edits: list[tuple[str, int, int]]) -> None:
        files = dict(base.files)
        files[fid] = mutate(files[fid], edits)
        image = CardImage(files, base.mrz_information)
        try:
            identity = _read(_connect(image), card, kiosk_trust)
        except CardError:
            return
        _signed_data_only(identity, card)
        if identity.verified and fid in (FID[1], FID[13]):
            # a mutation the reader never saw (bytes past the TLV end) is the only way through
            assert files[fid].startswith(card.groups[{FID[1]: 1, FID[13]: 13}[fid]])

    run()


_SW = st.sampled_from([0x9000, 0x6282, 0x6700, 0x6982, 0x6A82, 0x6A86, 0x6C10, 0x6D00, 0x6300, 0x6988])
_ANSWER = st.one_of(
    st.binary(max_size=60),
    st.tuples(st.binary(max_size=40), _SW).map(lambda t: t[0] + t[1].to_bytes(2, "big")),
)


@FUZZ
@given(st.lists(_ANSWER, max_size=30))
def test_junk_card_gives_only_named_card_errors(answers: list[bytes]) -> None:
    owner = IdNumberKeySource("001089012345", dt.date(1989, 5, 12))
    reader = IcaoReader(JunkConnection(answers), clock=FixedClock(AS_OF), random_bytes=seeded(5))
    try:
        reader.read(owner, None)
    except CardError:
        return
    raise AssertionError("a junk card cannot complete BAC")


class TricklingCardOS(CardOS):
    """A card that answers every READ BINARY past the file's head with a single byte."""

    def _read_binary(self, cmd: Any, protected: bool) -> bytes:
        data = super()._read_binary(cmd, protected)
        head = cmd.p2 == 0 and (cmd.p1 & 0x80 or cmd.p1 == 0)
        return data[:6] if head else data[:1]


def test_a_trickling_card_cannot_hold_the_kiosk(pki: MockPki, kiosk_trust: TrustStore) -> None:
    """Byte-per-answer would take ~17,000 APDUs (minutes on a real link): refused after 1,000."""
    card = genuine(pki)
    reader = EmulatedCardReader()
    emulated = EmulatedCard(TricklingCardOS(card.image(), seeded(9)))
    reader.insert(emulated)
    with pytest.raises(CardCommunicationError, match="more than 1000 APDUs"):
        _read(reader.connect(), card, kiosk_trust)
    assert emulated.apdu_count == 1000

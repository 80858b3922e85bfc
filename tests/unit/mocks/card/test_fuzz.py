"""Random and mutated bytes: the card always answers a status word, the backend only rejects.

Fixtures are closed over (not passed to ``@given``) so Hypothesis never prints key material.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from mocks.backend.cccd_verify import (
    CccdRejectedError,
    TrustStore,
    parse_identity,
    parse_tlv,
    verify_chip_data,
)
from mocks.card.files import CardBuild
from mocks.card.os import AID, CardOS
from mocks.card.pki import MockPki
from tests.support.card import BacClient, ScriptedRandom

_SETTINGS = settings(max_examples=150, deadline=None)
KNOWN_SW = {
    0x9000,
    0x6300,
    0x6700,
    0x6982,
    0x6985,
    0x6986,
    0x6987,
    0x6988,
    0x6A82,
    0x6A86,
    0x6B00,
    0x6D00,
    0x6E00,
}


def _mutate(data: bytes, index: int, value: int) -> bytes:
    i = index % len(data)
    return data[:i] + bytes((value,)) + data[i + 1 :]


def test_random_apdus_get_a_known_status_word(card_build: CardBuild) -> None:
    @_SETTINGS
    @given(st.binary(max_size=300))
    def run(apdu: bytes) -> None:
        card = CardOS(card_build.image, ScriptedRandom())
        card.execute(b"\x00\xa4\x04\x0c\x07" + AID)
        answer = card.execute(apdu)
        assert len(answer) >= 2
        assert int.from_bytes(answer[-2:], "big") in KNOWN_SW

    run()


def test_mutated_protected_apdus_are_refused(card_build: CardBuild) -> None:
    @_SETTINGS
    @given(st.integers(0, 255), st.integers(0, 255), st.sampled_from([0, 1]))
    def run(index: int, value: int, which: int) -> None:
        card = CardOS(card_build.image, ScriptedRandom())
        bac = BacClient(card.execute, card_build.image.mrz_information)
        bac.authenticate()
        apdu = bac.wrap(0xA4, 0x02, 0x0C, b"\x01\x01") if which == 0 else bac.wrap(0xB0, 0x81, 0, le=16)
        mutated = _mutate(apdu, index, value)
        answer = card.execute(mutated)
        # Header, DOs and MAC are covered; a changed Lc breaks the parse. Only the outer Le is free.
        if mutated[:-1] != apdu[:-1]:
            assert len(answer) == 2
            assert answer in (b"\x69\x87", b"\x69\x88", b"\x67\x00", b"\x6e\x00", b"\x69\x82")

    run()


@_SETTINGS
@given(st.binary(max_size=200))
def test_tlv_parser_only_raises_value_error(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        parse_tlv(data)


def test_mutated_dg1_dg13_are_only_rejected(card_build: CardBuild) -> None:
    @_SETTINGS
    @given(st.integers(0, 10_000), st.integers(0, 255), st.sampled_from([1, 13]))
    def run(index: int, value: int, group: int) -> None:
        dg1, dg13 = card_build.data_groups[1], card_build.data_groups[13]
        if group == 1:
            dg1 = _mutate(dg1, index, value)
        else:
            dg13 = _mutate(dg13, index, value)
        reason = "accepted"
        try:
            parse_identity(dg1, dg13)
        except CccdRejectedError as exc:
            reason = exc.reason
        assert reason in ("accepted", "malformed", "identity_mismatch")

    run()


def test_mutated_sod_is_rejected_not_crashing(card_build: CardBuild, pki: MockPki) -> None:
    sod = card_build.image.files[0x011D]
    enc = base64.b64encode
    now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    groups = (enc(card_build.data_groups[1]).decode(), enc(card_build.data_groups[13]).decode())
    trust = TrustStore((pki.csca_cert,))
    genuine = verify_chip_data(enc(sod).decode(), *groups, trust, now)

    @_SETTINGS
    @given(st.integers(0, 10_000), st.integers(0, 255))
    def run(index: int, value: int) -> None:
        # A byte outside what is signed (say, the unsigned digestAlgorithms set) may pass, but a
        # mutation never crashes the verifier nor yields any identity other than the genuine one.
        try:
            identity = verify_chip_data(enc(_mutate(sod, index, value)).decode(), *groups, trust, now)
        except CccdRejectedError:
            return
        assert identity == genuine

    run()

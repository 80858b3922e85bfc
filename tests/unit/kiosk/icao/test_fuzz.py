"""Hypothesis: the parsers, on random and mutated bytes, raise only the package's named errors."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mocks.card.pki import MockPki
from mocks.card.sod import build_sod
from reference_kiosk.devices.icao import lds, tlv
from reference_kiosk.devices.icao.apdu import ResponseApdu
from reference_kiosk.devices.icao.bac import BacKey
from reference_kiosk.devices.icao.dg13 import parse_dg13
from reference_kiosk.devices.icao.errors import (
    Dg13Error,
    FaceImageError,
    KeyInputError,
    MalformedDataError,
    MrzError,
    SecureMessagingError,
    TlvError,
)
from reference_kiosk.devices.icao.identity import parse_dg13_date
from reference_kiosk.devices.icao.mrz import parse_dg1, parse_td1
from reference_kiosk.devices.icao.passive_auth import TrustStore, Verdict, verify_sod
from reference_kiosk.devices.icao.sm import SecureChannel
from tests.support.lds_builders import cccd_mrz, dg1, dg2, dg13, standard_fields

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID_DG13 = dg13(standard_fields())
VALID_DG1 = dg1(cccd_mrz())
VALID_DG2 = dg2()


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` with a few bytes flipped, inserted, deleted or the tail cut."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data.insert(pos, draw(st.integers(0, 255)))
        elif op == "delete" and data:
            del data[pos]
        else:
            del data[pos:]
    return bytes(data)


def _only(errors: tuple[type[Exception], ...], parse: Callable[[bytes], Any], data: bytes) -> None:
    with contextlib.suppress(*errors):
        parse(data)


@SETTINGS
@given(st.binary(max_size=300))
def test_tlv_random_bytes(data: bytes) -> None:
    _only((TlvError,), tlv.parse, data)


@SETTINGS
@given(st.one_of(st.binary(max_size=400), mutated(VALID_DG13)))
def test_dg13_random_and_mutated(data: bytes) -> None:
    _only((Dg13Error,), parse_dg13, data)


@SETTINGS
@given(mutated(VALID_DG13))
def test_dg13_dates_of_mutated_text_raise_only_dg13_errors(data: bytes) -> None:
    try:
        parsed = parse_dg13(data)
    except Dg13Error:
        return
    for number in (3, 11, 12):
        _only((Dg13Error,), parse_dg13_date, parsed.text(number))  # type: ignore[arg-type]


@SETTINGS
@given(st.one_of(st.binary(max_size=200), mutated(VALID_DG1)))
def test_dg1_random_and_mutated(data: bytes) -> None:
    _only((MrzError,), parse_dg1, data)


@SETTINGS
@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<\n ", min_size=0, max_size=100))
def test_td1_and_bac_key_random_text(text: str) -> None:
    _only((MrzError,), parse_td1, text)  # type: ignore[arg-type]
    _only((KeyInputError,), BacKey.from_mrz, text)  # type: ignore[arg-type]


@SETTINGS
@given(st.one_of(st.binary(max_size=300), mutated(VALID_DG2)))
def test_dg2_random_and_mutated(data: bytes) -> None:
    _only((FaceImageError,), lds.parse_dg2, data)


@SETTINGS
@given(st.binary(max_size=120))
def test_ef_com_random(data: bytes) -> None:
    _only((MalformedDataError,), lds.parse_ef_com, data)


KS_ENC = bytes.fromhex("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = bytes.fromhex("F1CB1F1FB5ADF208806B89DC579DC1F8")
GOOD_RESPONSE = bytes.fromhex("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED")


@SETTINGS
@given(st.one_of(st.binary(max_size=120), mutated(GOOD_RESPONSE)), st.integers(0, 0xFFFF))
def test_sm_unwrap_random_and_mutated(data: bytes, sw: int) -> None:
    channel = SecureChannel(KS_ENC, KS_MAC, 0x887022120C06C229)
    try:
        plain = channel.unwrap(ResponseApdu(data, sw))
    except SecureMessagingError:
        return
    # Anything accepted either is the untouched vector or carries no data at all.
    assert plain.data in (b"", bytes.fromhex("60145F01"))
    if plain.data:
        assert data == GOOD_RESPONSE


@SETTINGS
@given(st.binary(max_size=400))
def test_sod_random_bytes_give_a_verdict_not_an_exception(data: bytes) -> None:
    result = verify_sod(data, {1: b"x"}, None, dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    assert result.verdict is Verdict.UNTRUSTED_SIGNER


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_mutated_genuine_sod_never_raises(pki: MockPki, data: st.DataObject) -> None:
    groups = {1: VALID_DG1, 13: VALID_DG13}
    now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    sod = build_sod(groups, pki.signer(), now - dt.timedelta(days=1))
    result = verify_sod(data.draw(mutated(sod)), groups, TrustStore((pki.csca_cert,)), now)
    assert isinstance(result.verdict, Verdict)


def test_signer_certificate_with_a_bad_version_field_is_untrusted_not_a_crash(pki: MockPki) -> None:
    # Found by the fuzz test above: cryptography raises InvalidVersion, which is no ValueError.
    groups = {1: VALID_DG1, 13: VALID_DG13}
    now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    sod = build_sod(groups, pki.signer(), now - dt.timedelta(days=1))
    v3 = bytes.fromhex("a003020102")  # TBSCertificate version [0] EXPLICIT INTEGER 2 (v3)
    assert v3 in sod
    result = verify_sod(
        sod.replace(v3, bytes.fromhex("a003020107")), groups, TrustStore((pki.csca_cert,)), now
    )
    assert result.verdict is Verdict.UNTRUSTED_SIGNER

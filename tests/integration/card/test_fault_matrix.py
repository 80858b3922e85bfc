"""Fault matrix: a card pulled at every APDU of a full read, every tampering case, bad links.

In process for every index; through pcscd + vpcd for a few (integration tier).
"""

from __future__ import annotations

from typing import Any

import pytest

from mocks.card.faults import CardFaults
from mocks.card.pki import MockPki, SignerKind
from reference_kiosk.devices.errors import CardError, CardRemovedError, NoCardError
from reference_kiosk.devices.icao.errors import (
    AccessDeniedError,
    ResponseMacError,
    SecureMessagingError,
    TamperedDataError,
)
from reference_kiosk.devices.icao.identity import CardIdentity
from reference_kiosk.devices.icao.passive_auth import Verdict
from reference_kiosk.devices.icao.reader import IcaoReader
from tests.support.card_rigs import CardRig, rig_for
from tests.support.icao import (
    AS_OF,
    FixedClock,
    card_on_reader,
    icao_reader,
    id_key,
    mrz_key,
    seeded,
    trust_store,
)

SEED = 1
# Every read here is the full one, the face (DG2) included, as `kiosk read-card --face` does: the
# faults are placed at APDU indices across the whole exchange. A login reads less (issue 15.6).


def _full_read_apdus(pki: MockPki) -> int:
    reader, card, build = card_on_reader(pki, SEED)
    icao_reader(reader).read(id_key(build), trust_store(pki), face=True)
    return card.apdu_count


def test_card_pulled_at_every_apdu_index_in_process(pki: MockPki) -> None:
    total = _full_read_apdus(pki)
    assert total > 20
    for k in range(0, total):
        reader, _card, build = card_on_reader(pki, SEED, CardFaults(removed_after=k))
        identity: CardIdentity | None = None
        with pytest.raises((CardRemovedError, NoCardError)) as caught:
            identity = icao_reader(reader).read(id_key(build), trust_store(pki), face=True)
        assert identity is None
        assert isinstance(caught.value, NoCardError if k == 0 else CardRemovedError), k
    reader, _card, build = card_on_reader(pki, SEED, CardFaults(removed_after=total))
    assert icao_reader(reader).read(id_key(build), trust_store(pki), face=True).verified  # left just after


@pytest.mark.parametrize(
    ("faults", "verdict", "reason"),
    [
        (CardFaults(tampered=frozenset({2})), Verdict.HASH_MISMATCH, "DG2 does not match its signed hash"),
        (CardFaults(tampered=frozenset({13})), Verdict.HASH_MISMATCH, "DG13 does not match its signed hash"),
        (
            CardFaults(signer=SignerKind.UNKNOWN_CA),
            Verdict.UNTRUSTED_SIGNER,
            "the document signer was not issued by a trusted CSCA",
        ),
        (
            CardFaults(signer=SignerKind.EXPIRED),
            Verdict.UNTRUSTED_SIGNER,
            "the document signer certificate has expired",
        ),
    ],
    ids=["tampered-dg2", "tampered-dg13", "unknown-ca", "expired-signer"],
)
def test_each_tampering_case_gets_its_verdict(
    pki: MockPki, faults: CardFaults, verdict: Verdict, reason: str
) -> None:
    reader, _card, build = card_on_reader(pki, SEED, faults)
    identity = icao_reader(reader).read(id_key(build), trust_store(pki), face=True)
    assert identity.verdict is verdict
    assert reason in identity.reasons
    assert not identity.verified


def test_tampered_mrz_that_no_longer_parses_is_reported_as_tampering(pki: MockPki) -> None:
    reader, _card, build = card_on_reader(pki, SEED, CardFaults(tampered=frozenset({1})))
    with pytest.raises(TamperedDataError) as caught:
        icao_reader(reader).read(id_key(build), trust_store(pki), face=True)
    assert caught.value.verdict == Verdict.HASH_MISMATCH
    assert caught.value.reasons == ("DG1 does not match its signed hash",)


def test_expired_card_is_genuine_but_expired(pki: MockPki) -> None:
    reader, _card, build = card_on_reader(pki, SEED, CardFaults(expired_card=True))
    identity = icao_reader(reader).read(mrz_key(build), trust_store(pki), face=True)
    assert identity.verified
    assert identity.is_expired(AS_OF.date())


def _outcome(pki: MockPki, faults: CardFaults) -> CardIdentity | CardError:
    reader, _card, build = card_on_reader(pki, SEED, faults)
    try:
        return icao_reader(reader).read(id_key(build), trust_store(pki), face=True)
    except CardError as exc:
        return exc


def test_a_corrupted_answer_at_every_index_is_a_named_card_error(pki: MockPki) -> None:
    total = _full_read_apdus(pki)
    for k in range(1, total + 1):
        outcome = _outcome(pki, CardFaults(corrupt_response=k))
        if k == 1:  # SELECT's bare 9000 carries no data to corrupt
            assert isinstance(outcome, CardIdentity)
            assert outcome.verified
        elif k == 2 or k == 3:  # a corrupted challenge: the card refuses that key, the others are wrong
            assert isinstance(outcome, AccessDeniedError)
        else:  # under secure messaging, every flipped byte is caught by the MAC
            assert isinstance(outcome, SecureMessagingError), (k, outcome)


@pytest.mark.parametrize("k", [4, 10, 25])
def test_wrong_response_mac_is_refused(pki: MockPki, k: int) -> None:
    reader, _card, build = card_on_reader(pki, SEED, CardFaults(wrong_mac_from=k))
    with pytest.raises(ResponseMacError):
        icao_reader(reader).read(id_key(build), trust_store(pki), face=True)


# ---------------------------------------------------------------------------- over pcscd


def _read_over(rig: CardRig, pki: MockPki, faults: CardFaults) -> CardIdentity:
    build = rig.insert(SEED, faults)
    connection = rig.reader.connect()
    try:
        reader = IcaoReader(connection, clock=FixedClock(), random_bytes=seeded(5))
        return reader.read(id_key(build), trust_store(pki), face=True)
    finally:
        connection.close()


@pytest.mark.integration
def test_card_pulled_at_some_indices_over_pcscd(pki: MockPki, pcscd: Any) -> None:
    with rig_for("pcsc", pki, pcscd) as rig:
        for k in (2, 3, 5, 12, 24):
            with pytest.raises(CardRemovedError):
                _read_over(rig, pki, CardFaults(removed_after=k))
            rig.remove()


@pytest.mark.integration
def test_tampering_over_pcscd(pki: MockPki, pcscd: Any) -> None:
    with rig_for("pcsc", pki, pcscd) as rig:
        assert _read_over(rig, pki, CardFaults(tampered=frozenset({13}))).verdict is Verdict.HASH_MISMATCH
        assert (
            _read_over(rig, pki, CardFaults(signer=SignerKind.UNKNOWN_CA)).verdict is Verdict.UNTRUSTED_SIGNER
        )
        with pytest.raises(ResponseMacError):
            _read_over(rig, pki, CardFaults(wrong_mac_from=8))

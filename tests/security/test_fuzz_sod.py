"""Fuzzing EF.SOD (CMS SignedData) with structure-aware DER mutations, on both verifiers.

Byte flips mostly break the outer TLV and never reach the inner fields; here a genuine EF.SOD
is parsed into its DER tree, one node is changed (value replaced, tag changed, node dropped or
doubled, integer made odd), and every length is re-encoded, so the mutation lands deep inside
(OIDs, versions, certificates, signed attributes, the LDS hash table) and still parses.

Properties, for a forged DG13 presented with the mutated EF.SOD of the genuine card:
the kiosk's ``verify_sod`` returns a verdict (never raises) and never says "verified"; the
backend's ``verify_chip_data`` raises only ``CccdRejectedError``; the chip-login route answers
401, never 500.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mocks.backend.cccd_verify import CccdRejectedError, verify_chip_data
from mocks.backend.cccd_verify import TrustStore as BackendTrustStore
from mocks.card.files import dg13
from mocks.card.pki import MockPki
from reference_kiosk.devices.icao.passive_auth import TrustStore, Verdict, verify_sod
from tests.support.backend import SyncAsgiClient
from tests.support.forgery import Forgery, genuine

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NOW = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)
_ENCAPSULATING = 0x04  # OCTET STRING: EF.SOD's eContent holds the LDS security object's DER


@dataclass(slots=True)
class Node:
    tag: bytes
    value: bytes = b""
    children: list[Node] | None = None  # constructed (or an OCTET STRING holding DER)


def _length(data: bytes, pos: int) -> tuple[int, int]:
    first = data[pos]
    if first < 0x80:
        return first, pos + 1
    size = first & 0x7F
    if not 1 <= size <= 4 or pos + 1 + size > len(data):
        raise ValueError("bad length")
    return int.from_bytes(data[pos + 1 : pos + 1 + size], "big"), pos + 1 + size


def parse_der(data: bytes) -> list[Node]:
    nodes, pos = [], 0
    while pos < len(data):
        start = pos
        pos += 1
        if data[start] & 0x1F == 0x1F:
            while data[pos] & 0x80:
                pos += 1
            pos += 1
        tag = data[start:pos]
        length, pos = _length(data, pos)
        value = data[pos : pos + length]
        if len(value) != length:
            raise ValueError("value overruns")
        pos += length
        nodes.append(_node(tag, value))
    return nodes


def _node(tag: bytes, value: bytes) -> Node:
    if tag[0] & 0x20:
        return Node(tag, children=parse_der(value))
    if tag[0] == _ENCAPSULATING and value[:1] == b"\x30":
        try:
            return Node(tag, children=parse_der(value))
        except (ValueError, IndexError):
            pass
    return Node(tag, value)


def encode_der(nodes: list[Node]) -> bytes:
    out = bytearray()
    for node in nodes:
        value = encode_der(node.children) if node.children is not None else node.value
        n = len(value)
        length = (
            bytes((n,))
            if n < 0x80
            else bytes((0x80 | ((n.bit_length() + 7) // 8),)) + n.to_bytes((n.bit_length() + 7) // 8, "big")
        )
        out += node.tag + length + value
    return bytes(out)


def _walk(nodes: list[Node]) -> list[tuple[list[Node], int]]:
    """Every node as (its parent list, its index), depth first."""
    out: list[tuple[list[Node], int]] = []
    for i, node in enumerate(nodes):
        out.append((nodes, i))
        if node.children is not None:
            out.extend(_walk(node.children))
    return out


@st.composite
def der_mutation(draw: st.DrawFn, genuine_sod: bytes) -> bytes:
    tree = parse_der(genuine_sod)
    for _ in range(draw(st.integers(1, 2))):
        places = _walk(tree)
        if not places:
            break
        parent, index = places[draw(st.integers(0, len(places) - 1))]
        node = parent[index]
        op = draw(st.sampled_from(["value", "tag", "drop", "double", "integer", "truncate"]))
        if op == "value":
            parent[index] = Node(node.tag, draw(st.binary(max_size=40)))
        elif op == "tag":
            parent[index] = replace(node, tag=bytes((draw(st.integers(0, 255)) & 0xDF | node.tag[0] & 0x20,)))
        elif op == "drop":
            del parent[index]
        elif op == "double":
            parent.insert(index, node)
        elif op == "integer":
            parent[index] = Node(
                b"\x02", draw(st.sampled_from([b"", b"\x00", b"\xff", b"\x7f" * 9, b"\x05"]))
            )
        elif node.children is None and node.value:
            parent[index] = Node(node.tag, node.value[: draw(st.integers(0, len(node.value) - 1))])
    return encode_der(tree)


@pytest.fixture(scope="module")
def card(pki: MockPki) -> Forgery:
    return genuine(pki)


@pytest.fixture(scope="module")
def forged_dg13(card: Forgery) -> bytes:
    return dg13(replace(card.owner, given_names="Giả Mạo"))


def test_the_der_tree_round_trips(card: Forgery) -> None:
    assert encode_der(parse_der(card.sod)) == card.sod
    leaves = [n for parent, i in _walk(parse_der(card.sod)) if (n := parent[i]).children is None]
    assert len(leaves) > 40  # deep enough to reach certificate and hash-table fields


def test_kiosk_verdict_on_mutated_sod_is_never_verified(
    card: Forgery, forged_dg13: bytes, kiosk_trust: TrustStore
) -> None:
    @FUZZ
    @given(der_mutation(card.sod))
    def run(sod: bytes) -> None:
        result = verify_sod(sod, {1: card.groups[1], 13: forged_dg13}, kiosk_trust, NOW)
        assert result.verdict is not Verdict.VERIFIED
        assert result.reasons
        # with the genuine groups the verdict may be anything, but it is a verdict
        assert isinstance(
            verify_sod(sod, {1: card.groups[1], 13: card.groups[13]}, kiosk_trust, NOW).verdict, Verdict
        )

    run()


def test_backend_on_mutated_sod_raises_only_its_rejection(
    card: Forgery, forged_dg13: bytes, pki: MockPki
) -> None:
    trust = BackendTrustStore((pki.csca_cert,))
    enc = base64.b64encode

    @FUZZ
    @given(der_mutation(card.sod))
    def run(sod: bytes) -> None:
        with pytest.raises(CccdRejectedError):
            verify_chip_data(
                enc(sod).decode(), enc(card.groups[1]).decode(), enc(forged_dg13).decode(), trust, NOW
            )

    run()


def test_chip_login_route_answers_401_to_mutated_sod(card: Forgery, client: SyncAsgiClient) -> None:
    body = card.login_body()

    @settings(FUZZ, max_examples=80)
    @given(der_mutation(card.sod), st.booleans())
    def run(sod: bytes, forged: bool) -> None:
        sent = body | {"sod": base64.b64encode(sod).decode()}
        if forged:
            sent["dg13"] = base64.b64encode(dg13(replace(card.owner, given_names="Giả Mạo"))).decode()
        answer = client.post("/api/v1/auth/cccd", json=sent)
        assert answer.status_code in ((401,) if forged else (200, 401)), answer.text
        assert answer.json().get("code") != "internal_error"

    run()


# ---------------------------------------------------------------------------- regressions found here

_SHA256_OID = bytes.fromhex("0609608648016503040201")
_MESSAGE_DIGEST_OID = bytes.fromhex("06092a864886f70d010904")


def test_an_unknown_data_group_hash_is_a_verdict_not_a_crash(card: Forgery, kiosk_trust: TrustStore) -> None:
    first = card.sod.index(_SHA256_OID)
    lds_hash = card.sod.index(_SHA256_OID, first + 1)  # the LDS security object's own algorithm
    sod = card.sod[:lds_hash] + _SHA256_OID[:-1] + b"\x7f" + card.sod[lds_hash + len(_SHA256_OID) :]
    result = verify_sod(sod, {1: card.groups[1], 13: card.groups[13]}, kiosk_trust, NOW)
    assert result.verdict is Verdict.UNTRUSTED_SIGNER
    assert "unsupported data-group hash" in result.reasons[0]


def test_an_empty_message_digest_attribute_is_a_verdict_not_a_crash(
    card: Forgery, kiosk_trust: TrustStore
) -> None:
    tree = parse_der(card.sod)
    for parent, index in _walk(tree):
        node = parent[index]
        if node.children and encode_der(node.children[:1]) == _MESSAGE_DIGEST_OID:
            node.children[1] = Node(b"\x31", children=[])  # SET OF with no value
    sod = encode_der(tree)
    assert sod != card.sod
    result = verify_sod(sod, {1: card.groups[1], 13: card.groups[13]}, kiosk_trust, NOW)
    assert result.verdict is Verdict.UNTRUSTED_SIGNER
    assert result.reasons[0].startswith("EF.SOD cannot be verified")

"""Fuzzing VietQR parsing past the CRC: mutate the body, then recompute the CRC.

The unit suite's mutations stop at the CRC check (a changed character never gets further); a
forger recomputes it (CRC-16 is no signature), so here every mutation reaches the TLV parser:
nested templates (38, 62), lengths, tags, values. ``parse`` raises only ``VietQrError``, and
what it accepts re-encodes to a payload that parses to the same value.
"""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from mocks.backend.vietqr import VietQrError, build_dynamic, crc16, encode, parse

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None)
GENUINE = build_dynamic("970415", "113366668888", 10_000, "000.31.36.H36-250317-0001", bill_number="B1")
BODY = GENUINE[:-4]  # ends with "6304": the CRC object's tag and length


@st.composite
def forged(draw: st.DrawFn) -> str:
    body = list(BODY[:-4])
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(body)))
        op = draw(st.sampled_from(["replace", "insert", "delete"]))
        char = draw(st.sampled_from("0123456789") | st.characters(codec="utf-8", exclude_categories=["Cs"]))
        if op == "replace" and where < len(body):
            body[where] = char
        elif op == "insert":
            body.insert(where, char)
        elif body:
            del body[min(where, len(body) - 1)]
    text = "".join(body) + "6304"
    return text + crc16(text)


@FUZZ
@given(forged())
def test_parse_of_crc_fixed_forgeries_raises_only_vietqr_error(payload: str) -> None:
    try:
        qr = parse(payload)
    except VietQrError:
        event("refused")
        return
    event("accepted")
    assert encode(parse(encode(qr))) == encode(qr)
    assert qr.amount is None or qr.amount >= 0


def test_the_genuine_payload_parses() -> None:
    qr = parse(GENUINE)
    assert (qr.amount, qr.purpose, qr.bill_number) == (10_000, "000.31.36.H36-250317-0001", "B1")

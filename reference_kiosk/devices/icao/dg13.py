"""DG13 of the Vietnamese chip ID card: numbered UTF-8 citizen fields (cccd-chip.md).

Fields are keyed by their number, never by position. Field 13 (parents) exists in two layouts
in the wild, so every UTF8String under it is collected in order: [father, mother]. Field 14
(spouse) may carry only its number. Unknown field numbers are kept raw; lengths that overrun
their parent raise ``Dg13Error``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from reference_kiosk.devices.icao import tlv
from reference_kiosk.devices.icao.errors import Dg13Error, TlvError

__all__ = ["FIELD_NAMES", "Dg13", "parse_dg13"]

_TAG_DG13 = 0x6D
_SEQUENCE, _SET, _INTEGER, _UTF8 = 0x30, 0x31, 0x02, 0x0C
_MAX_DEPTH = 4

# The reference's fields under the names the kiosk and the personas use.
FIELD_NAMES: Mapping[int, str] = {
    1: "id_number",
    2: "full_name",
    3: "date_of_birth",
    4: "sex",
    5: "nationality",
    6: "ethnicity",
    7: "religion",
    8: "place_of_origin",
    9: "residence",
    10: "identifying_marks",
    11: "date_of_issue",
    12: "date_of_expiry",
    13: "parents",
    14: "spouse_name",
    15: "old_id_number",
}


@dataclass(frozen=True, slots=True)
class Dg13:
    """Text fields by number (single value), parents, spouse and raw unknown fields.

    Personal data throughout, hence no repr of the values.
    """

    texts: Mapping[int, str] = field(repr=False)
    parents: tuple[str, ...] = field(repr=False)  # [father, mother] as present
    unknown: Mapping[int, bytes] = field(repr=False)  # field number -> the raw field TLV

    def text(self, number: int) -> str | None:
        return self.texts.get(number)

    @property
    def father(self) -> str | None:
        return self.parents[0] if self.parents else None

    @property
    def mother(self) -> str | None:
        return self.parents[1] if len(self.parents) > 1 else None


def _utf8_strings(node: tlv.Tlv, depth: int = 0) -> list[str]:
    """Every UTF8String under ``node``, depth first, in order."""
    if node.tag == _UTF8:
        return [_decode(node.value)]
    if not node.constructed:
        return []
    if depth > _MAX_DEPTH:  # hostile nesting would otherwise exhaust the stack
        raise Dg13Error("DG13 field is nested too deeply")
    out: list[str] = []
    for child in node.children():
        out.extend(_utf8_strings(child, depth + 1))
    return out


def _decode(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Dg13Error("a DG13 field is not valid UTF-8") from exc


def _field(item: tlv.Tlv) -> tuple[int, list[str]]:
    if item.tag != _SEQUENCE:
        raise Dg13Error(f"DG13 field is tag {item.tag:X}, expected a SEQUENCE")
    parts = item.children()
    if not parts or parts[0].tag != _INTEGER:
        raise Dg13Error("DG13 field does not start with its number")
    number = tlv.read_int(parts[0].value)
    values: list[str] = []
    for part in parts[1:]:
        values.extend(_utf8_strings(part))
    return number, values


def parse_dg13(data: bytes) -> Dg13:
    try:
        outer, end = tlv.parse_one(data)
        if outer.tag != _TAG_DG13 or end != len(data):
            raise Dg13Error(f"DG13 starts with tag {outer.tag:X}, expected 6D")
        body = outer.children()
        if len(body) != 1 or body[0].tag != _SEQUENCE:
            raise Dg13Error("DG13 does not hold one SEQUENCE")
        fields_set = next((c for c in body[0].children() if c.tag == _SET), None)
        if fields_set is None:
            raise Dg13Error("DG13 has no SET of fields")
        texts: dict[int, str] = {}
        parents: tuple[str, ...] = ()
        unknown: dict[int, bytes] = {}
        for item in fields_set.children():
            number, values = _field(item)
            if number not in FIELD_NAMES:
                unknown[number] = tlv.encode(item.tag, item.value)
            elif number == 13:
                parents = tuple(values)
            elif values:
                texts[number] = values[0]
    except TlvError as exc:
        raise Dg13Error(f"DG13 is not well-formed: {exc}") from exc
    return Dg13(texts, parents, unknown)

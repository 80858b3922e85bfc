"""DG1: the TD1 machine-readable zone (3 lines of 30) with every check digit validated.

On the CCCD, line 1's optional data holds the 12-digit personal ID number; its own trailing
check digit is unconfirmed by public sources, so it is read but not enforced.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reference_kiosk.devices.icao import crypto, tlv
from reference_kiosk.devices.icao.errors import MrzError, TlvError

__all__ = ["Mrz", "parse_dg1", "parse_td1", "yymmdd"]

_TAG_DG1 = 0x61
_TAG_MRZ = 0x5F1F
_TD1 = re.compile(r"[0-9A-Z<]{90}")


@dataclass(frozen=True, slots=True)
class Mrz:
    """The TD1 fields as printed (YYMMDD dates, '<' fillers stripped). Personal data: no repr."""

    text: str = field(repr=False)  # the 90 characters
    document_code: str = field(repr=False)
    issuing_state: str = field(repr=False)
    document_number: str = field(repr=False)
    optional_data_1: str = field(repr=False)
    date_of_birth: str = field(repr=False)
    sex: str = field(repr=False)  # M, F or <
    date_of_expiry: str = field(repr=False)
    nationality: str = field(repr=False)
    optional_data_2: str = field(repr=False)
    surname: str = field(repr=False)
    given_names: str = field(repr=False)

    @property
    def lines(self) -> tuple[str, str, str]:
        return self.text[:30], self.text[30:60], self.text[60:]

    @property
    def id_number(self) -> str | None:
        """The 12-digit personal ID number of a Vietnamese card (start of optional data 1)."""
        head = self.optional_data_1[:12]
        return head if re.fullmatch(r"\d{12}", head) else None


def _check(value: str, digit: str, what: str) -> None:
    try:
        expected = str(crypto.check_digit(value))
    except ValueError as exc:
        raise MrzError(f"{what} contains a character not allowed in an MRZ") from exc
    if digit != expected:
        raise MrzError(f"{what} check digit does not match")


def parse_td1(text: str) -> Mrz:
    mrz = "".join(text.split())
    if not _TD1.fullmatch(mrz):
        raise MrzError("a TD1 MRZ has 90 characters of 0-9, A-Z and '<'")
    l1, l2, l3 = mrz[:30], mrz[30:60], mrz[60:]
    number, digit, optional1 = l1[5:14], l1[14], l1[15:30]
    if digit == "<":  # long document number continues in the optional data
        rest = optional1.split("<", 1)[0]
        if len(rest) < 2:
            raise MrzError("long document number is truncated")
        number, digit, optional1 = number + rest[:-1], rest[-1], optional1[len(rest) :]
    _check(number, digit, "document number")
    _check(l2[0:6], l2[6], "date of birth")
    _check(l2[8:14], l2[14], "date of expiry")
    _check(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29], "composite")
    surname, _, given = l3.partition("<<")
    return Mrz(
        text=mrz,
        document_code=l1[0:2].rstrip("<"),
        issuing_state=l1[2:5].rstrip("<"),
        document_number=number.rstrip("<"),
        optional_data_1=optional1.strip("<"),
        date_of_birth=l2[0:6],
        sex=l2[7],
        date_of_expiry=l2[8:14],
        nationality=l2[15:18].rstrip("<"),
        optional_data_2=l2[18:29].rstrip("<"),
        surname=surname.replace("<", " ").strip(),
        given_names=given.replace("<", " ").strip(),
    )


def parse_dg1(data: bytes) -> Mrz:
    try:
        outer, end = tlv.parse_one(data)
        if outer.tag != _TAG_DG1 or end != len(data):
            raise MrzError(f"DG1 starts with tag {outer.tag:X}, expected 61")
        value = outer.require(_TAG_MRZ).value
    except TlvError as exc:
        raise MrzError(f"DG1 is not well-formed: {exc}") from exc
    try:
        text = value.decode("ascii")
    except UnicodeDecodeError as exc:
        raise MrzError("DG1 MRZ is not ASCII") from exc
    return parse_td1(text)


def yymmdd(value: str, pivot: dt.date, *, future: bool = False) -> dt.date:
    """An MRZ date. Birth dates take the latest century not after ``pivot``; expiry dates
    (``future``) the earliest not more than 50 years before it."""
    if not re.fullmatch(r"\d{6}", value):
        raise MrzError("MRZ date is not six digits")
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:6])
    year = pivot.year - pivot.year % 100 + yy
    if future and year < pivot.year - 50:
        year += 100
    if not future and year > pivot.year:
        year -= 100
    try:
        return dt.date(year, mm, dd)
    except ValueError as exc:
        raise MrzError("MRZ date is not a calendar date") from exc

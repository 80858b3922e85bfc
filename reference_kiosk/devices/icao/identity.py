"""The identity read from a chip ID card: one frozen value, personal data kept out of its repr.

It holds no caches and no references to the card session, so dropping the value (the session's
wipe) leaves nothing behind in the reader. The raw SOD, DG1 and DG13 bytes are kept because the
backend re-verifies them at chip login and never trusts the kiosk's verdict.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from reference_kiosk.devices.icao.dg13 import Dg13
from reference_kiosk.devices.icao.errors import Dg13Error
from reference_kiosk.devices.icao.mrz import Mrz, yymmdd
from reference_kiosk.devices.icao.passive_auth import PassiveAuthResult, Verdict

__all__ = ["NO_EXPIRY", "CardIdentity", "parse_dg13_date"]

NO_EXPIRY = "Không thời hạn"
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_dg13_date(value: str | None) -> dt.date | None:
    """A DG13 dd/mm/yyyy date; ``None`` for an absent field or "Không thời hạn"."""
    if value is None or value.strip().casefold() == NO_EXPIRY.casefold():
        return None
    match = _DATE.fullmatch(value.strip())
    if match is None:
        raise Dg13Error("a DG13 date is not dd/mm/yyyy")
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise Dg13Error("a DG13 date is not a calendar date") from exc


@dataclass(frozen=True, slots=True)
class CardIdentity:
    id_number: str = field(repr=False)
    full_name: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)
    sex: str = field(repr=False)
    nationality: str = field(repr=False)
    ethnicity: str = field(repr=False)
    religion: str = field(repr=False)
    place_of_origin: str = field(repr=False)
    residence: str = field(repr=False)
    identifying_marks: str = field(repr=False)
    date_of_issue: dt.date | None = field(repr=False)
    date_of_expiry: dt.date | None = field(repr=False)  # None: "Không thời hạn" (or not given)
    father_name: str | None = field(repr=False)
    mother_name: str | None = field(repr=False)
    spouse_name: str | None = field(repr=False)
    old_id_number: str | None = field(repr=False)
    unknown_fields: Mapping[int, bytes] = field(repr=False)
    mrz: Mrz = field(repr=False)
    face_jpeg: bytes = field(repr=False)
    verdict: Verdict
    reasons: tuple[str, ...]
    sod: bytes = field(repr=False)
    dg1: bytes = field(repr=False)
    dg13: bytes = field(repr=False)

    @property
    def verified(self) -> bool:
        return self.verdict is Verdict.VERIFIED

    @property
    def expires(self) -> bool:
        return self.date_of_expiry is not None

    def is_expired(self, today: dt.date) -> bool:
        return self.date_of_expiry is not None and today > self.date_of_expiry

    @classmethod
    def build(
        cls,
        *,
        dg13: Dg13,
        mrz: Mrz,
        face: bytes,
        check: PassiveAuthResult,
        raw: Mapping[str, bytes],
        today: dt.date,
    ) -> CardIdentity:
        """Assemble from parsed data groups; DG13 is authoritative, the MRZ fills gaps (never the
        expiry: a card without one carries an unverified MRZ date)."""
        text = dg13.text
        id_number = text(1) or mrz.id_number or ""
        date_of_birth = parse_dg13_date(text(3)) or yymmdd(mrz.date_of_birth, today)
        check = _cross_checked(check, id_number, date_of_birth, mrz)
        return cls(
            id_number=id_number,
            full_name=text(2) or f"{mrz.surname} {mrz.given_names}".strip(),
            date_of_birth=date_of_birth,
            sex=text(4) or "",
            nationality=text(5) or "",
            ethnicity=text(6) or "",
            religion=text(7) or "",
            place_of_origin=text(8) or "",
            residence=text(9) or "",
            identifying_marks=text(10) or "",
            date_of_issue=parse_dg13_date(text(11)),
            date_of_expiry=parse_dg13_date(text(12)),
            father_name=dg13.father,
            mother_name=dg13.mother,
            spouse_name=text(14),
            old_id_number=text(15),
            unknown_fields=dict(dg13.unknown),
            mrz=mrz,
            face_jpeg=face,
            verdict=check.verdict,
            reasons=check.reasons,
            sod=raw["sod"],
            dg1=raw["dg1"],
            dg13=raw["dg13"],
        )


def _cross_checked(check: PassiveAuthResult, id_number: str, born: dt.date, mrz: Mrz) -> PassiveAuthResult:
    """``check`` with DG1 (MRZ) and DG13 compared: a card signed with one person's MRZ and
    another's DG13 must not pass as verified (the backend refuses it too)."""
    reasons = []
    if mrz.id_number is not None and mrz.id_number != id_number:
        reasons.append("DG1 and DG13 name different ID numbers")
    if mrz.date_of_birth.isdigit() and mrz.date_of_birth != born.strftime("%y%m%d"):
        reasons.append("DG1 and DG13 give different dates of birth")
    if not reasons:
        return check
    worse = check.verdict not in (Verdict.VERIFIED, Verdict.NOT_CHECKED)
    return PassiveAuthResult(
        check.verdict if worse else Verdict.IDENTITY_MISMATCH, (*check.reasons, *reasons)
    )

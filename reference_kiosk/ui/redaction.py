"""Masking the session's personal values in what a screenshot shows (never on the live screen).

    redact = Redactor.for_values(flow.personal)
    redact.text("Xin chào, Hoàng Văn Nam")   -> "Xin chào, H. V. N."
    redact.text("Ngày sinh 07/03/1990")       -> "Ngày sinh **/**/****"
    redact.field("0201900")                   -> "****900"   (a partly typed ID number)

``text`` replaces the values the flow knows (every case, NFC, and without diacritics); ``field``
is for what sits in an input box (typed or pre-filled), where it also masks any run of seven or
more digits and anything shaped like a date, because half-typed values are known to nobody yet.
Widgets apply it through ``Widget.redacted`` before drawing a screenshot.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from reference_kiosk.domain.privacy import initials, mask_id_number
from reference_kiosk.domain.text import strip_marks
from reference_kiosk.flow.personal import PersonalValues

__all__ = ["DATE_MASK", "TEXT_MASK", "Redactor"]

DATE_MASK = "**/**/****"
TEXT_MASK = "***"
_TYPED_DATE = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{0,4})?")  # the keypad shows dates as dd/mm/yyyy
_DIGIT_RUN = re.compile(r"\d{7,}")


def _date_forms(day: dt.date) -> Iterable[str]:
    yield from (day.strftime(f) for f in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d%m%Y"))
    yield day.isoformat()
    yield f"{day.day}/{day.month}/{day.year}"


@dataclass(frozen=True, slots=True)
class Redactor:
    """Maps every known form of a personal value (lower-cased, NFC) to its mask."""

    replacements: Mapping[str, str] = field(default_factory=dict, repr=False)
    pattern: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def for_values(cls, values: PersonalValues) -> Redactor:
        out: dict[str, str] = {}
        for name in values.names:
            for form in {unicodedata.normalize("NFC", name), strip_marks(name)}:
                out[form.lower()] = initials(form)
        for day in values.dates:
            out.update((form, DATE_MASK) for form in _date_forms(day))
        for number in values.numbers:
            out[number.lower()] = mask_id_number(number)
        for text in values.texts:
            out.setdefault(unicodedata.normalize("NFC", text).lower(), TEXT_MASK)
        out.pop("", None)
        if not out:
            return cls()
        needles = sorted(out, key=len, reverse=True)  # the longest form wins where they overlap
        pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
        return cls(out, pattern)

    def text(self, value: str) -> str:
        if not value:
            return value
        value = unicodedata.normalize("NFC", value)
        if self.pattern is None:
            return value
        return self.pattern.sub(lambda m: self.replacements.get(m.group(0).lower(), TEXT_MASK), value)

    def field(self, value: str) -> str:
        out = _TYPED_DATE.sub(DATE_MASK, self.text(value))
        return _DIGIT_RUN.sub(lambda m: mask_id_number(m.group(0)), out)

"""The e-form's field types and the one rule set both the kiosk and the backend apply.

A procedure's form (``api.FormField``, from the catalogue) names a ``type`` for each field; this
module is the one place that lists the types and what each means: the form of its value on the
wire, the hint a citizen reads when a value does not fit, the keys the kiosk's keypad offers, and
whether a value can identify the person. ``check_value`` judges one wire value against one field;
the kiosk (``flow/validation.py``, after turning the typed dd/mm/yyyy into an ISO date) and the
backend (``mocks/backend/forms.py``) both call it, so a value the kiosk accepts is never refused
by the backend, and the other way round (tests/contract/test_form_rules.py runs one table
through both).

    required -> select options -> length -> type (pattern, real date) -> not after today -> pattern

Messages name the field by its label and say what to do, in Vietnamese and English; they never
repeat the value (it may be personal data).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Literal, Protocol, get_args

__all__ = [
    "FIELD_KINDS",
    "FIELD_TYPES",
    "FieldKind",
    "FieldProblem",
    "FieldSpec",
    "FieldType",
    "Identifies",
    "check_value",
]

FieldType = Literal["text", "textarea", "date", "number", "select", "id_number", "phone", "email"]
FIELD_TYPES: tuple[FieldType, ...] = get_args(FieldType)

_DIGITS = "0123456789"


class Identifies(StrEnum):
    """How a value of the type can identify its person (what a screenshot leaving the kiosk masks)."""

    NOTHING = "nothing"  # a choice from the catalogue's list, a count
    DATE = "date"  # masked as a date
    NUMBER = "number"  # masked like an ID number
    TEXT = "text"  # masked whole when long enough


@dataclass(frozen=True, slots=True)
class FieldKind:
    """What one field type means on every side of the wire."""

    pattern: str | None  # full match (ASCII digits only) over the wire value; None: any text
    hint_vi: str  # completes "<label> ..." when the value does not match
    hint_en: str
    example: str  # a valid value as the citizen types it on the kiosk
    keys: str | None  # the kiosk's numeric keypad; None: the full keyboard
    identifies: Identifies


FIELD_KINDS: Mapping[FieldType, FieldKind] = MappingProxyType(
    {
        "text": FieldKind(None, "", "", "Nguyễn Văn An", None, Identifies.TEXT),
        "textarea": FieldKind(None, "", "", "Chuyển đến nơi ở mới", None, Identifies.TEXT),
        "date": FieldKind(
            r"\d{4}-\d{2}-\d{2}",  # ISO on the wire; the kiosk's citizen types dd/mm/yyyy
            "cần ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1960",
            "must be written day/month/year, for example 05/03/1960",
            "05/03/1960",
            _DIGITS + "/",
            Identifies.DATE,
        ),
        "number": FieldKind(
            r"\d+", "chỉ gồm chữ số", "must contain digits only", "1", _DIGITS, Identifies.NOTHING
        ),
        "select": FieldKind(None, "", "", "", None, Identifies.NOTHING),
        "id_number": FieldKind(
            r"\d{12}",
            "gồm đúng 12 chữ số",
            "must be exactly 12 digits",
            "001089012345",
            _DIGITS,
            Identifies.NUMBER,
        ),
        # Mobile numbers since 2018, as the catalogue's own phone fields say (0\d{9}).
        "phone": FieldKind(
            r"0\d{9}",
            "gồm 10 chữ số, bắt đầu bằng số 0",
            "must be 10 digits starting with 0",
            "0912345678",
            _DIGITS,
            Identifies.NUMBER,
        ),
        "email": FieldKind(
            r"[^@\s]+@[^@\s]+\.[^@\s]+",
            "phải là địa chỉ thư điện tử, ví dụ ten@example.vn",
            "must be an e-mail address such as name@example.vn",
            "ten@example.vn",
            None,
            Identifies.TEXT,
        ),
    }
)


class FieldSpec(Protocol):
    """What the rules read of a form field (``api.FormField`` fits)."""

    @property
    def label(self) -> str: ...
    @property
    def label_en(self) -> str: ...
    @property
    def type(self) -> FieldType: ...
    @property
    def required(self) -> bool: ...
    @property
    def pattern(self) -> str | None: ...
    @property
    def min_length(self) -> int | None: ...
    @property
    def max_length(self) -> int | None: ...
    @property
    def options(self) -> Sequence[str]: ...
    @property
    def not_after_today(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class FieldProblem:
    message_vi: str
    message_en: str


def check_value(spec: FieldSpec, value: str, today: dt.date) -> FieldProblem | None:
    """The problem with one field's wire value (dates ISO), or None; surrounding spaces ignored."""
    text = value.strip()
    vi, en = spec.label, spec.label_en
    if not text:
        return FieldProblem(f"Vui lòng nhập {vi}.", f"Please fill in {en}.") if spec.required else None
    if spec.type == "select" and text not in spec.options:
        return FieldProblem(f"Vui lòng chọn {vi} trong danh sách.", f"Please choose {en} from the list.")
    if spec.min_length is not None and len(text) < spec.min_length:
        return FieldProblem(
            f"{vi} cần ít nhất {spec.min_length} ký tự.", f"{en} needs at least {spec.min_length} characters."
        )
    if spec.max_length is not None and len(text) > spec.max_length:
        return FieldProblem(
            f"{vi} không được dài quá {spec.max_length} ký tự.",
            f"{en} may have at most {spec.max_length} characters.",
        )
    kind = FIELD_KINDS[spec.type]
    if kind.pattern is not None and not re.fullmatch(kind.pattern, text, re.ASCII):
        return FieldProblem(f"{vi} {kind.hint_vi}.", f"{en} {kind.hint_en}.")
    if spec.type == "date":
        day = _iso_date(text)
        if day is None:
            return FieldProblem(f"{vi} {kind.hint_vi}.", f"{en} {kind.hint_en}.")
        if spec.not_after_today and day > today:
            return FieldProblem(f"{vi} không thể là ngày trong tương lai.", f"{en} cannot be in the future.")
    if spec.pattern is not None and not re.fullmatch(spec.pattern, text, re.ASCII):
        return FieldProblem(
            f"{vi} chưa đúng mẫu. Vui lòng kiểm tra lại.",
            f"{en} is not in the expected form. Please check it.",
        )
    return None


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 2025-02-30
        return None

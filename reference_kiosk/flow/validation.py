"""E-form validation in plain words, per ``FormField``: required, options, length, type, pattern.

Dates are typed the Vietnamese way, dd/mm/yyyy. Messages name the field by its label and say
what to do, in Vietnamese and English; they never repeat the value typed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reference_kiosk import api

__all__ = ["FieldProblem", "format_date", "parse_date", "validate_field", "validate_form"]

_TYPE_RULES: dict[str, tuple[str, str, str]] = {
    # type: (full-match regex, what to do in vi, in en)
    "id_number": (r"\d{12}", "gồm đúng 12 chữ số", "must be exactly 12 digits"),
    "phone": (r"0\d{9}", "gồm 10 chữ số, bắt đầu bằng số 0", "must be 10 digits starting with 0"),
    "email": (
        r"[^@\s]+@[^@\s]+\.[^@\s]+",
        "phải là địa chỉ thư điện tử, ví dụ ten@example.vn",
        "must be an e-mail address such as name@example.vn",
    ),
    "number": (r"\d+", "chỉ gồm chữ số", "must contain digits only"),
}


@dataclass(frozen=True, slots=True)
class FieldProblem:
    message_vi: str
    message_en: str


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def format_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def validate_field(spec: api.FormField, value: str, today: dt.date) -> FieldProblem | None:
    text = value.strip()
    vi, en = spec.label, spec.label_en
    if not text:
        if spec.required:
            return FieldProblem(f"Vui lòng nhập {vi}.", f"Please fill in {en}.")
        return None
    if spec.type == "select" and spec.options and text not in spec.options:
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
    if spec.type == "date":
        day = parse_date(text)
        if day is None:
            return FieldProblem(
                f"{vi} cần ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1960.",
                f"{en} must be written day/month/year, for example 05/03/1960.",
            )
        if day > today:
            return FieldProblem(f"{vi} không thể là ngày trong tương lai.", f"{en} cannot be in the future.")
    rule = _TYPE_RULES.get(spec.type)
    if rule is not None and not re.fullmatch(rule[0], text, re.ASCII):
        return FieldProblem(f"{vi} {rule[1]}.", f"{en} {rule[2]}.")
    if spec.pattern is not None and not re.fullmatch(spec.pattern, text, re.ASCII):
        return FieldProblem(
            f"{vi} chưa đúng mẫu. Vui lòng kiểm tra lại.",
            f"{en} is not in the expected form. Please check it.",
        )
    return None


def validate_form(
    fields: list[api.FormField], values: dict[str, str], today: dt.date
) -> dict[str, FieldProblem]:
    problems: dict[str, FieldProblem] = {}
    for spec in fields:
        problem = validate_field(spec, values.get(spec.name, ""), today)
        if problem is not None:
            problems[spec.name] = problem
    return problems

"""Validation of a dossier's e-form against the procedure's FormField list.

Every problem is collected (not just the first) into ``ValidationFailedError.detail`` keyed
``form.<field name>``, so the kiosk can mark every wrong field at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from mocks.backend.errors import ValidationFailedError
from reference_kiosk.api import FormField

__all__ = ["check_field", "validate_form"]

_TYPE_PATTERNS: dict[str, tuple[re.Pattern[str], str]] = {
    "date": (re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII), "must be a date YYYY-MM-DD"),
    "number": (re.compile(r"-?\d+(\.\d+)?", re.ASCII), "must be a number"),
    "id_number": (re.compile(r"\d{12}", re.ASCII), "must be a 12-digit personal ID number"),
    "phone": (re.compile(r"(0|\+84)\d{9,10}", re.ASCII), "must be a phone number"),
    "email": (re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+", re.ASCII), "must be an e-mail address"),
}


def check_field(spec: FormField, value: str) -> str | None:
    """The problem with one non-empty value, or None."""
    if spec.min_length is not None and len(value) < spec.min_length:
        return f"must be at least {spec.min_length} characters"
    if spec.max_length is not None and len(value) > spec.max_length:
        return f"must be at most {spec.max_length} characters"
    if spec.type == "select" and value not in spec.options:
        return "must be one of: " + ", ".join(spec.options)
    typed = _TYPE_PATTERNS.get(spec.type)
    if typed is not None and not typed[0].fullmatch(value):
        return typed[1]
    if spec.type == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return "is not a real date"
    if spec.pattern is not None and not re.fullmatch(spec.pattern, value, re.ASCII):
        return "has the wrong format"
    return None


def validate_form(fields: Sequence[FormField], data: Mapping[str, str]) -> None:
    known = {f.name: f for f in fields}
    problems = {f"form.{name}": "unknown field" for name in data if name not in known}
    for spec in fields:
        value = data.get(spec.name, "").strip()
        if not value:
            if spec.required:
                problems[f"form.{spec.name}"] = "is required"
            continue
        problem = check_field(spec, value)
        if problem is not None:
            problems[f"form.{spec.name}"] = problem
    if problems:
        raise ValidationFailedError("the e-form has invalid fields", problems)

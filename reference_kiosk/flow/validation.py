"""E-form validation on the kiosk: the shared rules (``domain/fields.py``) on what the citizen typed.

Dates are typed the Vietnamese way, dd/mm/yyyy, and travel as ISO dates; everything else travels
as typed (without surrounding spaces). ``validate_field`` judges exactly the value ``wire_value``
sends, so the backend (which applies the same rules) never refuses what the kiosk accepted.
"""

from __future__ import annotations

import datetime as dt

from reference_kiosk import api
from reference_kiosk.domain.fields import FieldProblem, check_value

__all__ = ["FieldProblem", "format_date", "parse_date", "validate_field", "validate_form", "wire_value"]


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def format_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def wire_value(spec: api.FormField, typed: str) -> str:
    """What the backend receives for a typed value: ISO for a dd/mm/yyyy date, else the text."""
    text = typed.strip()
    day = parse_date(text) if spec.type == "date" else None
    return day.isoformat() if day is not None else text


def validate_field(spec: api.FormField, value: str, today: dt.date) -> FieldProblem | None:
    # Judged as sent: a date typed in ISO form (a physical keyboard) is sent, and judged, as typed.
    return check_value(spec, wire_value(spec, value), today)


def validate_form(
    fields: list[api.FormField], values: dict[str, str], today: dt.date
) -> dict[str, FieldProblem]:
    problems: dict[str, FieldProblem] = {}
    for spec in fields:
        problem = validate_field(spec, values.get(spec.name, ""), today)
        if problem is not None:
            problems[spec.name] = problem
    return problems

"""Validation of a dossier's e-form against the procedure's FormField list.

The rules are the kiosk's own (``reference_kiosk.domain.fields``), so the backend refuses exactly
what a kiosk would. Every problem is collected (not just the first) into
``ValidationFailedError.detail`` keyed ``form.<field name>``, in English, so the kiosk can mark
every wrong field at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from mocks.backend.errors import ValidationFailedError
from reference_kiosk.api import FormField
from reference_kiosk.domain.fields import check_value

__all__ = ["check_field", "validate_form"]


def check_field(spec: FormField, value: str, today: dt.date) -> str | None:
    """The problem with one value (dates ISO), said to the citizen in English, or None."""
    problem = check_value(spec, value, today)
    return problem.message_en if problem is not None else None


def validate_form(fields: Sequence[FormField], data: Mapping[str, str], today: dt.date) -> None:
    """``today`` is the world clock's date in Viet Nam (a birth date may not lie after it)."""
    known = {f.name for f in fields}
    problems = {f"form.{name}": "unknown field" for name in data if name not in known}
    for spec in fields:
        problem = check_field(spec, data.get(spec.name, ""), today)
        if problem is not None:
            problems[f"form.{spec.name}"] = problem
    if problems:
        raise ValidationFailedError("the e-form has invalid fields", problems)

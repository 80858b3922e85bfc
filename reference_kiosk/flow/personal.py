"""The personal values of the session on the kiosk now, sorted by how a screenshot masks them.

The live screen shows the citizen their own name, date of birth and form values; a screenshot that
leaves the kiosk (a test report, the demo) must not. ``KioskFlow.personal`` hands the UI this
value so that it can redact what it draws (``reference_kiosk.ui.redaction``) without guessing.
It is built on demand from the ``Session`` and is as short-lived as the session itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reference_kiosk import api
from reference_kiosk.domain.fields import FIELD_KINDS, Identifies
from reference_kiosk.flow.effects import LookupDossier
from reference_kiosk.flow.state import FlowState
from reference_kiosk.flow.validation import parse_date

__all__ = ["PersonalValues", "personal_values"]

# Form values shorter than this are not masked as free text: "1" or "Nam" would hit every screen.
_MIN_TEXT = 4


@dataclass(frozen=True, slots=True)
class PersonalValues:
    """What of the session must not leave the kiosk; nothing here is ever logged (``repr`` hides it)."""

    names: tuple[str, ...] = field(default=(), repr=False)  # shown as initials
    dates: tuple[dt.date, ...] = field(default=(), repr=False)  # dates of birth, typed dates
    numbers: tuple[str, ...] = field(default=(), repr=False)  # ID and phone numbers: masked like IDs
    texts: tuple[str, ...] = field(default=(), repr=False)  # other typed values: masked whole


def personal_values(st: FlowState) -> PersonalValues:
    names: list[str] = []
    dates: list[dt.date] = []
    numbers: list[str] = []
    texts: list[str] = []
    citizen = st.s.citizen
    if citizen is not None:
        names.append(citizen.full_name)
        dates.append(citizen.date_of_birth)
        numbers.append(citizen.id_number)
    if st.s.residence:
        texts.append(st.s.residence)
    key = st.s.login.key
    if key is not None:  # typed for the chip before anyone is verified
        dates.append(key.date_of_birth)
        numbers.append(key.id_number)
    if isinstance(st.s.pending, LookupDossier):
        numbers.append(st.s.pending.id_number)
    procedure = st.s.submit.procedure
    for spec in procedure.form if procedure is not None else ():
        _sort_form_value(spec, st.s.submit.values.get(spec.name, "").strip(), names, dates, numbers, texts)
    return PersonalValues(
        tuple(dict.fromkeys(names)),
        tuple(dict.fromkeys(dates)),
        tuple(dict.fromkeys(numbers)),
        tuple(dict.fromkeys(texts)),
    )


def _sort_form_value(
    spec: api.FormField,
    value: str,
    names: list[str],
    dates: list[dt.date],
    numbers: list[str],
    texts: list[str],
) -> None:
    identifies = FIELD_KINDS[spec.type].identifies
    if not value or identifies is Identifies.NOTHING:
        return  # a choice from the catalogue's list, a count: not about the person
    if spec.prefill == "full_name":
        names.append(value)
    elif identifies is Identifies.DATE or spec.prefill == "date_of_birth":
        day = parse_date(value)
        if day is not None:
            dates.append(day)
        elif len(value) >= _MIN_TEXT:
            texts.append(value)
    elif identifies is Identifies.NUMBER or spec.prefill == "id_number":
        numbers.append(value)
    elif len(value) >= _MIN_TEXT:
        texts.append(value)

from __future__ import annotations

import datetime as dt

import pytest

from reference_kiosk import api
from reference_kiosk.flow.validation import parse_date, validate_field

TODAY = dt.date(2025, 4, 1)


def field(**kw: object) -> api.FormField:
    return api.FormField.model_validate({"name": "f", "label": "Trường", "label_en": "Field", **kw})


@pytest.mark.parametrize(
    ("spec", "value", "expected_en"),
    [
        ({}, "  ", "Please fill in Field."),
        ({"required": False}, "", None),
        ({"type": "select", "options": ["A", "B"]}, "C", "Please choose Field from the list."),
        ({"type": "select", "options": ["A", "B"]}, "B", None),
        ({"min_length": 3}, "ab", "Field needs at least 3 characters."),
        ({"max_length": 3}, "abcd", "Field may have at most 3 characters."),
        ({"type": "date"}, "31/02/2020", "Field must be written day/month/year, for example 05/03/1960."),
        ({"type": "date"}, "05-03-1960", "Field must be written day/month/year, for example 05/03/1960."),
        ({"type": "date"}, "1960-03-05", None),  # ISO from a physical keyboard: sent as typed, valid
        ({"type": "date", "not_after_today": True}, "02/04/2025", "Field cannot be in the future."),
        ({"type": "date", "not_after_today": True}, "01/04/2025", None),
        ({"type": "date"}, "02/04/2025", None),  # "staying until": a date to come
        ({"type": "phone"}, "+84912345678", "Field must be 10 digits starting with 0."),
        ({"type": "id_number"}, "02019001234", "Field must be exactly 12 digits."),
        ({"type": "id_number"}, "020190012345", None),
        ({"type": "phone"}, "1912345678", "Field must be 10 digits starting with 0."),
        ({"type": "email"}, "mai@", "Field must be an e-mail address such as name@example.vn."),
        ({"type": "number"}, "12a", "Field must contain digits only."),
        ({"pattern": r"[A-Z]{2}\d+"}, "ab12", "Field is not in the expected form. Please check it."),
        ({"pattern": r"[A-Z]{2}\d+"}, "AB12", None),
    ],
)
def test_each_rule_in_plain_words(spec: dict[str, object], value: str, expected_en: str | None) -> None:
    problem = validate_field(field(**spec), value, TODAY)
    assert (problem.message_en if problem else None) == expected_en
    if problem is not None:
        assert problem.message_vi.startswith(("Trường", "Vui lòng"))
        assert value.strip() == "" or value not in problem.message_vi  # never echoes what was typed


def test_parse_date_is_day_first() -> None:
    assert parse_date("05/03/1960") == dt.date(1960, 3, 5)
    assert parse_date("1960-03-05") is None

"""Fuzzing e-form fields: random Unicode for every ``FormField`` type, on the kiosk's validation,
the backend's, and through the backend's dossier route. Only messages come out, never a crash.

The kiosk's messages never repeat what was typed (it may be personal data); the backend answers
201 or a 422 ``validation_failed`` problem naming ``form.<field>``, never a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mocks.backend.forms import check_field
from reference_kiosk.api import FieldType, FormField
from reference_kiosk.flow.validation import validate_field
from tests.support.backend import BackendDriver, dossier_body, valid_form

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None)
TODAY = dt.date(2025, 3, 17)
TYPES: tuple[str, ...] = get_args(FieldType)
PATTERNS = (None, r"\d{5,6}", r"[A-Z]{2}-\d+", r"(Nam|Nữ)")
NON_ASCII_DIGITS = "١٢٣٤٥٦٧٨٩٠١٢"  # twelve Arabic-Indic digits: \d matches them, an ID number has none

# Random text that reaches every branch: ASCII digits and dates, Vietnamese letters, anything.
VALUES = st.one_of(
    st.text(max_size=80),
    st.text(alphabet="0123456789/-+ .@", max_size=20),
    st.from_regex(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|0\d{9}|\d{12}", fullmatch=True),
    st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạềếểễệ \u0300\u0301\u200b\x00", max_size=40),
)


@st.composite
def form_fields(draw: st.DrawFn) -> FormField:
    low = draw(st.none() | st.integers(0, 20))
    return FormField(
        name="f",
        label="Trường thử",
        label_en="Test field",
        type=draw(st.sampled_from(TYPES)),
        required=draw(st.booleans()),
        pattern=draw(st.sampled_from(PATTERNS)),
        min_length=low,
        max_length=draw(st.none() | st.integers(low or 0, 60)),
        options=draw(st.lists(st.text(min_size=1, max_size=8), max_size=4)),
    )


@FUZZ
@given(form_fields(), VALUES)
def test_kiosk_validation_answers_a_message_or_nothing(spec: FormField, value: str) -> None:
    problem = validate_field(spec, value, TODAY)
    if problem is None:
        if spec.required:
            assert value.strip()
        return
    assert problem.message_vi.strip()
    assert problem.message_en.strip()
    typed = value.strip()
    if len(typed) >= 12:  # long enough that a coincidence is impossible
        assert typed not in problem.message_vi + problem.message_en


@FUZZ
@given(form_fields(), VALUES)
def test_backend_field_check_answers_a_message_or_nothing(spec: FormField, value: str) -> None:
    problem = check_field(spec, value, TODAY)
    assert problem is None or (isinstance(problem, str) and problem)


def test_form_route_answers_201_or_422_per_field(twin: BackendDriver) -> None:
    auth = twin.login()
    fields = {f["name"]: f for f in twin.client.get("/api/v1/procedures/1.004222").json()["form"]}

    @settings(FUZZ, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(sorted(fields)), VALUES)
    def run(name: str, value: str) -> None:
        body: dict[str, Any] = dossier_body(form=valid_form() | {name: value})
        answer = twin.submit(auth, body=body)
        assert answer.status_code in (201, 422), answer.text
        if answer.status_code == 422:
            problem = answer.json()
            assert problem["code"] == "validation_failed"
            assert set(problem["detail"]) <= {f"form.{n}" for n in fields} | {"body.form"}

    run()


def _id_field() -> FormField:
    return FormField(name="id_number", label="Số định danh", label_en="ID number", type="id_number")


def test_kiosk_refuses_an_id_number_in_non_ascii_digits() -> None:
    assert validate_field(_id_field(), NON_ASCII_DIGITS, TODAY) is not None


def test_backend_refuses_an_id_number_in_non_ascii_digits() -> None:
    assert check_field(_id_field(), NON_ASCII_DIGITS, TODAY) is not None

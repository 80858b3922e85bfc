"""One e-form rule set: the kiosk and the backend give every value the same verdict.

Each row is what a citizen types into one form field. The kiosk judges it (``validate_field``);
the backend judges what the kiosk would send (``wire_value``), over HTTP: 201, or a 422 naming
the field. A value the kiosk accepts but the backend refuses would strand a dossier in the
outbox; one the kiosk refuses but the backend takes turns a citizen away for nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mocks.backend.catalogue import Catalogue
from mocks.backend.forms import check_field
from reference_kiosk.api import FormField
from reference_kiosk.domain.fields import FIELD_KINDS, FieldType
from reference_kiosk.flow.validation import validate_field, wire_value
from tests.support.backend import (
    KIOSK_KEY,
    PROCEDURE,
    START,
    BackendDriver,
    SyncAsgiClient,
    dossier_body,
    make_app,
)

TODAY = START.date()  # the backend's world clock stands still at START in Viet Nam
TEXT: dict[str, Any] = {"type": "text", "min_length": 2, "max_length": 10}
BORN: dict[str, Any] = {"type": "date", "not_after_today": True}
UNTIL: dict[str, Any] = {"type": "date"}
SELECT: dict[str, Any] = {"type": "select", "options": ["Chủ hộ", "Vợ"]}

ROWS: list[tuple[dict[str, Any], str]] = [
    (TEXT, ""),
    (TEXT, "   "),
    (TEXT, "A"),
    (TEXT, "An"),
    (TEXT, "Nguyễn Văn"),
    (TEXT, "Nguyễn Văn An"),
    ({"type": "text", "required": False}, ""),
    ({"type": "text", "pattern": r"[A-Z]{2}\d+"}, "AB12"),
    ({"type": "text", "pattern": r"[A-Z]{2}\d+"}, "ab12"),
    ({"type": "text", "pattern": r"\d{6}"}, "١٢٣٤٥٦"),  # Arabic-Indic digits are not digits here
    ({"type": "textarea", "required": False, "max_length": 20}, "Chuyển đến nơi ở mới"),
    ({"type": "textarea", "required": False, "max_length": 20}, "Chuyển đến nơi ở mới, gần chợ"),
    (BORN, "05/03/1960"),
    (BORN, "5/3/1960"),
    (BORN, TODAY.strftime("%d/%m/%Y")),
    (BORN, (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")),  # born tomorrow
    (BORN, "31/02/2020"),
    (BORN, "05-03-1960"),
    (BORN, "1960-03-05"),
    (UNTIL, "18/03/2030"),  # staying until: a date to come
    (UNTIL, "00/03/2030"),
    ({"type": "number"}, "1"),
    ({"type": "number"}, "12a"),
    ({"type": "number"}, "-1"),
    ({"type": "number"}, "1.5"),
    (SELECT, "Vợ"),
    (SELECT, "Hàng xóm"),
    ({"type": "id_number"}, "001089012345"),
    ({"type": "id_number"}, "00108901234"),
    ({"type": "id_number"}, "١٢٣٤٥٦٧٨٩٠١٢"),
    ({"type": "phone"}, "0912345678"),
    ({"type": "phone"}, " 0912345678 "),
    ({"type": "phone"}, "+84912345678"),
    ({"type": "phone"}, "09123456789"),
    ({"type": "phone"}, "091234567"),
    ({"type": "phone"}, "1912345678"),
    ({"type": "email", "required": False}, "ten@example.vn"),
    ({"type": "email", "required": False}, "ten@"),
    ({"type": "email", "required": False}, "ten @example.vn"),
]
# Every field type's own example is valid on both sides too.
ROWS += [({"type": kind}, FIELD_KINDS[kind].example) for kind in FIELD_KINDS if kind != "select"]


def spec_of(row: dict[str, Any]) -> FormField:
    return FormField.model_validate({"name": "f", "label": "Trường", "label_en": "Field", **row})


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BackendDriver, Any]]:
    app = make_app(Path(tmp_path_factory.mktemp("rules")) / "backend.sqlite")
    try:
        with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
            yield BackendDriver(client), app.state.backend
    finally:
        app.state.backend.close()


def backend_accepts(backend: tuple[BackendDriver, Any], spec: FormField, value: str) -> bool:
    """Submit a dossier whose procedure has this one field; 201 accepted, a 422 on it refused."""
    twin, state = backend
    base = state.catalogue.require(PROCEDURE)
    state.catalogue = Catalogue([base.model_copy(update={"form": [spec]})], state.catalogue.fields())
    answer = twin.submit(twin.login(), body=dossier_body(form={"f": value}))
    assert answer.status_code in (201, 422), answer.text
    if answer.status_code == 422:
        assert set(answer.json()["detail"]) == {"form.f"}, answer.text
    return answer.status_code == 201


def test_the_table_covers_every_field_type() -> None:
    assert {row["type"] for row, _ in ROWS} == set(get_args(FieldType))


@pytest.mark.parametrize(("row", "typed"), ROWS, ids=[f"{r['type']}:{v!r}" for r, v in ROWS])
def test_kiosk_and_backend_agree(backend: tuple[BackendDriver, Any], row: dict[str, Any], typed: str) -> None:
    spec = spec_of(row)
    kiosk_accepts = validate_field(spec, typed, TODAY) is None
    assert backend_accepts(backend, spec, wire_value(spec, typed)) == kiosk_accepts


TYPED_BY_TYPE = {kind: [typed for row, typed in ROWS if row["type"] == kind] for kind in get_args(FieldType)}
TYPED = st.one_of(
    st.from_regex(
        r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|(0|\+84)\d{8,11}|-?\d{1,4}(\.\d)?", fullmatch=True
    ),
    st.text(alphabet="0123456789/-+ .@aăđêZ", max_size=16),
)


@st.composite
def fields_and_values(draw: st.DrawFn) -> tuple[FormField, str]:
    kind = draw(st.sampled_from(get_args(FieldType)))
    low = draw(st.none() | st.none() | st.integers(0, 12))
    spec = spec_of(
        {
            "type": kind,
            "required": draw(st.booleans()),
            "pattern": draw(st.sampled_from((None, None, None, r"\d{5,6}", r"[A-Z]{2}-\d+"))),
            "min_length": low,
            "max_length": draw(st.none() | st.none() | st.integers(low or 0, 40)),
            "options": draw(st.lists(st.sampled_from(["Chủ hộ", "Vợ", "1", "0912345678"]), max_size=3)),
            "not_after_today": draw(st.booleans()),
        }
    )
    # Values of the table for this type (the edges people type), else generated ones.
    return spec, draw(st.sampled_from(TYPED_BY_TYPE[kind]) | TYPED)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(fields_and_values())
def test_kiosk_and_backend_rules_agree_on_generated_fields(field_and_value: tuple[FormField, str]) -> None:
    """The same check in-process (no HTTP) over many more fields and values than the table."""
    spec, typed = field_and_value
    kiosk_accepts = validate_field(spec, typed, TODAY) is None
    assert (check_field(spec, wire_value(spec, typed), TODAY) is None) == kiosk_accepts


def test_both_sides_refuse_and_accept_something() -> None:
    # A table the kiosk accepted whole (or refused whole) would agree with a backend that does the same.
    verdicts = {validate_field(spec_of(row), typed, TODAY) is None for row, typed in ROWS}
    assert verdicts == {True, False}

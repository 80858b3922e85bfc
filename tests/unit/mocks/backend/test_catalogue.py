"""The catalogue data: counts, completeness, validation errors that name procedure and field."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from mocks.backend.catalogue import DATA_DIR, Catalogue, load_catalogue
from mocks.backend.catalogue_errors import CatalogueError, ProcedureNotFoundError
from mocks.backend.sites import load_agencies
from reference_kiosk.api import Procedure

IDENTITY_ATTRIBUTES = {"full_name", "id_number", "date_of_birth", "address"}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / "procedures.json").read_text(encoding="utf-8"))
    return data


def test_at_least_25_procedures_in_at_least_5_fields(catalogue: Catalogue) -> None:
    assert len(catalogue) >= 25
    used = {p.field for p in catalogue.all()}
    assert len(used) >= 5
    assert {"cu_tru", "ho_tich", "chung_thuc"} <= used


def test_household_registration_comes_first_and_is_richest(catalogue: Catalogue) -> None:
    assert catalogue.fields()[0][0] == "cu_tru"
    assert catalogue.all()[0].field == "cu_tru"
    per_field: dict[str, int] = {}
    for p in catalogue.all():
        if not p.code.startswith("9."):  # the hand-written ones; 9. codes are generated
            per_field[p.field] = per_field.get(p.field, 0) + 1
    assert per_field["cu_tru"] == max(per_field.values())


def test_seed_procedures_carry_the_seed_values(catalogue: Catalogue) -> None:
    thuong_tru = catalogue.require("1.004222")
    assert thuong_tru.name == "Đăng ký thường trú"
    assert thuong_tru.processing_days == 7
    assert (thuong_tru.fees[0].in_person, thuong_tru.fees[0].online) == (20000, 10000)
    assert any(d.template == "CT01" for d in thuong_tru.documents)
    tam_tru = catalogue.require("1.004194")
    assert (tam_tru.processing_days, tam_tru.fees[0].in_person, tam_tru.fees[0].online) == (3, 15000, 7000)
    assert catalogue.require("1.003197").fees == []  # xóa thường trú is free
    assert catalogue.require("2.000815").fees[0].per == "page"


def test_get_by_national_or_provincial_code(catalogue: Catalogue) -> None:
    national = catalogue.get("1.004222")
    assert national is not None
    assert catalogue.get("1.004222.000.00.00.H36") == national
    assert catalogue.get(" 1.004222 ") == national
    assert catalogue.get("9.999999") is None
    with pytest.raises(ProcedureNotFoundError, match=r"9\.999999"):
        catalogue.require("9.999999")


def test_every_procedure_is_complete(catalogue: Catalogue) -> None:
    for p in catalogue.all():
        assert p.provincial_code == p.code + ".000.00.00.H36", p.code
        assert all((p.steps, p.legal_basis, p.result, p.form)), p.code
        assert p.name != p.name_en, p.code
        assert p.name_en.isascii(), p.code
        assert p.score is None, p.code
        assert any(f.prefill in IDENTITY_ATTRIBUTES for f in p.form), p.code


def test_every_case_has_a_mandatory_document(catalogue: Catalogue) -> None:
    for p in catalogue.all():
        assert p.cases, p.code
        for case in p.cases:
            assert any(doc.mandatory for doc in case.documents), (p.code, case.code)


def test_several_procedures_have_several_cases(catalogue: Catalogue) -> None:
    assert sum(len(p.cases) >= 3 for p in catalogue.all()) >= 5


def test_every_form_pattern_compiles_and_id_numbers_need_12_digits(catalogue: Catalogue) -> None:
    for p in catalogue.all():
        for field in p.form:
            if field.pattern is not None:
                re.compile(field.pattern)
            if field.type == "id_number":
                assert field.pattern is not None
                assert re.fullmatch(field.pattern, "001203004567")
                assert not re.fullmatch(field.pattern, "00120300456")
            if field.type == "select":
                assert field.options, (p.code, field.name)


def test_fees_distinguish_in_person_and_online(catalogue: Catalogue) -> None:
    cheaper_online = [p.code for p in catalogue.all() for f in p.fees if f.online < f.in_person]
    assert "1.004222" in cheaper_online
    assert all(f.online <= f.in_person for p in catalogue.all() for f in p.fees)


def test_unverified_values_say_so(catalogue: Catalogue) -> None:
    for code in ("1.010038", "1.002755", "1.000894", "2.000815"):
        assert "unverified" in catalogue.require(code).note, code


def test_agencies_and_levels_match_agency_data(catalogue: Catalogue) -> None:
    agencies = {a.id: a for a in load_agencies()}
    for p in catalogue.all():
        assert agencies[p.agency].name == p.agency_name
        assert agencies[p.agency].level == p.level
    assert set(catalogue.agencies()) <= set(agencies)


def test_catalogue_lists_by_field_then_name(catalogue: Catalogue) -> None:
    order = [code for code, _ in catalogue.fields()]
    positions = [order.index(p.field) for p in catalogue.all()]
    assert positions == sorted(positions)


# ---------------------------------------------------------------------------- validation errors


def _load_mutated(tmp_path: Path, raw: dict[str, Any], mutate: Any) -> Catalogue:
    data = copy.deepcopy(raw)
    data.pop("generated")  # the hand-written records alone: their errors are what is checked
    mutate(data)
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_catalogue(path)


def _first(data: dict[str, Any]) -> dict[str, Any]:
    first: dict[str, Any] = data["procedures"][0]
    return first


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: _first(d).pop("name"), r"procedure 1\.004222 field name: Field required"),
        (lambda d: _first(d).update(processing_days=-1), r"procedure 1\.004222 field processing_days"),
        (lambda d: _first(d)["fees"][0].update(kind="tax"), r"procedure 1\.004222 field fees\.0\.kind"),
        (lambda d: _first(d).update(score=1.0), r"procedure 1\.004222 field score"),
        (lambda d: _first(d).update(surprise=1), r"field surprise: Extra inputs"),
        (lambda d: _first(d).update(agency="000.99.99.H36"), r"field agency: unknown agency"),
        (lambda d: _first(d).update(agency_name="Someone"), r"field agency_name"),
        (lambda d: _first(d).update(field="other"), r"field field:"),
        (lambda d: _first(d).update(provincial_code="1.000000.H36"), r"field provincial_code"),
        (lambda d: _first(d).update(cases=[]), r"field cases"),
        (lambda d: _first(d).update(keywords="hộ khẩu"), r"field keywords"),
        (
            lambda d: [doc.update(mandatory=False) for doc in _first(d)["cases"][1]["documents"]],
            r"field cases\.1\.documents: needs at least one mandatory",
        ),
        (
            lambda d: _first(d)["form"][1].update(pattern="(\\d{12}"),
            r"field form\.1\.pattern: pattern does not",
        ),
        (
            lambda d: _first(d)["form"][1].update(name="full_name"),
            r"field form: duplicate codes \['full_name'\]",
        ),
        (lambda d: d["procedures"].append(_first(d)), r"procedure 1\.004222.* duplicate code"),
        (lambda d: d.pop("fields"), r"'fields' must be"),
        (lambda d: d.update(procedures={}), r"'procedures' list"),
    ],
)
def test_bad_records_name_procedure_and_field(
    tmp_path: Path, raw: dict[str, Any], mutate: Any, message: str
) -> None:
    with pytest.raises(CatalogueError, match=message):
        _load_mutated(tmp_path, raw, mutate)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "missing.json")


def test_catalogue_from_models_without_search_extras() -> None:
    full = load_catalogue()
    only = [full.require("1.004222")]
    small = Catalogue(only, [("cu_tru", "Đăng ký, quản lý cư trú")])
    assert [p.code for p in small.search("thuong tru")] == ["1.004222"]
    assert small.search("nhap ho khau") == []  # that alias lives in the data file only
    assert isinstance(small.all()[0], Procedure)


# What a citizen would really type; every pattern must accept these, or the kiosk blocks them.
SAMPLES = {
    "full_name": "Nguyễn Thị Ánh Tuyết",
    "id_number": "020190001234",
    "phone": "0912345678",
    "email": "an.nguyen@example.vn",
    "current_address": "Số 12, đường Bà Triệu, phường Vĩnh Trại, Lạng Sơn",
    "parcel_number": "125",
    "map_sheet": "34",
    "capital": "50000000",
    "pages": "3",
    "copies": "2",
    "bank_account": "1903456789012",
    "registration_number": "14A8001234",
    "certificate_serial": "CS 123456",
    "members_count": "3",
    "employees": "2",
}


def test_form_patterns_accept_what_citizens_type(catalogue: Catalogue) -> None:
    checked = 0
    for p in catalogue.all():
        for field in p.form:
            sample = SAMPLES.get("id_number" if field.type == "id_number" else field.name)
            if sample is None or field.pattern is None:
                continue
            assert re.fullmatch(field.pattern, sample), (p.code, field.name, sample)
            assert field.max_length is None or len(sample) <= field.max_length
            checked += 1
    assert checked >= 50
    unsampled = {
        f.name
        for p in catalogue.all()
        for f in p.form
        if f.pattern and f.name not in SAMPLES and f.type != "id_number"
    }
    assert unsampled == set()  # a new pattern needs a sample here


def test_name_pattern_rejects_digits_and_symbols(catalogue: Catalogue) -> None:
    pattern = next(f.pattern for f in catalogue.require("1.004222").form if f.name == "full_name")
    assert pattern is not None
    assert not re.fullmatch(pattern, "Nguyễn Văn 4n")
    assert not re.fullmatch(pattern, "<script>")

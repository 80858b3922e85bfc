"""The generated part of the catalogue: patterns, stable codes, and data errors named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mocks.backend.catalogue import DATA_DIR, load_catalogue
from mocks.backend.catalogue_errors import CatalogueError
from mocks.backend.catalogue_gen import expand, synthetic_code

HEADER = "field;level;agency;online;days;fee;flags;name\n"


def test_a_pattern_stands_for_every_combination() -> None:
    assert expand("{Cấp|Cấp lại} giấy phép {A|B}") == [
        "Cấp giấy phép A",
        "Cấp giấy phép B",
        "Cấp lại giấy phép A",
        "Cấp lại giấy phép B",
    ]
    assert expand("Thông báo lưu trú") == ["Thông báo lưu trú"]


def test_codes_depend_on_name_and_level_only() -> None:
    assert synthetic_code("Tên", "commune", set()) == synthetic_code("Tên", "commune", {"1.000001"})
    assert synthetic_code("Tên", "commune", set()) != synthetic_code("Tên", "province", set())
    taken: set[str] = set()
    first = synthetic_code("Tên", "commune", taken)
    assert synthetic_code("Tên", "commune", taken) != first  # a collision moves on
    assert first.startswith("9.")


def test_generated_records_are_stable_and_flagged() -> None:
    one, two = load_catalogue(), load_catalogue()
    assert [p.code for p in one.all()] == [p.code for p in two.all()]
    generated = [p for p in one.all() if p.code.startswith("9.")]
    assert len(generated) >= 1500 - 28
    assert all("Synthetic record" in p.note for p in generated)
    assert all(p.online_level == "full" for p in generated if p.online_only)
    assert {p.level for p in generated} == {"province", "commune"}  # two tiers: no districts


def _copy_data(tmp_path: Path) -> Path:
    for name in ("procedures.json", "procedure_fields.csv", "procedure_names.csv", "search_aliases.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path / "procedures.json"


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            "procedure_names.csv",
            HEADER + "ho_tich;commune;nobody;full;1;0;-;Tên\n",
            "unknown agency key 'nobody'",
        ),
        (
            "procedure_names.csv",
            HEADER + "no_field;commune;ubnd_xa;full;1;0;-;Tên\n",
            "unknown field 'no_field'",
        ),
        (
            "procedure_names.csv",
            HEADER + "ho_tich;commune;ubnd_xa;full;one;0;-;Tên\n",
            "line 2: days and fee",
        ),
        ("procedure_names.csv", "field;name\nho_tich;Tên\n", "columns must be"),
        ("search_aliases.csv", "name;aliases\nKhông có thủ tục này;x\n", "names no generated procedure"),
        ("procedure_names.csv", HEADER + "ho_tich;commune;ubnd_xa;sometimes;1;0;-;Tên thử\n", "online_level"),
    ],
)
def test_broken_generator_data_is_named(tmp_path: Path, file: str, text: str, message: str) -> None:
    path = _copy_data(tmp_path)
    (tmp_path / file).write_text(text, encoding="utf-8")
    if file == "procedure_names.csv":
        (tmp_path / "search_aliases.csv").write_text("name;aliases\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(path)

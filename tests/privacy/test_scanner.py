"""The privacy scanner finds personal data however a file hides it (and so the audit can fail)."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from mocks.citizens import Persona, persona
from tests.support.privacy import Finding, Needle, persona_needles, scan_file, scan_tree

SEED = 3


@pytest.fixture(scope="module")
def who() -> Persona:
    return persona(SEED)


@pytest.fixture(scope="module")
def needles() -> list[Needle]:
    return list(persona_needles(range(6)))


def fields(findings: list[Finding], kind: str | None = None) -> set[tuple[int, str]]:
    return {(f.seed, f.field) for f in findings if kind is None or f.kind == kind}


def scan(path: Path, needles: list[Needle]) -> list[Finding]:
    return scan_file(path, path.name, needles)[1]


def test_a_name_inside_json_unicode_escapes_is_found(
    tmp_path: Path, who: Persona, needles: list[Needle]
) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps({"event": "x", "who": who.full_name}, ensure_ascii=True) + "\n")
    assert who.full_name not in path.read_text(), "the plant must be escaped"
    assert (SEED, "full_name") in fields(scan(path, needles), "jsonl")


def test_a_name_in_a_compressed_png_text_chunk_is_found(
    tmp_path: Path, who: Persona, needles: list[Needle]
) -> None:
    info = PngInfo()
    info.add_text("Screen-Text", f"Xin chào {who.full_name}", zip=True)  # iTXt, deflated
    info.add_text("Comment", who.id_number, zip=True)  # zTXt
    path = tmp_path / "shot.png"
    Image.new("RGB", (8, 8)).save(path, "PNG", pnginfo=info)
    assert who.id_number.encode() not in path.read_bytes(), "deflated: no byte search sees it"
    found = scan(path, needles)
    assert {(SEED, "full_name"), (SEED, "id_number")} <= fields(found, "png-text")


def test_a_row_in_a_sqlite_database_and_its_wal_is_found(
    tmp_path: Path, who: Persona, needles: list[Needle]
) -> None:
    path = tmp_path / "outbox.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE outbox (key TEXT, payload BLOB)")
    payload = json.dumps({"form": {"dob": who.date_of_birth.strftime("%d/%m/%Y"), "name": who.full_name}})
    con.execute("INSERT INTO outbox VALUES (?, ?)", ("k1", payload.encode()))
    con.commit()
    try:
        assert (tmp_path / "outbox.sqlite3-wal").stat().st_size > 0, "the row must still be in the WAL"
        report = scan_tree(tmp_path, needles)
    finally:
        con.close()
    assert {(SEED, "date_of_birth"), (SEED, "full_name")} <= fields(report.findings, "sqlite-cells")
    assert (SEED, "full_name") in {(f.seed, f.field) for f in report.findings if f.path.endswith("-wal")}


@pytest.mark.parametrize(
    "how",
    ["nfd", "upper", "ascii", "html-entities", "url", "mrz"],
)
def test_other_spellings_of_a_name_are_found(
    tmp_path: Path, who: Persona, needles: list[Needle], how: str
) -> None:
    name = who.full_name
    spelled = {
        "nfd": unicodedata.normalize("NFD", name),
        "upper": name.upper(),
        "ascii": "".join(c for c in unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
                         if not unicodedata.combining(c)),
        "html-entities": "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in name),
        "url": "/citizens?name=" + "".join(f"%{b:02X}" for b in name.encode()),
        "mrz": who.mrz_name,
    }[how]  # fmt: skip
    path = tmp_path / "page.html"
    path.write_text(f"<p>{spelled}</p>", encoding="utf-8")
    assert (SEED, "full_name") in fields(scan(path, needles))


@pytest.mark.parametrize("fmt", ["%Y-%m-%d", "%d/%m/%Y", "%d%m%Y"])
def test_a_date_of_birth_is_found_in_each_format(
    tmp_path: Path, who: Persona, needles: list[Needle], fmt: str
) -> None:
    path = tmp_path / "pytest.log"
    path.write_text(f"DEBUG x: dob={who.date_of_birth.strftime(fmt)}\n")
    assert fields(scan(path, needles)) == {(SEED, "date_of_birth")}


def test_masked_values_are_not_findings(tmp_path: Path, who: Persona, needles: list[Needle]) -> None:
    initials = " ".join(f"{w[0]}." for w in who.full_name.split())
    masked = who.id_number[:3] + "*" * 6 + who.id_number[-3:]
    path = tmp_path / "telemetry.jsonl"
    path.write_text(json.dumps({"name": initials, "id": masked, "dob": "**/**/****"}) + "\n")
    assert scan(path, needles) == []


def test_exempt_files_are_scanned_but_kept_apart(tmp_path: Path, who: Persona, needles: list[Needle]) -> None:
    (tmp_path / "s1").mkdir()
    (tmp_path / "s1" / "backend.sqlite").write_text(who.id_number)
    (tmp_path / "s1" / "telemetry.jsonl").write_text(who.id_number)
    report = scan_tree(tmp_path, needles)
    assert [f.path for f in report.exempt] == ["s1/backend.sqlite"]
    assert [f.path for f in report.findings] == ["s1/telemetry.jsonl"]


def test_a_finding_names_the_field_never_the_value(
    tmp_path: Path, who: Persona, needles: list[Needle]
) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps([who.full_name, who.id_number, who.date_of_birth.isoformat()]))
    shown = "\n".join(str(f) for f in scan(path, needles))
    assert "persona3.full_name" in shown
    assert "persona3.id_number" in shown
    assert "persona3.date_of_birth" in shown
    for secret in (who.full_name.casefold(), who.id_number, who.date_of_birth.isoformat()):
        assert secret not in shown.casefold()


def test_only_the_persona_that_is_there_is_reported(
    tmp_path: Path, who: Persona, needles: list[Needle]
) -> None:
    path = tmp_path / "one.txt"
    path.write_text(f"{who.full_name} {who.id_number}")
    assert {seed for seed, _ in fields(scan(path, needles))} == {SEED}


@pytest.mark.parametrize("part", ["mrz-line2", "bac-key-input"])
def test_what_a_card_scan_yields_is_found_even_without_the_id_number(
    tmp_path: Path, who: Persona, needles: list[Needle], part: str
) -> None:
    """Issue 15: a decoded card print (MRZ dates and document number, the BAC key's input) is
    personal data even where neither the 12-digit ID number nor the name appears."""
    from mocks.card.mrz import td1

    mrz = td1(who)
    leaked = mrz.lines[1][:15] if part == "mrz-line2" else mrz.mrz_information
    path = tmp_path / "kiosk.log"
    path.write_text(f"INFO glass: decoded {leaked}\n")
    found = scan(path, needles)
    assert (SEED, "card_print") in fields(found)
    assert who.id_number not in path.read_text()

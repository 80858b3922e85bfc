"""Personas: deterministic, the ID-number rule, the renewal-age rule, MRZ transliteration."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from mocks.citizens import (
    AS_OF,
    birthday,
    date_of_expiry,
    id_number,
    mrz_name,
    persona,
    personas,
    transliterate,
)

D = dt.date


def test_same_seed_same_person_and_personas_are_consecutive_seeds() -> None:
    assert persona(17) == persona(17)
    assert persona(17) != persona(18)
    assert personas(15, 4) == [persona(15), persona(16), persona(17), persona(18)]


def test_repr_hides_personal_data() -> None:
    p = persona(4)
    assert repr(p) == "Persona(seed=4)"
    assert p.id_number not in str(p)
    assert p.surname not in repr(p)


def test_json_line_has_what_the_card_command_promises() -> None:
    p = persona(6)
    data = json.loads(p.to_json_line())
    assert data["id_number"] == p.id_number
    assert data["full_name"] == p.full_name
    assert data["date_of_birth"] == p.date_of_birth.isoformat()
    assert data["date_of_expiry"] == (p.date_of_expiry.isoformat() if p.date_of_expiry else None)
    assert "\n" not in p.to_json_line()


@pytest.mark.parametrize(
    ("province", "sex", "dob", "serial", "expected"),
    [
        ("020", "M", D(1985, 3, 2), 1234, "020085001234"),
        ("020", "F", D(1985, 3, 2), 1234, "020185001234"),
        ("001", "M", D(2003, 1, 9), 999999, "001203999999"),
        ("079", "F", D(2010, 12, 31), 7, "079310000007"),
    ],
)
def test_id_number_rule(province: str, sex: str, dob: dt.date, serial: int, expected: str) -> None:
    assert id_number(province, sex, dob, serial) == expected  # type: ignore[arg-type]


def test_id_number_rejects_bad_parts() -> None:
    with pytest.raises(ValueError, match="province"):
        id_number("20", "M", D(1990, 1, 1), 1)
    with pytest.raises(ValueError, match="serial"):
        id_number("020", "M", D(1990, 1, 1), 1_000_000)


def test_population_follows_the_rules() -> None:
    people = personas(0, 300)
    assert len({p.id_number for p in people}) == 300
    assert sum(p.id_number.startswith("020") for p in people) > 200  # mostly Lang Son
    assert any(not p.id_number.startswith("020") for p in people)
    ethnic = Counter(p.ethnicity for p in people)
    assert ethnic.most_common(2)[0][0] in ("Nùng", "Tày")
    assert {"Nùng", "Tày", "Kinh"} <= set(ethnic)
    for p in people:
        gender_digit = int(p.id_number[3])
        assert gender_digit == 2 * ((p.date_of_birth.year - 1900) // 100) + (p.sex == "F")
        assert p.id_number[4:6] == f"{p.date_of_birth.year % 100:02d}"
        assert p.date_of_expiry == date_of_expiry(p.date_of_birth, p.date_of_issue)
        assert p.date_of_expiry is None or p.date_of_expiry > AS_OF  # every card valid as of
        assert p.date_of_issue <= AS_OF
        assert "Lạng Sơn" in p.residence
    assert any(p.date_of_expiry is None for p in people)  # some are 58+ at issue
    assert {p.parents_layout for p in people} == {"separate", "joint"}
    assert any(p.spouse_name is None for p in people)
    assert any(p.spouse_name for p in people)
    assert any(p.old_id_number for p in people)


@pytest.mark.parametrize(
    ("dob", "issued", "expected"),
    [
        (D(2000, 5, 10), D(2021, 6, 1), D(2025, 5, 10)),  # 21: expires at 25
        (D(2000, 5, 10), D(2023, 6, 1), D(2040, 5, 10)),  # 23, within two years of 25: to 40
        (D(1985, 5, 10), D(2022, 1, 1), D(2025, 5, 10)),  # 36: to 40
        (D(1985, 5, 10), D(2023, 6, 1), D(2045, 5, 10)),  # 38: to 60
        (D(1966, 5, 10), D(2023, 6, 1), D(2026, 5, 10)),  # 57: to 60
        (D(1966, 5, 10), D(2024, 6, 1), None),  # 58, within two years of 60: never
        (D(1950, 5, 10), D(2022, 1, 1), None),  # over 60: never
        (D(2013, 5, 10), D(2024, 8, 1), D(2027, 5, 10)),  # căn cước card at 11: renew at 14
        (D(2011, 5, 10), D(2024, 8, 1), D(2036, 5, 10)),  # at 13, within two years of 14: to 25
        (D(2011, 5, 10), D(2024, 6, 1), D(2036, 5, 10)),  # before 1 Jul 2024: no 14 rule
        (D(2004, 2, 29), D(2022, 1, 1), D(2029, 2, 28)),  # 29 Feb birthday
    ],
)
def test_renewal_age_rule(dob: dt.date, issued: dt.date, expected: dt.date | None) -> None:
    assert date_of_expiry(dob, issued) == expected


def test_birthday_on_29_february() -> None:
    assert birthday(D(2004, 2, 29), 1) == D(2005, 2, 28)
    assert birthday(D(2004, 2, 29), 4) == D(2008, 2, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đặng Thị Ánh", "DANG THI ANH"),
        ("Nông Văn Đức", "NONG VAN DUC"),
        ("Lường Thị Hiền", "LUONG THI HIEN"),
        ("Bế Ngọc Hưng", "BE NGOC HUNG"),
    ],
)
def test_transliteration(text: str, expected: str) -> None:
    assert transliterate(text) == expected


def test_mrz_name_layout() -> None:
    assert mrz_name("Đặng", "Thị Ánh") == "DANG<<THI<ANH".ljust(30, "<")
    long = mrz_name("Nguyễn", "Hoàng Phương Thảo Nguyên Khánh")
    assert len(long) == 30
    assert long.startswith("NGUYEN<<HOANG<PHUONG<THAO<")


def test_persona_names_have_diacritics_and_mrz_has_none() -> None:
    people = personas(100, 40)
    assert any(p.full_name != transliterate(p.full_name).title() for p in people)
    for p in people:
        assert p.mrz_name.isascii()
        assert p.mrz_name.split("<<")[0] == transliterate(p.surname)

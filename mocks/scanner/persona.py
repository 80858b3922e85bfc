"""The facts printed on emulated papers, taken from a persona-like mapping or object.

The emulator does not depend on ``mocks.citizens``: anything with the field names below, as
mapping keys or attributes (a ``Persona`` from ``mocks.citizens`` fits), fills the papers.
Missing fields fall back to a fictional citizen so every paper is always complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields

__all__ = ["DEFAULT_PAGE_DATA", "PageData", "page_data"]


@dataclass(frozen=True, slots=True)
class PageData:
    """What the papers say about their holder (all text, ready to print)."""

    id_number: str = "020090001234"
    full_name: str = "Hoàng Thị Thu Hà"
    date_of_birth: str = "12/03/1990"  # dd/mm/yyyy as printed on Vietnamese papers
    sex: str = "Nữ"
    nationality: str = "Việt Nam"
    ethnicity: str = "Tày"
    religion: str = "Không"
    place_of_origin: str = "Xã Hoàng Đồng, tỉnh Lạng Sơn"
    residence: str = "Số 15 đường Bà Triệu, phường Đông Kinh, tỉnh Lạng Sơn"
    father: str = "Hoàng Văn Lợi"
    mother: str = "Nông Thị Mai"
    spouse: str = "Lương Văn Đức"
    phone: str = "0912 345 678"
    issue_date: str = "10/08/2021"
    expiry_date: str = "12/03/2030"
    identifying_marks: str = "Nốt ruồi cách 2cm dưới đuôi mắt trái"

    def __repr__(self) -> str:  # personal data never reaches logs
        return "PageData(<hidden>)"


DEFAULT_PAGE_DATA = PageData()

# Other spellings a persona may use for the same fact.
_ALIASES: Mapping[str, tuple[str, ...]] = {
    "id_number": ("personal_id", "id"),
    "full_name": ("name",),
    "date_of_birth": ("dob", "birth_date"),
    "place_of_origin": ("origin", "hometown"),
    "residence": ("place_of_residence", "permanent_residence", "address"),
    "father": ("father_name",),
    "mother": ("mother_name",),
    "spouse": ("spouse_name",),
    "issue_date": ("date_of_issue",),
    "expiry_date": ("date_of_expiry",),
}


def _lookup(source: object, name: str) -> object | None:
    for key in (name, *_ALIASES.get(name, ())):
        value: object = source.get(key) if isinstance(source, Mapping) else getattr(source, key, None)
        if value is not None:
            return value
    return None


def _as_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if hasattr(value, "value") and not isinstance(value, str | int):  # enums such as Sex.FEMALE
        return str(value.value)
    return str(value)


def _has_explicit_none(source: object, names: tuple[str, ...]) -> bool:
    if isinstance(source, Mapping):
        return any(name in source and source[name] is None for name in names)
    return any(hasattr(source, name) and getattr(source, name) is None for name in names)


def page_data(source: Mapping[str, object] | object | None = None) -> PageData:
    """Build ``PageData`` from a mapping or a persona object; unknown names are ignored."""
    if source is None:
        return DEFAULT_PAGE_DATA
    if isinstance(source, PageData):
        return source
    values: dict[str, str] = {}
    for f in fields(PageData):
        found = _lookup(source, f.name)
        if found is not None and found != "":
            values[f.name] = _as_text(found)
    if "expiry_date" not in values and _has_explicit_none(source, ("expiry_date", "date_of_expiry")):
        values["expiry_date"] = "Không thời hạn"  # cards issued from age 60 never expire
    sex = values.get("sex", "").strip().lower()
    if sex in {"m", "male", "nam"}:
        values["sex"] = "Nam"
    elif sex in {"f", "female", "nữ", "nu"}:
        values["sex"] = "Nữ"
    if "spouse" not in values and values.get("sex") == "Nam":
        values["spouse"] = "Lương Thị Hằng"  # the default spouse is a husband: match the holder
    return PageData(**values)

"""A province-sized catalogue, generated deterministically from real procedure names.

``data/procedure_names.csv`` holds procedure names as the national database publishes them, one
row per name pattern: ``{Cấp|Cấp lại} giấy phép ...`` expands to every alternative (most of
which a provincial catalogue lists as procedures of their own), with the row's field, level,
agency, online level, processing days, in-person fee and flags. ``data/procedure_fields.csv``
lists the fields grouped as on the national public-service portal. Everything else in a record
(code, English name, papers, form, steps, legal basis) comes from templates here and is
synthetic; data/README.md and docs/decisions/0019-province-catalogue.md say which is which.

The output is plain records, the shape of ``procedures.json`` entries, so they pass the same
validation as the hand-written ones (``catalogue.load_catalogue``). Same input, same output:
codes are derived from a hash of the name and level, never from a row's position.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mocks.backend.catalogue_errors import CatalogueError

__all__ = [
    "FieldRow",
    "NameRow",
    "expand",
    "generate",
    "grow",
    "read_aliases",
    "read_fields",
    "read_names",
    "synthetic_code",
]

# Agency keys of procedure_names.csv -> agencies.json identifiers. Commune-level procedures name
# the pilot ward's agencies as their default; routing sends each dossier to the agency of the
# same kind at the kiosk's own site (routing.py).
AGENCIES: Mapping[str, str] = {
    "ubnd_tinh": "000.00.01.H36",
    "tu_phap": "000.00.11.H36",
    "nn_mt": "000.00.12.H36",
    "tai_chinh": "000.00.13.H36",
    "y_te": "000.00.14.H36",
    "cong_an_tinh": "000.00.15.H36",
    "xay_dung": "000.00.16.H36",
    "gd_dt": "000.00.17.H36",
    "cong_thuong": "000.00.18.H36",
    "vhttdl": "000.00.19.H36",
    "noi_vu": "000.00.20.H36",
    "khcn": "000.00.21.H36",
    "dttg": "000.00.22.H36",
    "thanh_tra": "000.00.23.H36",
    "vp_dkdd": "000.00.24.H36",
    "ubnd_xa": "000.30.36.H36",
    "cong_an_xa": "000.31.36.H36",
}
# The leading verb of a name, for the generic English name.
_VERBS_EN = (
    ("cấp lại", "Re-issuing"), ("cấp đổi", "Exchanging"), ("cấp mới", "Issuing"), ("cấp", "Issuing"),
    ("gia hạn", "Extending"), ("điều chỉnh", "Amending"), ("thu hồi", "Revoking"),
    ("đăng ký", "Registering"), ("thông báo", "Notifying"), ("công nhận", "Recognising"),
    ("thẩm định", "Appraising"), ("phê duyệt", "Approving"), ("chấp thuận", "Approving"),
    ("xác nhận", "Certifying"), ("hỗ trợ", "Support"), ("giải quyết", "Settling"),
    ("chứng thực", "Authenticating"), ("thành lập", "Establishing"), ("giải thể", "Dissolving"),
)  # fmt: skip
_NAME_PATTERN = r"[^\d!@#$%^&*()_+=<>?/\\|{}\[\]~`\"]+"
_DELIVERY = ["Tại Bộ phận Một cửa", "Qua dịch vụ bưu chính", "Trên Cổng Dịch vụ công"]
_NOTE = (
    "Synthetic record: the name is a real published procedure name (mocks/backend/data/README.md); "
    "code, fee, processing time, papers, form, steps and legal basis are illustrative."
)
_ALTERNATION = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class FieldRow:
    code: str
    name: str
    name_en: str
    group: str  # the ministry's group on the national portal


@dataclass(frozen=True, slots=True)
class NameRow:
    line: int
    field: str
    level: str
    agency: str
    online: str
    days: float
    fee: int
    online_only: bool
    kiosk_available: bool
    pattern: str


def _rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=";")
            if list(reader.fieldnames or ()) != list(columns):
                raise CatalogueError(f"{path.name}: columns must be {';'.join(columns)}")
            yield from enumerate(reader, start=2)
    except OSError as exc:
        raise CatalogueError(f"cannot read {path}: {exc}") from exc


def read_fields(path: Path) -> list[FieldRow]:
    return [FieldRow(**row) for _, row in _rows(path, ("code", "name", "name_en", "group"))]


def read_names(path: Path) -> list[NameRow]:
    out = []
    columns = ("field", "level", "agency", "online", "days", "fee", "flags", "name")
    for line, row in _rows(path, columns):
        if row["agency"] not in AGENCIES:
            raise CatalogueError(f"{path.name} line {line}: unknown agency key {row['agency']!r}")
        try:
            days, fee = float(row["days"]), int(row["fee"])
        except ValueError as exc:
            raise CatalogueError(f"{path.name} line {line}: days and fee must be numbers") from exc
        flags = row["flags"]
        out.append(
            NameRow(line, row["field"], row["level"], row["agency"], row["online"], days, fee,
                    "o" in flags, "k" not in flags, row["name"])
        )  # fmt: skip
    return out


def read_aliases(path: Path) -> dict[str, list[str]]:
    """Spoken names of generated procedures (``search_aliases.csv``), searched like the name."""
    return {row["name"]: row["aliases"].split("|") for _, row in _rows(path, ("name", "aliases"))}


def expand(pattern: str) -> list[str]:
    """Every name a pattern stands for: ``"{Cấp|Cấp lại} thẻ"`` -> ``["Cấp thẻ", "Cấp lại thẻ"]``."""
    literals = _ALTERNATION.split(pattern)[0::2]
    choices = [group.split("|") for group in _ALTERNATION.findall(pattern)]
    names = []
    for combo in itertools.product(*choices):
        text = "".join(part for pair in itertools.zip_longest(literals, combo, fillvalue="") for part in pair)
        names.append(" ".join(text.split()))
    return names


def synthetic_code(name: str, level: str, taken: set[str]) -> str:
    """A national-style code outside the real ranges (real ones start 1., 2., 3.): ``9.NNNNNN``."""
    digest = int.from_bytes(hashlib.sha256(f"{level}|{name}".encode()).digest()[:8], "big")
    while True:
        code = f"9.{digest % 1_000_000:06d}"
        if code not in taken:
            taken.add(code)
            return code
        digest += 1


def _name_en(name: str, field: FieldRow, level: str) -> str:
    lower = name.lower()
    verb = next((en for vi, en in _VERBS_EN if lower.startswith(vi)), "Procedure")
    return f"{field.name_en}: {verb} ({level} level)"


def _documents(name: str, code: str, row: NameRow) -> list[dict[str, Any]]:
    lowered = name[0].lower() + name[1:]
    docs: list[dict[str, Any]] = [
        {
            "code": "DON_DE_NGHI",
            "name": f"Đơn đề nghị {lowered} (theo mẫu)",
            "originals": 1,
            "template": "MAU_01",
        },
        {"code": "GIAY_TO_CHUNG_MINH", "name": "Giấy tờ chứng minh thông tin nêu trong đơn", "copies": 1},
    ]
    if int(code[-1]) % 3 == 0:  # a third also ask for an optional paper
        docs.append(
            {"code": "TAI_LIEU_KHAC", "name": "Tài liệu khác có liên quan (nếu có)", "mandatory": False}
        )
    return docs


def _cases(code: str, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cases = [{"code": "TRUC_TIEP", "name": "Người đề nghị tự thực hiện", "documents": docs}]
    if int(code[-2]) % 2 == 0:
        proxy = {"code": "VB_UY_QUYEN", "name": "Văn bản ủy quyền được chứng thực", "originals": 1}
        cases.append(
            {"code": "UY_QUYEN", "name": "Người được ủy quyền thực hiện", "documents": [*docs, proxy]}
        )
    return cases


def _form() -> list[dict[str, Any]]:
    return [
        {
            "name": "full_name",
            "label": "Họ, chữ đệm và tên",
            "label_en": "Full name",
            "pattern": _NAME_PATTERN,
            "min_length": 2,
            "max_length": 100,
            "prefill": "full_name",
        },
        {
            "name": "id_number",
            "label": "Số định danh cá nhân",
            "label_en": "Personal ID number",
            "type": "id_number",
            "pattern": r"\d{12}",
            "prefill": "id_number",
        },
        {
            "name": "current_address",
            "label": "Nơi cư trú hiện tại",
            "label_en": "Current residence",
            "max_length": 250,
            "prefill": "address",
        },
        {
            "name": "phone",
            "label": "Số điện thoại liên hệ",
            "label_en": "Contact phone number",
            "type": "phone",
            "pattern": r"0\d{9}",
        },
        {"name": "request", "label": "Nội dung đề nghị", "label_en": "What you ask for", "max_length": 500},
        {
            "name": "delivery",
            "label": "Hình thức nhận kết quả",
            "label_en": "How to receive the result",
            "type": "select",
            "options": _DELIVERY,
        },
    ]


def _steps(level: str) -> list[str]:
    desk = "Bộ phận Một cửa cấp xã" if level == "commune" else "Trung tâm Phục vụ hành chính công tỉnh"
    return [
        f"Nộp hồ sơ tại {desk}, qua dịch vụ bưu chính hoặc trực tuyến trên Cổng Dịch vụ công.",
        "Cán bộ tiếp nhận kiểm tra hồ sơ; hồ sơ đầy đủ thì tiếp nhận, chưa đầy đủ thì hướng dẫn bổ sung.",
        "Cơ quan có thẩm quyền thẩm định, giải quyết và trả kết quả theo giấy hẹn.",
    ]


def _record(
    name: str, code: str, row: NameRow, field: FieldRow, agency_names: Mapping[str, str]
) -> dict[str, Any]:
    agency = AGENCIES[row.agency]
    docs = _documents(name, code, row)
    online_fee = row.fee // 2 if row.fee and row.online != "information" else row.fee
    fees = [
        {
            "kind": "le_phi",
            "label": f"Lệ phí {field.name.lower()}",
            "in_person": row.fee,
            "online": online_fee,
        }
    ]
    return {
        "code": code,
        "provincial_code": f"{code}.000.00.00.H36",
        "name": name,
        "name_en": _name_en(name, field, row.level),
        "field": field.code,
        "field_name": field.name,
        "agency": agency,
        "agency_name": agency_names[agency],
        "level": row.level,
        "online_level": "full" if row.online_only else row.online,
        "processing_days": row.days,
        "steps": _steps(row.level),
        "legal_basis": [
            "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 về thực hiện cơ chế một cửa, một cửa liên thông",
            "Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 sửa đổi, bổ sung Nghị định số 61/2018/NĐ-CP",
        ],
        "result": f"Văn bản giải quyết: {name[0].lower() + name[1:]}",
        "fees": fees if row.fee else [],
        "documents": docs,
        "cases": _cases(code, docs),
        "form": _form(),
        "online_only": row.online_only,
        "kiosk_available": row.kiosk_available,
        "note": _NOTE,
    }


def generate(
    names: Sequence[NameRow],
    fields: Sequence[FieldRow],
    agency_names: Mapping[str, str],
    *,
    skip: set[str],
    taken: set[str],
    aliases: Mapping[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """Records for every expanded name, except names in ``skip`` (lower case: the hand-written ones).

    ``aliases`` (by exact name) become the records' search-only ``aliases``; one naming no
    generated procedure is an error, so a typo in the aliases file cannot go unnoticed.
    """
    by_code = {f.code: f for f in fields}
    records: list[dict[str, Any]] = []
    for row in names:
        field = by_code.get(row.field)
        if field is None:
            raise CatalogueError(f"procedure_names.csv line {row.line}: unknown field {row.field!r}")
        for name in expand(row.pattern):
            if name.lower() in skip:
                continue
            skip.add(name.lower())
            records.append(_record(name, synthetic_code(name, row.level, taken), row, field, agency_names))
    unused = set(aliases or {}) - {r["name"] for r in records}
    if unused:
        raise CatalogueError(f"search_aliases.csv names no generated procedure: {sorted(unused)}")
    for record in records:
        if aliases and record["name"] in aliases:
            record["aliases"] = list(aliases[record["name"]])
    return records


def grow(
    records: Sequence[dict[str, Any]], units: Sequence[tuple[str, str]], size: int
) -> list[dict[str, Any]]:
    """Benchmarks only: past the real catalogue's size, list commune-level procedures once per
    commune (``"... tại xã Thất Khê"``, received by that commune's agency), as portals that list
    procedures per unit do. ``units`` are ``(people's committee id, its name)``. Synthetic."""
    out = list(records)
    taken = {r["code"] for r in records}
    communal = [r for r in records if r["level"] == "commune"]
    for (agency, agency_name), record in itertools.product(units, communal):
        if len(out) >= size:
            break
        place = agency_name.removeprefix("UBND ")
        name = f"{record['name']} tại {place}"
        code = synthetic_code(name, "commune", taken)
        out.append(record | {"code": code, "provincial_code": f"{code}.000.00.00.H36", "name": name,
                             "agency": agency, "agency_name": agency_name})  # fmt: skip
    return out[:size]

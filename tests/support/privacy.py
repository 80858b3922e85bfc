"""The privacy scanner: find personas' ID numbers, names and dates of birth in files, however encoded.

    needles = persona_needles(range(0, 10))
    report = scan_tree(run_dir, needles)          # every file under run_dir
    report.findings                               # [Finding] outside the exemptions: must be empty
    str(finding)                                  # "tmp/x/telemetry.jsonl:jsonl:persona3.full_name(ascii)"

A finding names the file, how it was read and which field of which persona matched, never the value.
Each file is read as UTF-8 text and again with what hides text undone: JSON ``\\uXXXX`` escapes,
HTML entities and URL %-escapes; PNG text chunks (tEXt, zTXt, iTXt) through Pillow; SQLite databases
(and their -wal journals) as raw bytes plus every cell of every table. Every view is searched in NFC
lower case and again without diacritics, so NFD, upper-case and "HOANG VAN NAM" forms match too.

Exemptions are files that legitimately hold personal data: the mock backend's own database (the
province's register holds names) and the mock PKI. They are still scanned; their matches are kept
apart (``report.exempt``) and prove that the needles do match real data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
import sqlite3
import tempfile
import unicodedata
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from mocks.citizens import Persona, persona

__all__ = [
    "EXEMPTIONS",
    "Exemption",
    "Finding",
    "Needle",
    "ScanReport",
    "persona_needles",
    "scan_file",
    "scan_tree",
    "strip_diacritics",
]


@dataclass(frozen=True, slots=True)
class Exemption:
    pattern: str  # fnmatch on the path relative to the scanned root, "/"-separated
    reason: str


EXEMPTIONS = (
    # backend.sqlite in-process, backend-N.sqlite per uvicorn start in wire mode
    Exemption("*/backend*.sqlite", "the simulated province's own database: its register holds names"),
    Exemption("*/backend*.sqlite-*", "the simulated province's own database (journal)"),
    Exemption("*/bdd-pki/*", "the mock PKI (certificates and keys of the test CSCA and signers)"),
)


@dataclass(frozen=True, slots=True)
class Needle:
    seed: int
    field: str  # "id_number", "full_name", "date_of_birth", "card_print", ...
    form: str  # "digits", "nfc", "ascii", "mrz", "iso", "dd/mm/yyyy", ...
    value: str = dataclasses.field(repr=False)  # lower case, NFC (or without diacritics for "ascii")


@dataclass(frozen=True, slots=True)
class Finding:
    path: str  # relative to the scanned root
    kind: str  # how the file was read: "text", "json", "png-text", "sqlite", "sqlite-cells", ...
    seed: int
    field: str
    form: str

    def __str__(self) -> str:
        return f"{self.path}:{self.kind}:persona{self.seed}.{self.field}({self.form})"


@dataclass(slots=True)
class ScanReport:
    findings: list[Finding] = field(default_factory=list)
    exempt: list[Finding] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # relative path -> kind it was read as

    def kinds(self) -> set[str]:
        return set(self.files.values())


_MARKS = re.compile(r"[\u0300-\u036f]+")  # combining diacritical marks (Vietnamese uses no others)


def strip_diacritics(text: str) -> str:
    if text.isascii():
        return text
    return _MARKS.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")))


def _name_forms(value: str) -> Iterator[tuple[str, str]]:
    nfc = unicodedata.normalize("NFC", value).lower()
    yield "nfc", nfc
    yield "ascii", strip_diacritics(nfc)


def _date_forms(day: dt.date) -> Iterator[tuple[str, str]]:
    yield "iso", day.isoformat()
    yield "dd/mm/yyyy", day.strftime("%d/%m/%Y")
    yield "ddmmyyyy", day.strftime("%d%m%Y")
    yield "d/m/yyyy", f"{day.day}/{day.month}/{day.year}"


def needles_of(p: Persona) -> list[Needle]:
    out = [Needle(p.seed, "id_number", "digits", p.id_number)]
    if p.old_id_number:
        out.append(Needle(p.seed, "old_id_number", "digits", p.old_id_number))
    names = {"full_name": p.full_name, "father_name": p.father_name, "mother_name": p.mother_name}
    for name_field, name in names.items():
        out += [Needle(p.seed, name_field, form, value) for form, value in _name_forms(name)]
    out.append(Needle(p.seed, "full_name", "mrz", p.mrz_name.rstrip("<").lower()))
    out += [Needle(p.seed, "date_of_birth", form, value) for form, value in _date_forms(p.date_of_birth)]
    out += _print_needles(p)
    return out


def _print_needles(p: Persona) -> list[Needle]:
    """What a scan of the card on the glass yields (issue 15): its MRZ lines (the document number
    and the dates without the ID number's 12 digits), the BAC key's input, and the QR's text."""
    from mocks.card.mrz import td1
    from mocks.card.printed import qr_payload

    mrz = td1(p)
    return [
        Needle(p.seed, "card_print", "mrz-line1", mrz.lines[0].lower()),
        Needle(p.seed, "card_print", "mrz-line2", mrz.lines[1][:15].lower()),
        Needle(p.seed, "card_print", "bac-key-input", mrz.mrz_information.lower()),
        Needle(p.seed, "card_print", "qr", unicodedata.normalize("NFC", qr_payload(p)).lower()),
    ]


def persona_needles(seeds: Iterable[int]) -> list[Needle]:
    return [needle for seed in seeds for needle in needles_of(persona(seed))]


# ---------------------------------------------------------------------------- decoding

_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_PERCENT_RUN = re.compile(r"(?:%[0-9a-fA-F]{2})+")
_PRINTABLE = re.compile(rb"(?:[\t\n\r\x20-\x7e]|[\xc2-\xf4][\x80-\xbf]{1,3}){4,}")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


def unhide(text: str) -> str:
    """Undo JSON \\u escapes (surrogate pairs too), URL %-escapes and HTML entities."""
    chars = _U_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "\\u" in text else text
    chars = chars.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    chars = _PERCENT_RUN.sub(lambda m: urllib.parse.unquote(m.group(0)), chars)
    return html.unescape(chars) if "&" in chars else chars


def _png_text(path: Path) -> str:
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        chunks: dict[str, str] = dict(getattr(image, "text", {}))
    return "\n".join(f"{key}: {value}" for key, value in chunks.items())


def _sqlite_cells(path: Path) -> str:
    """Every cell of every table, read from a copy (with its -wal) so the original stays untouched."""
    parts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.sqlite"
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(tmp) / "copy.sqlite-wal")
        con = sqlite3.connect(copy)
        try:
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                for row in con.execute(f'SELECT * FROM "{table}"'):
                    for cell in row:
                        if isinstance(cell, bytes):
                            parts.append(cell.decode("utf-8", "replace"))
                        elif cell is not None:
                            parts.append(str(cell))
        finally:
            con.close()
    return "\n".join(parts)


def _kind(path: Path, head: bytes) -> str:
    if head.startswith(b"\x89PNG"):
        return "png"
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    if head[:4] in _WAL_MAGIC:
        return "sqlite-wal"
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in ("json", "jsonl", "html", "log", "txt", "pem", "toml") else "text"


def _strings(data: bytes) -> str:
    """Runs of four or more printable characters (ASCII or UTF-8) out of binary data, one per line."""
    return "\n".join(m.group(0).decode("utf-8", "replace") for m in _PRINTABLE.finditer(data))


def _views(path: Path) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs: every way this file can be read as text."""
    data = path.read_bytes()
    kind = _kind(path, data[:16])
    if kind == "png":  # the image data is deflated: only the chunks can hold text
        text = _png_text(path)
        yield "png-text", text
        yield "png-text", unhide(text)
        return
    binary = b"\x00" in data[:4096]
    raw = _strings(data) if binary else data.decode("utf-8", "replace")
    yield kind, raw
    hidden = unhide(raw)
    if hidden != raw:
        yield kind, hidden
    if kind == "sqlite":
        cells = _sqlite_cells(path)
        yield "sqlite-cells", cells
        yield "sqlite-cells", unhide(cells)  # JSON documents stored in cells


# ---------------------------------------------------------------------------- scanning


class _Matcher:
    def __init__(self, needles: Iterable[Needle]) -> None:
        self.by_value: dict[str, list[Needle]] = {}
        for needle in needles:
            self.by_value.setdefault(needle.value, []).append(needle)
        ordered = sorted(self.by_value, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(v) for v in ordered)) if ordered else None

    def search(self, text: str) -> set[Needle]:
        if self.pattern is None:
            return set()
        lowered = text.lower() if text.isascii() else unicodedata.normalize("NFC", text).lower()
        found: set[Needle] = set()
        views = (lowered,) if lowered.isascii() else (lowered, strip_diacritics(lowered))
        for view in views:
            for m in self.pattern.finditer(view):
                found.update(self.by_value[m.group(0)])
        return found


def scan_file(path: Path, rel: str, matcher: _Matcher | Iterable[Needle]) -> tuple[str, list[Finding]]:
    """The kind the file was read as, and what of the needles it holds (one finding per kind/field)."""
    match = matcher if isinstance(matcher, _Matcher) else _Matcher(matcher)
    found: dict[tuple[str, int, str], Finding] = {}
    kind = "empty"
    for view_kind, text in _views(path):
        kind = kind if kind != "empty" else view_kind
        for needle in match.search(text):
            key = (view_kind, needle.seed, needle.field)
            found.setdefault(key, Finding(rel, view_kind, needle.seed, needle.field, needle.form))
    return kind, sorted(found.values(), key=str)


def exemption_for(rel: str, exemptions: Iterable[Exemption] = EXEMPTIONS) -> Exemption | None:
    return next((e for e in exemptions if fnmatch("/" + rel, e.pattern)), None)


def scan_tree(
    root: Path, needles: Iterable[Needle], exemptions: Iterable[Exemption] = EXEMPTIONS
) -> ScanReport:
    matcher = _Matcher(needles)
    rules = tuple(exemptions)
    report = ScanReport()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        kind, findings = scan_file(path, rel, matcher)
        report.files[rel] = kind
        target = report.exempt if exemption_for(rel, rules) is not None else report.findings
        target.extend(findings)
    return report

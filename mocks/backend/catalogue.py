"""The procedure catalogue: loaded from data/procedures.json, validated, searchable.

Every record goes through the shared pydantic model ``Procedure`` at load, plus the checks the
model cannot make alone (unique codes, known field and agency, one mandatory paper per case,
form patterns that compile). A broken record fails the load with a CatalogueError naming the
procedure and the field, so a typo in the data never becomes a 500 in the middle of a demo.

Besides the model's fields a record may carry ``aliases`` (other names citizens use, searched
like the name) and ``keywords`` (searched one tier lower); both stay out of the API model.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mocks.backend import catalogue_gen
from mocks.backend.catalogue_errors import CatalogueError, ProcedureNotFoundError
from mocks.backend.search import SearchIndex, fold
from mocks.backend.sites import load_agencies
from reference_kiosk.api import Agency, Procedure

__all__ = ["DATA_DIR", "Catalogue", "load_catalogue"]

DATA_DIR = Path(__file__).resolve().parent / "data"
_SEARCH_ONLY = ("aliases", "keywords")
_Fail = Callable[[str, str], CatalogueError]  # (message, field) -> error naming the procedure


class Catalogue:
    """Immutable after construction; safe to share between requests (its caches are thread-safe)."""

    def __init__(
        self,
        procedures: Sequence[Procedure],
        fields: Sequence[tuple[str, str]],
        aliases: Mapping[str, Sequence[str]] | None = None,
        keywords: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        order = {code: i for i, (code, _) in enumerate(fields)}
        self._fields = tuple(fields)
        self._procedures = tuple(
            sorted(procedures, key=lambda p: (order.get(p.field, len(order)), fold(p.name), p.code))
        )
        self._by_code: dict[str, Procedure] = {}
        in_field: dict[str, list[Procedure]] = {}
        for p in self._procedures:
            self._by_code[p.code] = p
            self._by_code[p.provincial_code] = p
            in_field.setdefault(p.field, []).append(p)
        self._in_field = {f: tuple(ps) for f, ps in in_field.items()}
        self._field_codes = {f: frozenset(p.code for p in ps) for f, ps in in_field.items()}
        aliases, keywords = aliases or {}, keywords or {}
        texts = [
            (
                p.code,
                (p.name, *aliases.get(p.code, ())),
                _keyword_texts(p, keywords.get(p.code, ())),
                _body_texts(p),
            )
            for p in self._procedures
        ]
        # The index (most of a province catalogue's load time) is built beside the backend's
        # start-up, not before it; the first search waits for it if it comes that early.
        self._built: SearchIndex | None = None
        self._building = threading.Thread(
            target=self._build, args=(texts,), name="catalogue-index", daemon=True
        )
        self._building.start()
        # A kiosk's search-as-you-type repeats queries; the catalogue never changes while running.
        self._ranked_cached = functools.lru_cache(maxsize=4096)(self._ranked)
        self._json: dict[str, bytes] = {}  # serialised once per procedure (dict writes are atomic)
        self._summary_json: dict[str, bytes] = {}

    def _build(self, texts: list[tuple[str, tuple[str, ...], list[str], list[str]]]) -> None:
        self._built = SearchIndex.build(texts)

    def wait_built(self) -> None:
        """Return once the search index is built (``kiosk-twin backend`` then settles its heap)."""
        self._building.join()

    @property
    def _index(self) -> SearchIndex:
        self._building.join()
        assert self._built is not None  # the build thread raised: its traceback was printed
        return self._built

    def all(self) -> list[Procedure]:
        """Every procedure, by field (in the data's field order) then name."""
        return list(self._procedures)

    def fields(self) -> list[tuple[str, str]]:
        """``(code, Vietnamese name)`` of every field, in display order."""
        return list(self._fields)

    def field_counts(self) -> dict[str, int]:
        """How many procedures each field holds (fields without any are absent)."""
        return {f: len(ps) for f, ps in self._in_field.items()}

    def agencies(self) -> list[str]:
        """Identifiers of the agencies that implement at least one procedure."""
        return sorted({p.agency for p in self._procedures})

    def get(self, code: str) -> Procedure | None:
        """By national (``1.004222``) or provincial (``1.004222.000.00.00.H36``) code."""
        return self._by_code.get(code.strip())

    def require(self, code: str) -> Procedure:
        """Like ``get`` but raises ProcedureNotFoundError."""
        found = self.get(code)
        if found is None:
            raise ProcedureNotFoundError(code)
        return found

    def __len__(self) -> int:
        return len(self._procedures)

    def ranked(self, q: str = "", field: str | None = None) -> tuple[tuple[Procedure, float | None], ...]:
        """Matches best first with their score; an empty query lists the field (or all), unscored.

        Cached by folded query and field. A query answers at most ``search.RESCORE`` matches.
        """
        return self._ranked_cached(fold(q), field)

    def _ranked(self, folded: str, field: str | None) -> tuple[tuple[Procedure, float | None], ...]:
        if field is not None and field not in self._in_field:
            return ()
        if not folded:
            return tuple((p, None) for p in (self._procedures if field is None else self._in_field[field]))
        allowed = None if field is None else self._field_codes[field]
        return tuple((self._by_code[code], score) for code, score in self._index.search(folded, allowed))

    def search(
        self, q: str = "", field: str | None = None, agency: str | None = None, limit: int = 20
    ) -> list[Procedure]:
        """Ranked matches carrying ``score`` (0..100); an empty query lists all, unscored."""
        if limit <= 0:
            return []
        found = [(p, s) for p, s in self.ranked(q, field) if agency is None or p.agency == agency][:limit]
        return [p if s is None else p.model_copy(update={"score": s}) for p, s in found]

    def detail_json(self, p: Procedure) -> bytes:
        """The procedure as the API sends it, serialised once."""
        body = self._json.get(p.code)
        if body is None:
            body = self._json[p.code] = p.model_dump_json().encode()
        return body

    def summary_json(self, p: Procedure, score: float | None) -> bytes:
        """``ProcedureSummary`` JSON, serialised once per procedure; only the score is appended."""
        head = self._summary_json.get(p.code)
        if head is None:  # the model's last field is the score: cut it, put the right one back
            full = p.summary().model_dump_json().encode()
            head = self._summary_json[p.code] = full[: full.rindex(b',"score":')]
        return head + b',"score":' + json.dumps(score).encode() + b"}"


def _keyword_texts(p: Procedure, keywords: Sequence[str]) -> list[str]:
    return [*keywords, p.name_en, p.field_name, *(c.name for c in p.cases)]


def _body_texts(p: Procedure) -> list[str]:
    docs = [d.name for d in p.documents] + [d.name for c in p.cases for d in c.documents]
    return [*p.steps, *docs, p.result, *p.legal_basis, p.agency_name]


# ---------------------------------------------------------------------------- loading


def load_catalogue(
    path: Path | str | None = None, agencies: Iterable[Agency] | None = None, *, size: int | None = None
) -> Catalogue:
    """Load and validate the catalogue; agencies default to data/agencies.json.

    A file with a ``generated`` entry adds the procedures ``catalogue_gen`` makes from the named
    CSV files after its own. ``size`` (benchmarks) keeps that many: the hand-written ones first,
    then generated ones in code order, then per-commune copies (``catalogue_gen.grow``).
    """
    source = Path(path) if path is not None else DATA_DIR / "procedures.json"
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"cannot read {source}: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("procedures"), list):
        raise CatalogueError(f"{source}: expected an object with a 'procedures' list")
    fields = _load_fields(raw.get("fields"))
    known_agencies = {a.id: a for a in (agencies if agencies is not None else load_agencies())}
    records: list[Any] = list(raw["procedures"])
    if raw.get("generated") is not None:
        more_fields, generated = _generated(source.parent, raw["generated"], fields, known_agencies, records)
        fields += more_fields
        records += generated
    if size is not None:
        records = _resized(records, size, known_agencies)
    procedures: list[Procedure] = []
    aliases: dict[str, list[str]] = {}
    keywords: dict[str, list[str]] = {}
    field_names = dict(fields)
    for position, record in enumerate(records):
        procedure, extra = _validate_record(position, record)
        _check_procedure(procedure, field_names, known_agencies)
        aliases[procedure.code] = extra["aliases"]
        keywords[procedure.code] = extra["keywords"]
        procedures.append(procedure)
    _check_unique(procedures)
    return Catalogue(procedures, fields, aliases, keywords)


def _generated(
    folder: Path, spec: Any, fields: list[tuple[str, str]], agencies: Mapping[str, Agency], records: list[Any]
) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """The fields the hand-written list lacks and the generated records (catalogue_gen)."""
    if not isinstance(spec, dict) or not {"fields", "names"} <= spec.keys():
        raise CatalogueError("'generated' must name the 'fields' and 'names' CSV files")
    rows = catalogue_gen.read_fields(folder / str(spec["fields"]))
    known = dict(fields)
    for row in rows:
        if row.code in known and known[row.code] != row.name:
            raise CatalogueError(f"field {row.code!r} is named differently in {spec['fields']}")
    hand = [r for r in records if isinstance(r, dict)]
    generated = catalogue_gen.generate(
        catalogue_gen.read_names(folder / str(spec["names"])),
        rows,
        {a.id: a.name for a in agencies.values()},
        skip={str(r.get("name", "")).lower() for r in hand},
        taken={str(r.get("code", "")) for r in hand},
        aliases=catalogue_gen.read_aliases(folder / str(spec["aliases"])) if "aliases" in spec else None,
    )
    return [(r.code, r.name) for r in rows if r.code not in known], generated


def _resized(records: list[Any], size: int, agencies: Mapping[str, Agency]) -> list[Any]:
    hand = [r for r in records if not str(r.get("code", "")).startswith("9.")]
    made = sorted((r for r in records if r not in hand), key=lambda r: str(r["code"]))
    units = [
        (a.id, a.name) for a in agencies.values() if a.level == "commune" and a.kind == "people_committee"
    ]
    return catalogue_gen.grow([*hand, *made], units, size)


def _load_fields(raw: Any) -> list[tuple[str, str]]:
    if not isinstance(raw, list) or not raw:
        raise CatalogueError("'fields' must be a non-empty list of {code, name}")
    try:
        return [(str(item["code"]), str(item["name"])) for item in raw]
    except (KeyError, TypeError) as exc:
        raise CatalogueError(f"'fields' entries need code and name: {exc}") from exc


def _validate_record(position: int, record: Any) -> tuple[Procedure, dict[str, list[str]]]:
    if not isinstance(record, dict):
        raise CatalogueError(f"entry #{position} is not an object")
    code = str(record.get("code", f"#{position}"))
    if "score" in record:
        raise CatalogueError("score is computed by search, never stored", procedure=code, field="score")
    body = {k: v for k, v in record.items() if k not in _SEARCH_ONLY}
    extra: dict[str, list[str]] = {}
    for key in _SEARCH_ONLY:
        values = record.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise CatalogueError("must be a list of strings", procedure=code, field=key)
        extra[key] = values
    try:
        return Procedure.model_validate(body), extra
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise CatalogueError(f"{first['msg']}{more}", procedure=code, field=where) from exc


def _check_procedure(p: Procedure, fields: Mapping[str, str], agencies: Mapping[str, Agency]) -> None:
    def fail(message: str, field: str) -> CatalogueError:
        return CatalogueError(message, procedure=p.code, field=field)

    if not p.provincial_code.startswith(p.code + "."):
        raise fail("must start with the national code", "provincial_code")
    if fields.get(p.field) != p.field_name:
        raise fail(f"field {p.field!r} / {p.field_name!r} is not in the fields list", "field")
    agency = agencies.get(p.agency)
    if agency is None:
        raise fail(f"unknown agency {p.agency!r}", "agency")
    if agency.name != p.agency_name:
        raise fail(f"agency_name differs from agencies.json ({agency.name!r})", "agency_name")
    if not p.cases:
        raise fail("needs at least one case variant", "cases")
    if not any(d.mandatory for d in p.documents):
        raise fail("the default case needs a mandatory document", "documents")
    for i, case in enumerate(p.cases):
        if not any(d.mandatory for d in case.documents):
            raise fail("needs at least one mandatory document", f"cases.{i}.documents")
    _check_form(p, fail)
    _check_distinct(p, fail)


def _check_form(p: Procedure, fail: _Fail) -> None:
    for i, f in enumerate(p.form):
        if f.pattern is not None:
            try:
                re.compile(f.pattern)
            except re.error as exc:
                raise fail(f"pattern does not compile: {exc}", f"form.{i}.pattern") from exc
        if f.type == "select" and not f.options:
            raise fail("a select needs options", f"form.{i}.options")


def _check_distinct(p: Procedure, fail: _Fail) -> None:
    for name, values in (
        ("cases", [c.code for c in p.cases]),
        ("form", [f.name for f in p.form]),
        ("documents", [d.code for d in p.documents]),
    ):
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise fail(f"duplicate codes {duplicates}", name)


def _check_unique(procedures: Sequence[Procedure]) -> None:
    seen: set[str] = set()
    for p in procedures:
        for code in (p.code, p.provincial_code):
            if code in seen:
                raise CatalogueError("duplicate code", procedure=code, field="code")
            seen.add(code)

"""Dossiers: submission (validated, idempotent), codes, access by owner, listing, supplements.

The receiving agency depends on the kiosk's site (``mocks.backend.routing``).
Code ``{agency}-{yyMMdd}-{NNNN}``: a per-agency counter for the world-clock date in Viet Nam.
An ``Idempotency-Key`` maps to the first dossier made with it, the kiosk's registered id (which a
key rotation keeps, ``mocks.backend.kiosks``) and a hash of the request; the same key with the
same body from the same kiosk returns that dossier; another body, or another kiosk, is a 409.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Sequence

from mocks.backend import lifecycle, officials
from mocks.backend.attachments import StoredFile, decode_attachments, require_documents
from mocks.backend.clock import from_iso, iso, local_date
from mocks.backend.errors import (
    ConflictError,
    IdempotencyConflictError,
    NotFoundError,
    UnauthorizedError,
    ValidationFailedError,
)
from mocks.backend.forms import validate_form
from mocks.backend.state import Backend, _reference_data
from reference_kiosk.api import (
    Attachment,
    CitizenProfile,
    Dossier,
    DossierCreate,
    DossierStatus,
    HistoryEntry,
    Procedure,
    SupplementRequest,
)

__all__ = ["authorize", "fee_for", "list_for", "load", "submit", "supply"]


def fee_for(procedure: Procedure) -> int:
    """What a kiosk (online) submission owes: the online amounts of every fee."""
    return sum(fee.online for fee in procedure.fees)


def _documents(procedure: Procedure, case_code: str) -> set[str]:
    case = next(c for c in procedure.cases if c.code == case_code)
    return {d.code for d in (*procedure.documents, *case.documents)}


def _mandatory(procedure: Procedure, case_code: str) -> dict[str, str]:
    """The papers this case cannot go without (the kiosk asks for each before it submits)."""
    case = next(c for c in procedure.cases if c.code == case_code)
    return {d.code: d.name for d in (*procedure.documents, *case.documents) if d.mandatory}


def _checked(backend: Backend, body: DossierCreate) -> tuple[Procedure, list[StoredFile]]:
    procedure = backend.catalogue.get(body.procedure_code)
    if procedure is None:
        raise ValidationFailedError("unknown procedure", {"procedure_code": "no such procedure"})
    if body.case_code not in {c.code for c in procedure.cases}:
        raise ValidationFailedError("unknown case", {"case_code": "not a case of this procedure"})
    validate_form(procedure.form, body.form, local_date(backend.clock.now()))
    limits = backend.settings.limits
    files = decode_attachments(
        body.attachments, _documents(procedure, body.case_code), limits.file_bytes, limits.dossier_bytes
    )
    require_documents(files, _mandatory(procedure, body.case_code))  # after the files' own checks
    return procedure, files


def _request_hash(owner: CitizenProfile, body: DossierCreate, files: Sequence[StoredFile]) -> str:
    """Identifies the request; files count by their (verified) digest, not megabytes of base64."""
    head = body.model_dump(mode="json", exclude={"attachments"})
    papers = [[f.document_code, f.filename, f.content_type, f.sha256] for f in files]
    canonical = json.dumps([owner.id_number, head, papers], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _next_code(conn: sqlite3.Connection, agency: str, day: dt.date) -> str:
    key = day.strftime("%y%m%d")
    conn.execute(
        "INSERT INTO dossier_counters (agency, day, n) VALUES (?, ?, 1) "
        "ON CONFLICT (agency, day) DO UPDATE SET n = n + 1",
        (agency, key),
    )
    n = conn.execute("SELECT n FROM dossier_counters WHERE agency = ? AND day = ?", (agency, key)).fetchone()
    return f"{agency}-{key}-{n['n']:04d}"


def _insert_files(
    conn: sqlite3.Connection, code: str, files: Sequence[StoredFile], supplement: str | None
) -> None:
    conn.executemany(
        "INSERT INTO attachments (dossier_code, supplement_id, document_code, filename, content_type, "
        "sha256, size, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(code, supplement, f.document_code, f.filename, f.content_type, f.sha256, len(f.content), f.content)
         for f in files],
    )  # fmt: skip


def submit(
    backend: Backend, owner: CitizenProfile, kiosk_id: str, body: DossierCreate, idempotency_key: str | None
) -> tuple[Dossier, bool]:
    """The dossier and whether it was created now (False: an idempotent repeat)."""
    procedure, files = _checked(backend, body)
    digest = _request_hash(owner, body, files)
    with backend.store.tx() as conn:
        if idempotency_key:
            # By key alone: the same key from another kiosk is a conflict, never a second dossier.
            seen = conn.execute(
                "SELECT kiosk_id, request_hash, dossier_code FROM idempotency WHERE key = ?",
                (idempotency_key,),
            ).fetchone()
            if seen is not None:
                if seen["request_hash"] != digest or seen["kiosk_id"] != kiosk_id:
                    raise IdempotencyConflictError()
                return _must_load(conn, seen["dossier_code"]), False
        now = backend.clock.now()
        agency = backend.routing.receiving_agency(procedure, kiosk_id)  # the kiosk's own site, if it can
        code = _next_code(conn, agency, local_date(now))
        appointment = backend.calendar.add_working_days(now, procedure.processing_days)
        conn.execute(
            "INSERT INTO dossiers (code, owner, procedure_code, procedure_name, case_code, agency, channel, "
            "kiosk_id, status, received_at, appointment_date, fee_due, form_json, next_step_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'online', ?, ?, ?, ?, ?, ?, ?)",
            (code, owner.id_number, procedure.code, procedure.name, body.case_code, agency,
             kiosk_id, int(DossierStatus.NEW), iso(now), appointment.isoformat(), fee_for(procedure),
             json.dumps(body.form, ensure_ascii=False), iso(now + backend.settings.officials.accept_after)),
        )  # fmt: skip
        lifecycle.record(conn, code, now, None, DossierStatus.NEW, "kiosk", "submitted",
                         f"Nộp trực tuyến tại kiosk {kiosk_id}", appointment)  # fmt: skip
        _insert_files(conn, code, files, None)
        if idempotency_key:
            conn.execute(
                "INSERT INTO idempotency (kiosk_id, key, request_hash, dossier_code) VALUES (?, ?, ?, ?)",
                (kiosk_id, idempotency_key, digest, code),
            )
        return _must_load(conn, code), True


def load(conn: sqlite3.Connection, code: str) -> Dossier | None:
    row = conn.execute("SELECT * FROM dossiers WHERE code = ?", (code,)).fetchone()
    if row is None:
        return None
    history = [
        HistoryEntry(
            at=from_iso(h["at"]),
            from_status=None if h["from_status"] is None else DossierStatus(h["from_status"]),
            to_status=DossierStatus(h["to_status"]),
            actor=h["actor"],
            action=h["action"],
            content=h["content"],
            deadline=None if h["deadline"] is None else dt.date.fromisoformat(h["deadline"]),
        )
        for h in conn.execute("SELECT * FROM history WHERE dossier_code = ? ORDER BY id", (code,))
    ]
    supplements = [
        SupplementRequest(id=s["id"], requested_at=from_iso(s["requested_at"]),
                          documents=json.loads(s["documents_json"]), note=s["note"], status=s["status"])
        for s in conn.execute("SELECT * FROM supplements WHERE dossier_code = ? ORDER BY rowid", (code,))
    ]  # fmt: skip
    rated = conn.execute("SELECT 1 FROM ratings WHERE dossier_code = ?", (code,)).fetchone() is not None
    return Dossier(
        code=row["code"], procedure_code=row["procedure_code"], procedure_name=row["procedure_name"],
        case_code=row["case_code"], agency=row["agency"], channel=row["channel"], kiosk_id=row["kiosk_id"],
        status=DossierStatus(row["status"]), received_at=from_iso(row["received_at"]),
        appointment_date=dt.date.fromisoformat(row["appointment_date"]), history=history,
        supplement_requests=supplements, fee_due=row["fee_due"], rated=rated,
        procedure_name_en=_name_en(row["procedure_code"]),
    )  # fmt: skip


def _name_en(procedure_code: str) -> str:
    """The catalogue's English name of a procedure ("" if the catalogue no longer has it).

    From the process-wide catalogue every backend is built on (``state._reference_data``):
    ``load`` is given a connection only, and its many callers need not pass the catalogue.
    """
    procedure = _reference_data()[1].get(procedure_code)
    return procedure.name_en if procedure is not None else ""


def _must_load(conn: sqlite3.Connection, code: str) -> Dossier:
    dossier = load(conn, code)
    if dossier is None:
        raise NotFoundError("dossier")
    return dossier


def authorize(
    backend: Backend, kiosk_id: str, code: str, citizen: CitizenProfile | None, id_number: str | None
) -> Dossier:
    """The dossier if the caller may see it: its owner's token, or its code plus the owner's ID number.

    Anything else is 404 (never 403, so codes cannot be probed); failed look-ups by ID number
    count against the kiosk's rate limit.
    """
    officials.catch_up(backend)
    if citizen is None and not id_number:
        raise UnauthorizedError("a citizen token or the ID number is required")
    if citizen is None:
        backend.lookups.check(kiosk_id)
    with backend.store.read() as conn:
        row = conn.execute("SELECT owner FROM dossiers WHERE code = ?", (code,)).fetchone()
        owner = citizen.id_number if citizen is not None else id_number
        if row is None or row["owner"] != owner:
            if citizen is None:
                backend.lookups.failed(kiosk_id)
            raise NotFoundError("dossier")
        return _must_load(conn, code)


def list_for(backend: Backend, owner: CitizenProfile) -> list[Dossier]:
    officials.catch_up(backend)
    with backend.store.read() as conn:
        codes = [
            r["code"]
            for r in conn.execute(
                "SELECT code FROM dossiers WHERE owner = ? ORDER BY received_at DESC, code DESC",
                (owner.id_number,),
            )
        ]
        return [_must_load(conn, code) for code in codes]  # fmt: skip


def supply(
    backend: Backend, dossier: Dossier, supplement_id: str, attachments: Sequence[Attachment]
) -> Dossier:
    """The citizen hands in the papers a supplement request asked for; processing resumes."""
    request = next((s for s in dossier.supplement_requests if s.id == supplement_id), None)
    if request is None:
        raise NotFoundError("supplement request")
    if request.status != "requested":
        raise ConflictError("supplement_closed", "this supplement request was already answered")
    limits = backend.settings.limits
    files = decode_attachments(attachments, set(request.documents), limits.file_bytes, limits.dossier_bytes)
    with backend.store.tx() as conn:
        # Decided here, inside the transaction: of racing answers exactly one finds it "requested".
        claimed = conn.execute(
            "UPDATE supplements SET status = 'supplied' "
            "WHERE id = ? AND dossier_code = ? AND status = 'requested'",
            (supplement_id, dossier.code),
        ).rowcount
        if claimed != 1:
            raise ConflictError("supplement_closed", "this supplement request was already answered")
        now = backend.clock.now()
        _insert_files(conn, dossier.code, files, supplement_id)
        status = conn.execute("SELECT status FROM dossiers WHERE code = ?", (dossier.code,)).fetchone()
        if status["status"] == DossierStatus.SUPPLEMENT_REQUESTED:
            officials.resume(backend, conn, dossier.code, now, "Công dân đã bổ sung giấy tờ")
        return _must_load(conn, dossier.code)

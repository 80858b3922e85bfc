"""Simulated officials: they move dossiers through the reference's statuses on the world clock.

Each dossier carries its next scheduled step (``next_step_at``); ``catch_up`` performs every
step that is due, at the time it was due (so history times are right even after a big clock
jump). Choices are drawn from ``Random(f"{seed}:{code}:{what}")``: a given dossier meets the same
fate whatever else happens, and the run replays exactly with the same seed.

    1 new --accept_after--> 2 accepted (or 3 rejected, p_reject) --process_after--> 4 processing
    4: fee still due -> 6 payment requested (waits for payment, then back to 4)
       p_supplement -> 5 supplement requested (waits for the papers, then back to 4)
       p_payment on a free dossier -> 6 with an extra fee
       otherwise, from the appointment date's morning -> 9 done --return_after--> 10 returned
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import sqlite3
from typing import Any

from mocks.backend import lifecycle
from mocks.backend.clock import from_iso, iso
from mocks.backend.state import Backend
from reference_kiosk.api import DossierStatus

__all__ = ["catch_up", "request_supplement", "resume"]

_ASKED_PAYMENT, _DREW_SUPPLEMENT, _DREW_EXTRA_FEE = 1, 2, 4
_MAX_STEPS = 10_000  # per catch-up; a guard, far above any test or demo
_RESULT_HOUR = dt.time(8, 0)


def catch_up(backend: Backend) -> int:
    """Perform every step due by the world clock's now; the number of steps performed."""
    now = iso(backend.clock.now())
    with backend.store.read() as conn:  # the common case: nothing due, no write lock taken
        due = conn.execute(
            "SELECT 1 FROM dossiers WHERE next_step_at IS NOT NULL AND next_step_at <= ? LIMIT 1", (now,)
        ).fetchone()
    if due is None:
        return 0
    done = 0
    while done < _MAX_STEPS:
        with backend.store.tx() as conn:
            row = conn.execute(
                "SELECT * FROM dossiers WHERE next_step_at IS NOT NULL AND next_step_at <= ? "
                "ORDER BY next_step_at, code LIMIT 1",
                (now,),
            ).fetchone()
            if row is None:
                return done
            _step(backend, conn, row)
        done += 1
    return done


def _draw(backend: Backend, code: str, what: str) -> float:
    return random.Random(f"{backend.settings.officials.seed}:{code}:{what}").random()


def _step(backend: Backend, conn: sqlite3.Connection, row: Any) -> None:
    cfg = backend.settings.officials
    code, at, status = row["code"], from_iso(row["next_step_at"]), DossierStatus(row["status"])
    if status == DossierStatus.NEW:
        if _draw(backend, code, "reject") < cfg.p_reject:
            lifecycle.move(conn, code, at, DossierStatus.REJECTED, "one_stop_desk", "rejected",
                           content="Hồ sơ không đủ điều kiện tiếp nhận")  # fmt: skip
        else:
            lifecycle.move(conn, code, at, DossierStatus.ACCEPTED, "one_stop_desk", "accepted",
                           next_step_at=at + cfg.process_after,
                           deadline=dt.date.fromisoformat(row["appointment_date"]))  # fmt: skip
    elif status == DossierStatus.ACCEPTED:
        lifecycle.move(conn, code, at, DossierStatus.PROCESSING, "official", "processing",
                       next_step_at=at + cfg.process_after)  # fmt: skip
    elif status == DossierStatus.PROCESSING:
        _process(backend, conn, row, at)
    elif status == DossierStatus.DONE:
        lifecycle.move(conn, code, at, DossierStatus.RETURNED, "one_stop_desk", "result returned")
    else:  # waiting for someone else (citizen, payment) or finished: nothing scheduled
        conn.execute("UPDATE dossiers SET next_step_at = NULL WHERE code = ?", (code,))


def _process(backend: Backend, conn: sqlite3.Connection, row: Any, at: dt.datetime) -> None:
    cfg = backend.settings.officials
    code, flags, fee_due = row["code"], int(row["step"]), int(row["fee_due"])
    if fee_due > 0 and not flags & _ASKED_PAYMENT:
        _set_flags(conn, code, flags | _ASKED_PAYMENT)
        lifecycle.move(conn, code, at, DossierStatus.PAYMENT_REQUESTED, "official", "payment requested",
                       content=f"Phí, lệ phí: {fee_due} VND")  # fmt: skip
        return
    if not flags & _DREW_SUPPLEMENT:
        flags |= _DREW_SUPPLEMENT
        _set_flags(conn, code, flags)
        if _draw(backend, code, "supplement") < cfg.p_supplement:
            request_supplement(backend, conn, code, at, actor="official")
            return
    if not flags & _DREW_EXTRA_FEE:
        flags |= _DREW_EXTRA_FEE
        _set_flags(conn, code, flags)
        if fee_due == 0 and _draw(backend, code, "payment") < cfg.p_payment:
            conn.execute("UPDATE dossiers SET fee_due = ? WHERE code = ?", (cfg.extra_fee, code))
            lifecycle.move(conn, code, at, DossierStatus.PAYMENT_REQUESTED, "official", "payment requested",
                           content=f"Nghĩa vụ tài chính: {cfg.extra_fee} VND")  # fmt: skip
            return
    due = dt.datetime.combine(
        dt.date.fromisoformat(row["appointment_date"]), _RESULT_HOUR, backend.calendar.timezone
    )
    if at < due:
        conn.execute("UPDATE dossiers SET next_step_at = ? WHERE code = ?", (iso(due), code))
        return
    conn.execute(
        "UPDATE supplements SET status = 'completed' WHERE dossier_code = ? AND status = 'supplied'", (code,)
    )
    lifecycle.move(conn, code, at, DossierStatus.DONE, "official", "processed",
                   content="Đã có kết quả", next_step_at=at + cfg.return_after)  # fmt: skip


def _set_flags(conn: sqlite3.Connection, code: str, flags: int) -> None:
    conn.execute("UPDATE dossiers SET step = ? WHERE code = ?", (flags, code))


def request_supplement(
    backend: Backend, conn: sqlite3.Connection, code: str, at: dt.datetime, actor: str, note: str = ""
) -> str:
    """Ask the citizen for one of the case's mandatory papers again; the request id."""
    row = conn.execute("SELECT procedure_code, case_code FROM dossiers WHERE code = ?", (code,)).fetchone()
    procedure = backend.catalogue.get(row["procedure_code"])
    documents = [] if procedure is None else [
        d.code for c in procedure.cases if c.code == row["case_code"] for d in c.documents if d.mandatory
    ] or [d.code for d in procedure.documents if d.mandatory]  # fmt: skip
    pick = documents[int(_draw(backend, code, "supplement-doc") * len(documents))] if documents else "other"
    supplement_id = "SUP-" + secrets.token_hex(5)
    note = note or "Đề nghị bổ sung bản chụp rõ nét của giấy tờ"
    conn.execute(
        "INSERT INTO supplements (id, dossier_code, requested_at, documents_json, note, status) "
        "VALUES (?, ?, ?, ?, ?, 'requested')",
        (supplement_id, code, iso(at), json.dumps([pick]), note),
    )
    lifecycle.move(conn, code, at, DossierStatus.SUPPLEMENT_REQUESTED, actor, "supplement requested",
                   content=note)  # fmt: skip
    return supplement_id


def resume(backend: Backend, conn: sqlite3.Connection, code: str, at: dt.datetime, content: str) -> None:
    """A waiting dossier (supplement or payment done) goes back to processing."""
    lifecycle.move(conn, code, at, DossierStatus.PROCESSING, "official", "processing resumed",
                   content=content, next_step_at=at + backend.settings.officials.process_after)  # fmt: skip

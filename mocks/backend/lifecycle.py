"""Low-level dossier state changes inside an open transaction: status, schedule, history.

Everything that moves a dossier (the kiosk's submission, simulated officials, a payment, a
supplement, the control API) goes through ``move`` so the history never misses a step.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from mocks.backend.clock import iso
from reference_kiosk.api import DossierStatus

__all__ = ["move", "record"]


def record(
    conn: sqlite3.Connection,
    code: str,
    at: dt.datetime,
    from_status: DossierStatus | None,
    to_status: DossierStatus,
    actor: str,
    action: str,
    content: str = "",
    deadline: dt.date | None = None,
) -> None:
    conn.execute(
        "INSERT INTO history (dossier_code, at, from_status, to_status, actor, action, content, deadline) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (code, iso(at), from_status, to_status, actor, action, content,
         deadline.isoformat() if deadline else None),
    )  # fmt: skip


def move(
    conn: sqlite3.Connection,
    code: str,
    at: dt.datetime,
    to_status: DossierStatus,
    actor: str,
    action: str,
    *,
    content: str = "",
    next_step_at: dt.datetime | None = None,
    deadline: dt.date | None = None,
) -> None:
    """Set the dossier's status and next scheduled step (None: waits for someone), log history."""
    row = conn.execute("SELECT status FROM dossiers WHERE code = ?", (code,)).fetchone()
    from_status = DossierStatus(row["status"])
    conn.execute(
        "UPDATE dossiers SET status = ?, next_step_at = ? WHERE code = ?",
        (int(to_status), iso(next_step_at) if next_step_at else None, code),
    )
    record(conn, code, at, from_status, to_status, actor, action, content, deadline)

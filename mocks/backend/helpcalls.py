"""Help calls: a kiosk asks for a staff member or volunteer; staff acknowledge and close them.

A call holds the kiosk, its site, the screen and a reason from a closed list: nothing about the
citizen. Times are the world clock's, so the response time (acknowledged_at - created_at) is what
the simulator's helper model is calibrated from. The table survives ``/control/reset`` like the
kiosks' own tables: it is the department's record, not a citizen's.

    open --acknowledge--> acknowledged --close--> closed
    open --close--> closed                (staff came without acknowledging first)
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from collections.abc import Callable

from mocks.backend.calendar import WorkingCalendar
from mocks.backend.clock import from_iso, iso
from mocks.backend.errors import ConflictError, NotFoundError
from mocks.backend.sites import site_of_kiosk
from mocks.backend.store import Store
from reference_kiosk.api import Site
from reference_kiosk.api_ops import HelpCall, HelpCallCreate, HelpCallStatus, HelpReason

__all__ = ["OFFICE_OPENS", "HelpDesk", "office_open"]

OFFICE_OPENS = dt.time(7, 30)  # the usual one-stop desk pattern (reference/domain.md)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS help_calls (
    id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, site TEXT NOT NULL, screen TEXT NOT NULL,
    reason TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, acknowledged_at TEXT,
    closed_at TEXT, staff TEXT NOT NULL DEFAULT '', office_open INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS help_calls_status ON help_calls (status, site)
"""


def office_open(calendar: WorkingCalendar, moment: dt.datetime) -> bool:
    """Whether someone is on duty at the desk: a working day between opening and closing."""
    local = calendar.local(moment)
    return calendar.is_working_day(local.date()) and OFFICE_OPENS <= local.time() < calendar.office_closes


class HelpDesk:
    def __init__(
        self, store: Store, sites: list[Site], calendar: WorkingCalendar, now: Callable[[], dt.datetime]
    ) -> None:
        self._store = store
        self._sites = sites
        self._calendar = calendar
        self._now = now
        with store.tx() as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    def site_of(self, kiosk_id: str, declared: str = "") -> Site | None:
        return site_of_kiosk(self._sites, kiosk_id) or next(
            (s for s in self._sites if s.id == declared), None
        )

    def create(self, kiosk_id: str, body: HelpCallCreate) -> HelpCall:
        """A new open call. A kiosk with a call still open gets that one back (a double tap)."""
        site = self.site_of(kiosk_id, body.site)
        site_id = site.id if site is not None else (body.site or "unknown")
        now = self._now()
        with self._store.tx() as conn:
            row = conn.execute(
                "SELECT * FROM help_calls WHERE kiosk_id = ? AND status != ? ORDER BY created_at DESC",
                (kiosk_id, HelpCallStatus.CLOSED.value),
            ).fetchone()
            if row is not None:
                return self._call(row)
            call_id = "HC-" + secrets.token_hex(6).upper()
            conn.execute(
                "INSERT INTO help_calls (id, kiosk_id, site, screen, reason, status, created_at,"
                " office_open) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (call_id, kiosk_id, site_id, body.screen, body.reason.value, HelpCallStatus.OPEN.value,
                 iso(now), int(office_open(self._calendar, now))),
            )  # fmt: skip
        return self.get(call_id)

    def get(self, call_id: str, kiosk_id: str | None = None) -> HelpCall:
        """One call; with ``kiosk_id``, only that kiosk's (another kiosk's call is not found)."""
        with self._store.read() as conn:
            row = conn.execute("SELECT * FROM help_calls WHERE id = ?", (call_id,)).fetchone()
        if row is None or (kiosk_id is not None and row["kiosk_id"] != kiosk_id):
            raise NotFoundError("help call")
        return self._call(row)

    def list(self, *, site: str | None = None, include_closed: bool = False) -> list[HelpCall]:
        query = "SELECT * FROM help_calls WHERE (? IS NULL OR site = ?)"
        if not include_closed:
            query += f" AND status != '{HelpCallStatus.CLOSED.value}'"
        with self._store.read() as conn:
            rows = conn.execute(query + " ORDER BY created_at, id", (site, site)).fetchall()
        return [self._call(r) for r in rows]

    def acknowledge(self, call_id: str, staff: str) -> HelpCall:
        call = self.get(call_id)
        if call.status is HelpCallStatus.CLOSED:
            raise ConflictError("help_call_closed", "this help call is already closed")
        if call.status is HelpCallStatus.OPEN:
            with self._store.tx() as conn:
                conn.execute(
                    "UPDATE help_calls SET status = ?, acknowledged_at = ?, staff = ? WHERE id = ?",
                    (HelpCallStatus.ACKNOWLEDGED.value, iso(self._now()), staff, call_id),
                )
        return self.get(call_id)  # acknowledging twice keeps the first time: the response time

    def close(self, call_id: str, staff: str) -> HelpCall:
        call = self.get(call_id)
        if call.status is not HelpCallStatus.CLOSED:
            with self._store.tx() as conn:
                conn.execute(
                    "UPDATE help_calls SET status = ?, closed_at = ?, staff = COALESCE(NULLIF(staff, ''), ?)"
                    " WHERE id = ?",
                    (HelpCallStatus.CLOSED.value, iso(self._now()), staff, call_id),
                )
        return self.get(call_id)

    def _call(self, row: sqlite3.Row) -> HelpCall:
        site = next((s for s in self._sites if s.id == row["site"]), None)
        return HelpCall(
            id=row["id"],
            kiosk_id=row["kiosk_id"],
            site=row["site"],
            site_name=site.name if site is not None else "",
            screen=row["screen"],
            reason=HelpReason(row["reason"]),
            status=HelpCallStatus(row["status"]),
            created_at=from_iso(row["created_at"]),
            acknowledged_at=from_iso(row["acknowledged_at"]) if row["acknowledged_at"] else None,
            closed_at=from_iso(row["closed_at"]) if row["closed_at"] else None,
            staff=row["staff"],
            office_open=bool(row["office_open"]),
        )

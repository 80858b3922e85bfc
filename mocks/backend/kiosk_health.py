"""Kiosks' heartbeats and the health staff see: online, degraded or silent, per site.

Each heartbeat replaces the kiosk's previous one (only the latest state matters to staff; the
history of a kiosk is its telemetry). Health, by the backend's world clock:

* silent: no heartbeat ever, or none for longer than ``silent_after``;
* degraded: heartbeats arrive, but the last one names a problem staff must fix (a missing reader
  or scanner, a jammed or failing scanner, a printer out of paper, quarantined outbox items);
* online: otherwise. The last error's class name is shown, never counted: one backend timeout
  an hour ago does not make a kiosk degraded.

The kiosks listed are the sites' kiosks (data/sites.json), those with configured keys, and any
that has sent a heartbeat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from mocks.backend.clock import from_iso, iso
from mocks.backend.sites import site_of_kiosk
from mocks.backend.store import Store
from reference_kiosk.api import Site
from reference_kiosk.api_ops import Heartbeat, KioskHealth, KioskStatus, PaperState, ScannerState

__all__ = ["HealthBoard", "problems_of"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kiosk_heartbeats (
    kiosk_id TEXT PRIMARY KEY, received_at TEXT NOT NULL, body TEXT NOT NULL)
"""

_SCANNER_PROBLEMS = {
    ScannerState.JAMMED: "scanner_jammed",
    ScannerState.ERROR: "scanner_error",
    ScannerState.ABSENT: "scanner_missing",
}


def problems_of(beat: Heartbeat) -> tuple[str, ...]:
    """What staff must fix, as closed words (the console translates them)."""
    found = [] if beat.reader_present else ["reader_missing"]
    if beat.scanner in _SCANNER_PROBLEMS:
        found.append(_SCANNER_PROBLEMS[beat.scanner])
    if beat.paper is PaperState.OUT:
        found.append("paper_out")
    if beat.outbox_quarantined:
        found.append("outbox_quarantined")
    return tuple(found)


class HealthBoard:
    def __init__(
        self,
        store: Store,
        sites: list[Site],
        known: Iterable[str],
        now: Callable[[], dt.datetime],
        silent_after: dt.timedelta,
    ) -> None:
        self._store = store
        self._sites = sites
        self._known = tuple(known)
        self._now = now
        self._silent_after = silent_after
        with store.tx() as conn:
            conn.execute(_SCHEMA)

    def record(self, kiosk_id: str, beat: Heartbeat) -> KioskStatus:
        with self._store.tx() as conn:
            conn.execute(
                "INSERT INTO kiosk_heartbeats (kiosk_id, received_at, body) VALUES (?, ?, ?)"
                " ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at,"
                " body = excluded.body",
                (kiosk_id, iso(self._now()), beat.model_dump_json()),
            )
        return self.status(kiosk_id)

    def status(self, kiosk_id: str) -> KioskStatus:
        with self._store.read() as conn:
            row = conn.execute("SELECT * FROM kiosk_heartbeats WHERE kiosk_id = ?", (kiosk_id,)).fetchone()
        beat = Heartbeat.model_validate_json(row["body"]) if row is not None else None
        seen = from_iso(row["received_at"]) if row is not None else None
        site = site_of_kiosk(self._sites, kiosk_id) or next(
            (s for s in self._sites if beat is not None and s.id == beat.site), None
        )
        problems = problems_of(beat) if beat is not None else ()
        if seen is None or self._now() - seen > self._silent_after:
            health = KioskHealth.SILENT
        else:
            health = KioskHealth.DEGRADED if problems else KioskHealth.ONLINE
        return KioskStatus(
            kiosk_id=kiosk_id,
            site=site.id
            if site is not None
            else (beat.site if beat is not None and beat.site else "unknown"),
            site_name=site.name if site is not None else "",
            health=health,
            problems=problems,
            last_seen=seen,
            heartbeat=beat,
        )

    def all(self, site: str | None = None) -> list[KioskStatus]:
        with self._store.read() as conn:
            beating = [r["kiosk_id"] for r in conn.execute("SELECT kiosk_id FROM kiosk_heartbeats")]
        ids = dict.fromkeys([k for s in self._sites for k in s.kiosks] + list(self._known) + beating)
        statuses = [self.status(k) for k in ids]
        return sorted(
            (s for s in statuses if site is None or s.site == site), key=lambda s: (s.site, s.kiosk_id)
        )

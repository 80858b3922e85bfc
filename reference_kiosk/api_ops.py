"""Wire models for running kiosks rather than serving citizens: help calls and heartbeats.

Kept beside ``api.py`` (the citizen-facing contract) so that file stays readable; same rules:
frozen, no unknown keys, nothing personal. A help call names a kiosk, its site, the screen
and a reason from a closed list, never who is standing there. A heartbeat names the
devices' states and the last error's class name, never its message (docs/decisions/0021).

    kiosk  -> POST /api/v1/help-calls            HelpCallCreate -> HelpCall
           -> GET  /api/v1/help-calls/{id}       HelpCall (the kiosk polls for the acknowledgement)
           -> POST /api/v1/kiosks/heartbeat      Heartbeat -> KioskStatus
    staff  -> GET  /api/v1/staff/help-calls      list[HelpCall]        (X-Staff-Key)
           -> POST /api/v1/staff/help-calls/{id}/acknowledge | /close  HelpCall
           -> GET  /api/v1/kiosks                list[KioskStatus]     (X-Staff-Key)
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SCREEN_PATTERN",
    "Heartbeat",
    "HelpCall",
    "HelpCallCreate",
    "HelpCallStatus",
    "HelpReason",
    "KioskHealth",
    "KioskStatus",
    "PaperState",
    "ScannerState",
    "StaffAction",
]

SCREEN_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"  # a telemetry step name, never free text
_CLASS_NAME = r"^[A-Z][A-Za-z0-9]{0,63}$"
Screen = Annotated[str, Field(pattern=SCREEN_PATTERN)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HelpReason(StrEnum):
    ASKED = "asked"  # the "Cần hỗ trợ" control on any screen
    ERROR = "error"  # "Gọi cán bộ hỗ trợ" on an error screen
    LOGIN_FAILED = "login_failed"  # the failed-login screen's offer


class HelpCallStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"  # someone is on the way
    CLOSED = "closed"


class HelpCallCreate(_Model):
    screen: Screen
    reason: HelpReason = HelpReason.ASKED
    site: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9._-]*$")] = ""


class HelpCall(_Model):
    id: str
    kiosk_id: str
    site: str
    site_name: str = ""
    screen: str
    reason: HelpReason
    status: HelpCallStatus
    created_at: dt.datetime
    acknowledged_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    staff: str = ""  # who acknowledged, as staff typed it on the console (a role or first name)
    office_open: bool = True  # whether the site's office hours covered the call


class StaffAction(_Model):
    staff: Annotated[str, Field(max_length=40)] = ""


class ScannerState(StrEnum):
    READY = "ready"
    JAMMED = "jammed"
    ERROR = "error"  # any other scanner failure (cover open, I/O)
    ABSENT = "absent"


class PaperState(StrEnum):
    OK = "ok"
    OUT = "out"
    ABSENT = "absent"  # no receipt printer


class Heartbeat(_Model):
    site: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9._-]*$")] = ""
    version: Annotated[str, Field(max_length=40)]
    reader_present: bool
    card_inserted: bool
    scanner: ScannerState
    paper: PaperState
    outbox_pending: Annotated[int, Field(ge=0)] = 0
    outbox_quarantined: Annotated[int, Field(ge=0)] = 0
    last_error: Annotated[str, Field(pattern=_CLASS_NAME)] | None = None


class KioskHealth(StrEnum):
    ONLINE = "online"
    DEGRADED = "degraded"  # sending heartbeats, but a device or the outbox needs staff
    SILENT = "silent"  # no heartbeat for longer than the backend's silent_after


class KioskStatus(_Model):
    kiosk_id: str
    site: str
    site_name: str = ""
    health: KioskHealth
    problems: tuple[str, ...] = ()  # closed words: reader_missing, scanner_jammed, paper_out, ...
    last_seen: dt.datetime | None = None
    heartbeat: Heartbeat | None = None

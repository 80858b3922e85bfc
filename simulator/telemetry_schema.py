"""The JSON-lines session events the calibration reads (docs/decisions/0008-telemetry-schema.md).

One JSON object per line, no personal data (the session id is a salted hash, never an ID number):

    {"v": 1, "ts": "2025-03-17T08:12:03+07:00", "session": "9f2c4a1b07d3e5f6", "site": "prov",
     "kiosk": "prov-01", "type": "step_leave", "step": "form", "duration_s": 312.4,
     "channel": "cccd", "help_requested": true}

``type`` is session_start / step_enter / step_leave / error / session_end. Steps use the kiosk's
names (login_cccd, login_vneid, search, form, scan_page, payment, rating, lookup, and screens the
model does not time such as home or review); ``scan``/``pay``/``rate`` are accepted as aliases.
``session_end`` carries ``outcome``: submitted/completed/paid/rated/looked_up/logout end a session
normally, abandoned/timeout/card_removed mean the citizen gave up. Unknown keys are ignored so the
kiosk can add fields; a known key with a wrong type is a TelemetryError naming the line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from simulator.errors import TelemetryError

__all__ = [
    "ABANDONED",
    "EVENT_TYPES",
    "STEP_ALIASES",
    "TelemetryEvent",
    "dump_events",
    "parse_line",
    "read_events",
]

SCHEMA_VERSION = 1
EVENT_TYPES = ("session_start", "step_enter", "step_leave", "error", "session_end")
ABANDONED = frozenset({"abandoned", "timeout", "card_removed"})
STEP_ALIASES = {"scan": "scan_page", "pay": "payment", "rate": "rating"}
_SESSION = re.compile(r"[0-9a-f]{8,64}")


@dataclass(frozen=True, slots=True)
class TelemetryEvent:
    ts: dt.datetime
    session: str  # salted hash of the session, hex
    site: str
    kiosk: str
    type: str
    step: str = ""
    duration_s: float | None = None  # step_leave: time on the step; session_end: whole session
    outcome: str = ""  # session_end (and optionally step_leave)
    channel: str = ""  # cccd / vneid / anonymous
    help_requested: bool = False
    error: str = ""  # error class name only, never its message
    purpose: str = ""  # submit / lookup / pay / rate, when the kiosk knows it
    pages: int | None = None  # scan step_leave: pages scanned in this visit of the step

    def to_json(self) -> str:
        data: dict[str, Any] = {"v": SCHEMA_VERSION, **asdict(self), "ts": self.ts.isoformat()}
        return json.dumps({k: v for k, v in data.items() if v not in ("", None)}, ensure_ascii=False)


def _field(data: dict[str, Any], name: str, kind: type | tuple[type, ...], line: int, default: Any) -> Any:
    value = data.get(name, default)
    if value is default:
        return default
    if isinstance(value, bool) and kind is not bool:
        raise TelemetryError(line, f"{name!r} must be {kind}, got {value!r}")
    if not isinstance(value, kind):
        raise TelemetryError(line, f"{name!r} has the wrong type: {value!r}")
    return value


def parse_line(text: str, line: int) -> TelemetryEvent:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TelemetryError(line, f"not JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise TelemetryError(line, "each line must be a JSON object")
    if data.get("v", SCHEMA_VERSION) != SCHEMA_VERSION:
        raise TelemetryError(line, f"schema version {data.get('v')!r} is not {SCHEMA_VERSION}")
    for name in ("ts", "session", "site", "kiosk", "type"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise TelemetryError(line, f"{name!r} is required (a non-empty string)")
    try:
        ts = dt.datetime.fromisoformat(data["ts"])
    except ValueError:
        raise TelemetryError(line, f"'ts' is not an ISO 8601 time: {data['ts']!r}") from None
    if ts.tzinfo is None:
        raise TelemetryError(line, "'ts' needs a UTC offset (e.g. +07:00)")
    if data["type"] not in EVENT_TYPES:
        raise TelemetryError(line, f"'type' must be one of {', '.join(EVENT_TYPES)}, got {data['type']!r}")
    if not _SESSION.fullmatch(data["session"]):
        raise TelemetryError(line, "'session' must be a hex hash (never an ID number or a name)")
    step = _field(data, "step", str, line, "")
    duration = _field(data, "duration_s", (int, float), line, None)
    if duration is not None and duration < 0:
        raise TelemetryError(line, f"'duration_s' must not be negative, got {duration}")
    return TelemetryEvent(
        ts=ts,
        session=data["session"],
        site=data["site"],
        kiosk=data["kiosk"],
        type=data["type"],
        step=STEP_ALIASES.get(step, step),
        duration_s=None if duration is None else float(duration),
        outcome=_field(data, "outcome", str, line, ""),
        channel=_field(data, "channel", str, line, ""),
        help_requested=_field(data, "help_requested", bool, line, False),
        error=_field(data, "error", str, line, ""),
        purpose=_field(data, "purpose", str, line, ""),
        pages=_field(data, "pages", int, line, None),
    )


def read_events(path: Path) -> Iterator[TelemetryEvent]:
    with path.open(encoding="utf-8") as fh:
        for n, text in enumerate(fh, start=1):
            if text.strip():
                yield parse_line(text, n)


def dump_events(events: Iterable[TelemetryEvent], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for event in events:
            fh.write(event.to_json() + "\n")
            count += 1
    return count

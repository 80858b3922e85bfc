"""Session telemetry as JSON lines: what the capacity simulator calibrates on. No personal data.

One line per event, schema version 1 as read by ``simulator/telemetry_schema.py`` (keys without
a value are left out)::

    {"v": 1, "ts": "2025-04-01T08:00:00+00:00", "session": "<16 hex>", "kiosk": "LS-HCC-01",
     "site": "hcc", "type": "step_leave", "step": "form", "duration_s": 41.2,
     "channel": "cccd", "help_requested": false}

``type`` is session_start | step_enter | step_leave | error | session_end.
Help calls (docs/decisions/0021) add two keys the simulator's schema ignores today and its helper
model can be calibrated from: on the ``step_leave`` of a step where help was asked,
``help_answer`` (acknowledged | unanswered | unsent | off_hours) and, once staff acknowledged,
``help_wait_s`` (seconds from the call to the acknowledgement); on ``session_end``,
``help_wait_s`` of the visit's first acknowledged call (also when it came after the step was left).
``step`` names a screen (login_cccd, login_vneid, home, search, procedure, form, scan,
review, receipt, payment, lookup, rating, ...). ``duration_s`` is set on step_leave (time on
the step) and session_end (whole visit). ``outcome`` (session_end only): submitted | queued |
paid | rated | looked_up | logout | timeout | card_removed | abandoned. ``session`` is a salted
hash of a random per-visit id: visits can be told apart, never tied to a person.

Privacy by construction: the recorder accepts only the flow's ``Track`` effects, and every
text field is checked against a closed vocabulary or a class-name pattern; anything else is
written as "other". Nothing a citizen typed or a card carried can reach the file.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from reference_kiosk.flow.effects import Track
from reference_kiosk.ports import Clock

__all__ = ["EVENTS", "OUTCOMES", "STEPS", "JsonlSink", "MemorySink", "Sink", "TelemetryRecorder"]

SCHEMA_VERSION = 1
EVENTS = frozenset({"session_start", "step_enter", "step_leave", "error", "session_end"})
STEPS = frozenset(
    {
        "login",
        "login_cccd",
        "login_vneid",
        "home",
        "search",
        "procedure",
        "form",
        "scan",
        "review",
        "receipt",
        "payment",
        "lookup",
        "rating",
        "goodbye",
        "error",
        "timeout_warning",
    }
)
OUTCOMES = frozenset(
    {"submitted", "queued", "paid", "rated", "looked_up", "logout", "timeout", "card_removed", "abandoned"}
)
CHANNELS = frozenset({"cccd", "vneid", "anonymous"})
# Track kinds that mark the step's help call; none writes a line of its own.
_HELP_ANSWERS = {"help_answered": "acknowledged", "help_unsent": "unsent", "help_off_hours": "off_hours"}
_CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]{0,63}")


class Sink(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...


class JsonlSink:
    """Appends one JSON object per line; flushed per line so a crash loses at most one."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with self._path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")


class MemorySink:
    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    def write(self, record: dict[str, Any]) -> None:
        self.records.append(record)


def _closed(value: str, allowed: frozenset[str]) -> str | None:
    if not value:
        return None
    return value if value in allowed else "other"


class TelemetryRecorder:
    def __init__(
        self,
        sink: Sink,
        clock: Clock,
        *,
        kiosk_id: str,
        site_id: str = "",
        new_visit_id: Callable[[], str],
    ) -> None:
        self._sink = sink
        self._clock = clock
        self._kiosk = kiosk_id
        self._site = site_id or "unknown"  # the schema wants a non-empty site
        self._new_visit_id = new_visit_id
        self._session: str | None = None
        self._session_started = 0.0
        self._step_started: dict[str, float] = {}
        self._channel = "anonymous"
        self._helped: set[str] = set()  # steps of this session where the citizen called staff
        self._help_called: dict[str, float] = {}  # step -> when its help call was made
        self._help_answer: dict[str, tuple[str, float | None]] = {}  # step -> (answer, wait)
        self._session_wait: float | None = None  # the visit's first acknowledgement wait

    def _hash(self, visit_id: str) -> str:
        return hashlib.sha256(f"{self._kiosk}\x00{visit_id}".encode()).hexdigest()[:16]

    def record(self, track: Track) -> dict[str, Any] | None:
        """Write the line for one ``Track`` effect (None when there is no session to attach it to)."""
        if track.kind == "help" or track.kind in _HELP_ANSWERS:
            self._mark_help(track)  # marks the step; its step_leave line says help_requested
            return None
        event = _closed(track.kind, EVENTS)
        if event == "session_start":
            self._session = self._hash(self._new_visit_id())
            self._session_started = self._clock.monotonic()
            self._step_started.clear()
            self._helped.clear()
            self._help_called.clear()
            self._help_answer.clear()
            self._session_wait = None
        if self._session is None or event is None or event == "other":
            return None
        if track.channel in CHANNELS:
            self._channel = track.channel
        step = _closed(track.step, STEPS)
        now = self._clock.monotonic()
        duration: float | None = None
        helped = False
        help_answer: str | None = None
        help_wait: float | None = None
        if event == "step_enter" and step:
            self._step_started[step] = now
        elif event == "step_leave" and step:
            # login_cccd is entered as "login" before the method is known
            started = self._step_started.pop(step, None) or self._step_started.pop("login", None)
            duration = round(now - started, 3) if started is not None else None
            asked = {step, "login"} if step.startswith("login") else {step}
            helped = bool(asked & self._helped)
            self._helped -= asked
            help_answer, help_wait = self._answer_for(asked) if helped else (None, None)
        elif event == "session_end":
            duration = round(now - self._session_started, 3)
            help_wait = self._session_wait
        error = (track.error if _CLASS_NAME.fullmatch(track.error) else "other") if track.error else None
        full = {
            "v": SCHEMA_VERSION,
            "ts": self._clock.now().isoformat(),
            "session": self._session,
            "kiosk": self._kiosk,
            "site": self._site,
            "type": event,
            "step": step,
            "duration_s": duration,
            "channel": self._channel,
            "outcome": _closed(track.outcome, OUTCOMES) if event == "session_end" else None,
            "error": error,
            "help_requested": helped,
            "help_answer": help_answer,
            "help_wait_s": help_wait,
        }
        record = {k: v for k, v in full.items() if v is not None}  # the schema leaves absent keys out
        self._sink.write(record)
        if event == "session_end":
            self._session = None
            self._channel = "anonymous"
        return record

    def _mark_help(self, track: Track) -> None:
        if self._session is None or track.step not in STEPS:
            return
        now = self._clock.monotonic()
        if track.kind == "help":
            self._helped.add(track.step)
            self._help_called[track.step] = now
            return
        called = self._help_called.get(track.step)
        wait = round(now - called, 3) if track.kind == "help_answered" and called is not None else None
        self._help_answer[track.step] = (_HELP_ANSWERS[track.kind], wait)
        if wait is not None and self._session_wait is None:
            self._session_wait = wait

    def _answer_for(self, steps: set[str]) -> tuple[str, float | None]:
        """How this visit's help call went: staff acknowledged it (after how long) or not yet."""
        for step in steps:
            found = self._help_answer.pop(step, None)
            if found is not None:
                return found
        return "unanswered", None

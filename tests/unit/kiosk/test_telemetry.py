"""Telemetry: one JSON line per step, durations from the clock, and never any personal data."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from reference_kiosk.backend.errors import BackendTimeoutError
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import Effect, Track
from reference_kiosk.telemetry import JsonlSink, MemorySink, TelemetryRecorder
from simulator.telemetry_schema import parse_line
from tests.support.kiosk_flow import PERSONA_STRINGS, FakeClock, FlowDriver
from tests.unit.kiosk.flow.test_submit import fill_form, scan_all, to_form


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def recorder(sink: MemorySink | JsonlSink, clock: FakeClock) -> TelemetryRecorder:
    ids = itertools.count(1)
    return TelemetryRecorder(
        sink, clock, kiosk_id="LS-HCC-01", site_id="hcc", new_visit_id=lambda: f"visit-{next(ids)}"
    )


class TrackedKiosk(FlowDriver):
    """A flow whose Track effects go straight to a recorder, time passing between inputs."""

    def __init__(self, clock: FakeClock, rec: TelemetryRecorder) -> None:
        super().__init__(clock, KioskConfig())
        self.rec = rec

    def send(self, *events: ev.Event) -> list[Effect]:
        out: list[Effect] = []
        for event in events:
            self.clock.advance(2)
            effects = self.flow.handle(event)
            for effect in effects:
                if isinstance(effect, Track):
                    self.rec.record(effect)
            out += effects
        self.effects += out
        return out


def test_a_full_visit_is_recorded_without_personal_data(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "telemetry.jsonl"
    kiosk = TrackedKiosk(clock, recorder(JsonlSink(path), clock))
    to_form(kiosk)
    fill_form(kiosk)
    scan_all(kiosk)
    kiosk.send(ev.ReviewConfirmed(), ev.ErrorOccurred(BackendTimeoutError()), ev.Retry())
    kiosk.send(ev.SubmissionQueued("key-0001"), ev.Continue(), ev.Logout())
    text = path.read_text(encoding="utf-8")
    for value in PERSONA_STRINGS:
        assert value not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert {line["session"] for line in lines} == {lines[0]["session"]}
    assert len(lines[0]["session"]) == 16
    assert [line["type"] for line in lines][:2] == ["session_start", "step_enter"]
    leaves = [(line["step"], line["duration_s"]) for line in lines if line["type"] == "step_leave"]
    assert [step for step, _ in leaves] == [
        "login_cccd",
        "home",
        "search",
        "procedure",
        "form",
        "scan",
        "review",
        "receipt",
        "home",
    ]
    assert all(d is not None and d > 0 for _, d in leaves)
    errors = [line for line in lines if line["type"] == "error"]
    assert [(e["step"], e["error"], e["channel"]) for e in errors] == [
        ("review", "BackendTimeoutError", "cccd")
    ]
    end = lines[-1]
    assert (end["type"], end["outcome"], end["channel"]) == ("session_end", "queued", "cccd")
    assert end["duration_s"] >= sum(d for _, d in leaves) > 0
    assert set(end) == {
        "v",
        "ts",
        "session",
        "kiosk",
        "site",
        "type",
        "duration_s",
        "channel",
        "outcome",
        "help_requested",
    }
    # The simulator's calibration reads every line (its parser is the schema's reference).
    parsed = [parse_line(line, n) for n, line in enumerate(text.splitlines(), start=1)]
    assert [p.step for p in parsed if p.type == "step_leave"][5] == "scan_page"  # "scan" is its alias
    assert parsed[-1].outcome == "queued"


def test_durations_come_from_the_clock(clock: FakeClock) -> None:
    sink = MemorySink()
    rec = recorder(sink, clock)
    rec.record(Track("session_start"))
    rec.record(Track("step_enter", "search"))
    clock.advance(12.5)
    rec.record(Track("step_leave", "search"))
    clock.advance(1)
    rec.record(Track("session_end", outcome="abandoned"))
    assert [(r["type"], r.get("duration_s")) for r in sink.records] == [
        ("session_start", None),
        ("step_enter", None),
        ("step_leave", 12.5),
        ("session_end", 13.5),
    ]


def test_each_visit_gets_its_own_hashed_id(clock: FakeClock) -> None:
    sink = MemorySink()
    rec = recorder(sink, clock)
    for _ in range(2):
        rec.record(Track("session_start"))
        rec.record(Track("session_end", outcome="timeout"))
    first, second = sink.records[0]["session"], sink.records[2]["session"]
    assert first != second
    assert "visit" not in first


def test_anything_outside_the_vocabulary_is_written_as_other(clock: FakeClock) -> None:
    sink = MemorySink()
    rec = recorder(sink, clock)
    rec.record(Track("session_start"))
    rec.record(Track("step_enter", step="Hoàng Thị Mai"))
    rec.record(Track("error", step="form", error="020190012345"))
    rec.record(Track("session_end", outcome="eyJ.token", channel="eyJ.token"))
    dumped = json.dumps(sink.records, ensure_ascii=False)
    for value in PERSONA_STRINGS:
        assert value not in dumped
    assert sink.records[1]["step"] == "other"
    assert sink.records[2]["error"] == "other"
    assert (sink.records[3]["outcome"], sink.records[3]["channel"]) == ("other", "anonymous")


def test_events_outside_a_session_are_dropped(clock: FakeClock) -> None:
    sink = MemorySink()
    assert recorder(sink, clock).record(Track("step_enter", "home")) is None
    assert sink.records == []


def test_calling_staff_on_the_error_screen_marks_the_step_helped(clock: FakeClock) -> None:
    from reference_kiosk.flow.views import ErrorView

    sink = MemorySink()
    kiosk = TrackedKiosk(clock, recorder(sink, clock))
    to_form(kiosk)
    fill_form(kiosk)
    scan_all(kiosk)
    kiosk.send(ev.ReviewConfirmed(), ev.ErrorOccurred(BackendTimeoutError()))
    assert isinstance(kiosk.flow.view, ErrorView)
    assert not kiosk.flow.view.staff_called
    from reference_kiosk.api_ops import HelpReason
    from reference_kiosk.flow.effects import CallForHelp

    asked = kiosk.send(ev.StaffCalled())
    assert asked == [Track("help", "review", channel="cccd"), CallForHelp("review", HelpReason.ERROR)]
    view = kiosk.flow.view
    assert isinstance(view, ErrorView)
    assert view.staff_called
    assert kiosk.send(ev.StaffCalled()) == []  # one call is enough
    kiosk.send(ev.Retry(), ev.SubmissionQueued("key-0001"), ev.Continue())
    leaves = [(r["step"], r["help_requested"]) for r in sink.records if r["type"] == "step_leave"]
    assert ("review", True) in leaves
    assert [step for step, helped in leaves if helped] == ["review"]
    assert all(r["type"] != "help" for r in sink.records)  # no line of its own

"""Help calls in telemetry: the step says whether staff answered and after how long (no new line types)."""

from __future__ import annotations

import json
from pathlib import Path

from reference_kiosk.flow.effects import Track
from reference_kiosk.telemetry import JsonlSink, MemorySink, TelemetryRecorder
from simulator.telemetry_schema import read_events
from tests.support.kiosk_flow import FakeClock


def _recorder(sink: MemorySink | JsonlSink, clock: FakeClock) -> TelemetryRecorder:
    return TelemetryRecorder(sink, clock, kiosk_id="KIOSK-LSN-01", site_id="prov", new_visit_id=lambda: "v1")


def _visit(recorder: TelemetryRecorder, clock: FakeClock, answer: str | None) -> None:
    recorder.record(Track("session_start", channel="cccd"))
    recorder.record(Track("step_enter", "form", channel="cccd"))
    clock.advance(10)
    recorder.record(Track("help", "form", channel="cccd"))
    clock.advance(95)
    if answer is not None:
        recorder.record(Track(answer, "form", channel="cccd"))
    clock.advance(20)
    recorder.record(Track("step_leave", "form", channel="cccd"))
    recorder.record(Track("session_end", channel="cccd", outcome="submitted"))


def test_an_acknowledged_call_records_the_wait() -> None:
    sink, clock = MemorySink(), FakeClock()
    _visit(_recorder(sink, clock), clock, "help_answered")
    leave = next(r for r in sink.records if r["type"] == "step_leave")
    assert (leave["help_requested"], leave["help_answer"], leave["help_wait_s"]) == (
        True,
        "acknowledged",
        95.0,
    )
    end = sink.records[-1]
    assert end["help_wait_s"] == 95.0
    assert all(
        r["type"] in {"session_start", "step_enter", "step_leave", "session_end"} for r in sink.records
    )


def test_a_call_nobody_answered_or_out_of_hours_is_said_so() -> None:
    for kind, said in ((None, "unanswered"), ("help_off_hours", "off_hours"), ("help_unsent", "unsent")):
        sink, clock = MemorySink(), FakeClock()
        _visit(_recorder(sink, clock), clock, kind)
        leave = next(r for r in sink.records if r["type"] == "step_leave")
        assert (leave["help_answer"], "help_wait_s" in leave) == (said, False)


def test_the_simulators_reader_still_takes_the_lines(tmp_path: Path) -> None:
    path = tmp_path / "telemetry.jsonl"
    clock = FakeClock()
    _visit(_recorder(JsonlSink(path), clock), clock, "help_answered")
    events = list(read_events(path))
    assert [e.help_requested for e in events if e.type == "step_leave"] == [True]
    assert json.loads(path.read_text().splitlines()[2])["help_wait_s"] == 95.0

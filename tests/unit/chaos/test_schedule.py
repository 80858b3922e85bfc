"""The seeded chaos schedule and the fault plans it installs."""

from __future__ import annotations

from mocks.backend.faults import FaultPlan
from mocks.chaos.schedule import DOSSIER_ROUTE, ChaosEvent, EventKind, build_schedule, fault_plan, outage_plan


def test_the_same_seed_gives_the_same_schedule_and_another_seed_another() -> None:
    assert build_schedule(7, 0.3, 3) == build_schedule(7, 0.3, 3)
    assert build_schedule(7, 0.3, 3) != build_schedule(8, 0.3, 3)


_OUTAGE_KINDS = {EventKind.OUTAGE_START, EventKind.OUTAGE_STEP, EventKind.OUTAGE_END, EventKind.CORRUPT_ITEMS}


def test_every_kind_of_disruption_happens_in_order_before_the_end() -> None:
    events = build_schedule(1, 0.3, 3)
    kinds = {e.kind for e in events}
    assert kinds == set(EventKind) - _OUTAGE_KINDS
    for kind in (EventKind.POWER_LOSS, EventKind.DISK_FULL):
        assert {e.kiosk for e in events if e.kind is kind} == {0, 1, 2}
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert all(0.0 <= e.at < 1.0 for e in events)
    assert {e.kiosk for e in events if e.kind is EventKind.KILL_KIOSK} == {0, 1, 2}
    assert sum(e.kind is EventKind.RESTART_BACKEND for e in events) == 2
    assert events[0] == ChaosEvent(0.0, EventKind.FAULTS, phase=events[0].phase, status=events[0].status)


def test_all_fault_phases_are_used_whatever_the_seed() -> None:
    for seed in range(20):
        phases = {e.phase for e in build_schedule(seed, 0.3, 2) if e.kind is EventKind.FAULTS}
        assert phases == {"5xx", "lost_504", "lost_drop", "mixed"}


def test_a_zero_rate_is_a_clean_run() -> None:
    assert build_schedule(1, 0.0, 3) == []


def test_fault_plans_are_valid_for_the_backend_and_carry_the_rate() -> None:
    for event in build_schedule(5, 0.3, 3):
        if event.kind not in (EventKind.FAULTS, EventKind.TIMEOUT_BURST):
            continue
        plan = FaultPlan.model_validate(fault_plan(event, 0.3, 5))
        (rule,) = plan.rules
        assert rule.route == DOSSIER_ROUTE
        if event.kind is EventKind.TIMEOUT_BURST:
            assert rule.timeout
        else:
            assert round(rule.error_rate + rule.lost_response_rate, 6) == 0.3
            assert rule.lost_response_mode == ("empty_504" if event.phase == "lost_504" else "drop") or (
                event.phase == "5xx"
            )


def test_an_outage_advances_world_time_by_its_minutes_and_damage_comes_inside_it() -> None:
    events = build_schedule(3, 0.3, 3, outage_minutes=180, corrupt_items=3)
    start = next(e.at for e in events if e.kind is EventKind.OUTAGE_START)
    end = next(e.at for e in events if e.kind is EventKind.OUTAGE_END)
    steps = [e for e in events if e.kind is EventKind.OUTAGE_STEP]
    assert sum(e.minutes for e in steps) == 180
    assert all(start < e.at < end for e in steps)
    [damage] = [e for e in events if e.kind is EventKind.CORRUPT_ITEMS]
    assert start < damage.at < end
    assert damage.count == 3
    assert {e.kind for e in events} == set(EventKind)


def test_damage_without_an_outage_still_waits_for_queued_items_and_a_clean_run_stays_clean() -> None:
    events = build_schedule(3, 0.0, 3, corrupt_items=2)
    assert [e.kind for e in events] == [EventKind.OUTAGE_START, EventKind.CORRUPT_ITEMS, EventKind.OUTAGE_END]
    assert build_schedule(3, 0.0, 3, outage_minutes=0, corrupt_items=0) == []


def test_the_outage_plan_refuses_every_submission() -> None:
    (rule,) = FaultPlan.model_validate(outage_plan(4)).rules
    assert (rule.route, rule.error_rate, rule.status) == (DOSSIER_ROUTE, 1.0, 503)

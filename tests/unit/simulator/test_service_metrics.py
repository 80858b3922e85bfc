"""Issue 17 points 2 and 3: metrics of service (not of opening hours) and per-site control."""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from typing import Any

import pandas as pd
import pytest
import simpy

from simulator.calendar import Calendar
from simulator.commands._common import parse_sets
from simulator.config import load_scenario, parse_scenario
from simulator.errors import ScenarioError
from simulator.metrics import Exposure, site_metrics
from simulator.model import Model, citizen, draws_for
from simulator.records import COLUMNS, to_frame

H = 60


def _office(mm_raw: dict[str, Any], **site: object) -> dict[str, Any]:
    """One counter, 07:30-11:30 and 13:30-17:00, 60-minute deterministic service, no arrivals."""
    s = mm_raw["sites"][0]
    s.update({"hours": [["07:30", "11:30"], ["13:30", "17:00"]], "counters": 1, **site})
    s["demand"][0].update(service_minutes={"dist": "deterministic", "value": 60}, arrivals_per_hour=0)
    mm_raw["warmup_days"] = 0
    return mm_raw


def _place(raw: dict[str, Any], times: list[float]) -> pd.DataFrame:
    model = Model(parse_scenario(raw), replication=0)
    s = model.states[0]

    def arrive(t: float) -> Generator[simpy.Event, Any, None]:
        yield model.env.timeout(t)
        yield model.env.process(citizen(model, s, 0, s.site.demand[0], draws_for(s, 0)))

    for t in times:
        model.env.process(arrive(t))
    model.run()
    return to_frame(model.log, 0).set_index("arrival_min")


def _metrics(df: pd.DataFrame) -> dict[str, float]:
    return site_metrics(df.reset_index(), Exposure(1.0, 0.0, 0.0))


def test_lunch_closure_is_measured_apart_from_capacity(mm_raw: dict[str, Any]) -> None:
    df = _place(_office(mm_raw), [11 * H, 11 * H + 10, 17 * H + 30])
    # 11:10 waits until 12:00 (the 11:00 citizen), then the lunch closure to 13:30: 140 minutes,
    # 90 of them while the counter was closed.
    assert df.loc[670, ["counter_wait_min", "closed_wait_min"]].tolist() == [140.0, 90.0 + 30.0]
    assert df.loc[670, "in_hours"]
    assert df.loc[1050, "outcome"] == "closed"
    assert not df.loc[1050, "in_hours"]
    assert df.loc[1050, "closed_wait_min"] == 1440 + 450 - 1050  # closed until 07:30 next day
    m = _metrics(df)
    assert m["turned_away"] == 1
    assert m["counter_wait_under_15_min_share"] == 0.5  # 11:00 at once; 11:10 after 140 minutes
    assert m["counter_wait_p90_open_min"] == pytest.approx(0.9 * 20.0)
    assert m["counter_wait_p90_closure_min"] == pytest.approx(0.9 * 140 - 0.9 * 20)
    assert m["counter_wait_p90_incl_turned_away_min"] > m["counter_wait_p90_min"]


def test_the_overrun_into_lunch_is_closure_time_not_capacity(mm_raw: dict[str, Any]) -> None:
    """11:00 is served until 12:00 (overrunning 11:30): 11:10's wait from 11:30 on is closure."""
    df = _place(_office(mm_raw), [11 * H, 11 * H + 10])
    assert df.loc[670, "counter_wait_min"] - df.loc[670, "closed_wait_min"] == 20.0


def test_after_the_last_ticket_citizens_wait_for_the_next_session(mm_raw: dict[str, Any]) -> None:
    raw = _office(mm_raw, last_ticket_minutes={"lunch": 30, "close": 0}, wait_for_opening_minutes=180)
    df = _place(raw, [10 * H + 30, 11 * H + 5])
    assert df.loc[630, "counter_wait_min"] == 0.0
    # 11:05 is after the 11:00 last ticket: no number until 13:30, all of it closure time.
    late = df.loc[665]
    assert (late["outcome"], late["counter_wait_min"], late["closed_wait_min"]) == ("served", 145.0, 145.0)
    raw = _office(mm_raw, last_ticket_minutes=30, wait_for_opening_minutes=120)  # 11:05 turned away
    df = _place(raw, [11 * H + 5])
    assert df.loc[665, "outcome"] == "closed"
    assert df.loc[665, "closed_wait_min"] == 145.0
    assert df.loc[665, "in_hours"]
    assert _metrics(df)["counter_wait_under_30_min_share"] == 0.0  # in hours, wanted a counter, not served


def test_the_ticket_machine_queue_is_recorded(mm_raw: dict[str, Any]) -> None:
    raw = _office(mm_raw, ticket_seconds=30, counters=3)
    df = _place(raw, [8 * H, 8 * H, 8 * H])
    assert sorted(df["ticket_wait_min"].tolist()) == [0.0, 0.5, 1.0]
    assert sorted(df["counter_wait_min"].tolist()) == [0.0, 0.0, 0.0]  # the machine's wait is apart
    assert _metrics(df)["ticket_wait_min"] == pytest.approx(0.5)


def test_a_repeated_site_can_be_changed_one_copy_at_a_time() -> None:
    s = load_scenario("rollout", parse_sets(["sites.commune-05.kiosks=2", "sites.ward-2.helpers=3"]))
    by_id = {site.id: site for site in s.sites}
    assert (by_id["commune-05"].kiosks, by_id["commune-04"].kiosks, by_id["commune-06"].kiosks) == (2, 1, 1)
    assert (by_id["ward-2"].helpers, by_id["ward-1"].helpers) == (3, 1)
    with pytest.raises(ScenarioError, match="no site with id 'commune-99'"):
        load_scenario("rollout", {"sites.commune-99.kiosks": 2})


def test_per_site_tables_in_the_file(mm_raw: dict[str, Any]) -> None:
    site = mm_raw["sites"][0]
    site.update(id="c-{n}", repeat=3, per_site={"c-2": {"counters": 5}})
    s = parse_scenario(mm_raw)
    assert [x.counters["*"] for x in s.sites] == [2, 5, 2]
    site["per_site"] = {"c-9": {"counters": 5}}
    with pytest.raises(ScenarioError) as err:
        parse_scenario(mm_raw)
    assert err.value.key == "sites[0].per_site.c-9"


def test_saturday_mornings_and_weekend_only_demand(mm_raw: dict[str, Any]) -> None:
    site = mm_raw["sites"][0]
    site.update(
        hours=[["07:30", "11:30"], ["13:30", "17:00"]],
        open_weekdays=["mon", "tue", "wed", "thu", "fri"],
        hours_by_weekday={"sat": [["07:30", "11:30"]]},
        kiosks=1,
        kiosk_hours=[["07:00", "21:00"]],
        kiosk_weekdays=["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    )
    site["demand"].append(
        {
            "purpose": "lookup",
            "channel": "kiosk",
            "arrivals_per_day": 10,
            "profile": [0] * 18 + [1, 1, 0, 0, 0, 0],
            "weekday_factors": [0, 0, 0, 0, 0, 1, 1],
            "service_minutes": {"dist": "exponential", "mean": 4},
        }
    )
    mm_raw["start_date"] = dt.date(2025, 3, 10)  # a Monday
    s = parse_scenario(mm_raw)
    cal = Calendar(s, 7)
    counters = cal.counter_open(s.sites[0])
    sat = 5 * 1440
    assert counters.contains(sat + 8 * H)
    assert not counters.contains(sat + 14 * H)
    assert not counters.contains(sat + 1440 + 8 * H)  # Sunday closed
    evening = cal.arrival_segments(s.sites[0], s.sites[0].demand[1])
    assert [(a // 1440, (a % 1440) / H, b - a) for a, b, _ in evening] == [(5, 18, 120), (6, 18, 120)]


def test_append_to_a_list_with_plus(mm_raw: dict[str, Any]) -> None:
    from simulator.config import apply_override

    extra = {
        "purpose": "lookup",
        "channel": "counter",
        "arrivals_per_hour": 1,
        "service_minutes": {"dist": "exponential", "mean": 3},
    }
    apply_override(mm_raw, "sites.a.demand+", [extra])
    assert [d.purpose for d in parse_scenario(mm_raw).sites[0].demand] == ["submit", "lookup"]


def test_records_have_the_documented_columns() -> None:
    assert {"in_hours", "ticket_wait_min", "closed_wait_min"} <= set(COLUMNS)

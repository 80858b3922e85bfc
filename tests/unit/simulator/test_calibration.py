"""pilot-2025 reproduces the published figures of the pilot's first six weeks (15 Mar - 30 Apr 2025)."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.config import load_scenario
from simulator.run import Summary, horizon_days, run_replications, summarise


@pytest.fixture(scope="module")
def first_six_weeks() -> Summary:
    scenario = load_scenario("pilot-2025")
    days = horizon_days(scenario, dt.date(2025, 4, 30))
    return summarise(scenario, run_replications(scenario, 3, days, keep_records=False))


def test_about_500_kiosk_users_across_the_three_sites(first_six_weeks: Summary) -> None:
    # Published: "500 citizens used the kiosks" after "more than one month". The figure is rounded and
    # the end of its window is not exact (late April), so +-15% is as precise as the source; the
    # 3-replication mean itself varies by about +-4%.
    users = first_six_weeks.total["kiosk_users"]["mean"]
    assert 425 <= users <= 575
    assert set(first_six_weeks.sites) == {"prov", "caoloc", "vinhtrai"}
    assert all(site["kiosk_users"]["mean"] > 50 for site in first_six_weeks.sites.values())


def test_about_80_dossiers_received_through_the_kiosks(first_six_weeks: Summary) -> None:
    # Published: "80 dossiers were successfully received". Small counts: the 3-replication mean varies
    # by about +-10%, and the source is rounded, hence +-25%.
    dossiers = first_six_weeks.total["kiosk_dossiers"]["mean"]
    assert 60 <= dossiers <= 100


def test_household_registration_is_the_largest_kiosk_field(first_six_weeks: Summary) -> None:
    by_field = {
        name.removeprefix("dossiers_kiosk_"): v["mean"]
        for name, v in first_six_weeks.total.items()
        if name.startswith("dossiers_kiosk_")
    }
    # Published: "most of them household registration". The scenario gives it about 60%; 45% leaves
    # room for replication noise while still failing if another field caught up.
    assert max(by_field, key=by_field.__getitem__) == "residence"
    assert by_field["residence"] >= 0.45 * sum(by_field.values())


def test_counters_are_not_the_bottleneck_in_the_pilot(first_six_weeks: Summary) -> None:
    """The documented counter assumptions keep counters at 40-60% and waits short, as intended."""
    total = first_six_weeks.total
    assert 0.3 <= total["utilisation_counters"]["mean"] <= 0.65
    assert total["counter_wait_min"]["mean"] < 15

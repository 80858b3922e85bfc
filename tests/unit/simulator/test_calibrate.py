"""Calibration: fitting kiosk parameters from telemetry, and the calibrated pilot-2025 scenario.

Fitting recovers known parameters from synthetic telemetry and rejects malformed telemetry;
the pilot-2025 scenario reproduces the published figures of the pilot's first six weeks
(15 Mar - 30 Apr 2025).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from simulator.calibrate import Calibration, calibrate, gof_figure, params_toml
from simulator.config import load_scenario, parse_scenario
from simulator.errors import CalibrationError, TelemetryError
from simulator.run import Summary, horizon_days, run_replications, summarise
from simulator.synthetic import synthetic_events
from simulator.telemetry_schema import dump_events, parse_line, read_events


@pytest.fixture(scope="module")
def truth() -> Any:
    return load_scenario("pilot-2025").kiosk


@pytest.fixture(scope="module")
def telemetry(tmp_path_factory: pytest.TempPathFactory, truth: Any) -> Path:
    path = tmp_path_factory.mktemp("tele") / "telemetry.jsonl"
    dump_events(synthetic_events(truth, 1500, seed=1), path)
    return path


@pytest.fixture(scope="module")
def cal(telemetry: Path) -> Calibration:
    return calibrate(read_events(telemetry))


def test_fitted_parameters_are_close_to_the_ones_that_made_the_data(cal: Calibration, truth: Any) -> None:
    assert cal.sessions == 1500
    for name, fit in cal.steps.items():
        true = truth.steps[name]
        # Means within 8% (hundreds of visits per step); rates within 4 binomial standard errors.
        assert fit.duration.mean == pytest.approx(true.duration.mean, rel=0.08), name
        for rate in ("fail", "abandon", "help"):
            p = getattr(true, rate)
            se = (max(p * (1 - p), 0.01) / fit.visits) ** 0.5
            assert abs(getattr(fit, rate) - p) <= 4 * se, (name, rate, getattr(fit, rate), p)
        assert fit.ks < 0.08, name
    assert cal.vneid_share == pytest.approx(truth.vneid_share, abs=0.05)


def test_params_file_loads_into_a_scenario(
    cal: Calibration, telemetry: Path, tmp_path: Path, mm_raw: dict[str, Any]
) -> None:
    (tmp_path / "params.toml").write_text(params_toml(cal, telemetry.name), encoding="utf-8")
    mm_raw["kiosk"] = {"params_file": "params.toml"}
    scenario = parse_scenario(mm_raw, base_dir=tmp_path)
    assert scenario.kiosk.steps["form"].abandon == pytest.approx(cal.steps["form"].abandon, abs=1e-6)
    assert gof_figure(cal, tmp_path / "gof.png").stat().st_size > 10_000


def test_kiosk_screen_names_are_accepted_and_unmodelled_ones_skipped() -> None:
    line = {"ts": "2025-03-17T08:00:00+07:00", "session": "ab12cd34", "site": "prov", "kiosk": "k1"}
    e = parse_line(json.dumps(line | {"type": "step_leave", "step": "pay", "duration_s": 30}), 1)
    assert e.step == "payment"
    assert e.duration_s == 30.0
    events = [parse_line(json.dumps(line | {"type": "step_leave", "step": "home", "duration_s": 5}), 1)]
    with pytest.raises(CalibrationError, match="no kiosk step"):
        calibrate(events)


_OK = '"ts": "2025-03-17T08:00:00+07:00", "session": "ab12cd34", "site": "p", "kiosk": "k"'


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not JSON"),
        ("{" + _OK + "}", "'type' is required"),
        ("{" + _OK.replace("+07:00", "") + ', "type": "error"}', "UTC offset"),
        ("{" + _OK.replace("ab12cd34", "079123456789x") + ', "type": "error"}', "hex hash"),
        ("{" + _OK + ', "type": "nap"}', "'type' must be"),
        ("{" + _OK + ', "type": "step_leave", "duration_s": -4}', "negative"),
        ("{" + _OK + ', "type": "step_leave", "help_requested": "yes"}', "help_requested"),
    ],
)
def test_malformed_lines_are_named_by_line_number(text: str, problem: str) -> None:
    with pytest.raises(TelemetryError, match=problem) as err:
        parse_line(text, 42)
    assert err.value.line == 42
    assert str(err.value).startswith("line 42")


# ---------------------------------------------------------------------------- the pilot's published figures


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

"""Calibration recovers known kiosk parameters from telemetry, and rejects malformed telemetry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simulator.calibrate import Calibration, calibrate, gof_figure, params_toml
from simulator.config import load_scenario, parse_scenario
from simulator.errors import CalibrationError, TelemetryError
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

"""Issue 17 point 1: ``kiosk-sim size`` finds per site the cheapest configuration meeting the targets."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.errors import SweepError
from simulator.executors import InlineExecutor
from simulator.model import Model
from simulator.sizing import parse_costs, parse_knobs, size_scenario
from simulator.sweep import Target

TWO_SITES = """
name = "two"
days = 14
warmup_days = 2
replications = 6
seed = 4
[[sites]]
id = "busy"
hours = [["00:00", "24:00"]]
counters = 1
helpers = 2
[[sites.demand]]
purpose = "submit"
channel = "counter"
arrivals_per_hour = 2.0
service_minutes = { dist = "exponential", mean = 60 }
[[sites]]
id = "quiet"
hours = [["00:00", "24:00"]]
counters = 5
[[sites.demand]]
purpose = "submit"
channel = "counter"
arrivals_per_hour = 1.0
service_minutes = { dist = "exponential", mean = 60 }
"""


def _erlang_c_wait(c: int, a: float, mean_service: float) -> float:
    """Mean M/M/c wait in minutes, written out here (not simulator/validate.py)."""
    if a >= c:
        return math.inf
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top) * mean_service / (c - a)


def _smallest(a: float, limit: float) -> int:
    return next(c for c in range(1, 20) if _erlang_c_wait(c, a, 60.0) < limit)


def test_each_site_gets_its_cheapest_configuration(tmp_path: Path) -> None:
    from simulator.config import load_scenario

    path = tmp_path / "two.toml"
    path.write_text(TWO_SITES, encoding="utf-8")
    scenario = load_scenario(str(path))
    target = Target("counter_wait_min", "<", 15.0, "*")
    ranges = parse_knobs("helpers=0-3,counters=1-8")
    answers = size_scenario(scenario, [target], ranges, parse_costs(None), 6, InlineExecutor())
    got = {a.site: a.config() for a in answers}
    # Erlang C: 2 erlang need 4 counters (3 give ~27 min), 1 erlang needs 3 (2 give 20 min).
    assert (_smallest(2.0, 15), _smallest(1.0, 15)) == (4, 3)
    assert got == {
        "busy": {"helpers": 0, "counters.*": 4},  # helpers do nothing for a counter queue: none bought
        "quiet": {"helpers": 0, "counters.*": 3},  # fewer than the 5 it has
    }
    assert all(a.met and a.confirmed for a in answers)
    busy = answers[0]
    assert busy.metrics["counter_wait_min"]["mean"] + busy.metrics["counter_wait_min"]["half_width"] < 15
    assert (busy.cost, busy.current_cost) == (12.0, 5.0)  # 4 counters x 3 against 1 x 3 + 2 helpers


def test_a_target_out_of_reach_is_reported_not_hidden(tmp_path: Path) -> None:
    from simulator.config import load_scenario

    path = tmp_path / "two.toml"
    path.write_text(TWO_SITES, encoding="utf-8")
    scenario = load_scenario(str(path))
    answers = size_scenario(
        scenario,
        [Target("counter_wait_min", "<", 15.0, "busy")],
        parse_knobs("counters=1-3"),
        parse_costs(None),
        4,
        InlineExecutor(),
    )
    busy, quiet = answers
    assert not busy.met
    assert not busy.confirmed
    assert quiet.config() == {"counters.*": 1}  # no target at this site: the cheapest allowed


def test_size_command_json_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "two.toml"
    path.write_text(TWO_SITES, encoding="utf-8")
    args = [
        "size",
        str(path),
        "--target",
        "counter_wait_min<15",
        "--knobs",
        "counters=1-6",
        "--replications",
        "4",
    ]
    assert main([*args, "--workers", "1", "--json", "--out", str(tmp_path / "out")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [s["config"] for s in doc["sites"]] == [{"counters.*": 4}, {"counters.*": 3}]
    assert doc["costs"] == {"counters": 3.0, "kiosks": 2.0, "helpers": 1.0}
    assert doc["timing"]["cpu_s"] > 0
    html = (tmp_path / "out" / "size.html").read_text(encoding="utf-8")
    assert "counters.*=4" in html
    assert (tmp_path / "out" / "size.png").exists()
    (tmp_path / "out" / "size.html").unlink()
    assert main(["report", str(tmp_path / "out")]) == 0  # re-rendered from size.json
    assert "counters.*=4" in (tmp_path / "out" / "size.html").read_text(encoding="utf-8")


def test_bad_targets_knobs_and_costs_are_refused_before_computing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Model, "run", lambda self: pytest.fail("computed before checking"))
    path = tmp_path / "two.toml"
    path.write_text(TWO_SITES, encoding="utf-8")
    base = ["size", str(path), "--workers", "1"]
    assert main([*base, "--target", "counter_wait_p95_min<15"]) == 2
    assert "no metric 'counter_wait_p95_min'" in capsys.readouterr().err
    assert main([*base, "--target", "elsewhere:counter_wait_min<15"]) == 2
    assert "no site 'elsewhere'" in capsys.readouterr().err
    assert main([*base, "--target", "counter_wait_min<15", "--knobs", "desks"]) == 2
    assert main([*base, "--target", "counter_wait_min<15", "--cost", "kiosks=-1"]) == 2
    for bad in ("desks", "kiosks=3-1", "counters=0-2"):
        with pytest.raises(SweepError):
            parse_knobs(bad)
    with pytest.raises(SweepError):
        parse_costs("helpers=cheap")


def test_size_shows_time_remaining_on_stderr_even_with_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17 point 5: a long ``size --json`` run still shows its progress (stderr, not stdout)."""
    from contextlib import contextmanager

    from simulator.commands import size

    shown: list[tuple[str, int, bool]] = []

    @contextmanager
    def recording_bar(label: str, total: int, enabled: bool = True):  # type: ignore[no-untyped-def]
        shown.append((label, total, enabled))
        yield lambda: None

    monkeypatch.setattr(size, "progress_bar", recording_bar)
    path = tmp_path / "two.toml"
    path.write_text(TWO_SITES.replace("days = 14", "days = 4"), encoding="utf-8")
    args = ["size", str(path), "--target", "counter_wait_min<60", "--knobs", "counters=1-2"]
    assert main([*args, "--replications", "2", "--workers", "1", "--json", "--out", str(tmp_path / "o")]) == 0
    json.loads(capsys.readouterr().out)  # stdout is still the JSON alone
    assert shown == [("two: sites sized", 2, True)]

"""Sweeps through the Executor interface; common random numbers; the smallest meeting a target."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from simulator.cli import main
from simulator.errors import ScenarioError, SweepError
from simulator.sweep import parse_grid, parse_target, run_sweep
from simulator.sweep_report import sweep_table, write_sweep


def _scenario_file(tmp_path: Path, mm_raw: dict[str, Any]) -> str:
    site = mm_raw["sites"][0]
    site["counters"] = 3
    site["demand"][0]["arrivals_per_hour"] = 2.0
    lines = [
        'name = "grid"', "days = 12", "warmup_days = 2", "replications = 6", "seed = 5",
        "[[sites]]", 'id = "a"', 'hours = [["00:00", "24:00"]]', "counters = 3",
        "[[sites.demand]]", 'purpose = "submit"', 'channel = "counter"', "arrivals_per_hour = 2.0",
        'service_minutes = { dist = "exponential", mean = 60 }',
    ]  # fmt: skip
    path = tmp_path / "grid.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_grid_and_target_parsing() -> None:
    assert parse_grid(["kiosks=1,2", "sites.prov.helpers=0,1.5,x"]) == [
        ("kiosks", [1, 2]),
        ("sites.prov.helpers", [0, 1.5, "x"]),
    ]
    t = parse_target("prov:kiosk_wait_p90_min<10")
    assert (t.site, t.metric, t.op, t.value) == ("prov", "kiosk_wait_p90_min", "<", 10.0)
    assert t.met(8.0, 1.5)
    assert not t.met(9.0, 1.5)
    for bad in (["kiosks"], ["=1,2"]):
        with pytest.raises(SweepError):
            parse_grid(bad)
    with pytest.raises(SweepError):
        parse_target("kiosk_wait<=ten")


def test_sweep_finds_the_smallest_configuration_meeting_the_target(
    tmp_path: Path, mm_raw: dict[str, Any]
) -> None:
    path = _scenario_file(tmp_path, mm_raw)
    target = parse_target("counter_wait_min<15")  # Erlang C: 3 counters ~27 min, 4 ~5 min, 5 ~1 min
    with ThreadPoolExecutor(2) as ex:
        result = run_sweep(path, parse_grid(["counters=3,4,5"]), ex, target=target)
    waits = [result.summary(p.index)["total"]["counter_wait_min"]["mean"] for p in result.points]
    assert waits == sorted(waits, reverse=True)
    best = result.smallest_meeting_target()
    assert best is not None
    assert dict(best.overrides) == {"counters": 4}
    # Common random numbers: the paired difference is much tighter than the spread of each point.
    diff, diff_hw = result.paired_difference(1, "counter_wait_min")
    assert diff < 0
    assert diff_hw < result.summary(0)["total"]["counter_wait_min"]["half_width"]
    table = sweep_table(result)
    assert table["chosen"].tolist() == [False, True, False]
    html = write_sweep(tmp_path / "out", result, {"replications": 6, "executor": "thread"})
    assert "Smallest configuration meeting it" in html.read_text(encoding="utf-8")
    assert (tmp_path / "out" / "sweep.png").exists()
    assert (tmp_path / "out" / "sweep.csv").exists()


def test_a_bad_grid_key_is_a_scenario_error_naming_it(tmp_path: Path, mm_raw: dict[str, Any]) -> None:
    path = _scenario_file(tmp_path, mm_raw)
    with ThreadPoolExecutor(1) as ex, pytest.raises(ScenarioError) as err:
        run_sweep(path, parse_grid(["kiosks=1,many"]), ex)
    assert err.value.key == "sites[0].kiosks"


def test_a_target_on_every_site_is_judged_by_the_worst_site(tmp_path: Path, mm_raw: dict[str, Any]) -> None:
    second_site = [
        "[[sites]]", 'id = "b"', 'hours = [["00:00", "24:00"]]', "counters = 3",
        "[[sites.demand]]", 'purpose = "submit"', 'channel = "counter"', "arrivals_per_hour = 1.0",
        'service_minutes = { dist = "exponential", mean = 60 }',
    ]  # fmt: skip
    path = tmp_path / "two.toml"
    one = Path(_scenario_file(tmp_path, mm_raw)).read_text(encoding="utf-8")
    path.write_text(
        one.replace('name = "grid"', 'name = "two"') + "\n".join(second_site) + "\n", encoding="utf-8"
    )
    with ThreadPoolExecutor(2) as ex:
        result = run_sweep(
            str(path), parse_grid(["sites.a.counters=3,4"]), ex, target=parse_target("*:counter_wait_min<15")
        )
    # Site a (2 per hour on 3 counters) waits ~27 minutes, site b (1 per hour) ~2: a decides.
    assert result.target_cell(0) == {
        "mean": result.summary(0)["a"]["counter_wait_min"]["mean"],
        "half_width": result.summary(0)["a"]["counter_wait_min"]["half_width"],
    }
    best = result.smallest_meeting_target()
    assert best is not None
    assert dict(best.overrides) == {"sites.a.counters": 4}


def test_sweep_command_prints_the_comparison(
    tmp_path: Path, mm_raw: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    path = _scenario_file(tmp_path, mm_raw)
    args = ["sweep", path, "--grid", "counters=3,4", "--target", "counter_wait_min<15", "--replications", "3"]
    assert main([*args, "--workers", "1", "--days", "6", "--out", str(tmp_path / "sw")]) == 0
    out = capsys.readouterr().out
    assert "smallest configuration meeting counter_wait_min<15: counters=4" in out
    assert (tmp_path / "sw" / "sweep.html").exists()
    assert main(["sweep", path, "--grid", "counters", "--workers", "1"]) == 2
    assert "key=v1,v2" in capsys.readouterr().err

"""Issue 17 point 6: every crash a planner met is a clear error (exit 2, a named key), before computing."""

from __future__ import annotations

import ast
import math
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.config import SCENARIO_DIR, load_scenario
from simulator.errors import ScenarioError
from simulator.model import Model
from simulator.sweep import check_target, parse_target

ROOT = Path(__file__).resolve().parents[3]


def _mmc_file(tmp_path: Path, name: str = "small.toml") -> str:
    text = (SCENARIO_DIR / "mmc.toml").read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(text.replace("days = 30", "days = 4").replace("warmup_days = 2", "warmup_days = 1"))
    return str(path)


def _no_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Model) -> None:
        raise AssertionError("the model ran before the arguments were checked")

    monkeypatch.setattr(Model, "run", refuse)


def test_sweep_without_a_target_shows_the_province_wide_p90(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["sweep", _mmc_file(tmp_path), "--grid", "counters=3,4", "--replications", "2", "--workers", "1"]
    assert main([*args, "--out", str(tmp_path / "sw")]) == 0
    out = capsys.readouterr().out
    assert "counter_wait_p90_min at total" in out
    assert (tmp_path / "sw" / "sweep.html").exists()
    assert main(["report", str(tmp_path / "sw")]) == 0


def test_sweep_with_a_target_on_a_metric_outside_the_headline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's own target (kiosk_wait_p90_min is not a headline column) renders too."""
    args = ["sweep", _mmc_file(tmp_path), "--grid", "counters=3,4", "--replications", "2", "--workers", "1"]
    code = main([*args, "--target", "kiosk_wait_p90_min<10", "--out", str(tmp_path / "sw")])
    assert code == 0, capsys.readouterr().err
    html = (tmp_path / "sw" / "sweep.html").read_text(encoding="utf-8")
    assert "total:kiosk_wait_p90_min" in html


def test_every_command_in_the_readme_parses() -> None:
    from simulator.cli import build_parser

    readme = (ROOT / "simulator" / "README.md").read_text(encoding="utf-8")
    lines = [ln.split("  #")[0] for ln in readme.splitlines() if ln.startswith("kiosk-sim ")]
    parser = build_parser()
    checked = 0
    for line in lines:
        if "[" in line or "--version" in line:  # optional parts written as [..]; --version exits
            continue
        args = parser.parse_args(shlex.split(line)[1:])
        assert callable(args.func), line
        checked += 1
    assert checked >= 10


def test_every_target_in_the_readme_names_a_real_site_and_metric() -> None:
    readme = (ROOT / "simulator" / "README.md").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines() if line.startswith("kiosk-sim ") and "--target" in line]
    assert commands
    for line in commands:
        words = shlex.split(line.split("#")[0])
        scenario = load_scenario(words[2])
        for i, word in enumerate(words):
            if word == "--target":
                check_target(parse_target(words[i + 1]), scenario)


@pytest.mark.parametrize(
    ("target", "named"),
    [
        ("nowhere:counter_wait_min<15", "no site 'nowhere'"),
        ("kiosk_wait_p99<10", "no metric 'kiosk_wait_p99'"),
    ],
)
def test_an_unknown_site_or_metric_is_refused_before_any_computing(
    target: str,
    named: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_computing(monkeypatch)
    args = ["sweep", _mmc_file(tmp_path), "--grid", "counters=3,4", "--workers", "1", "--target", target]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert named in err
    assert "remedy" in err


@pytest.mark.parametrize("bad", ["0", "-1", "1000000000", "two"])
def test_replications_out_of_range_are_refused_with_a_message(
    bad: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_computing(monkeypatch)
    assert main(["run", "mmc", "--no-files", "--replications", bad]) == 2
    err = capsys.readouterr().err
    assert "--replications" in err
    assert "between 1 and 10,000" in err or "not a whole number" in err


def test_a_what_if_outside_the_scenario_folder_finds_its_bases_params_file(tmp_path: Path) -> None:
    what_if = tmp_path / "mine.toml"
    what_if.write_text(
        'base = "pilot-2025"\nname = "mine"\n[overrides]\n"sites.prov.kiosks" = 2\n', encoding="utf-8"
    )
    mine, pilot = load_scenario(str(what_if)), load_scenario("pilot-2025")
    assert mine.kiosk == pilot.kiosk  # the calibrated steps, read from simulator/scenarios/params/
    assert [s.kiosks for s in mine.sites] == [2, 1, 1]


def test_a_folder_named_like_the_scenario_does_not_hide_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mmc").mkdir()  # e.g. a results folder
    assert load_scenario("mmc").name == "mmc"
    (tmp_path / "results").mkdir()
    with pytest.raises(ScenarioError, match="is a directory"):
        load_scenario("results")


@pytest.mark.parametrize(
    ("spec", "key"),
    [
        ({"dist": "exponential", "mean": 5, "sd": 2}, "service_minutes.sd"),
        ({"dist": "lognormal", "mean": 5, "sd": 2, "max": 30}, "service_minutes.max"),
        ({"dist": "gamma", "mean": 5, "shape": 2}, "service_minutes"),
        ({"dist": "deterministic", "value": 5, "mean": 5}, "service_minutes.mean"),
    ],
)
def test_extra_keys_inside_a_distribution_are_refused(
    spec: dict[str, object], key: str, mm_raw: dict[str, object]
) -> None:
    from simulator.config import parse_scenario

    mm_raw["sites"][0]["demand"][0]["service_minutes"] = spec  # type: ignore[index]
    with pytest.raises(ScenarioError) as err:
        parse_scenario(mm_raw)
    assert err.value.key == f"sites[0].demand[0].{key}"


def test_mmc_comment_gives_the_erlang_c_values() -> None:
    """Erlang C written out here (not simulator/validate.py): P(wait) and mean wait for c=3, a=2.7."""
    c, a, mean_service = 3, 2.7, 60.0
    top = a**c / math.factorial(c) * c / (c - a)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    wait = p_wait * mean_service / (c - a)
    comment = (SCENARIO_DIR / "mmc.toml").read_text(encoding="utf-8").split("name =")[0]
    numbers = dict(re.findall(r"(P\(wait\)|mean wait in queue) = ([\d.]+)", comment))
    assert float(numbers["P(wait)"]) == pytest.approx(p_wait, abs=5e-4)
    assert float(numbers["mean wait in queue"]) == pytest.approx(wait, abs=0.05)


def test_version_and_exit_codes_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert re.match(r"kiosk-sim \S+", capsys.readouterr().out)
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "exit codes:" in out
    assert all(f"  {code} " in out for code in ("0", "1", "2", "130"))


def test_the_simulator_imports_nothing_of_the_kiosk_but_its_telemetry_schema() -> None:
    """DESIGN.md: the simulator may read reference_kiosk.telemetry's event schema, nothing else of it."""
    bad = []
    for path in sorted((ROOT / "simulator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            bad += [
                f"{path.name}: {n}"
                for n in names
                if n.startswith("reference_kiosk") and n != "reference_kiosk.telemetry"
            ]
    assert bad == []
    code = (
        "import sys, simulator.cli as c; c.build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith('reference_kiosk')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"

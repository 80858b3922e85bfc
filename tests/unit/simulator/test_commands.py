"""kiosk-sim as a planner uses it: run (table, JSON, files), report, calibrate, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from simulator.cli import main
from simulator.config import SCENARIO_DIR, load_scenario
from simulator.synthetic import synthetic_events
from simulator.telemetry_schema import dump_events

REQUIRED = (
    "counter_wait_min",
    "counter_wait_p90_min",
    "kiosk_wait_min",
    "abandoned_fraction",
    "kiosk_users",
    "kiosk_dossiers",
    "counter_served",
    "utilisation_counters",
    "utilisation_kiosks",
    "utilisation_helpers",
)


@pytest.fixture(scope="module")
def pilot_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path]:
    out = tmp_path_factory.mktemp("run")
    capture = out / "stdout.json"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(
            ["run", "pilot-2025", "--until", "2025-03-28", "--replications", "2", "--json", "--out", str(out)]
        )
    assert code == 0
    capture.write_text(buf.getvalue(), encoding="utf-8")
    return json.loads(buf.getvalue()), out


def test_run_json_has_the_documented_shape(pilot_run: tuple[dict[str, object], Path]) -> None:
    doc, _ = pilot_run
    assert doc["scenario"] == "pilot-2025"
    assert doc["replications"] == 2
    sites = doc["sites"]
    assert isinstance(sites, dict)
    assert set(sites) == {"prov", "caoloc", "vinhtrai"}
    for block in [*sites.values(), doc["total"]]:
        assert isinstance(block, dict)
        for name in REQUIRED:
            assert set(block[name]) == {"mean", "half_width"}, name
    total = doc["total"]
    assert isinstance(total, dict)
    assert total["counter_served"]["mean"] > 1000


def test_run_writes_records_summary_and_a_report_with_plots(
    pilot_run: tuple[dict[str, object], Path],
) -> None:
    _, out = pilot_run
    records = pd.read_parquet(out / "records.parquet")
    assert set(records["replication"]) == {0, 1}
    assert records["date"].max() <= pd.Timestamp("2025-03-28")  # --until stops at the end of that date
    html = (out / "report.html").read_text(encoding="utf-8")
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert pngs == [
        "adoption.png",
        "channel_share.png",
        "dossiers.png",
        "utilisation.png",
        "waits_by_hour.png",
    ]
    assert all(f'src="{p}"' in html for p in pngs)
    assert "kiosk_dossiers" in html
    (out / "report.html").unlink()
    assert main(["report", str(out)]) == 0
    assert (out / "report.html").exists()


def test_run_prints_a_table_and_can_write_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["run", "mmc", "--replications", "2", "--csv", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "counter_wait_min" in out
    assert "mmc" in out
    assert "±" in out
    records = pd.read_csv(tmp_path / "records.csv")
    assert set(records["replication"]) == {0, 1}
    assert not (tmp_path / "records.parquet").exists()
    assert main(["report", str(tmp_path)]) == 0  # the report reads CSV records too


def test_errors_name_the_key_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\ndays = 3\n[[sites]]\nid = "a"\ncounters = "many"\n', encoding="utf-8")
    assert main(["run", str(bad), "--no-files"]) == 2
    err = capsys.readouterr().err
    assert "sites[0].counters" in err
    assert "remedy" in err
    assert main(["run", "mmc", "--until", "2020-01-01", "--no-files"]) == 2
    assert "until" in capsys.readouterr().err


def test_calibrate_command_writes_params_and_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tele = tmp_path / "t.jsonl"
    dump_events(synthetic_events(load_scenario("pilot-2025").kiosk, 400, seed=2), tele)
    assert main(["calibrate", str(tele), "--out", str(tmp_path / "p.toml")]) == 0
    assert "[kiosk.steps.login_cccd]" in (tmp_path / "p.toml").read_text(encoding="utf-8")
    assert (tmp_path / "p.gof.png").exists()
    tele.write_text("{oops\n", encoding="utf-8")
    assert main(["calibrate", str(tele), "--out", str(tmp_path / "q.toml")]) == 2
    assert "line 1" in capsys.readouterr().err


def test_validate_command_prints_theory_beside_simulation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    small = tmp_path / "small.toml"
    text = (SCENARIO_DIR / "mmc.toml").read_text(encoding="utf-8")
    small.write_text(text.replace("days = 30", "days = 12").replace("replications = 10", "replications = 6"))
    assert main(["validate", "--days", "10", "--replications", "5", "--scenario", str(small)]) == 0
    out = capsys.readouterr().out
    assert out.count("inside CI") == 10, out
    assert "OUTSIDE" not in out
    assert main(["validate", "--days", "2", "--replications", "2", "--scenario", "pilot-2025"]) == 2
    assert "not a single always-open M/M/c" in capsys.readouterr().err

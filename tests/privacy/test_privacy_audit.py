"""Privacy audit: after a full BDD run, no log, telemetry, report, screenshot or outbox holds a persona.

The run happens in a subprocess with every file it writes kept in one private directory (see
``tests/support/bdd_run.py``); then every file there is scanned (``tests/support/privacy.py``) for the
ID numbers, names and dates of birth of every persona the features use. The backend's own database
and the mock PKI are exempt; the backend's matches prove that the needles match what the run wrote.

Modes: the emulated run (every scenario) and the ``@wire`` subset on pcscd + vpcd, SANE's test
backend and the backend under uvicorn, whose log (``backend-N.log`` beside its database) is audited
too; its databases ``backend-N.sqlite`` are exempt like the in-process one.
"""

from __future__ import annotations

import json
import re

import pytest

from mocks.citizens import persona
from reference_kiosk.ui.screenshot import read_text_layer
from tests.support.bdd_run import ROOT, BddRun, run_bdd
from tests.support.pcscd import INHERITED_ENV, pcscd  # noqa: F401  (the session's pcscd fixture)
from tests.support.privacy import ScanReport, persona_needles, scan_tree

pytestmark = pytest.mark.slow

MODES = [
    pytest.param(("emulated", None), id="emulated"),
    # pcscd + vpcd, SANE's test backend and the backend under uvicorn (its log is audited too)
    pytest.param(("wire", "wire"), marks=pytest.mark.integration, id="wire"),
]
CITIZEN_SEED = 3  # features/conftest.py: the citizen fixture


def feature_seeds() -> set[int]:
    """Persona seeds the features name (``persona(7)``), plus 0..9 (the backend's population)."""
    seeds = set(range(10))
    for path in (ROOT / "features").rglob("*.py"):
        seeds.update(int(n) for n in re.findall(r"persona\((\d+)\)", path.read_text(encoding="utf-8")))
    return seeds


@pytest.fixture(scope="module", params=MODES)
def bdd_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BddRun:
    devices, marker = request.param
    env: dict[str, str] = {}
    if devices == "wire":
        # This session may hold pcscd already (the card tests): the child run shares it.
        request.getfixturevalue("pcscd")
        env[INHERITED_ENV] = "1"
    return run_bdd(tmp_path_factory.mktemp("privacy-audit"), devices=devices, marker=marker, env_extra=env)


@pytest.fixture(scope="module")
def scan(bdd_run: BddRun) -> ScanReport:
    return scan_tree(bdd_run.directory, persona_needles(sorted(feature_seeds())))


def test_the_bdd_run_passed(bdd_run: BddRun) -> None:
    assert bdd_run.passed, bdd_run.output[-3000:]
    assert " passed" in bdd_run.summary


def test_the_run_wrote_every_kind_of_file_the_audit_reads(bdd_run: BddRun, scan: ScanReport) -> None:
    """So that the audit cannot pass by scanning nothing."""
    files = scan.files
    telemetry = [bdd_run.directory / p for p in files if p.endswith("telemetry.jsonl")]
    assert telemetry, sorted(files)[:20]
    assert any(p.stat().st_size > 0 for p in telemetry)
    assert any(p.endswith("outbox.sqlite3") and kind == "sqlite" for p, kind in files.items())
    shots = sorted((bdd_run.report / "shots").glob("*.png"))
    assert shots
    assert all(read_text_layer(p) for p in shots), "every screenshot carries its text layer"
    cucumber = json.loads((bdd_run.report / "cucumber.json").read_text(encoding="utf-8"))
    passed = int(re.search(r"(\d+) passed", bdd_run.summary).group(1))  # type: ignore[union-attr]
    assert (
        sum(len(feature["elements"]) for feature in cucumber)
        == passed
        >= (20 if bdd_run.mode == "emulated" else 10)
    )
    assert (bdd_run.report / "index.html").stat().st_size > 0
    assert "HTTP Request" in bdd_run.log.read_text(encoding="utf-8"), "the log holds the kiosk's traffic"
    assert {"sqlite", "jsonl", "png-text", "json", "html", "log"} <= scan.kinds()


def test_the_needles_match_what_the_run_wrote(scan: ScanReport) -> None:
    """The backend's register (exempt) holds the citizen: the needles and the decoding work on real data."""
    held = {(f.seed, f.field) for f in scan.exempt}
    assert {(CITIZEN_SEED, "id_number"), (CITIZEN_SEED, "full_name"), (CITIZEN_SEED, "date_of_birth")} <= held


def test_no_persona_appears_in_clear_outside_the_exemptions(scan: ScanReport) -> None:
    assert [str(f) for f in scan.findings] == []


def test_a_failing_scenario_reports_no_personal_data(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A failure message quotes the screen and the persona (as ``assert ..., kiosk.texts()`` does):
    the terminal, the cucumber JSON and the HTML report show them masked."""
    plugin = ("-p", "tests.support.privacy_failing", "-k", "thành_công_bằng_thẻ_chip")
    run = run_bdd(tmp_path_factory.mktemp("privacy-failing"), extra=plugin, label="failing")
    assert run.returncode == 1, run.output[-3000:]
    assert "1 failed" in run.summary
    who = persona(CITIZEN_SEED)
    masked = " ".join(f"{word[0]}." for word in who.full_name.split())
    for shown in (run.output, (run.report / "cucumber.json").read_text(encoding="utf-8")):
        assert "AssertionError: on screen" in shown
        assert masked in shown
    report = scan_tree(run.directory, persona_needles(sorted(feature_seeds())))
    assert [str(f) for f in report.findings] == []

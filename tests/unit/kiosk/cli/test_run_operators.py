"""``kiosk run`` as an operator meets it: logging, the state directory, refused configuration.

Each case runs ``kiosk run --devices none --headless`` in a subprocess from an empty working
directory, so a file the kiosk drops beside itself shows up.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from reference_kiosk.cli import run as run_cli

ROOT = Path(__file__).resolve().parents[4]
LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: .+$")


def _kiosk_run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    code = "import sys\nfrom reference_kiosk.cli.main import main\nsys.exit(main(sys.argv[1:]))\n"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    environ |= {"PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT)), "SDL_AUDIODRIVER": "dummy", **env}
    return subprocess.run(
        [sys.executable, "-c", code, "run", "--devices", "none", "--headless", "--seconds", "0.2", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env=environ,
    )


def test_state_files_go_to_the_state_directory_and_nowhere_else(tmp_path: Path) -> None:
    work, state = tmp_path / "work", tmp_path / "state"
    work.mkdir()
    done = _kiosk_run(work, "--state-dir", str(state), "--backend", "http://127.0.0.1:9")
    assert done.returncode == 0, done.stderr
    assert list(work.iterdir()) == []  # no var/outbox.key beside the operator
    assert {p.name for p in state.iterdir()} >= {"outbox.sqlite3", "outbox.key", "slips"}


def test_log_level_info_writes_one_formatted_line_per_record(tmp_path: Path) -> None:
    done = _kiosk_run(tmp_path, "--log-level", "info", "--backend", "http://127.0.0.1:9", KIOSK_STATE_DIR="s")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines, "nothing logged at info"
    assert all(LINE.match(line) for line in lines), done.stderr
    assert any(f"state in {tmp_path / 's'}" in line for line in lines)


def test_a_state_directory_that_cannot_be_written_is_exit_3_with_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="ascii")
    done = _kiosk_run(tmp_path, "--state-dir", str(tmp_path / "a-file" / "state"))
    assert done.returncode == run_cli.EXIT_STATE_DIR == 3
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: state directory {tmp_path / 'a-file' / 'state'} is not writable")


def test_a_refused_setting_stops_the_kiosk_naming_it(tmp_path: Path) -> None:
    done = _kiosk_run(tmp_path, KIOSK_ORIENTATION="sideways")
    assert done.returncode == 2
    assert done.stderr.startswith("error: KIOSK_ORIENTATION: ")
    assert list(tmp_path.iterdir()) == []

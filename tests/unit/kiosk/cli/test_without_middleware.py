"""Device commands and console scripts without their middleware or extra: a sentence, never a traceback.

Each case runs the command in a subprocess, as an operator would. "pcscd not running" is the
client pointed at a socket nobody listens on (``PCSCLITE_CSOCK_NAME``), so a pcscd that another
test session started does not change the outcome; "SANE has no scanner" is a private SANE
configuration with no backend; "package not installed" is the package blocked in ``sys.modules``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reference_kiosk.cli import read_card, scan, scan_code

ROOT = Path(__file__).resolve().parents[4]
SCRIPTS = {"kiosk": "reference_kiosk.cli.main", "kiosk-twin": "mocks.cli", "kiosk-sim": "simulator.cli"}


def _run(
    tmp_path: Path, script: str, args: list[str], blocked: tuple[str, ...] = (), **env: str
) -> subprocess.CompletedProcess[str]:
    """``script`` (kiosk or kiosk-twin) with ``args``; ``blocked`` modules fail to import."""
    module = {"kiosk": "reference_kiosk.cli.main", "kiosk-twin": "mocks.cli", "kiosk-sim": "simulator.cli"}[
        script
    ]
    code = (
        "import sys\n"
        f"for name in {blocked!r}: sys.modules[name] = None\n"
        f"from {module} import main\n"
        f"sys.exit(main({args!r}))\n"
    )
    environ = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT)), **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        env=environ,
    )


def _documented(codes: tuple[tuple[int, str], ...], code: int) -> str:
    return dict(codes)[code]


def test_read_card_with_pcscd_not_running_says_so_and_exits_3(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        "kiosk",
        ["read-card", "--id-number", "012345678901", "--dob", "1990-01-01"],
        PCSCLITE_CSOCK_NAME=str(tmp_path / "no-pcscd.comm"),
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == read_card.EXIT_NO_READER, done.stderr
    assert "no reader" in _documented(read_card.EXIT_CODES, done.returncode)
    assert "card reader is not available" in done.stderr
    assert "012345678901" not in done.stderr + done.stdout  # the ID number typed is never echoed


def test_read_card_without_pyscard_names_the_extra(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        "kiosk",
        ["read-card", "--id-number", "012345678901", "--dob", "1990-01-01"],
        blocked=("smartcard",),
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == read_card.EXIT_NO_READER, done.stderr
    assert "kiosk-twin[devices]" in done.stderr


def test_scan_with_no_sane_backend_says_so_and_exits_3(tmp_path: Path) -> None:
    config = tmp_path / "sane.d"
    config.mkdir()
    (config / "dll.conf").write_text("# no backend\n", encoding="ascii")
    done = _run(tmp_path, "kiosk", ["scan", "--out", "x.pdf"], SANE_CONFIG_DIR=str(config))
    assert "Traceback" not in done.stderr
    assert done.returncode == 3, done.stderr
    assert "no scanner" in _documented(scan.EXIT_CODES, 3)
    assert "scanner is not available" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_scan_without_python_sane_names_the_extra(tmp_path: Path) -> None:
    done = _run(tmp_path, "kiosk", ["scan", "--out", "x.pdf"], blocked=("sane", "_sane"))
    assert "Traceback" not in done.stderr
    assert done.returncode == 3, done.stderr
    assert "kiosk-twin[devices]" in done.stderr


def test_scan_code_with_no_sane_backend_or_no_python_sane_exits_3_with_a_sentence(tmp_path: Path) -> None:
    config = tmp_path / "sane.d"
    config.mkdir()
    (config / "dll.conf").write_text("# no backend\n", encoding="ascii")
    no_device = _run(tmp_path, "kiosk", ["scan-code"], SANE_CONFIG_DIR=str(config))
    no_binding = _run(tmp_path, "kiosk", ["scan-code"], blocked=("sane", "_sane"))
    for done in (no_device, no_binding):
        assert "Traceback" not in done.stderr
        assert done.returncode == 3, done.stderr
        assert "scanner" in _documented(scan_code.EXIT_CODES, 3)
        assert "scanner is not available" in done.stderr
    assert "kiosk-twin[devices]" in no_binding.stderr


def test_kiosk_run_with_emulated_devices_without_the_twin_extra_names_it(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        "kiosk",
        ["run", "--devices", "emulated", "--headless", "--seconds", "0.1", "--state-dir", "s"],
        blocked=("fastapi", "uvicorn", "faker"),
        SDL_AUDIODRIVER="dummy",
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "pip install 'kiosk-twin[twin]'" in done.stderr


@pytest.mark.parametrize("command", [["backend", "--port", "0"], ["up", "--headless"]])
def test_kiosk_twin_without_its_extra_says_which_in_one_line(tmp_path: Path, command: list[str]) -> None:
    done = _run(tmp_path, "kiosk-twin", command, blocked=("fastapi", "uvicorn", "faker"))
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "pip install 'kiosk-twin[twin]'" in done.stderr


@pytest.mark.parametrize("script", ["kiosk", "kiosk-twin"])
def test_every_command_lists_its_exit_codes_in_help(tmp_path: Path, script: str) -> None:
    commands = {
        "kiosk": ["run", "read-card", "scan", "scan-code"],
        "kiosk-twin": ["up", "backend", "card", "chaos", "ui-audit"],
    }
    for command in [None, *commands[script]]:
        done = _run(tmp_path, script, ([] if command is None else [command]) + ["--help"])
        assert done.returncode == 0, done.stderr
        assert "exit codes:" in done.stdout, f"{script} {command or ''} --help"
        assert "\n  0    " in done.stdout


def test_kiosk_sim_without_its_extra_says_which_in_one_line(tmp_path: Path) -> None:
    done = _run(tmp_path, "kiosk-sim", ["run", "pilot-2025"], blocked=("simpy", "scipy", "pandas"))
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "pip install 'kiosk-twin[sim]'" in done.stderr

"""The kiosk's installation (issue 18.3): the install script's files, the shipped configuration and
the systemd units, checked with the tools a kiosk PC would use."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from reference_kiosk.config import load_config
from tests.support.system import require_binary

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[3]
UNITS = ("kiosk-twin.service", "kiosk-twin-display.service")
# Programs installed on a kiosk PC, not on a build machine: the only complaint verify may make.
ELSEWHERE = ("/opt/kiosk-twin/venv/bin/kiosk", "/usr/lib/xorg/Xorg", "/usr/lib/kiosk-twin/display-ready")


def _install(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESTDIR": str(root)}
    return subprocess.run(
        ["bash", str(REPO / "deploy" / "install-kiosk.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_install_script_lays_out_units_helper_and_a_valid_locked_configuration(tmp_path: Path) -> None:
    done = _install(tmp_path)
    assert done.returncode == 0, done.stderr
    for unit in UNITS:
        assert (tmp_path / "etc/systemd/system" / unit).is_file()
    assert os.access(tmp_path / "usr/lib/kiosk-twin/display-ready", os.X_OK)
    toml = tmp_path / "etc/kiosk-twin/kiosk.toml"
    assert stat.S_IMODE(toml.stat().st_mode) == 0o640
    config = load_config(toml, {"KIOSK_STATE_DIR": str(tmp_path / "state")})
    assert (config.fullscreen, config.lockdown, config.hide_cursor, config.orientation) == (
        True,
        True,
        True,
        "auto",
    )
    assert config.staff_pin.isdigit()
    assert len(config.staff_pin) == 6
    assert config.staff_pin in done.stdout  # shown once, to whoever installs
    again = _install(tmp_path)  # an upgrade keeps the configuration and its PIN
    assert again.returncode == 0, again.stderr
    assert load_config(toml, {"KIOSK_STATE_DIR": str(tmp_path / "state")}).staff_pin == config.staff_pin


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = require_binary("systemd-analyze", "systemd")
    for unit in UNITS:
        shutil.copy(REPO / "deploy/systemd" / unit, tmp_path / unit)
    done = subprocess.run(
        [analyze, "verify", *(str(tmp_path / u) for u in UNITS)], capture_output=True, text=True, timeout=60
    )
    complaints = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if line.strip() and not any(f"Command {cmd} is not executable" in line for cmd in ELSEWHERE)
    ]
    assert complaints == []


def test_the_kiosk_unit_restarts_always_but_not_after_staffs_exit() -> None:
    unit = (REPO / "deploy/systemd/kiosk-twin.service").read_text(encoding="utf-8").splitlines()
    assert "Restart=always" in unit
    assert "RestartPreventExitStatus=4" in unit
    assert "StartLimitIntervalSec=0" in unit
    assert "SyslogIdentifier=kiosk-twin" in unit
    assert any(line.startswith("After=") and "pcscd" in line for line in unit)

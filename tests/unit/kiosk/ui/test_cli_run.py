"""``kiosk run``: headless start with screenshots; emulated devices found through entry points."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from reference_kiosk.cli.main import main
from reference_kiosk.cli.run import _devices


def test_headless_run_saves_the_first_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_OUTBOX_PATH", str(tmp_path / "outbox.sqlite3"))
    monkeypatch.setenv("KIOSK_TELEMETRY_PATH", str(tmp_path / "telemetry.jsonl"))
    shots = tmp_path / "shots"
    argv = ["run", "--headless", "--devices", "none", "--backend", "http://127.0.0.1:9", "--lang", "en"]
    assert main([*argv, "--seconds", "0.3", "--screenshots", str(shots)]) == 0
    saved = sorted(shots.iterdir())
    assert [p.name for p in saved] == ["001_welcome.png"]
    with Image.open(saved[0]) as img:
        assert img.size == (1080, 1920)


def test_a_bad_configuration_is_reported_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nno_such_setting = 1\n", encoding="utf-8")
    assert main(["run", "--headless", "--devices", "none", "--config", str(config)]) == 2
    assert "unknown configuration keys" in capsys.readouterr().err


def test_emulated_devices_come_from_entry_points() -> None:
    card, scanner = _devices("emulated")
    assert type(card).__name__ == "EmulatedCardReader"
    assert type(scanner).__name__ == "EmulatedScanner"
    assert card.card_present() is False

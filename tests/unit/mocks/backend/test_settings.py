"""Settings: config file (TOML/JSON) under the command line; kiosk keys; durations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mocks.backend.settings import load_settings, parse_kiosk_key

CONFIG = """
kiosk_keys = ["KIOSK-CLC-01=from-file"]
audience = "kiosk-app"
clock_start = "2025-04-01T08:00:00+07:00"
payment_ttl = 300
[officials]
seed = 9
p_supplement = 0.5
accept_after = 60
[faults]
seed = 2
rules = [{route = "POST /api/v1/dossiers", error_rate = 0.3}]
"""


def test_config_file_then_command_line(tmp_path: Path) -> None:
    config = tmp_path / "backend.toml"
    config.write_text(CONFIG, encoding="utf-8")
    settings = load_settings(tmp_path / "db.sqlite", config, kiosk_keys=("cli-key",), control=True)
    assert settings.kiosk_keys[0].kiosk_id == "KIOSK-CLC-01"
    assert settings.kiosk_for("from-file") == "KIOSK-CLC-01"
    assert settings.kiosk_for("cli-key") is not None
    assert settings.control is True
    assert settings.audience == "kiosk-app"
    assert settings.clock_start == dt.datetime(2025, 4, 1, 1, 0, tzinfo=dt.UTC)
    assert settings.payment_ttl == dt.timedelta(minutes=5)
    assert (settings.officials.seed, settings.officials.p_supplement) == (9, 0.5)
    assert settings.officials.accept_after == dt.timedelta(seconds=60)
    assert settings.faults.rules[0].error_rate == 0.3


def test_json_config_and_unknown_keys(tmp_path: Path) -> None:
    good = tmp_path / "c.json"
    good.write_text('{"control": true, "limits": {"file_bytes": 10}}', encoding="utf-8")
    assert load_settings(tmp_path / "db", good).limits.file_bytes == 10
    bad = tmp_path / "bad.json"
    bad.write_text('{"officials": {"p_teapot": 1}}', encoding="utf-8")
    with pytest.raises(ValueError, match="p_teapot"):
        load_settings(tmp_path / "db", bad)


def test_kiosk_key_forms() -> None:
    assert parse_kiosk_key("KIOSK-1=s3cret").kiosk_id == "KIOSK-1"
    assert parse_kiosk_key("abc=").key == "abc="  # a base64 key ending in '=' stays a bare key
    bare = parse_kiosk_key("s3cret")
    assert bare.key == "s3cret"
    assert bare.kiosk_id == parse_kiosk_key("s3cret").kiosk_id != parse_kiosk_key("other").kiosk_id

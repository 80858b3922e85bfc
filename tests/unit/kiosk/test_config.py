from __future__ import annotations

import base64
from pathlib import Path

import pytest

from reference_kiosk.config import ConfigError, KioskConfig, load_config


def test_defaults() -> None:
    config = load_config()
    assert (config.lang, config.inactivity_warning_s, config.inactivity_timeout_s) == ("vi", 60.0, 90.0)
    assert (config.width, config.height) == (1080, 1920)


def test_toml_then_env_then_cli(tmp_path: Path) -> None:
    toml = tmp_path / "kiosk.toml"
    toml.write_text(
        '[kiosk]\nkiosk_id = "LS-HCC-01"\nlang = "en"\norientation = "landscape"\n'
        "inactivity_timeout_s = 120\n",
        encoding="utf-8",
    )
    key = base64.urlsafe_b64encode(bytes(range(32))).decode()
    env = {"KIOSK_LANG": "vi", "KIOSK_OUTBOX_KEY": key, "KIOSK_VOICE": "yes", "HOME": "/root"}
    config = load_config(toml, env, {"backend_url": "http://127.0.0.1:9000", "kiosk_key": None})
    assert config.kiosk_id == "LS-HCC-01"
    assert config.lang == "vi"  # env beats the file
    assert (config.width, config.height) == (1920, 1080)
    assert config.inactivity_timeout_s == 120
    assert config.outbox_key == bytes(range(32))
    assert config.voice is True
    assert config.backend_url == "http://127.0.0.1:9000"
    assert "outbox_key" not in repr(config)
    assert "kiosk_key" not in repr(config)


def test_key_file(tmp_path: Path) -> None:
    path = tmp_path / "k"
    path.write_text(base64.urlsafe_b64encode(bytes(32)).decode(), encoding="ascii")
    assert load_config(env={"KIOSK_OUTBOX_KEY_FILE": str(path)}).outbox_key == bytes(32)


@pytest.mark.parametrize(
    "overrides",
    [
        {"lang": "fr"},
        {"inactivity_warning_s": 100, "inactivity_timeout_s": 90},
        {"outbox_key": base64.urlsafe_b64encode(b"short").decode()},
        {"no_such_key": 1},
        {"inactivity_timeout_s": "soon"},
    ],
)
def test_bad_configuration_is_a_named_error(overrides: dict[str, object]) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(overrides=overrides)
    assert info.value.message_en.startswith("The kiosk is not configured")


def test_tracking_payload() -> None:
    config = KioskConfig(backend_url="http://x/")
    assert config.tracking_payload("H36-250317-0001") == "http://x/tra-cuu?ma=H36-250317-0001"

from __future__ import annotations

import base64
import dataclasses
from pathlib import Path

import pytest

from reference_kiosk.config import (
    ENV_VARS,
    ConfigError,
    KioskConfig,
    StateDirError,
    load_config,
    prepare_state_dir,
)


def test_defaults() -> None:
    config = load_config()
    assert (config.lang, config.inactivity_warning_s, config.inactivity_timeout_s) == ("vi", 120.0, 180.0)
    assert (config.width, config.height) == (1080, 1920)


def test_toml_then_env_then_cli(tmp_path: Path) -> None:
    toml = tmp_path / "kiosk.toml"
    toml.write_text(
        '[kiosk]\nkiosk_id = "LS-HCC-01"\nlang = "en"\norientation = "landscape"\n'
        "inactivity_timeout_s = 240\n",
        encoding="utf-8",
    )
    key = base64.urlsafe_b64encode(bytes(range(32))).decode()
    env = {"KIOSK_LANG": "vi", "KIOSK_OUTBOX_KEY": key, "KIOSK_VOICE": "yes", "HOME": "/root"}
    config = load_config(toml, env, {"backend_url": "http://127.0.0.1:9000", "kiosk_key": None})
    assert config.kiosk_id == "LS-HCC-01"
    assert config.lang == "vi"  # env beats the file
    assert (config.width, config.height) == (1920, 1080)
    assert config.inactivity_timeout_s == 240
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


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"KIOSK_ORIENTATION": "sideways"}, "KIOSK_ORIENTATION"),
        ({"KIOSK_VOICE": "maybe"}, "KIOSK_VOICE"),
        ({"KIOSK_LANG": "fr"}, "KIOSK_LANG"),
        ({"KIOSK_INACTIVITY_TIMEOUT_S": "soon"}, "KIOSK_INACTIVITY_TIMEOUT_S"),
        ({"KIOSK_WIDTH": "0"}, "KIOSK_WIDTH"),
        ({"KIOSK_BACKEND_URL": "127.0.0.1:8000"}, "backend_url"),
    ],
)
def test_invalid_environment_values_are_refused_naming_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(env=env)
    assert named in str(info.value)


def test_the_refusal_names_the_file_and_key_and_never_echoes_a_secret(tmp_path: Path) -> None:
    toml = tmp_path / "kiosk.toml"
    toml.write_text('[kiosk]\norientation = "sideways"\nkiosk_key = 7\nbackend_ur = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(toml)
    text = str(info.value)
    assert f"{toml} [kiosk] orientation" in text
    assert f"{toml} [kiosk] backend_ur: unknown setting" in text
    assert f"{toml} [kiosk] kiosk_key" in text
    assert "got 7" not in text


def test_voice_words_operators_use_are_understood() -> None:
    assert load_config(env={"KIOSK_VOICE": "on"}).voice is True
    assert load_config(env={"KIOSK_VOICE": "0"}).voice is False


def test_state_files_live_in_the_state_directory(tmp_path: Path) -> None:
    config = load_config(env={"KIOSK_STATE_DIR": str(tmp_path / "state")})
    state = tmp_path / "state"
    assert config.state_dir == state
    assert config.outbox_path == state / "outbox.sqlite3"
    assert config.outbox_path.with_suffix(".key").parent == state  # the outbox key sits beside it
    assert config.telemetry_path == state / "telemetry.jsonl"
    assert config.slips_path == state / "slips"
    absolute = tmp_path / "elsewhere" / "t.jsonl"
    assert load_config(overrides={"telemetry_path": absolute}).telemetry_path == absolute
    assert load_config(env={"KIOSK_TELEMETRY_PATH": ""}).telemetry_path is None


def test_the_default_state_directory_is_var_under_the_working_directory() -> None:
    config = KioskConfig()
    assert config.state_dir == Path("var").absolute()
    assert dataclasses.replace(config, lang="en").outbox_path == config.outbox_path  # not var/var


def test_prepare_state_dir_creates_it_and_refuses_one_it_cannot_write(tmp_path: Path) -> None:
    config = KioskConfig(state_dir=tmp_path / "state")
    prepare_state_dir(config)
    assert (tmp_path / "state" / "slips").is_dir()
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="ascii")
    with pytest.raises(StateDirError, match="KIOSK_STATE_DIR"):
        prepare_state_dir(KioskConfig(state_dir=blocker / "state"))


DOCS = Path(__file__).resolve().parents[3] / "docs"


def _documented_settings() -> dict[str, str]:
    """setting -> environment variable, from the table in docs/configuration.md."""
    rows = {}
    for line in (DOCS / "configuration.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[1].startswith("`KIOSK_"):
            rows[cells[0].strip("`")] = cells[1].strip("`")
    return rows


def test_the_documented_table_lists_exactly_the_settings_and_their_variables() -> None:
    documented = _documented_settings()
    model = {f.name for f in dataclasses.fields(KioskConfig)} | {"outbox_key_file"}
    assert set(documented) == model
    assert {env: name for name, env in documented.items()} == ENV_VARS


def test_the_sample_file_is_a_valid_configuration() -> None:
    config = load_config(DOCS / "kiosk.example.toml", env={})
    assert config.state_dir == Path("/var/lib/kiosk")
    assert config.outbox_path == Path("/var/lib/kiosk/outbox.sqlite3")

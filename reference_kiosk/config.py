"""The kiosk's configuration: one frozen value built from defaults < TOML file < environment < CLI.

    [kiosk]                     env                      CLI (cli/run.py maps its args here)
    kiosk_id = "LS-HCC-01"      KIOSK_ID
    kiosk_key = "..."           KIOSK_KEY                --kiosk-key
    backend_url = "http://..."  KIOSK_BACKEND_URL        --backend
    lang = "vi"                 KIOSK_LANG               --lang
    orientation = "portrait"    KIOSK_ORIENTATION
    width/height = 1080/1920
    inactivity_warning_s = 60   KIOSK_INACTIVITY_WARNING_S
    inactivity_timeout_s = 90   KIOSK_INACTIVITY_TIMEOUT_S
    outbox_path = "var/outbox.sqlite3"    KIOSK_OUTBOX_PATH
    outbox_key = "<urlsafe b64 of 32 bytes>"  KIOSK_OUTBOX_KEY  (or outbox_key_file / KIOSK_OUTBOX_KEY_FILE)
    telemetry_path = "var/telemetry.jsonl" KIOSK_TELEMETRY_PATH
    voice = false               KIOSK_VOICE
    trust_store = "csca.pem"    KIOSK_TRUST_STORE        --trust-store
                                (PEM/DER CSCA certificates, one file or a directory of them;
                                 unset: no passive-authentication chain check on the kiosk)

Nothing is read at import time; ``load_config`` reads only what it is given.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reference_kiosk.domain.errors import KioskError, Remedy

__all__ = ["ConfigError", "KioskConfig", "load_config"]


class ConfigError(KioskError):
    """The kiosk is misconfigured: staff must fix it (a citizen can do nothing)."""

    message_vi = "Ki-ốt chưa được cấu hình đúng. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The kiosk is not configured correctly. Please ask a staff member for help."
    remedy = Remedy.CALL_STAFF


@dataclass(frozen=True, slots=True)
class KioskConfig:
    kiosk_id: str = "kiosk-dev"
    kiosk_key: str = dataclasses.field(default="", repr=False)
    backend_url: str = "http://127.0.0.1:8000"
    lang: Literal["vi", "en"] = "vi"
    orientation: Literal["portrait", "landscape"] = "portrait"
    width: int = 1080
    height: int = 1920
    inactivity_warning_s: float = 60.0
    inactivity_timeout_s: float = 90.0
    goodbye_s: float = 10.0
    verified_s: float = 3.0  # how long the "welcome, <name>" confirmation stays before home
    vneid_poll_s: float = 2.0
    payment_poll_s: float = 3.0
    outbox_path: Path = Path("var/outbox.sqlite3")
    outbox_key: bytes = dataclasses.field(default=b"", repr=False)
    telemetry_path: Path | None = Path("var/telemetry.jsonl")
    site_id: str = ""
    voice: bool = False
    tracking_url: str = "{backend_url}/tra-cuu?ma={code}"
    vneid_issuer: str = "https://vneid.mock.local"
    vneid_audience: str = "kiosk-twin"
    trust_store: Path | None = None  # CSCA certificates; loaded once at start (app.compose)

    def __post_init__(self) -> None:
        if self.lang not in ("vi", "en"):
            raise ConfigError(f"lang must be vi or en, not {self.lang!r}")
        if not 0 < self.inactivity_warning_s < self.inactivity_timeout_s:
            raise ConfigError("inactivity_warning_s must be positive and below inactivity_timeout_s")
        if self.outbox_key and len(self.outbox_key) != 32:
            raise ConfigError("outbox_key must be 32 bytes (AES-256)")

    def tracking_payload(self, dossier_code: str) -> str:
        return self.tracking_url.format(backend_url=self.backend_url.rstrip("/"), code=dossier_code)


_ENV = {
    "KIOSK_ID": "kiosk_id",
    "KIOSK_KEY": "kiosk_key",
    "KIOSK_BACKEND_URL": "backend_url",
    "KIOSK_LANG": "lang",
    "KIOSK_ORIENTATION": "orientation",
    "KIOSK_INACTIVITY_WARNING_S": "inactivity_warning_s",
    "KIOSK_INACTIVITY_TIMEOUT_S": "inactivity_timeout_s",
    "KIOSK_OUTBOX_PATH": "outbox_path",
    "KIOSK_OUTBOX_KEY": "outbox_key",
    "KIOSK_OUTBOX_KEY_FILE": "outbox_key_file",
    "KIOSK_TELEMETRY_PATH": "telemetry_path",
    "KIOSK_SITE_ID": "site_id",
    "KIOSK_VOICE": "voice",
    "KIOSK_VNEID_ISSUER": "vneid_issuer",
    "KIOSK_VNEID_AUDIENCE": "vneid_audience",
    "KIOSK_TRUST_STORE": "trust_store",
}


def _decode_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise ConfigError("outbox_key is not valid base64") from exc
    return raw


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in dataclasses.fields(KioskConfig)}[name]
    if kind == "bool" and isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if kind in ("float", "int") and isinstance(value, str):
        try:
            return float(value) if kind == "float" else int(value)
        except ValueError as exc:
            raise ConfigError(f"{name} must be a number") from exc
    if name == "outbox_key" and isinstance(value, str):
        return _decode_key(value)
    if "Path" in str(kind) and isinstance(value, str):
        return Path(value) if value else None
    return value


def load_config(
    toml_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> KioskConfig:
    """Defaults, then the ``[kiosk]`` table of ``toml_path``, then ``env``, then ``overrides`` (CLI)."""
    values: dict[str, Any] = {}
    if toml_path is not None:
        with toml_path.open("rb") as fh:
            values.update(tomllib.load(fh).get("kiosk", {}))
    for var, text in (env or {}).items():
        if var in _ENV:
            values[_ENV[var]] = text
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    key_file = values.pop("outbox_key_file", None)
    if key_file and "outbox_key" not in values:
        values["outbox_key"] = Path(key_file).read_text(encoding="ascii")
    if values.get("orientation") == "landscape" and "width" not in values:
        values.setdefault("width", 1920)
        values.setdefault("height", 1080)
    known = {f.name for f in dataclasses.fields(KioskConfig)}
    unknown = set(values) - known
    if unknown:
        raise ConfigError(f"unknown configuration keys: {sorted(unknown)}")
    return KioskConfig(**{k: _coerce(k, v) for k, v in values.items()})


def default_env() -> Mapping[str, str]:
    """The process environment (called by the composition root, never at import)."""
    return os.environ

"""The kiosk's configuration: one frozen value built from defaults < TOML file < environment < CLI.

Every setting is a field of ``KioskConfig``; in ``kiosk.toml`` it is a key of the ``[kiosk]``
table, in the environment ``KIOSK_`` + its name in capitals (``kiosk_id`` is ``KIOSK_ID``,
``kiosk_key`` ``KIOSK_KEY``). ``docs/configuration.md`` lists them all (a test keeps the two in
step) and ``docs/kiosk.example.toml`` is a sample file.

``load_config`` validates everything it is given with pydantic before the kiosk starts: an
unknown key, a value of the wrong kind (``KIOSK_VOICE=maybe``) or outside its choices
(``KIOSK_ORIENTATION=sideways``) is a ``ConfigError`` whose message names the setting the way
the operator wrote it. Secrets are never echoed.

The kiosk's files (outbox database and its key, telemetry, printed slips) live in ``state_dir``:
relative paths are taken inside it, so one setting moves them all. Nothing is read at import
time; ``load_config`` reads only what it is given; ``prepare_state_dir`` is the one place that
creates the directory.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError

from reference_kiosk.domain.errors import KioskError, OfficeHoursError, Remedy
from reference_kiosk.domain.hours import OfficeHours

__all__ = [
    "ENV_VARS",
    "ConfigError",
    "KioskConfig",
    "StateDirError",
    "default_env",
    "load_config",
    "prepare_state_dir",
]

Seconds = Annotated[float, Field(gt=0)]
Pixels = Annotated[int, Field(gt=0)]


class ConfigError(KioskError):
    """The kiosk is misconfigured: staff must fix it (a citizen can do nothing)."""

    message_vi = "Ki-ốt chưa được cấu hình đúng. Vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The kiosk is not configured correctly. Please ask a staff member for help."
    remedy = Remedy.CALL_STAFF


class StateDirError(ConfigError):
    """The state directory (outbox, key, telemetry, slips) cannot be created or written."""


@dataclass(frozen=True, slots=True)
class KioskConfig:
    # Unknown keys are refused, not ignored: a misspelt setting would otherwise do nothing.
    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(extra="forbid")

    kiosk_id: str = "kiosk-dev"
    kiosk_key: str = dataclasses.field(default="", repr=False)
    backend_url: str = "http://127.0.0.1:8000"  # the port `kiosk-twin backend` serves on by default
    lang: Literal["vi", "en"] = "vi"
    orientation: Literal["portrait", "landscape", "auto"] = "portrait"  # auto: by the panel's aspect
    width: Pixels = 1080
    height: Pixels = 1920
    # On a real machine (docs/decisions/0025): the whole panel, turned for a panel mounted sideways.
    fullscreen: bool = False
    rotation: Literal[0, 90, 180, 270] = 0  # degrees the picture is turned clockwise
    hide_cursor: bool = False  # touch panels show no pointer
    # Closing the window, Ctrl+C, Alt+F4 and Ctrl+Q do not end a locked kiosk; staff leave with
    # Ctrl+Alt+Shift+K (or the four corners tapped in turn) and this PIN (empty: no staff exit).
    lockdown: bool = False
    staff_pin: str = dataclasses.field(default="", repr=False)
    attract_after_s: Seconds = 120.0  # idle seconds on the welcome screen before the attract screen
    # Issue 13: citizens who read slowly or type little need time: warn at 2 minutes, end at 3.
    inactivity_warning_s: Seconds = 120.0
    inactivity_timeout_s: Seconds = 180.0
    goodbye_s: Seconds = 10.0
    verified_s: Seconds = 3.0  # how long the "welcome, <name>" confirmation stays before home
    vneid_poll_s: Seconds = 2.0
    payment_poll_s: Seconds = 3.0
    state_dir: Path = Path("var")
    outbox_path: Path = Path("outbox.sqlite3")  # its key beside it: outbox.key
    outbox_key: bytes = dataclasses.field(default=b"", repr=False)
    telemetry_path: Path | None = Path("telemetry.jsonl")  # None: no telemetry file
    slips_path: Path = Path("slips")  # the print queue's spool folder (PDF slips)
    site_id: str = ""
    voice: bool = False
    tracking_url: str = "{backend_url}/tra-cuu?ma={code}"
    vneid_issuer: str = "https://vneid.mock.local"
    vneid_audience: str = "kiosk-twin"
    trust_store: Path | None = None  # CSCA certificates; loaded once at start (app.compose)
    # The site's desk (docs/decisions/0021): when staff are on duty, and who to call when not.
    office_hours: str = "07:30-11:30,13:30-17:00"  # working days; the gap is the lunch break
    holidays: tuple[dt.date, ...] = ()  # public holidays (days off on weekdays)
    working_weekends: tuple[dt.date, ...] = ()  # Saturdays worked in exchange for a day off
    timezone: str = "Asia/Ho_Chi_Minh"
    hotline: str = ""  # the department's phone line, shown when nobody is on duty
    help_poll_s: Seconds = 5.0  # seconds between checks of a help call
    heartbeat_s: Seconds = 60.0  # seconds between heartbeats to the backend
    # Chip login reads the BAC key from the card's print on the scanner glass (issue 15, decision
    # 0024); off, or without a scanner, the citizen types the ID number and date of birth.
    card_on_glass: bool = True

    def __post_init__(self) -> None:
        if self.lang not in ("vi", "en"):
            raise ConfigError(f"lang must be vi or en, not {self.lang!r}")
        if not 0 < self.inactivity_warning_s < self.inactivity_timeout_s:
            raise ConfigError("inactivity_warning_s must be below inactivity_timeout_s")
        if self.outbox_key and len(self.outbox_key) != 32:
            raise ConfigError("outbox_key must be 32 bytes (AES-256)")
        if not self.backend_url.startswith(("http://", "https://")):
            raise ConfigError("backend_url must start with http:// or https://")
        if self.staff_pin and not (
            self.staff_pin.isascii() and self.staff_pin.isdigit() and 4 <= len(self.staff_pin) <= 12
        ):
            raise ConfigError("staff_pin must be 4 to 12 digits (or empty: no staff exit)")
        try:
            _ = self.office  # parsed now: a bad setting stops the start, not a help call
        except OfficeHoursError as exc:
            raise ConfigError(str(exc)) from None
        # Absolute once, so that relative files land inside it however often this runs.
        state = self.state_dir.absolute()
        object.__setattr__(self, "state_dir", state)
        object.__setattr__(self, "outbox_path", state / self.outbox_path)
        object.__setattr__(self, "slips_path", state / self.slips_path)
        if self.telemetry_path is not None:
            object.__setattr__(self, "telemetry_path", state / self.telemetry_path)

    @property
    def state_dirs(self) -> tuple[Path, ...]:
        """The directories the kiosk writes to (all inside ``state_dir`` unless set absolute)."""
        dirs = [self.state_dir, self.outbox_path.parent, self.slips_path]
        if self.telemetry_path is not None:
            dirs.append(self.telemetry_path.parent)
        return tuple(dict.fromkeys(dirs))

    @property
    def office(self) -> OfficeHours:
        """The site's office hours (raises ``OfficeHoursError`` for a bad setting)."""
        return OfficeHours.parse(
            self.office_hours,
            holidays=self.holidays,
            working_weekends=self.working_weekends,
            timezone=self.timezone,
        )

    def tracking_payload(self, dossier_code: str) -> str:
        return self.tracking_url.format(backend_url=self.backend_url.rstrip("/"), code=dossier_code)


_FILE_ONLY = ("outbox_key_file",)  # read to fill outbox_key, not a field of its own
_SECRETS = frozenset({"kiosk_key", "outbox_key", "outbox_key_file", "staff_pin"})
_OPTIONAL_PATHS = frozenset({"telemetry_path", "trust_store"})  # "" means none
_DATE_LISTS = frozenset({"holidays", "working_weekends"})  # the environment's "2025-01-01,2025-04-30"
SETTINGS: tuple[str, ...] = (*(f.name for f in dataclasses.fields(KioskConfig)), *_FILE_ONLY)


def _env_name(setting: str) -> str:
    return "KIOSK_" + setting.removeprefix("kiosk_").upper()


ENV_VARS: dict[str, str] = {_env_name(s): s for s in SETTINGS}
_ADAPTER = TypeAdapter(KioskConfig)


def _decode_key(text: str, where: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise ConfigError(f"{where}: not valid urlsafe base64") from exc


def _prepare(values: dict[str, Any], origin: Mapping[str, str]) -> dict[str, Any]:
    """The few conversions a TOML file or an environment string cannot express directly."""
    key_file = values.pop("outbox_key_file", None)
    if key_file and "outbox_key" not in values:
        try:
            values["outbox_key"] = Path(key_file).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{origin['outbox_key_file']}: cannot read the key file ({exc})") from exc
        origin = {**origin, "outbox_key": origin["outbox_key_file"]}
    if isinstance(values.get("outbox_key"), str):
        values["outbox_key"] = _decode_key(values["outbox_key"], origin["outbox_key"])
    for name in _OPTIONAL_PATHS & values.keys():
        if values[name] == "":
            values[name] = None
    for name in _DATE_LISTS & values.keys():
        if isinstance(values[name], str):
            values[name] = [part.strip() for part in values[name].split(",") if part.strip()]
    if isinstance(values.get("rotation"), str) and values["rotation"].strip().isdigit():
        values["rotation"] = int(values["rotation"])  # the environment's "90"
    if values.get("orientation") == "auto" and {"width", "height"} & values.keys():
        where = origin.get("width") or origin.get("height")
        raise ConfigError(
            f"{where}: orientation auto takes 1080x1920 or 1920x1080 by the panel; leave width and height out"
        )
    if values.get("orientation") == "landscape" and "width" not in values:
        values.setdefault("width", 1920)
        values.setdefault("height", 1080)
    return values


def _explain(exc: ValidationError, origin: Mapping[str, str]) -> str:
    parts = []
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else "?"
        where = origin.get(name, name)
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            parts.append(f"{where}: unknown setting (see docs/configuration.md)")
            continue
        shown = "" if name in _SECRETS else f" (got {err['input']!r})"
        parts.append(f"{where}: {err['msg']}{shown}")
    return "; ".join(parts)


def load_config(
    toml_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> KioskConfig:
    """Defaults, then the ``[kiosk]`` table of ``toml_path``, then ``env``, then ``overrides`` (CLI)."""
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}  # setting -> how the operator wrote it, for error messages
    if toml_path is not None:
        try:
            with toml_path.open("rb") as fh:
                table = tomllib.load(fh).get("kiosk", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{toml_path}: cannot read it as TOML ({exc})") from exc
        values.update(table)
        origin.update({k: f"{toml_path} [kiosk] {k}" for k in table})
    for var, text in (env or {}).items():
        if var in ENV_VARS:
            values[ENV_VARS[var]] = text
            origin[ENV_VARS[var]] = var
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    values.update(given)
    origin.update({k: f"command line ({k})" for k in given})
    try:
        return _ADAPTER.validate_python(_prepare(values, origin))
    except ValidationError as exc:
        raise ConfigError(_explain(exc, origin)) from None


def prepare_state_dir(config: KioskConfig) -> None:
    """Create the kiosk's state directories and prove each is writable, or raise ``StateDirError``."""
    for directory in config.state_dirs:
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            # A real write: as root os.access says yes even on a read-only file system.
            with tempfile.TemporaryFile(dir=directory):
                pass
        except OSError as exc:
            raise StateDirError(
                f"state directory {directory} is not writable ({exc.strerror or exc}); "
                "set state_dir (KIOSK_STATE_DIR, --state-dir) to a directory the kiosk may write"
            ) from exc


def default_env() -> Mapping[str, str]:
    """The process environment (called by the composition root, never at import)."""
    return os.environ

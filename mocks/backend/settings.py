"""Settings of the simulated backend: command-line options over an optional TOML/JSON config file.

Config file (all keys optional)::

    kiosk_keys = ["secret-1", "ls-kiosk-01=secret-2"]   # KEY, or KIOSK_ID=KEY
    control = true                     # the /control API: only with a loopback host
    host = "127.0.0.1"                 # where it listens (the command's --host)
    audience = "kiosk-twin"            # the kiosk client id the VNeID tokens are issued to
    clock_start = "2025-03-17T08:00:00+07:00"   # freeze the world clock (tests); absent = wall time
    deferred_max_age = 604800          # seconds a kiosk-signed queued submission stays deliverable
    staff_keys = ["staff-secret"]      # the staff console's authority (X-Staff-Key), not a kiosk key
    silent_after = 300                 # seconds without a heartbeat before a kiosk is listed silent
    [beneficiary]  bank_bin = "970415", account = "113366668888", name = "KHO BAC LANG SON"
    [officials]    seed = 7, p_supplement = 0.2, p_payment = 0.1, p_reject = 0.0
    [limits]       file_bytes = 5242880, dossier_bytes = 10485760, request_bytes = 14680064
    [faults]       seed = 1, rules = [{route = "POST /api/v1/dossiers", error_rate = 0.3}]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from mocks.backend.errors import ControlNotLoopbackError
from mocks.backend.faults import FaultPlan

__all__ = [
    "BackendSettings",
    "Beneficiary",
    "KioskKey",
    "Limits",
    "OfficialsSettings",
    "is_loopback",
    "load_settings",
    "parse_kiosk_key",
]


@dataclass(frozen=True, slots=True)
class KioskKey:
    kiosk_id: str
    key: str


def parse_kiosk_key(text: str) -> KioskKey:
    """``KEY`` or ``KIOSK_ID=KEY``; a bare key gets a stable id derived from it (never the key)."""
    kiosk_id, sep, key = text.partition("=")
    if sep and kiosk_id and key:
        return KioskKey(kiosk_id, key)
    return KioskKey("kiosk-" + hashlib.sha256(text.encode()).hexdigest()[:8], text)


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` keeps a service on this machine (names other than localhost: no)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """Where citizens' fees go (the VietQR merchant account)."""

    bank_bin: str = "970415"
    account: str = "113366668888"
    name: str = "KHO BAC NHA NUOC LANG SON"


@dataclass(frozen=True, slots=True)
class OfficialsSettings:
    """How the simulated officials move dossiers along (world-clock durations, seeded choices)."""

    seed: int = 0
    accept_after: dt.timedelta = dt.timedelta(minutes=30)
    process_after: dt.timedelta = dt.timedelta(hours=1)
    return_after: dt.timedelta = dt.timedelta(days=1)
    p_reject: float = 0.0
    p_supplement: float = 0.1
    p_payment: float = 0.1  # an extra financial obligation on a dossier that had no fee
    extra_fee: int = 50_000


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int = 5 * 1024 * 1024
    # 10 MiB: 34 kiosk pages at their 300 KB bound; a 20 MiB dossier held ~112 MB at once (0018).
    dossier_bytes: int = 10 * 1024 * 1024
    # Request bodies, counted as they stream in (body_limit.py): an upload route takes a full
    # dossier in base64 (4/3 of dossier_bytes) plus its form; any other route far less.
    request_bytes: int = 14 * 1024 * 1024
    other_request_bytes: int = 256 * 1024
    lookup_failures: int = 10  # failed look-ups by code + ID number per kiosk ...
    lookup_window: dt.timedelta = dt.timedelta(minutes=10)  # ... per this much world time


@dataclass(frozen=True, slots=True)
class BackendSettings:
    db_path: Path
    kiosk_keys: tuple[KioskKey, ...] = ()
    control: bool = False
    host: str = "127.0.0.1"  # where the server listens: /control needs a loopback one
    issuer: str = "https://vneid.mock.local"
    audience: str = "kiosk-twin"
    token_ttl: dt.timedelta = dt.timedelta(minutes=30)
    # How old a kiosk-signed deferred submission may be (docs/decisions/0015-deferred-delivery.md)
    deferred_max_age: dt.timedelta = dt.timedelta(days=7)
    vneid_ttl: dt.timedelta = dt.timedelta(minutes=3)
    payment_ttl: dt.timedelta = dt.timedelta(minutes=10)
    clock_start: dt.datetime | None = None
    # The staff and volunteer console's keys (help calls, kiosk health): never a kiosk's key.
    staff_keys: tuple[str, ...] = field(default=(), repr=False)
    silent_after: dt.timedelta = dt.timedelta(minutes=5)  # no heartbeat for this long: silent
    timeout_seconds: float = 30.0  # how long a "timeout" fault holds a request
    beneficiary: Beneficiary = field(default_factory=Beneficiary)
    officials: OfficialsSettings = field(default_factory=OfficialsSettings)
    limits: Limits = field(default_factory=Limits)
    faults: FaultPlan = field(default_factory=FaultPlan)

    def __post_init__(self) -> None:
        if self.control and not is_loopback(self.host):
            raise ControlNotLoopbackError(self.host)

    def kiosk_for(self, key: str) -> str | None:
        return next((k.kiosk_id for k in self.kiosk_keys if k.key == key), None)


def _durations(section: dict[str, Any], cls: type[Any]) -> dict[str, Any]:
    """Sections give durations in seconds; unknown keys are an error, not silently ignored."""
    known = {f.name: f for f in fields(cls)}
    unknown = set(section) - set(known)
    if unknown:
        raise ValueError(f"unknown {cls.__name__} keys: {sorted(unknown)}")
    return {
        k: dt.timedelta(seconds=v) if isinstance(getattr(cls(), k), dt.timedelta) else v
        for k, v in section.items()
    }


def load_settings(db_path: Path, config: Path | None = None, **overrides: Any) -> BackendSettings:
    """Defaults, then the config file, then ``overrides`` (the command line) win."""
    data: dict[str, Any] = {}
    if config is not None:
        text = config.read_text(encoding="utf-8")
        data = json.loads(text) if config.suffix == ".json" else tomllib.loads(text)
    values: dict[str, Any] = {}
    keys = [parse_kiosk_key(k) for k in data.pop("kiosk_keys", [])]
    for name, cls in (("beneficiary", Beneficiary), ("officials", OfficialsSettings), ("limits", Limits)):
        if name in data:
            values[name] = cls(**_durations(data.pop(name), cls))
    if "faults" in data:
        values["faults"] = FaultPlan.model_validate(data.pop("faults"))
    if "clock_start" in data:
        start = data.pop("clock_start")
        values["clock_start"] = start if isinstance(start, dt.datetime) else dt.datetime.fromisoformat(start)
    if "staff_keys" in data:
        values["staff_keys"] = tuple(str(k) for k in data.pop("staff_keys"))
    for name in ("token_ttl", "vneid_ttl", "payment_ttl", "deferred_max_age", "silent_after"):
        if name in data:
            values[name] = dt.timedelta(seconds=data.pop(name))
    values.update(data)
    settings = BackendSettings(db_path=db_path, kiosk_keys=tuple(keys), **values)
    extra_keys = tuple(parse_kiosk_key(k) for k in overrides.pop("kiosk_keys", ()))
    settings = replace(settings, kiosk_keys=settings.kiosk_keys + extra_keys, **overrides)
    if settings.clock_start is not None and settings.clock_start.tzinfo is None:
        raise ValueError("clock_start needs a time zone offset")
    return settings

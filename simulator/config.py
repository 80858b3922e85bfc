"""Validated scenario values, loaded from TOML (simulator/scenarios/*.toml or any path).

A scenario is parsed once, up front, into frozen dataclasses; the model never reads TOML.
Every invalid value raises ScenarioError naming its key, e.g. ``sites[0].demand[1].channel``.
Sweeps change the raw TOML data (``apply_override``) and parse again, so overrides are
validated exactly like files.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.distributions import Distribution
from simulator.errors import ScenarioError
from simulator.kiosk_config import KioskModel

__all__ = [
    "AgeGroup",
    "Behaviour",
    "Demand",
    "Scenario",
    "Site",
    "apply_override",
    "load_raw",
    "load_scenario",
    "parse_scenario",
    "read_raw",
    "scenario_path",
]

SCENARIO_DIR = Path(__file__).with_name("scenarios")
PURPOSES = ("submit", "lookup", "pay", "rate", "collect")
CHANNELS = ("counter", "kiosk", "choice")
SHARED_POOL = "*"  # counters = N: one pool serving every field


@dataclass(frozen=True, slots=True)
class Demand:
    purpose: str
    field: str
    channel: str
    hourly: tuple[float, ...] | None  # 24 clock-hour rates; None: ``rate`` during counter hours
    rate: float
    service: Distribution  # counter service, minutes
    patience: Distribution | None  # minutes in the counter queue before reneging
    pool: str  # which counter pool serves this field
    kiosk_affinity: float  # multiplies the kiosk propensity (rating is easier than a full submission)
    weekday_factors: tuple[float, ...] | None = None  # this demand's own 7 day factors (out-of-hours)
    day_hourly: Mapping[int, tuple[float, ...]] | None = None  # weekday -> 24 rates (profile_by_weekday)


@dataclass(frozen=True, slots=True)
class Site:
    id: str
    name: str
    level: str  # province / district / commune: data, not code (districts ended 1 Jul 2025)
    hours: tuple[tuple[int, int], ...]  # counter opening intervals, minutes after midnight
    kiosk_hours: tuple[tuple[int, int], ...]
    open_weekdays: frozenset[int]  # 0 = Monday
    kiosk_weekdays: frozenset[int]
    counters: Mapping[str, int]  # pool -> counters
    kiosks: int
    helpers: int
    helpers_until_week: int | None
    helper_duty_fraction: float
    ticket_seconds: float
    no_show_minutes: float
    wait_for_opening: float  # minutes a citizen arriving before opening (or at lunch) will wait
    demand: tuple[Demand, ...]
    # Counter and kiosk intervals per weekday (0 = Monday; empty: closed), from hours, open_weekdays
    # and hours_by_weekday (e.g. Saturday mornings); what the calendar uses.
    day_hours: tuple[tuple[tuple[int, int], ...], ...] = ()
    kiosk_day_hours: tuple[tuple[tuple[int, int], ...], ...] = ()
    last_ticket: tuple[float, float] = (0.0, 0.0)  # no new tickets this many minutes before lunch, closing

    @property
    def always_open(self) -> bool:
        return all(day == ((0, 1440),) for day in self.day_hours) and self.last_ticket == (0.0, 0.0)


@dataclass(frozen=True, slots=True)
class AgeGroup:
    name: str
    share: float
    literacy: float  # chance a citizen of this group can use the kiosk unaided or with help


@dataclass(frozen=True, slots=True)
class Behaviour:
    """Channel choice: awareness grows with outreach; literacy by age; queues and staff push."""

    awareness_start: float
    awareness_max: float
    awareness_weeks: float  # time constant of the outreach effect
    age_groups: tuple[AgeGroup, ...]
    queue_sensitivity: float  # extra kiosk propensity per citizen waiting in the same counter pool
    steering: float  # chance an on-duty helper steers an able but unaware citizen to the kiosk
    give_up_to_counter: float  # chance a citizen who gives up at the kiosk goes to the counter


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    description: str
    start_date: dt.date
    days: int
    warmup_days: int
    replications: int
    seed: int
    holidays: frozenset[dt.date]
    weekday_factors: tuple[float, ...]
    month_factors: Mapping[int, float]
    behaviour: Behaviour
    kiosk: KioskModel
    sites: tuple[Site, ...]
    monitor_minutes: float  # mean gap of queue-length samples (0: off); used for Little's law

    def site(self, site_id: str) -> Site:
        return next(s for s in self.sites if s.id == site_id)


def scenario_path(name_or_path: str) -> Path:
    """A TOML file (by path), else a shipped scenario by name; a directory is never a scenario."""
    path = Path(name_or_path)
    if path.is_file() or path.suffix == ".toml":
        return path
    shipped = SCENARIO_DIR / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped  # even when a folder of that name (e.g. its results) is in the working directory
    names = ", ".join(sorted(p.stem for p in SCENARIO_DIR.glob("*.toml")))
    if path.is_dir():
        raise ScenarioError("scenario", f"{name_or_path!r} is a directory, not a scenario; shipped: {names}")
    raise ScenarioError("scenario", f"no scenario named {name_or_path!r}; shipped: {names}")


def read_raw(name_or_path: str) -> tuple[dict[str, Any], Path]:
    path = scenario_path(name_or_path)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh), path
    except FileNotFoundError:
        raise ScenarioError("scenario", f"file {path} does not exist") from None
    except IsADirectoryError:
        raise ScenarioError("scenario", f"{path} is a directory, not a scenario file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(str(path), f"is not valid TOML: {exc}") from None


def load_scenario(name_or_path: str, overrides: Mapping[str, object] | None = None) -> Scenario:
    raw, base_dir = load_raw(name_or_path, overrides)
    return parse_scenario(raw, base_dir=base_dir)


def load_raw(name_or_path: str, overrides: Mapping[str, object] | None = None) -> tuple[dict[str, Any], Path]:
    """The scenario's TOML data with its base merged and overrides applied, and the directory its
    relative paths start from; for callers that change it further before ``parse_scenario``."""
    raw, path = read_raw(name_or_path)
    raw = _resolve_base(raw, path, depth=0)
    for key, value in (overrides or {}).items():
        apply_override(raw, key, value)
    return raw, path.parent


def _resolve_base(raw: dict[str, Any], path: Path, depth: int) -> dict[str, Any]:
    """A what-if scenario names a ``base`` scenario and lists ``[overrides]`` as in ``kiosk-sim sweep``."""
    if "base" not in raw:
        if "overrides" in raw:
            raise ScenarioError("overrides", "needs a 'base' scenario to override")
        return raw
    base_name = raw.pop("base")
    if not isinstance(base_name, str) or depth > 5:
        raise ScenarioError("base", "must name one shipped scenario or a TOML path (no cycles)")
    base_file = path.parent / base_name if base_name.endswith(".toml") else scenario_path(base_name)
    base, base_path = read_raw(str(base_file))
    merged = _resolve_base(base, base_path, depth + 1)
    _anchor_params_file(merged, base_path.parent)
    overrides = raw.pop("overrides", {})
    if not isinstance(overrides, dict):
        raise ScenarioError("overrides", 'must be a table of "key" = value pairs')
    for key, value in overrides.items():
        apply_override(merged, key, value)
    merged.update(raw)  # name, description and any top-level key of the what-if win
    return merged


def _anchor_params_file(raw: dict[str, Any], base_dir: Path) -> None:
    """The base's ``kiosk.params_file`` is relative to the base file, wherever the what-if lives."""
    kiosk = raw.get("kiosk")
    ref = kiosk.get("params_file") if isinstance(kiosk, dict) else None
    if isinstance(kiosk, dict) and isinstance(ref, str) and not Path(ref).is_absolute():
        kiosk["params_file"] = str((base_dir / ref).resolve())


def apply_override(raw: dict[str, Any], key: str, value: object) -> None:
    """``kiosks=2`` (every site), ``sites.prov.kiosks=2``, ``sites.*.helpers=0``, ``behaviour.steering=0.5``.

    Applied to the raw TOML data, so the result is validated like a file. Repeated sites are
    expanded first, so ``sites.commune-05.kiosks=2`` reaches one copy. A key ending in ``+``
    appends to a list (``sites.prov.demand+`` adds demand entries).
    """
    from simulator.repeat import expand_repeats

    expand_repeats(raw)
    append = key.endswith("+")
    key = key.removesuffix("+")
    if append:
        value = _Append(value)
    parts = key.split(".")
    sites = raw.get("sites", [])
    if parts[0] == "sites" and len(parts) >= 3:
        targets = [s for s in sites if parts[1] in ("*", s.get("id"))]
        if not targets:
            raise ScenarioError(key, f"no site with id {parts[1]!r}")
        for site in targets:
            _set_path(site, parts[2:], value, key)
    elif len(parts) == 1 and parts[0] in _SITE_KEYS and parts[0] not in raw:
        for site in sites:
            site[parts[0]] = value
    else:
        _set_path(raw, parts, value, key)


class _Append:
    """An override value to add to the end of a list instead of replacing it."""

    def __init__(self, value: object) -> None:
        self.items = list(value) if isinstance(value, list) else [value]


def _set_path(table: dict[str, Any], parts: list[str], value: object, key: str) -> None:
    for part in parts[:-1]:
        nxt = table.setdefault(part, {})
        if not isinstance(nxt, dict):
            raise ScenarioError(key, f"{part!r} is not a table")
        table = nxt
    if isinstance(value, _Append):
        old = table.setdefault(parts[-1], [])
        if not isinstance(old, list):
            raise ScenarioError(key, "only a list can be appended to (drop the '+')")
        table[parts[-1]] = [*old, *copy.deepcopy(value.items)]
    else:
        table[parts[-1]] = value


_SITE_KEYS = {
    "counters", "kiosks", "helpers", "helpers_until_week", "helper_duty_fraction", "ticket_seconds",
    "no_show_minutes", "hours", "kiosk_hours", "demand_scale", "wait_for_opening_minutes",
    "hours_by_weekday", "last_ticket_minutes", "open_weekdays", "kiosk_weekdays",
}  # fmt: skip


def parse_scenario(raw: Mapping[str, Any], base_dir: Path | None = None) -> Scenario:
    from simulator.repeat import expand_repeats
    from simulator.scenario_parse import parse_root

    data = copy.deepcopy(dict(raw))
    expand_repeats(data)
    return parse_root(data, base_dir or SCENARIO_DIR)

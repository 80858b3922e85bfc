"""TOML data -> Scenario, validating every key (errors name the key's path)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simulator._tables import Table, parse_clock
from simulator.config import CHANNELS, PURPOSES, SHARED_POOL, AgeGroup, Behaviour, Demand, Scenario, Site
from simulator.errors import ScenarioError
from simulator.kiosk_config import parse_kiosk

__all__ = ["parse_root"]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _date(value: object, key: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ScenarioError(key, f"must be a date like 2025-03-15, got {value!r}")


def _intervals(
    t: Table, name: str, default: object, allow_empty: bool = False
) -> tuple[tuple[int, int], ...]:
    value = t.raw(name, default)
    key = t.key(name)
    if not isinstance(value, list) or not (value or allow_empty):
        raise ScenarioError(key, 'must be a list of ["HH:MM", "HH:MM"] pairs')
    out: list[tuple[int, int]] = []
    for i, pair in enumerate(value):
        if not isinstance(pair, list) or len(pair) != 2:
            raise ScenarioError(f"{key}[{i}]", 'must be a pair ["HH:MM", "HH:MM"]')
        start, end = parse_clock(pair[0], f"{key}[{i}][0]"), parse_clock(pair[1], f"{key}[{i}][1]")
        if end <= start or (out and start < out[-1][1]):
            raise ScenarioError(f"{key}[{i}]", "intervals must be increasing and not overlap")
        out.append((start, end))
    return tuple(out)


def _weekdays(t: Table, name: str, default: object) -> frozenset[int]:
    value = t.raw(name, default)
    if not isinstance(value, list) or not all(isinstance(d, str) and d in WEEKDAYS for d in value):
        raise ScenarioError(t.key(name), f"must be a list of weekday names from {', '.join(WEEKDAYS)}")
    return frozenset(WEEKDAYS.index(d) for d in value)


def _profile(t: Table, name: str, default: tuple[float, ...]) -> tuple[float, ...]:
    value = t.raw(name)
    if value is None:
        return default
    ok = (
        isinstance(value, list)
        and len(value) == 24
        and all(isinstance(v, int | float) and v >= 0 for v in value)
    )
    if not ok or sum(value) <= 0:
        raise ScenarioError(t.key(name), "must be 24 non-negative hourly weights, not all zero")
    return tuple(float(v) for v in value)


def _hours_profile(hours: tuple[tuple[int, int], ...]) -> tuple[float, ...]:
    """Default daily profile: flat over counter hours (each clock hour weighted by its open minutes)."""
    return tuple(
        float(sum(max(0, min(b, h * 60 + 60) - max(a, h * 60)) for a, b in hours)) for h in range(24)
    )


def _by_weekday(t: Table, name: str) -> Table:
    """A table keyed by weekday names (hours_by_weekday, profile_by_weekday)."""
    sub = t.sub(name)
    for day in sub.data:
        if day not in WEEKDAYS:
            raise ScenarioError(sub.key(day), f"is not a weekday; use {', '.join(WEEKDAYS)}")
    return sub


def _day_hours(
    t: Table, hours: tuple[tuple[int, int], ...], open_days: frozenset[int]
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Counter hours per weekday: ``hours`` on open_weekdays unless hours_by_weekday says otherwise."""
    sub = _by_weekday(t, "hours_by_weekday")
    out = [hours if d in open_days else () for d in range(7)]
    for day in sub.data:
        out[WEEKDAYS.index(day)] = _intervals(sub, day, None, allow_empty=True)  # [] closes that day
    sub.done()
    return tuple(out)


def _kiosk_day_hours(
    t: Table, day_hours: tuple[tuple[tuple[int, int], ...], ...], hours: tuple[tuple[int, int], ...]
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Kiosk hours per weekday: kiosk_hours if given, else that day's counter hours (or ``hours``)."""
    default_days = [WEEKDAYS[d] for d in range(7) if day_hours[d]]
    days = _weekdays(t, "kiosk_weekdays", default_days)
    explicit = _intervals(t, "kiosk_hours", [["00:00", "24:00"]]) if t.has("kiosk_hours") else None
    return tuple((explicit or day_hours[d] or hours) if d in days else () for d in range(7))


def _last_ticket(t: Table) -> tuple[float, float]:
    """``last_ticket_minutes = 15`` (before lunch and closing) or ``{ lunch = 15, close = 30 }``."""
    value = t.raw("last_ticket_minutes", 0)
    if isinstance(value, dict):
        sub = t.sub("last_ticket_minutes")
        pair = (sub.number("lunch", 0.0, hi=240), sub.number("close", 0.0, hi=240))
        sub.done()
        return pair
    minutes = t.number("last_ticket_minutes", 0.0, hi=240)
    return minutes, minutes


def _rates(t: Table, scale: float, profile: tuple[float, ...]) -> tuple[tuple[float, ...] | None, float]:
    """A scalar rate during counter hours, 24 hourly rates, or a daily volume spread by a profile."""
    if t.has("arrivals_per_day") == t.has("arrivals_per_hour"):
        raise ScenarioError(
            t.key("arrivals_per_hour"), "give exactly one of arrivals_per_hour or arrivals_per_day"
        )
    if t.has("arrivals_per_day"):
        per_day = t.number("arrivals_per_day") * scale
        weights = _profile(t, "profile", profile)
        return tuple(per_day * w / sum(weights) for w in weights), 0.0
    value = t.required("arrivals_per_hour")
    key = t.key("arrivals_per_hour")
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return None, float(value) * scale
    if (
        isinstance(value, list)
        and len(value) == 24
        and all(isinstance(v, int | float) and v >= 0 for v in value)
    ):
        return tuple(float(v) * scale for v in value), 0.0
    raise ScenarioError(key, "must be a non-negative number or a list of 24 hourly rates")


def _day_factors(t: Table) -> tuple[float, ...] | None:
    value = t.raw("weekday_factors")
    if value is None:
        return None
    ok = isinstance(value, list) and len(value) == 7
    if not ok or not all(isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in value):
        raise ScenarioError(t.key("weekday_factors"), "must be 7 non-negative numbers, Monday first")
    return tuple(float(v) for v in value)


def _day_hourly(
    t: Table, scale: float, day_profiles: Mapping[int, tuple[float, ...]]
) -> dict[int, tuple[float, ...]] | None:
    """A daily volume spread by the site's profile_by_weekday on those weekdays."""
    if not day_profiles or not t.has("arrivals_per_day") or t.has("profile"):
        return None
    per_day = t.number("arrivals_per_day") * scale
    return {d: tuple(per_day * w / sum(p) for w in p) for d, p in day_profiles.items()}


def _demand(
    t: Table,
    pools: Mapping[str, int],
    scale: float,
    profile: tuple[float, ...],
    day_profiles: Mapping[int, tuple[float, ...]] | None = None,
) -> Demand:
    purpose = t.text("purpose", choices=PURPOSES)
    field = t.text("field", "general")
    channel = t.text("channel", choices=CHANNELS)
    if purpose == "collect" and channel == "kiosk":
        raise ScenarioError(t.key("channel"), "results are collected at a counter, not at the kiosk")
    hourly, rate = _rates(t, scale, profile)
    service = t.distribution("service_minutes")
    patience = t.distribution("patience_minutes", required=False)
    affinity = t.number("kiosk_affinity", 1.0, hi=100.0)
    assert service is not None
    if SHARED_POOL in pools:
        pool = SHARED_POOL
    elif field in pools:
        pool = field
    elif "other" in pools:
        pool = "other"
    else:
        raise ScenarioError(
            t.key("field"), f"no counters serve field {field!r} (add it or 'other' to counters)"
        )
    factors = _day_factors(t)
    day_hourly = _day_hourly(t, scale, day_profiles or {})
    t.done()
    return Demand(
        purpose, field, channel, hourly, rate, service, patience, pool, affinity, factors, day_hourly
    )


def _counters(t: Table) -> dict[str, int]:
    value = t.required("counters")
    if isinstance(value, int) and not isinstance(value, bool):
        return {SHARED_POOL: t.integer("counters")}
    sub = t.sub("counters")
    pools = {name: sub.integer(name, lo=1) for name in sub.data}
    if not pools:
        raise ScenarioError(t.key("counters"), "must be a number or a table of counters per field")
    return pools


def _site(t: Table, site_id: str) -> Site:
    hours = _intervals(t, "hours", [["07:30", "11:30"], ["13:30", "17:00"]])
    open_days = _weekdays(t, "open_weekdays", list(WEEKDAYS))
    day_hours = _day_hours(t, hours, open_days)
    kiosk_day_hours = _kiosk_day_hours(t, day_hours, hours)
    pools = _counters(t)
    scale = t.number("demand_scale", 1.0)
    profile = _profile(t, "profile", _hours_profile(hours))
    profiles_sub = _by_weekday(t, "profile_by_weekday")
    day_profiles = {WEEKDAYS.index(d): _profile(profiles_sub, d, profile) for d in profiles_sub.data}
    until = t.raw("helpers_until_week")
    if until is not None:
        until = t.integer("helpers_until_week")
    site = Site(
        id=site_id,
        name=t.text("name", site_id),
        level=t.text("level", "commune"),
        hours=hours,
        kiosk_hours=next((h for h in kiosk_day_hours if h), hours),
        open_weekdays=frozenset(d for d in range(7) if day_hours[d]),
        kiosk_weekdays=frozenset(d for d in range(7) if kiosk_day_hours[d]),
        counters=pools,
        kiosks=t.integer("kiosks", 0),
        helpers=t.integer("helpers", 0),
        helpers_until_week=until,
        helper_duty_fraction=t.number("helper_duty_fraction", 0.0, hi=0.95),
        ticket_seconds=t.number("ticket_seconds", 0.0),
        no_show_minutes=t.number("no_show_minutes", 0.0),
        wait_for_opening=t.number("wait_for_opening_minutes", 120.0),
        demand=tuple(_demand(d, pools, scale, profile, day_profiles) for d in t.items("demand")),
        day_hours=day_hours,
        kiosk_day_hours=kiosk_day_hours,
        last_ticket=_last_ticket(t),
    )
    if not site.demand:
        raise ScenarioError(t.key("demand"), "a site needs at least one [[sites.demand]] entry")
    t.raw("id")
    t.done()
    return site


def _sites(root: Table) -> tuple[Site, ...]:
    """Repeated sites are already expanded (simulator.repeat), one table per site."""
    sites = [_site(t, t.text("id")) for t in root.items("sites")]
    ids = [s.id for s in sites]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup is not None:
        raise ScenarioError("sites", f"site id {dup!r} appears twice")
    if not sites:
        raise ScenarioError("sites", "a scenario needs at least one [[sites]] table")
    return tuple(sites)


def _behaviour(raw: object) -> Behaviour:
    t = Table(raw, "behaviour")
    groups = []
    for g in t.items("age_groups"):
        groups.append(AgeGroup(g.text("name"), g.number("share", hi=1), g.number("literacy", hi=1)))
        g.done()
    if not groups:
        groups = [AgeGroup("all", 1.0, 1.0)]
    total = sum(g.share for g in groups)
    if abs(total - 1.0) > 1e-6:
        raise ScenarioError("behaviour.age_groups", f"shares must add up to 1, they add up to {total:g}")
    b = Behaviour(
        awareness_start=t.number("awareness_start", 0.1, hi=1),
        awareness_max=t.number("awareness_max", 0.5, hi=1),
        awareness_weeks=t.number("awareness_weeks", 4.0, lo=1e-6),
        age_groups=tuple(groups),
        queue_sensitivity=t.number("queue_sensitivity", 0.02, hi=1),
        steering=t.number("steering", 0.2, hi=1),
        give_up_to_counter=t.number("give_up_to_counter", 0.7, hi=1),
    )
    t.done()
    return b


def _calendar(t: Table) -> tuple[frozenset[dt.date], tuple[float, ...], dict[int, float]]:
    holidays_raw = t.raw("holidays", [])
    if not isinstance(holidays_raw, list):
        raise ScenarioError("holidays", "must be a list of dates")
    holidays = frozenset(_date(d, f"holidays[{i}]") for i, d in enumerate(holidays_raw))
    wf = t.raw("weekday_factors", [1.0] * 7)
    if not isinstance(wf, list) or len(wf) != 7 or not all(isinstance(v, int | float) and v >= 0 for v in wf):
        raise ScenarioError("weekday_factors", "must be 7 non-negative numbers, Monday first")
    mt = t.sub("month_factors")
    months: dict[int, float] = {}
    for name in mt.data:
        if not name.isdigit() or not 1 <= int(name) <= 12:
            raise ScenarioError(mt.key(name), "month keys are 1..12")
        months[int(name)] = mt.number(name)
    return holidays, tuple(float(v) for v in wf), months


def parse_root(raw: Mapping[str, Any], base_dir: Path) -> Scenario:
    t = Table(raw, "")
    days = t.integer("days", lo=1, hi=100_000)
    warmup = t.integer("warmup_days", 0, hi=100_000)
    if warmup >= days:
        raise ScenarioError("warmup_days", f"must be less than days ({days}), got {warmup}")
    holidays, weekday_factors, months = _calendar(t)
    scenario = Scenario(
        name=t.text("name"),
        description=t.text("description", "-"),
        start_date=_date(t.raw("start_date", "2025-01-06"), "start_date"),
        days=days,
        warmup_days=warmup,
        replications=t.integer("replications", 10, lo=1, hi=100_000),
        seed=t.integer("seed", 0, hi=2**63),
        holidays=holidays,
        weekday_factors=weekday_factors,
        month_factors=months,
        behaviour=_behaviour(t.raw("behaviour", {})),
        kiosk=parse_kiosk(t.raw("kiosk", {}), base_dir),
        sites=_sites(t),
        monitor_minutes=t.number("monitor_minutes", 0.0),
    )
    t.done()
    return scenario

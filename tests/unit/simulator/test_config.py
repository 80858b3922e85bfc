"""Scenario files: shipped ones load; every invalid value is reported with the offending key."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from simulator.config import SCENARIO_DIR, apply_override, load_scenario, parse_scenario
from simulator.errors import ScenarioError


@pytest.mark.parametrize("path", sorted(SCENARIO_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_scenarios_load(path: Path) -> None:
    scenario = load_scenario(path.stem)
    assert scenario.sites
    assert all(site.demand for site in scenario.sites)


def test_mmc_example_is_one_small_mm3_queue() -> None:
    s = load_scenario("mmc")
    site = s.sites[0]
    assert (s.days, s.warmup_days, s.replications, s.seed) == (30, 2, 10, 7)
    assert site.counters == {"*": 3}
    assert site.kiosks == 0
    assert site.always_open
    assert site.demand[0].rate == pytest.approx(2.7)
    assert site.demand[0].service.mean == 60


def test_rollout_has_the_centre_and_65_commune_level_sites() -> None:
    s = load_scenario("rollout")
    levels = [site.level for site in s.sites]
    assert levels.count("province") == 1
    assert levels.count("commune") == 65
    assert {"ward-1", "commune-01", "commune-61"} <= {site.id for site in s.sites}


def test_what_ifs_change_only_what_they_say() -> None:
    base = load_scenario("pilot-2025")
    two = load_scenario("two-kiosks-provincial")
    assert [s.kiosks for s in two.sites] == [2, 1, 1]
    assert [s.kiosks for s in base.sites] == [1, 1, 1]
    assert two.kiosk == base.kiosk
    assert two.behaviour == base.behaviour
    no_help = load_scenario("no-helpers-after-week-8")
    assert {s.helpers_until_week for s in no_help.sites} == {8}
    extended = load_scenario("extended-hours")
    assert all(s.hours == ((450, 1020),) and 5 in s.open_weekdays for s in extended.sites)


BAD: list[tuple[str, object, str | None]] = [
    ("days", 0, "days"),
    ("warmup_days", 9, "warmup_days"),
    ("seed", "x", "seed"),
    ("sites.0.counters", "three", "sites[0].counters"),
    ("sites.0.hours", [["09:00", "08:00"]], "sites[0].hours[0]"),
    ("sites.0.hours", [["9h", "10:00"]], "sites[0].hours[0][0]"),
    ("sites.0.demand.0.channel", "phone", "sites[0].demand[0].channel"),
    ("sites.0.demand.0.purpose", "complain", "sites[0].demand[0].purpose"),
    ("sites.0.demand.0.arrivals_per_hour", [1, 2], "sites[0].demand[0].arrivals_per_hour"),
    ("sites.0.demand.0.service_minutes", {"dist": "exponential", "mean": 0},
     "sites[0].demand[0].service_minutes.mean"),
    ("sites.0.demand.0.field", "land", None),  # fine with a shared pool: no error
    ("sites.0.kiosks", -1, "sites[0].kiosks"),
    ("sites.0.kiosk", 1, "sites[0].kiosk"),  # a typo is an unknown key
    ("behaviour.steering", 2, "behaviour.steering"),
    ("kiosk.steps.form.abandon", 1.5, "kiosk.steps.form.abandon"),
    ("kiosk.steps.typing.abandon", 0.5, "kiosk.steps.typing"),
]  # fmt: skip


def _set(raw: dict[str, Any], dotted: str, value: object) -> None:
    node: Any = raw
    parts = dotted.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    node[parts[-1]] = value


@pytest.mark.parametrize(("path", "value", "key"), BAD, ids=[b[0] + "=" + repr(b[1]) for b in BAD])
def test_invalid_values_name_the_offending_key(
    mm_raw: dict[str, Any], path: str, value: object, key: str | None
) -> None:
    _set(mm_raw, path, value)
    if key is None:
        parse_scenario(mm_raw)
        return
    with pytest.raises(ScenarioError) as err:
        parse_scenario(mm_raw)
    assert err.value.key == key
    assert str(err.value).startswith(key)


def test_a_field_without_counters_is_named(mm_raw: dict[str, Any]) -> None:
    mm_raw["sites"][0]["counters"] = {"residence": 1}
    mm_raw["sites"][0]["demand"][0]["field"] = "land"
    with pytest.raises(ScenarioError, match="no counters serve field 'land'") as err:
        parse_scenario(mm_raw)
    assert err.value.key == "sites[0].demand[0].field"


def test_overrides_reach_one_site_or_all(mm_raw: dict[str, Any]) -> None:
    mm_raw["sites"].append(copy.deepcopy(mm_raw["sites"][0]) | {"id": "b"})
    apply_override(mm_raw, "sites.b.counters", 5)
    apply_override(mm_raw, "kiosks", 1)
    apply_override(mm_raw, "behaviour.steering", 0.5)
    s = parse_scenario(mm_raw)
    assert [site.counters["*"] for site in s.sites] == [2, 5]
    assert [site.kiosks for site in s.sites] == [1, 1]
    assert s.behaviour.steering == 0.5
    with pytest.raises(ScenarioError, match="no site with id 'zz'"):
        apply_override(mm_raw, "sites.zz.kiosks", 1)


def test_unknown_scenario_name_lists_the_shipped_ones() -> None:
    with pytest.raises(ScenarioError, match="pilot-2025"):
        load_scenario("pilot-2052")


def test_repeated_sites_need_a_numbered_id(mm_raw: dict[str, Any]) -> None:
    mm_raw["sites"][0]["repeat"] = 3
    with pytest.raises(ScenarioError) as err:
        parse_scenario(mm_raw)
    assert err.value.key == "sites[0].id"
    mm_raw["sites"][0]["id"] = "c-{n}"
    assert [s.id for s in parse_scenario(mm_raw).sites] == ["c-1", "c-2", "c-3"]

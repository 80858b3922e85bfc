"""Pilot sites and agencies are data, validated at load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mocks.backend.catalogue_errors import SitesError
from mocks.backend.sites import load_agencies, load_sites, site_of_kiosk


def test_three_pilot_sites_with_their_kiosks() -> None:
    sites = [s for s in load_sites() if s.kiosks]
    assert len(sites) == 3
    names = " / ".join(s.name for s in sites)
    assert "Trung tâm Phục vụ hành chính công" in names
    assert "Cao Lộc" in names
    assert "Vĩnh Trại" in names
    assert all(s.agencies for s in sites)
    vinh_trai = site_of_kiosk(sites, "KIOSK-VTR-01")
    assert vinh_trai is not None
    assert "Vĩnh Trại" in vinh_trai.name
    assert site_of_kiosk(sites, "KIOSK-NOWHERE") is None


def test_the_65_commune_level_centres_of_2025_each_with_committee_and_police() -> None:
    agencies = {a.id: a for a in load_agencies()}
    centres = [s for s in load_sites() if s.id != "lso-province-center" and not s.kiosks]
    assert len(centres) == 65  # Resolution 1672/NQ-UBTVQH15: 61 communes and 4 wards
    assert sum(" phường " in s.name for s in centres) == 4
    for site in centres:
        kinds = sorted((agencies[a].level, agencies[a].kind) for a in site.agencies)
        assert kinds == [("commune", "people_committee"), ("commune", "police")], site.id
    assert len({s.name for s in centres}) == 65


def test_agencies_have_every_level_and_unique_ids() -> None:
    agencies = load_agencies()
    assert {a.level for a in agencies} == {"province", "district", "commune"}
    assert len({a.id for a in agencies}) == len(agencies)
    assert all(a.id.endswith(".H36") for a in agencies)


def test_every_site_agency_is_known() -> None:
    known = {a.id for a in load_agencies()}
    assert all(set(s.agencies) <= known for s in load_sites())


def _write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


AGENCIES = {"agencies": [{"id": "A1", "name": "UBND xã A", "level": "commune"}]}


@pytest.mark.parametrize(
    ("sites", "why"),
    [
        ({"sites": [{"id": "s", "name": "S", "agencies": ["A2"], "kiosks": ["K1"]}]}, "unknown agencies"),
        (
            {
                "sites": [
                    {"id": "s", "name": "S", "agencies": ["A1"], "kiosks": ["K1"]},
                    {"id": "t", "name": "T", "agencies": ["A1"], "kiosks": ["K1"]},
                ]
            },
            "kiosk id",
        ),
        ({"sites": [{"id": "s", "agencies": ["A1"], "kiosks": ["K1"]}]}, "site #0"),
        ({"places": []}, "'sites' list"),
    ],
)
def test_bad_sites_fail_clearly(tmp_path: Path, sites: object, why: str) -> None:
    agencies = _write(tmp_path, "agencies.json", AGENCIES)
    with pytest.raises(SitesError, match=why):
        load_sites(_write(tmp_path, "sites.json", sites), agencies)


@pytest.mark.parametrize(
    ("agencies", "why"),
    [
        ({"agencies": [{"id": "A1", "name": "X", "level": "county"}]}, "agency #0"),
        ({"agencies": [AGENCIES["agencies"][0], AGENCIES["agencies"][0]]}, "duplicate"),
    ],
)
def test_bad_agencies_fail_clearly(tmp_path: Path, agencies: object, why: str) -> None:
    with pytest.raises(SitesError, match=why):
        load_agencies(_write(tmp_path, "agencies.json", agencies))


def test_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "agencies.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SitesError, match="cannot read"):
        load_agencies(tmp_path / "agencies.json")

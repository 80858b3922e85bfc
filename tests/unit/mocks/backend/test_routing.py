"""Agency routing: a dossier goes to the agency of the kiosk's own site that handles its procedure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mocks.backend.catalogue import load_catalogue
from mocks.backend.catalogue_errors import SitesError
from mocks.backend.routing import AgencyRouter, build_router
from mocks.backend.sites import load_agencies, load_sites
from reference_kiosk.api import Agency, Site
from tests.support.backend import KIOSK_KEY, BackendDriver, SyncAsgiClient, dossier_body, make_app

CAO_LOC_POLICE, CAO_LOC_COMMITTEE = "000.25.36.H36", "000.24.36.H36"
VINH_TRAI_POLICE, VINH_TRAI_COMMITTEE = "000.31.36.H36", "000.30.36.H36"
PROVINCE_JUSTICE = "000.00.11.H36"
KEYS = {"KIOSK-LSN-01": KIOSK_KEY, "KIOSK-CLC-01": "cao-loc-key", "KIOSK-VTR-01": "vinh-trai-key"}


@pytest.fixture(scope="module")
def router() -> AgencyRouter:
    return build_router(load_agencies(), load_sites())


@pytest.mark.parametrize(
    ("procedure", "kiosk", "agency"),
    [
        ("1.004222", "KIOSK-CLC-01", CAO_LOC_POLICE),  # residence: the commune police of the site
        ("1.004222", "KIOSK-VTR-01", VINH_TRAI_POLICE),
        ("1.001193", "KIOSK-CLC-01", CAO_LOC_COMMITTEE),  # civil status: the commune People's Committee
        ("2.000815", "KIOSK-CLC-01", CAO_LOC_COMMITTEE),  # certification: likewise
        ("2.000815", "KIOSK-VTR-01", VINH_TRAI_COMMITTEE),
        ("2.001417", "KIOSK-CLC-01", PROVINCE_JUSTICE),  # province level: the department, from anywhere
        ("2.001417", "KIOSK-LSN-01", PROVINCE_JUSTICE),
        ("1.004222", "KIOSK-LSN-01", VINH_TRAI_POLICE),  # no commune police at the province centre
        ("1.012794", "KIOSK-VTR-01", "000.23.36.H36"),  # no district office at the ward: the default
        ("1.004222", "KIOSK-NOWHERE", VINH_TRAI_POLICE),  # an unknown kiosk: the default
    ],
)
def test_the_receiving_agency_depends_on_the_kiosk_site(
    router: AgencyRouter, procedure: str, kiosk: str, agency: str
) -> None:
    assert router.receiving_agency(load_catalogue().require(procedure), kiosk) == agency


def test_handles_means_same_kind_and_level_as_the_default(router: AgencyRouter) -> None:
    residence = load_catalogue().require("1.004222")
    assert router.handles(CAO_LOC_POLICE, residence)
    assert router.handles(VINH_TRAI_POLICE, residence)
    assert not router.handles("000.00.15.H36", residence)  # police, but provincial
    assert not router.handles(CAO_LOC_COMMITTEE, residence)  # commune, but not police
    assert not router.handles("nope", residence)


def test_a_site_with_two_agencies_of_one_kind_and_level_is_refused() -> None:
    agencies = [Agency(id="A", name="a", level="commune", kind="police"),
                Agency(id="B", name="b", level="commune", kind="police")]  # fmt: skip
    with pytest.raises(SitesError, match="both commune police"):
        build_router(agencies, [Site(id="s", name="s", agencies=["A", "B"], kiosks=["K"])])
    with pytest.raises(SitesError, match="unknown agency"):
        build_router(agencies, [Site(id="s", name="s", agencies=["A", "C"], kiosks=["K"])])


@pytest.fixture
def client(tmp_path: Path) -> Iterator[SyncAsgiClient]:
    app = make_app(tmp_path / "r.sqlite", kiosk_keys=tuple(f"{k}={v}" for k, v in KEYS.items()))
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as test_client:
        yield test_client
    app.state.backend.close()


def _submit_at(client: SyncAsgiClient, kiosk: str) -> dict[str, str]:
    twin = BackendDriver(client)
    auth = twin.login() | {"X-Kiosk-Key": KEYS[kiosk]}
    answer = client.post("/api/v1/dossiers", json=dossier_body(), headers=auth)
    assert answer.status_code == 201, answer.text
    body: dict[str, str] = answer.json()
    return body


def test_a_household_dossier_from_cao_loc_goes_to_its_own_commune_police(client: SyncAsgiClient) -> None:
    at_cao_loc = _submit_at(client, "KIOSK-CLC-01")
    assert (at_cao_loc["agency"], at_cao_loc["code"]) == (CAO_LOC_POLICE, f"{CAO_LOC_POLICE}-250317-0001")
    at_vinh_trai = _submit_at(client, "KIOSK-VTR-01")  # the counter is per agency: 0001 again
    assert at_vinh_trai["code"] == f"{VINH_TRAI_POLICE}-250317-0001"
    again = _submit_at(client, "KIOSK-CLC-01")
    assert again["code"] == f"{CAO_LOC_POLICE}-250317-0002"


def test_procedures_filter_by_the_agencies_that_handle_them(client: SyncAsgiClient) -> None:
    def codes(agency: str) -> set[str]:
        found: list[str] = []
        while True:
            page = client.get(
                "/api/v1/procedures", params={"agency": agency, "limit": 100, "offset": len(found)}
            ).json()
            found += [p["code"] for p in page["items"]]
            if not page["items"]:
                assert len(found) == page["total"]
                return set(found)

    catalogue = load_catalogue()
    residence = {p.code for p in catalogue.all() if p.field == "cu_tru" and p.level == "commune"}
    police = {p.code for p in catalogue.all() if p.agency == VINH_TRAI_POLICE}
    committee = {p.code for p in catalogue.all() if p.agency == "000.30.36.H36"}  # Vinh Trai's
    assert residence < police
    assert codes(CAO_LOC_POLICE) == police == codes(VINH_TRAI_POLICE)
    assert codes(CAO_LOC_COMMITTEE) == committee
    assert {p.code for p in catalogue.all() if p.field in ("ho_tich", "chung_thuc")} & committee
    assert "1.004222" in {p["code"] for p in client.get("/api/v1/procedures", params={
        "q": "thuong tru", "agency": CAO_LOC_POLICE}).json()["items"]}  # fmt: skip
    assert codes("000.00.36.H36") == set()  # the provincial centre receives, it decides nothing

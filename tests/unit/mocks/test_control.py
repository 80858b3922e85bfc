"""``mocks.control``: the twin's one control surface, against the real backend app and device controls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from mocks.card.control import CardControl
from mocks.card.faults import CardFaults
from mocks.card.pki import MockPki
from mocks.card.reader import EmulatedCardReader
from mocks.citizens import persona
from mocks.control import ALL_ROUTES, SEARCH, SUBMIT, BackendControl, TwinControl, TwinControlError
from mocks.scanner import DocumentKind, ScannerControl
from reference_kiosk.ports import CardEventKind
from tests.support.backend import KIOSK_KEY, START, SyncAsgiClient, dossier_body, make_app
from tests.support.card import session_pki

WHO = persona(4)
BODY_CITIZEN = {
    "id_number": WHO.id_number,
    "full_name": WHO.full_name,
    "date_of_birth": WHO.date_of_birth.isoformat(),
}


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return session_pki(tmp_path_factory)


@pytest.fixture
def http(tmp_path: Path) -> Iterator[SyncAsgiClient]:
    with SyncAsgiClient(make_app(tmp_path / "backend.sqlite")) as client:
        yield client


@pytest.fixture
def backend(http: SyncAsgiClient) -> BackendControl:
    control = BackendControl(http, kiosk_key=KIOSK_KEY)
    control.register(WHO)
    return control


class Ticks:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    def advance(self, seconds: float) -> None:
        self.seconds.append(seconds)


def kiosk_get(http: SyncAsgiClient, url: str) -> int:
    return http.get(url, headers={"X-Kiosk-Key": KIOSK_KEY}).status_code


def test_every_route_pattern_is_a_valid_fault_route() -> None:
    assert ALL_ROUTES[0] == "* /{p0}"
    assert len(set(ALL_ROUTES)) == len(ALL_ROUTES) == 7


def test_down_fails_every_kiosk_route_until_healed(backend: BackendControl, http: SyncAsgiClient) -> None:
    assert kiosk_get(http, "/api/v1/procedures?q=khai+sinh") == 200
    backend.down()
    assert kiosk_get(http, "/api/v1/procedures?q=khai+sinh") == 503
    assert kiosk_get(http, "/api/v1/procedures/1.004222") == 503
    assert backend.now()  # the control API itself is never faulted
    backend.heal()
    assert backend.faults().rules == []
    assert kiosk_get(http, "/api/v1/procedures/1.004222") == 200


def test_faults_stack_newest_first(backend: BackendControl) -> None:
    backend.slow(SEARCH, 20)
    plan = backend.fail(SUBMIT, status=500)
    assert [(r.route, r.status, r.error_rate) for r in plan.rules] == [(SUBMIT, 500, 1.0), (SEARCH, 503, 0.0)]
    assert backend.faults() == plan


def test_a_lost_response_still_commits_the_dossier(backend: BackendControl) -> None:
    backend.lose_responses(SUBMIT)
    body = dossier_body(BODY_CITIZEN)
    with pytest.raises(TwinControlError, match="504"):
        backend.file_dossier(WHO, body, key="k-1")
    backend.heal()
    again = backend.file_dossier(WHO, body, key="k-1")  # the retry with the same key finds it
    assert [d["code"] for d in backend.dossiers_of(WHO)] == [again["code"]]


def test_the_bank_confirms_the_pending_payment(backend: BackendControl, http: SyncAsgiClient) -> None:
    code = backend.file_dossier(WHO, dossier_body(BODY_CITIZEN))["code"]
    headers = backend.as_citizen(WHO)
    assert http.post(f"/api/v1/dossiers/{code}/payments", headers=headers).status_code == 201
    backend.pay(WHO, code)
    assert [p["status"] for p in backend.payments_of(WHO)] == ["paid"]
    with pytest.raises(TwinControlError, match="no pending payment"):
        backend.pay(WHO, code)


def test_vneid_approve_and_deny_reach_the_kiosk_side(backend: BackendControl, http: SyncAsgiClient) -> None:
    kiosk = {"X-Kiosk-Key": KIOSK_KEY}
    first = http.post("/api/v1/auth/vneid/sessions", headers=kiosk).json()["id"]
    second = http.post("/api/v1/auth/vneid/sessions", headers=kiosk).json()["id"]
    backend.approve_vneid(first, WHO.id_number)
    backend.deny_vneid(second)
    assert http.get(f"/api/v1/auth/vneid/sessions/{first}", headers=kiosk).json()["status"] == "approved"
    assert http.get(f"/api/v1/auth/vneid/sessions/{second}", headers=kiosk).json()["status"] == "denied"


def test_refused_control_calls_raise(backend: BackendControl) -> None:
    with pytest.raises(TwinControlError, match="404"):
        backend.approve_vneid("no-such-session", WHO.id_number)
    with pytest.raises(TwinControlError, match="kiosk key"):
        BackendControl(backend.http).dossiers_of(WHO)


def test_advance_moves_the_world_and_attached_clocks(backend: BackendControl) -> None:
    ticks = Ticks()
    twin = TwinControl(backend, clocks=[ticks])
    twin.advance(90)
    assert dt.datetime.fromisoformat(backend.now()) == START + dt.timedelta(seconds=90)
    assert ticks.seconds == [90]
    with pytest.raises(ValueError, match="forward"):
        twin.advance(-1)


def test_reset_forgets_dossiers_and_faults(backend: BackendControl) -> None:
    backend.file_dossier(WHO, dossier_body(BODY_CITIZEN))
    backend.down()
    backend.reset()
    assert backend.faults().rules == []
    assert backend.dossiers_of(WHO) == []


def test_card_insert_faults_and_pull(backend: BackendControl, pki: MockPki) -> None:
    reader = EmulatedCardReader()
    twin = TwinControl(backend, card=CardControl(reader, pki))
    twin.insert_card(WHO, CardFaults(removed_after=3))
    assert reader.card_present()
    assert reader.card is not None
    assert reader.card.faults.removed_after == 3
    twin.set_card_faults(CardFaults(expired_card=True))
    assert reader.card.faults.expired_card
    twin.pull_card()
    assert not reader.card_present()
    kinds = [e.kind for e in reader.poll_events()]
    assert kinds[-1] is CardEventKind.REMOVED


def test_scanner_faults(backend: BackendControl) -> None:
    paper = ScannerControl(flatbed=None, feeder=[DocumentKind.CT01])
    twin = TwinControl(backend, scanner=paper)
    twin.blank_page_next()
    assert paper.feeder == (DocumentKind.BLANK, DocumentKind.CT01)
    twin.jam_feeder(2)
    assert paper.take_sheet() == (DocumentKind.BLANK, None)
    assert paper.take_sheet() == (DocumentKind.CT01, "jam")
    twin.empty_feeder()
    assert paper.take_sheet() == (None, None)


def test_a_twin_without_a_device_says_so(backend: BackendControl) -> None:
    twin = TwinControl(backend)
    with pytest.raises(TwinControlError, match="card reader"):
        twin.pull_card()
    with pytest.raises(TwinControlError, match="scanner"):
        twin.jam_feeder()

"""The kiosk acts on its own passive-authentication verdict (issue 8, forgery).

The real flow, services and ``read_chip`` read emulated cards; the backend is a respx router
whose chip-login route must not be called for a refused card. A genuine card still logs in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from cryptography.hazmat.primitives import serialization

from mocks.card.control import make_card
from mocks.card.faults import CardFaults, EmulatedCard
from mocks.card.os import CardOS
from mocks.card.pki import MockPki, SignerKind
from mocks.citizens import Persona, persona
from reference_kiosk.app import build_kiosk
from reference_kiosk.app.chip import load_trust_store
from reference_kiosk.cli.main import main
from reference_kiosk.config import KioskConfig, load_config
from reference_kiosk.devices.icao.errors import (
    ChipDataAlteredError,
    ChipIdentityMismatchError,
    ChipRefusedError,
    ChipSignerUntrustedError,
    EnteredIdMismatchError,
    TrustStoreError,
)
from reference_kiosk.flow.refusal import LoginOffer
from reference_kiosk.flow.views import LoginPhase
from tests.support.card import session_pki
from tests.support.chip_login import BASE_URL, ChipLoginKiosk, chip_login_kiosk
from tests.support.forgery import forge
from tests.support.icao import FixedClock, seeded

LOGIN = "/api/v1/auth/cccd"
SEED = 3


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return session_pki(tmp_path_factory)


@pytest.fixture(scope="session")
def csca_pem(pki: MockPki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pki.export_csca(tmp_path_factory.mktemp("trust") / "csca.pem")


def _login_answer(who: Persona) -> dict[str, object]:
    citizen = {
        "subject": f"sub-{who.seed}",
        "id_number": who.id_number,
        "full_name": who.full_name,
        "date_of_birth": who.date_of_birth.isoformat(),
    }
    return {"token": "eyJ.chip-login.sig", "expires_at": "2030-01-01T00:00:00Z", "citizen": citizen}


@pytest.fixture
def router() -> respx.Router:
    router = respx.Router(base_url=BASE_URL, assert_all_called=False)
    router.post(LOGIN, name="login").mock(return_value=httpx.Response(200, json=_login_answer(persona(SEED))))
    return router


@pytest.fixture
def trusting_kiosk(tmp_path: Path, router: respx.Router, csca_pem: Path) -> Iterator[ChipLoginKiosk]:
    with chip_login_kiosk(tmp_path, httpx.MockTransport(router.async_handler), trust_store=csca_pem) as k:
        yield k


@pytest.fixture
def trustless_kiosk(tmp_path: Path, router: respx.Router) -> Iterator[ChipLoginKiosk]:
    with chip_login_kiosk(tmp_path, httpx.MockTransport(router.async_handler), trust_store=None) as k:
        yield k


def _card(pki: MockPki, faults: CardFaults | None = None) -> EmulatedCard:
    return make_card(SEED, pki, faults, random_bytes=seeded(5))[0]


def _assert_refused(kiosk: ChipLoginKiosk, router: respx.Router, expected: type[ChipRefusedError]) -> None:
    view = kiosk.flow.view
    assert not router["login"].called, "the backend was asked about a card the kiosk refused"
    [error] = kiosk.card_errors()
    assert type(error) is expected, error
    assert (getattr(view, "phase", None), getattr(view, "error_en", None)) == (
        LoginPhase.FAILED,
        expected.message_en,
    )
    assert LoginOffer.RETRY not in getattr(view, "offers", ())  # the same card fails the same way
    assert not kiosk.flow.logged_in


# ---------------------------------------------------------------------------- genuine


def test_a_genuine_card_is_verified_and_logs_in_through_the_backend(
    trusting_kiosk: ChipLoginKiosk, router: respx.Router, pki: MockPki
) -> None:
    who = persona(SEED)
    view = trusting_kiosk.log_in(_card(pki), who.id_number, who.date_of_birth)
    assert view.phase is LoginPhase.VERIFIED, view.error_en
    assert router["login"].call_count == 1
    body = json.loads(router["login"].calls.last.request.content)
    assert sorted(body) == ["dg1", "dg13", "sod"]
    assert trusting_kiosk.card_errors() == []


# ---------------------------------------------------------------------------- refused locally


@pytest.mark.parametrize(
    ("faults", "expected"),
    [
        (CardFaults(tampered=frozenset({13})), ChipDataAlteredError),
        # A tampered DG2 no longer stops a login: login never reads the face (issue 15.6, decision
        # 0024); ``read-card --face`` still checks its hash (tests/unit/kiosk/icao/test_reader.py).
        (CardFaults(signer=SignerKind.UNKNOWN_CA), ChipSignerUntrustedError),
        (CardFaults(signer=SignerKind.EXPIRED), ChipSignerUntrustedError),
    ],
    ids=["dg13-tampered", "unknown-ca", "expired-signer"],
)
def test_a_forged_card_is_refused_before_any_backend_call(
    trusting_kiosk: ChipLoginKiosk,
    router: respx.Router,
    pki: MockPki,
    faults: CardFaults,
    expected: type[ChipRefusedError],
) -> None:
    who = persona(SEED)
    trusting_kiosk.log_in(_card(pki, faults), who.id_number, who.date_of_birth)
    _assert_refused(trusting_kiosk, router, expected)


def test_dg1_and_dg13_of_different_people_signed_together_are_refused(
    trusting_kiosk: ChipLoginKiosk, router: respx.Router, pki: MockPki
) -> None:
    forgery = forge("dg1-dg13-mismatch", pki)
    card = EmulatedCard(CardOS(forgery.image(), seeded(11)))
    trusting_kiosk.log_in(card, forgery.owner.id_number, forgery.owner.date_of_birth)
    _assert_refused(trusting_kiosk, router, ChipIdentityMismatchError)


def test_telemetry_records_the_verdict_kind_and_no_personal_data(
    trusting_kiosk: ChipLoginKiosk, pki: MockPki
) -> None:
    who = persona(SEED)
    trusting_kiosk.log_in(_card(pki, CardFaults(tampered=frozenset({13}))), who.id_number, who.date_of_birth)
    errors = [r for r in trusting_kiosk.telemetry() if r["type"] == "error"]
    assert [(r["step"], r["error"]) for r in errors] == [("login_cccd", "ChipDataAlteredError")]
    text = trusting_kiosk.telemetry_path.read_text(encoding="utf-8")
    personal = (who.id_number, who.id_number[-9:], who.full_name, who.date_of_birth.isoformat())
    assert not [value for value in personal if value in text]


def test_a_chip_that_is_not_the_id_number_typed_asks_for_the_number_again(
    trusting_kiosk: ChipLoginKiosk, router: respx.Router, pki: MockPki
) -> None:
    """BAC opens with the last 9 digits: another province code opens the chip, and is refused."""
    who = persona(SEED)
    typed = ("001" if who.id_number[:3] != "001" else "002") + who.id_number[3:]
    view = trusting_kiosk.log_in(_card(pki), typed, who.date_of_birth)
    assert not router["login"].called
    assert [type(e) for e in trusting_kiosk.card_errors()] == [EnteredIdMismatchError]
    assert (view.phase, view.offers) == (LoginPhase.FAILED, (LoginOffer.RETRY,))


# ---------------------------------------------------------------------------- no trust store


def test_without_a_trust_store_an_unknown_signer_is_left_to_the_backend(
    trustless_kiosk: ChipLoginKiosk, router: respx.Router, pki: MockPki
) -> None:
    who = persona(SEED)
    trustless_kiosk.log_in(
        _card(pki, CardFaults(signer=SignerKind.UNKNOWN_CA)), who.id_number, who.date_of_birth
    )
    assert router["login"].call_count == 1  # "not checked": today's behaviour, the backend decides
    assert trustless_kiosk.card_errors() == []


def test_without_a_trust_store_altered_data_is_still_refused_on_the_kiosk(
    trustless_kiosk: ChipLoginKiosk, router: respx.Router, pki: MockPki
) -> None:
    who = persona(SEED)
    trustless_kiosk.log_in(_card(pki, CardFaults(tampered=frozenset({13}))), who.id_number, who.date_of_birth)
    _assert_refused(trustless_kiosk, router, ChipDataAlteredError)


# ---------------------------------------------------------------------------- configuration


def test_the_trust_store_comes_from_toml_env_and_command_line(tmp_path: Path) -> None:
    toml = tmp_path / "kiosk.toml"
    toml.write_text('[kiosk]\ntrust_store = "/etc/kiosk/csca"\n', encoding="utf-8")
    assert load_config(toml).trust_store == Path("/etc/kiosk/csca")
    env = {"KIOSK_TRUST_STORE": "/srv/csca.pem"}
    assert load_config(toml, env).trust_store == Path("/srv/csca.pem")
    assert load_config(toml, env, {"trust_store": Path("cli.pem")}).trust_store == Path("cli.pem")
    assert load_config().trust_store is None


def test_a_directory_of_certificates_is_a_trust_store(tmp_path: Path, pki: MockPki) -> None:
    pki.export_csca(tmp_path / "csca" / "vn.pem")
    (tmp_path / "csca" / "README").write_text("CSCA certificates of Viet Nam\n", encoding="utf-8")
    store = load_trust_store(tmp_path / "csca")
    assert store is not None
    assert store.certificates == (pki.csca_cert,)


def _bad_store(kind: str, tmp_path: Path, pki: MockPki) -> Path:
    path = tmp_path / "trust.pem"
    if kind == "garbled":
        path.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
    elif kind == "empty-dir":
        path.mkdir()
    elif kind == "document-signer":
        path.write_bytes(pki.signer().cert.public_bytes(serialization.Encoding.PEM))
    return path  # "missing": never written


@pytest.mark.parametrize("kind", ["missing", "garbled", "empty-dir", "document-signer"])
def test_an_unusable_trust_store_stops_the_start_with_a_named_error(
    kind: str, tmp_path: Path, pki: MockPki
) -> None:
    path = _bad_store(kind, tmp_path, pki)
    config = KioskConfig(outbox_path=tmp_path / "outbox.sqlite3", outbox_key=bytes(32), trust_store=path)
    with pytest.raises(TrustStoreError) as info:
        build_kiosk(config, clock=FixedClock(), threaded=False, ui=False)
    assert f"trust_store {path}" in str(info.value)
    assert info.value.message_en == TrustStoreError.message_en
    assert not (tmp_path / "outbox.sqlite3").exists()  # nothing was opened before the check


def test_kiosk_run_reports_an_unusable_trust_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere" / "csca.pem"
    argv = ["run", "--headless", "--devices", "none", "--trust-store", str(missing)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"trust_store {missing}" in err
    assert "cannot read trust store file csca.pem" in err

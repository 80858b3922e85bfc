"""``kiosk read-card`` in process: the PC/SC adapter swapped for the in-process emulated reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mocks.card.faults import CardFaults
from mocks.card.files import CardBuild
from mocks.card.pki import MockPki
from mocks.card.reader import EmulatedCardReader
from reference_kiosk.cli.main import main
from reference_kiosk.devices import pcsc
from tests.support.icao import card_on_reader

SEED = 1


@pytest.fixture
def csca(pki: MockPki, tmp_path: Path) -> Path:
    return pki.export_csca(tmp_path / "csca.pem")


def _use(monkeypatch: pytest.MonkeyPatch, reader: EmulatedCardReader) -> None:
    monkeypatch.setattr(pcsc, "PcscCardReader", lambda name, trace=False: reader)


def _insert(monkeypatch: pytest.MonkeyPatch, pki: MockPki, faults: CardFaults | None = None) -> CardBuild:
    reader, _card, build = card_on_reader(pki, SEED, faults)
    _use(monkeypatch, reader)
    return build


def _id_args(build: CardBuild) -> list[str]:
    return ["--id-number", build.persona.id_number, "--dob", build.persona.date_of_birth.isoformat()]


def test_json_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pki: MockPki, csca: Path
) -> None:
    build = _insert(monkeypatch, pki)
    assert main(["read-card", *_id_args(build), "--csca", str(csca), "--json", "--face"]) == 0
    out = json.loads(capsys.readouterr().out)
    p = build.persona
    assert out["id_number"] == p.id_number
    assert out["full_name"] == p.full_name
    assert out["date_of_birth"] == p.date_of_birth.isoformat()
    assert out["date_of_expiry"] == (p.date_of_expiry.isoformat() if p.date_of_expiry else None)
    assert out["spouse_name"] == p.spouse_name
    assert out["passive_authentication"] == {"verdict": "verified", "reasons": []}
    assert len(out["mrz"]) == 3
    assert out["read"]["apdus"] > 20
    assert out["face"]["bytes"] > 10_000  # --face: the portrait is read


def test_human_output_masks_the_id_number(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pki: MockPki, csca: Path
) -> None:
    build = _insert(monkeypatch, pki)
    assert main(["read-card", *_id_args(build), "--csca", str(csca)]) == 0
    out = capsys.readouterr().out
    assert build.persona.id_number not in out
    assert "*********" + build.persona.id_number[-3:] in out
    assert "VERIFIED" in out


def test_without_a_trust_store_the_verdict_is_not_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pki: MockPki
) -> None:
    build = _insert(monkeypatch, pki)
    assert main(["read-card", *_id_args(build), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["passive_authentication"]["verdict"] == "not_checked"


@pytest.mark.parametrize(
    ("faults", "code", "message"),
    [
        (CardFaults(tampered=frozenset({13})), 1, ""),
        (CardFaults(removed_after=5), 5, "The card was removed while being read"),
        (CardFaults(removed_after=0), 4, "No card on the reader"),
        (CardFaults(wrong_mac_from=6), 7, "The secure link with the card was disturbed"),
    ],
)
def test_failures_exit_with_their_code_and_message(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pki: MockPki,
    csca: Path,
    faults: CardFaults,
    code: int,
    message: str,
) -> None:
    build = _insert(monkeypatch, pki, faults)
    assert main(["read-card", *_id_args(build), "--csca", str(csca)]) == code
    err = capsys.readouterr().err
    assert message in err
    assert build.persona.id_number not in err


def test_wrong_birth_date_exits_6(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pki: MockPki
) -> None:
    build = _insert(monkeypatch, pki)
    assert main(["read-card", "--id-number", build.persona.id_number, "--dob", "1901-01-01"]) == 6
    assert "could not be opened with the details given" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["--id-number", "12345", "--dob", "1985-08-06"],
        ["--id-number", "020085001234"],
        ["--id-number", "020085001234", "--dob", "06/08/1985"],
        ["--mrz", "IDVNM<<<", "X"],
        ["--id-number", "020085001234", "--dob", "1985-08-06", "--csca", "/nonexistent/csca.pem"],
    ],
)
def test_bad_input_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    _use(monkeypatch, EmulatedCardReader())
    assert main(["read-card", *args]) == 2
    assert capsys.readouterr().err.startswith("error: ")

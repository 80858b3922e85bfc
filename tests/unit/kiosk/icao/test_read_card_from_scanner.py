"""``kiosk read-card --from-scanner`` and ``kiosk scan-code``: the card's print on the (emulated) glass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mocks.card.mrz import td1
from mocks.card.pki import MockPki
from mocks.card.printed import CardFace, CardModel, PrintFaults, card_model, card_on_glass
from mocks.citizens import persona
from mocks.scanner import EmulatedScanner, ScannerControl
from reference_kiosk.cli import scan as scan_cli
from reference_kiosk.cli.main import main
from reference_kiosk.devices import pcsc
from reference_kiosk.documents.mrz_ocr import ocr_b_font
from tests.support.icao import card_on_reader

pytestmark = pytest.mark.skipif(ocr_b_font() is None, reason="needs the Debian package fonts-ocr-b")
SEED = next(s for s in range(50) if card_model(persona(s)) is CardModel.CCCD_2021)


@pytest.fixture
def csca(pki: MockPki, tmp_path: Path) -> Path:
    return pki.export_csca(tmp_path / "csca.pem")


def _glass(monkeypatch: pytest.MonkeyPatch, face: CardFace, faults: PrintFaults | None = None) -> None:
    control = ScannerControl(flatbed=None, feeder=())
    control.lay_on_glass(card_on_glass(persona(SEED), face, faults))
    opened: list[str | None] = []

    def fake_open(name: str | None) -> EmulatedScanner:
        opened.append(name)
        return EmulatedScanner(control, seed=1, sleep=lambda _s: None)

    monkeypatch.setattr(scan_cli, "_open", fake_open)


def _reader(monkeypatch: pytest.MonkeyPatch, pki: MockPki) -> None:
    reader, _card, _build = card_on_reader(pki, SEED)
    monkeypatch.setattr(pcsc, "PcscCardReader", lambda name, trace=False: reader)


@pytest.mark.parametrize(("face", "keyed"), [(CardFace.FRONT, "qr"), (CardFace.BACK, "mrz")])
def test_read_card_from_the_glass_says_which_code_keyed_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pki: MockPki, csca: Path,
    face: CardFace, keyed: str,
) -> None:  # fmt: skip
    _glass(monkeypatch, face)
    _reader(monkeypatch, pki)
    assert main(["read-card", "--from-scanner", "emulated", "--csca", str(csca), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["keyed_from"] == keyed
    assert out["id_number"] == persona(SEED).id_number
    assert out["face"] == {"bytes": 0}  # a login-like read: no portrait without --face


def test_an_unreadable_print_has_its_own_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pki: MockPki
) -> None:
    _glass(monkeypatch, CardFace.FRONT, PrintFaults(qr_damaged=True))
    _reader(monkeypatch, pki)
    assert main(["read-card", "--from-scanner", "emulated"]) == 9
    assert "code on the card could not be read" in capsys.readouterr().err


def test_a_print_naming_someone_else_has_its_own_exit_code(
    monkeypatch: pytest.MonkeyPatch, pki: MockPki
) -> None:
    _glass(monkeypatch, CardFace.FRONT, PrintFaults(qr_mismatch=True))
    _reader(monkeypatch, pki)
    assert main(["read-card", "--from-scanner", "emulated"]) == 10


def test_scan_code_prints_the_mrz_lines_on_the_glass(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _glass(monkeypatch, CardFace.BACK, PrintFaults(rotation_deg=270.0))
    assert main(["scan-code", "--device", "emulated", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mrz"] == [list(td1(persona(SEED)).lines)]
    assert out["qr"] == []


def test_scan_code_without_a_code_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    _glass(monkeypatch, CardFace.BACK, PrintFaults(mrz_smudged=True))
    assert main(["scan-code", "--device", "emulated"]) == 1

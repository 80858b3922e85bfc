"""The emulator prints what the chip holds: both faces, both card models, the print faults."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import zxingcpp

from mocks.card.mrz import td1
from mocks.card.printed import CardFace, CardModel, PrintFaults, card_model, qr_payload, render_face
from mocks.citizens import persona


def _qr_texts(seed: int, face: CardFace, faults: PrintFaults | None = None) -> list[str]:
    image = render_face(persona(seed), face, 300, faults or PrintFaults())
    return [
        r.text
        for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    ]


def _model_seed(model: CardModel) -> int:
    return next(s for s in range(50) if card_model(persona(s)) is model)


def test_a_face_is_id1_size_at_scan_resolution() -> None:
    image = render_face(persona(1), CardFace.FRONT, 300)
    assert image.size == (round(85.6 / 25.4 * 300), round(54 / 25.4 * 300))


def test_the_2021_front_qr_holds_the_chip_id_number_and_birth_date() -> None:
    seed = _model_seed(CardModel.CCCD_2021)
    who = persona(seed)
    texts = _qr_texts(seed, CardFace.FRONT)
    fields = texts[0].split("|")
    assert fields[0] == who.id_number
    assert fields[3] == who.date_of_birth.strftime("%d%m%Y")
    assert fields[2] == who.full_name
    assert _qr_texts(seed, CardFace.BACK) == []  # the 2021 back carries the MRZ only


def test_the_2024_card_has_its_qr_on_the_back_without_a_birth_date() -> None:
    seed = _model_seed(CardModel.CAN_CUOC_2024)
    assert _qr_texts(seed, CardFace.FRONT) == []
    (text,) = _qr_texts(seed, CardFace.BACK)
    assert text.split("|")[0] == persona(seed).id_number
    assert persona(seed).date_of_birth.strftime("%d%m%Y") not in text


def test_qr_mismatch_names_someone_else() -> None:
    who = persona(1)
    assert qr_payload(who, PrintFaults(qr_mismatch=True)).split("|")[2] != who.full_name


def test_a_damaged_qr_no_longer_decodes() -> None:
    seed = _model_seed(CardModel.CCCD_2021)
    assert _qr_texts(seed, CardFace.FRONT, PrintFaults(qr_damaged=True)) == []


def test_the_smudge_darkens_the_mrz_only_when_asked() -> None:
    who = persona(2)
    clean = np.asarray(render_face(who, CardFace.BACK, 200).convert("L"), dtype=np.int16)
    smudged = np.asarray(render_face(who, CardFace.BACK, 200, PrintFaults(mrz_smudged=True)).convert("L"))
    changed = np.abs(clean - smudged) > 30
    assert changed[: clean.shape[0] // 2].sum() == 0
    assert changed.sum() > 500


def test_the_back_prints_the_chips_mrz() -> None:
    # The MRZ drawn is td1(persona): the same function that writes DG1 on the chip.
    assert td1(persona(3)).lines[0].startswith("IDVNM")


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["card-upside-down"], PrintFaults(rotation_deg=180.0)),
        (["card-rotated=90", "qr-damaged"], PrintFaults(qr_damaged=True, rotation_deg=90.0)),
        (["wrong-face", "mrz-smudged", "qr-mismatch"], PrintFaults(True, False, True, 0.0, True)),
    ],
)
def test_fault_names_parse(names: list[str], expected: PrintFaults) -> None:
    assert PrintFaults.parse(names) == expected


def test_an_unknown_fault_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="qr-damaged"):
        PrintFaults.parse(["qr-torn"])


def test_faults_are_frozen_values() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        PrintFaults().qr_damaged = True  # type: ignore[misc]

"""The kiosk reads the BAC key from the printed card, in any orientation, and never a wrong one."""

from __future__ import annotations

import datetime as dt

import pytest

from mocks.card.mrz import td1
from mocks.card.printed import CardFace, CardModel, PrintFaults, card_model, render_face
from mocks.citizens import persona
from mocks.scanner.glass import Placement, place_on_glass
from reference_kiosk.documents.card_print import read_card_print, read_codes
from reference_kiosk.documents.errors import PrintUnreadableError
from reference_kiosk.documents.mrz_ocr import ocr_b_font

TODAY = dt.date(2025, 6, 1)
pytestmark = pytest.mark.skipif(ocr_b_font() is None, reason="needs the Debian package fonts-ocr-b")


def _seed(model: CardModel) -> int:
    return next(s for s in range(50) if card_model(persona(s)) is model)


def _glass(seed: int, face: CardFace, placement: Placement, faults: PrintFaults | None = None):  # type: ignore[no-untyped-def]
    return place_on_glass(render_face(persona(seed), face, 300, faults or PrintFaults()), 300, placement)


@pytest.mark.parametrize("angle", [0, 90, 180, 270, 5, -5])
@pytest.mark.parametrize(("model", "face", "keyed"), [
    (CardModel.CCCD_2021, CardFace.FRONT, "qr"),
    (CardModel.CCCD_2021, CardFace.BACK, "mrz"),
    (CardModel.CAN_CUOC_2024, CardFace.BACK, "mrz"),
])  # fmt: skip
def test_either_face_any_angle_gives_the_holders_key(
    angle: int, model: CardModel, face: CardFace, keyed: str
) -> None:
    seed = _seed(model)
    who = persona(seed)
    printed = read_card_print(_glass(seed, face, Placement(angle, (4, -3))), TODAY)
    assert printed.keyed_from == keyed
    assert printed.agrees_with(who.id_number, who.date_of_birth, who.full_name)
    keys = printed.key.candidates(TODAY)
    assert td1(who).mrz_information in [k.mrz_information() for k in keys]


def test_a_face_without_a_code_is_unreadable() -> None:
    seed = _seed(CardModel.CAN_CUOC_2024)
    with pytest.raises(PrintUnreadableError) as caught:
        read_card_print(_glass(seed, CardFace.FRONT, Placement()), TODAY)
    assert caught.value.reason == "no_code"


@pytest.mark.parametrize("fault", ["qr_damaged", "mrz_smudged"])
def test_damaged_print_gives_no_key(fault: str) -> None:
    seed = _seed(CardModel.CCCD_2021)
    face = CardFace.FRONT if fault == "qr_damaged" else CardFace.BACK
    with pytest.raises(PrintUnreadableError):
        read_card_print(_glass(seed, face, Placement(), PrintFaults(**{fault: True})), TODAY)


def test_a_name_that_differs_from_the_chip_does_not_agree() -> None:
    seed = _seed(CardModel.CCCD_2021)
    who = persona(seed)
    printed = read_card_print(_glass(seed, CardFace.FRONT, Placement(), PrintFaults(qr_mismatch=True)), TODAY)
    assert not printed.agrees_with(who.id_number, who.date_of_birth, who.full_name)


def test_an_mrz_with_one_wrong_digit_is_not_a_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import reference_kiosk.documents.card_print as card_print

    l1, l2, l3 = td1(persona(2)).lines
    bad = l2[:3] + str((int(l2[3]) + 1) % 10) + l2[4:]  # the birth date misread by one digit
    monkeypatch.setattr(card_print, "find_mrz", lambda card: [(l1, bad, l3), (l1, l2, l3)])
    codes = read_codes(_glass(2, CardFace.BACK, Placement()))
    assert codes.mrz == ((l1, l2, l3),)


def test_an_mrz_name_with_a_misread_letter_agrees_but_another_name_does_not() -> None:
    from reference_kiosk.devices.icao.bac import BacKey
    from reference_kiosk.documents.card_print import PrintedCard

    born = dt.date(1956, 4, 16)
    printed = PrintedCard(
        "mrz", "020156423847", born, "CHU HONC XUAN", BacKey("156423847", "560416", "990416")
    )
    assert printed.agrees_with("020156423847", born, "Chu Hồng Xuân")  # G read as C: no check digit there
    assert not printed.agrees_with("020156423847", born, "Nông Văn Tú")
    assert not printed.agrees_with("020156423848", born, "Chu Hồng Xuân")

"""The kiosk reads the BAC key from the printed card, in any orientation, and never a wrong one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from mocks.card.mrz import td1
from mocks.card.printed import CardFace, CardModel, PrintFaults, card_model, render_face
from mocks.citizens import Persona, persona
from mocks.scanner.glass import Placement, place_on_glass
from mocks.scanner.paper import ScanEffects, apply_effects
from reference_kiosk.app.glass import CARD_SCAN
from reference_kiosk.documents.card_print import PrintedCard, fold_name, read_card_print, read_codes
from reference_kiosk.documents.errors import PrintUnreadableError
from reference_kiosk.documents.mrz_ocr import ocr_b_font

TODAY = dt.date(2025, 6, 1)
pytestmark = pytest.mark.skipif(ocr_b_font() is None, reason="needs the Debian package fonts-ocr-b")


def _seed(model: CardModel) -> int:
    return next(s for s in range(50) if card_model(persona(s)) is model)


def _glass(
    seed: int,
    face: CardFace,
    placement: Placement,
    faults: PrintFaults | None = None,
    persona_override: Persona | None = None,
) -> Image.Image:
    who = persona_override or persona(seed)
    return place_on_glass(render_face(who, face, 300, faults or PrintFaults()), 300, placement)


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


def _bench_scan(seed: int, placement: Placement, scan_number: int) -> Image.Image:
    """What ``bench_card_print``'s emulated scanner (seed 7) delivered for its ``scan_number``-th
    card window: the same renderer, placement, noise and lamp fall-off (``EmulatedScanner._window``)."""
    clean = _glass(seed, CardFace.BACK, placement)
    effects = replace(ScanEffects(), max_skew_deg=0.0)
    rng = random.Random(f"7:glass:{scan_number}")
    noise = np.random.default_rng([7, scan_number, CARD_SCAN.dpi])
    return apply_effects(clean, CARD_SCAN.mode, effects, rng, noise)


def test_persona_185s_mrz_name_at_low_contrast_is_read_letter_for_letter() -> None:
    """The benchmark's one refusal of 2,800: persona 185's MRZ face, low contrast (its 2,604th
    scan). Each G of the name line read as C: the line's rows, found from any glyph's ink, were
    taller than the H-high templates, and a G's bar fell outside its cell."""
    who = persona(185)
    image = _bench_scan(185, Placement(0.0, (0.0, 0.0), 0.45), 185 * 14 + 13)
    printed = read_card_print(image, TODAY)
    assert printed.keyed_from == "mrz"
    surname, _, given = td1(who).lines[2].partition("<<")
    assert printed.name == fold_name(f"{surname} {given}")  # letter for letter, no tolerance used
    assert _against_chip(printed, who) == ()


def _against_chip(printed: PrintedCard, who: Persona) -> tuple[str, ...]:
    """The fields the kiosk would refuse ``printed`` for on ``who``'s chip (as ``app.glass`` asks)."""
    return printed.disagreements(
        who.id_number, who.date_of_birth, who.full_name, chip_mrz_name=td1(who).lines[2]
    )


def _mrz_printed(seed: int, name_line: str) -> PrintedCard:
    """What the reader makes of persona ``seed``'s MRZ with ``name_line`` as its third line."""
    from reference_kiosk.devices.icao.bac import BacKey

    l1, l2, _ = td1(persona(seed)).lines
    surname, _, given = name_line.partition("<<")
    key = BacKey.from_mrz(l1 + l2 + name_line)
    return PrintedCard("mrz", l1[15:27], persona(seed).date_of_birth, fold_name(f"{surname} {given}"), key)


def test_an_mrz_name_misread_only_in_look_alike_letters_agrees_with_the_chip() -> None:
    """The MRZ name line has no check digit; the chip's own name line (DG1) is what it must show.
    G read as C (the same confusion at each G) is a misread, not another name."""
    who = persona(185)
    chip_line = td1(who).lines[2]
    misread = chip_line.replace("G", "C")
    assert misread.count("C") - chip_line.count("C") >= 3, "the misread the benchmark met"
    printed = _mrz_printed(185, misread)
    assert _against_chip(printed, who) == ()
    assert printed.agrees_with(who.id_number, who.date_of_birth, who.full_name)  # from the full name alike


@pytest.mark.parametrize("change", ["another person", "one letter not a look-alike", "a letter dropped"])
def test_an_mrz_name_that_is_not_a_misread_of_the_chips_is_another_name(change: str) -> None:
    """A forged print: the card's own chip opens (the key fields are the chip's), but the name
    line names someone else. Refused, and the refusal says which field, never its value."""
    who = persona(185)
    chip_line = td1(who).lines[2]
    if change == "another person":
        forged = next(persona(s).mrz_name for s in range(186, 236) if persona(s).mrz_name != chip_line)
    elif change == "one letter not a look-alike":
        i = chip_line.index("A")
        forged = chip_line[:i] + "K" + chip_line[i + 1 :]  # A and K: no glyph of one looks like the other
    else:
        i = chip_line.index("<<") - 1
        forged = (chip_line[:i] + chip_line[i + 1 :]).ljust(30, "<")
    printed = _mrz_printed(185, forged)
    assert _against_chip(printed, who) == ("name",)


def test_a_forged_mrz_name_on_the_glass_is_read_as_printed_and_refused() -> None:
    """The whole way: the back of persona 185's card printed with another persona's name."""
    who = persona(185)
    other = next(persona(s) for s in range(186, 236) if persona(s).mrz_name != who.mrz_name)
    forged = dataclasses.replace(who, surname=other.surname, given_names=other.given_names)
    printed = read_card_print(_glass(185, CardFace.BACK, Placement(), persona_override=forged), TODAY)
    assert printed.id_number == who.id_number  # the key is the card's own: its chip would open
    assert _against_chip(printed, who) == ("name",)

"""Screenshots leave the kiosk with the citizen's name, date of birth and ID number masked.

The live screen keeps showing the citizen their own data; the PNG written to disk is drawn from
redacted widgets and carries those redacted texts as its "Screen-Text" layer.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pygame
import pytest
from PIL import Image, ImageChops

from reference_kiosk.domain.privacy import initials
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.personal import PersonalValues
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.redaction import DATE_MASK, TEXT_MASK, Redactor
from reference_kiosk.ui.screenshot import TEXT_KEY, read_text_layer, redacted_shot
from reference_kiosk.ui.widgets import ListRow, Text, TextField, Thumbnail, Tile, Timeline, Widget
from tests.support.kiosk_flow import ADDRESS, DOB, FULL_NAME, ID_NUMBER, PHONE
from tests.support.ui_gallery import Gallery, capture
from tests.support.ui_world import log_in_by_card

MASKED_ID = "*********345"
SECRETS = (ID_NUMBER, FULL_NAME, DOB.strftime("%d/%m/%Y"), DOB.isoformat(), DOB.strftime("%d%m%Y"), PHONE)

VALUES = PersonalValues(names=(FULL_NAME,), dates=(DOB,), numbers=(ID_NUMBER, PHONE), texts=(ADDRESS,))


def leaked(text: str) -> list[str]:
    folded = unicodedata.normalize("NFC", text).casefold()
    return [s for s in SECRETS if s.casefold() in folded]


# ---------------------------------------------------------------------------- the redactor


def test_a_name_becomes_its_initials_in_every_case_and_normal_form() -> None:
    redact = Redactor.for_values(VALUES)
    assert redact.text(f"Xin chào, {FULL_NAME}!") == "Xin chào, H. T. M.!"
    assert redact.text(FULL_NAME.upper()) == initials(FULL_NAME)
    assert redact.text(unicodedata.normalize("NFD", FULL_NAME)) == "H. T. M."
    assert redact.text("HOANG THI MAI") == "H. T. M."


def test_dates_of_birth_id_and_phone_numbers_and_typed_text_are_masked() -> None:
    redact = Redactor.for_values(VALUES)
    for day in ("17/05/1990", "1990-05-17", "17051990", "17.05.1990"):
        assert redact.text(f"Ngày sinh: {day}") == f"Ngày sinh: {DATE_MASK}"
    assert redact.text(f"Số định danh {ID_NUMBER}") == f"Số định danh {MASKED_ID}"
    assert redact.text(PHONE) == "*******678"
    assert redact.text(ADDRESS) == TEXT_MASK
    assert redact.text("Đăng ký thường trú") == "Đăng ký thường trú"  # kiosk texts stay as they are


def test_an_input_box_masks_half_typed_numbers_and_dates_nobody_knows_yet() -> None:
    nobody = Redactor.for_values(PersonalValues())
    assert nobody.text("0201900") == "0201900"  # plain text: only known values are masked
    assert nobody.field("0201900") == "****900"
    assert nobody.field("17/05/19") == DATE_MASK
    assert nobody.field("thuong tru") == "thuong tru"


RECT = pygame.Rect(0, 0, 100, 40)
WIDGETS: list[Widget] = [
    Text(rect=RECT, label=f"Xin chào, {FULL_NAME}"),
    Tile(rect=RECT, label=FULL_NAME, sublabel=ID_NUMBER),
    ListRow(rect=RECT, label=FULL_NAME, subtitle=DOB.strftime("%d/%m/%Y"), trailing=ID_NUMBER),
    TextField(rect=RECT, label="Họ tên", value=FULL_NAME, error=f"{ID_NUMBER} sai"),
    Timeline(rect=RECT, entries=(("01/04/2025", FULL_NAME, ID_NUMBER),)),
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_every_text_a_widget_shows_is_redacted(widget: Widget) -> None:
    assert leaked(" ".join(widget.texts())), "the sample must hold personal data"
    shown = widget.redacted(Redactor.for_values(VALUES))
    assert leaked(" ".join(shown.texts())) == []
    assert type(shown) is type(widget)
    assert shown.rect == widget.rect


def test_a_scanned_page_is_blanked() -> None:
    png = io.BytesIO()
    Image.new("RGB", (20, 30), (10, 200, 10)).save(png, "PNG")
    thumb = Thumbnail(rect=RECT, png=png.getvalue())
    assert thumb.image is not None
    shown = thumb.redacted(Redactor())
    assert isinstance(shown, Thumbnail)
    assert shown.image is None


# ---------------------------------------------------------------------------- screenshots of the kiosk


def test_the_live_screen_shows_the_name_and_the_screenshot_does_not(
    kiosk: KioskDriver, tmp_path: Path
) -> None:
    log_in_by_card(kiosk)
    assert FULL_NAME in kiosk.screen_text()  # the citizen sees their own name
    live = pygame.image.tobytes(kiosk.app.surface, "RGB")
    path = kiosk.screenshot(tmp_path / "home.png")
    layer = read_text_layer(path)
    assert "H. T. M." in layer
    assert leaked(layer) == []
    assert pygame.image.tobytes(kiosk.app.surface, "RGB") == live  # the live screen is untouched
    assert FULL_NAME in kiosk.screen_text()
    size = kiosk.app.size
    with Image.open(path) as shot:
        diff = ImageChops.difference(shot.convert("RGB"), Image.frombytes("RGB", size, live))
    box = diff.getbbox()
    assert box is not None, "the screenshot must differ where the name was"
    header = kiosk.app.stack.top
    assert header is not None
    name_rects = [w.rect for w in header.widgets if FULL_NAME in " ".join(w.texts())]
    assert any(pygame.Rect(box).colliderect(r) for r in name_rects)


def test_the_keypad_screenshot_hides_what_is_being_typed(kiosk: KioskDriver, tmp_path: Path) -> None:
    kiosk.tap("Chạm để bắt đầu")
    kiosk.tap("Thẻ căn cước gắn chip (cả thẻ CCCD cũ)")
    kiosk.send(ev.CardInserted("r0"))
    kiosk.settle()
    kiosk.type(ID_NUMBER[:10])
    shot = redacted_shot(kiosk.app)
    assert ID_NUMBER[:10] in " ".join(kiosk.screen_text())
    assert ID_NUMBER[:10] not in " ".join(shot.texts)
    kiosk.type(ID_NUMBER[10:] + DOB.strftime("%d%m")[:3])
    layer = " ".join(redacted_shot(kiosk.app).texts)
    assert DOB.strftime("%d/%m") not in layer
    assert DATE_MASK in layer


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Gallery:
    return capture(tmp_path_factory.mktemp("redacted-gallery"), "vi")


def test_no_screenshot_of_the_gallery_holds_personal_data(gallery: Gallery) -> None:
    assert any(FULL_NAME in texts for texts in gallery.texts.values()), "the live screens show the name"
    layers = {name: read_text_layer(path) for name, path in gallery.shots.items()}
    assert all(layers.values()), "every screenshot carries a text layer"
    assert {name: leaked(layer) for name, layer in layers.items() if leaked(layer)} == {}
    for name in ("home", "form", "review"):
        assert "H. T. M." in layers[name], (name, layers[name])
    assert DATE_MASK in layers["review"]


def test_the_text_layer_is_a_png_itxt_chunk(gallery: Gallery) -> None:
    with Image.open(gallery.shots["home"]) as image:
        image.load()
        assert TEXT_KEY in getattr(image, "text", {})

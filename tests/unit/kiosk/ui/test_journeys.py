"""Every journey through the real UI in both languages (the screenshot gallery), checked screen by screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from reference_kiosk.devices.errors import PrinterOutOfPaperError
from reference_kiosk.flow.views import Screen
from reference_kiosk.ui.slip import render_slip
from tests.support.ui_gallery import Gallery, capture

RAW_KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
ALL_SHOTS = {
    "welcome",
    "login_choose",
    "login_place_card",
    "login_reading",
    "login_keypad",
    "login_verified",
    "home",
    "search",
    "procedure",
    "procedure_case",
    "form",
    "form_errors",
    "form_keyboard",
    "scan_blank_warning",
    "scan",
    "review",
    "receipt",
    "receipt_print",
    "pay_qr",
    "pay_paid",
    "pay_list",
    "lookup_list",
    "lookup_detail",
    "rate_choose",
    "rate_question",
    "rate_all_answered",
    "rate_done",
    "error",
    "error_staff_called",
    "timeout_warning",
    "offline_review",
    "offline_receipt",
    "offline_receipt_print",
    "goodbye",
    "vneid_qr",
    "vneid_denied",
    "vneid_expired",
    "account_id",
    "account_password",
    "account_otp",
    "login_refused",
    "login_refused_staff_called",
    "lookup_enter_code",
    "lookup_anonymous_detail",
    "lookup_not_found",
    "welcome_large_high_contrast",
    "search_large_high_contrast",
}


@pytest.fixture(scope="module", params=["vi", "en"])
def gallery(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Gallery:
    return capture(tmp_path_factory.mktemp("screens"), request.param)


def test_nothing_is_off_screen_or_too_small_to_touch(gallery: Gallery) -> None:
    assert gallery.problems == {}


def test_landscape_screens_fit_too(tmp_path: Path) -> None:
    landscape = capture(tmp_path, "vi", (1920, 1080))
    assert set(landscape.shots) == ALL_SHOTS
    assert landscape.problems == {}


def test_every_screen_was_reached(gallery: Gallery) -> None:
    assert set(gallery.shots) == ALL_SHOTS
    for path in gallery.shots.values():
        with Image.open(path) as img:
            assert img.size == (1080, 1920)


def test_no_screen_shows_a_raw_catalogue_key(gallery: Gallery) -> None:
    for name, texts in gallery.texts.items():
        assert [t for t in texts if RAW_KEY.match(t)] == [], name


def test_screens_speak_the_chosen_language(gallery: Gallery) -> None:
    expected = {
        "vi": ("Nộp hồ sơ thành công", "Mã hồ sơ"),
        "en": ("Your dossier was submitted", "Dossier code"),
    }
    assert all(text in gallery.texts["receipt"] for text in expected[gallery.lang])
    assert "H36.1-250401-0001" in gallery.texts["receipt"]


def test_form_errors_are_explained_in_plain_words(gallery: Gallery) -> None:
    assert len(gallery.texts["form_errors"]) > len(gallery.texts["form"])


def test_offline_submission_gives_a_local_receipt(gallery: Gallery) -> None:
    title = {"vi": "Hồ sơ đã được lưu", "en": "Your dossier is saved"}[gallery.lang]
    assert title in gallery.texts["offline_receipt"]
    assert "H36.1-250401-0001" not in gallery.texts["offline_receipt"]


def test_the_blank_page_warning_offers_keep_and_rescan(gallery: Gallery) -> None:
    keep, rescan = gallery.t("scan.keep"), gallery.t("scan.rescan")
    assert {keep, rescan} <= set(gallery.texts["scan_blank_warning"])
    assert keep not in gallery.texts["scan"]


def test_receipts_print_a_pdf_slip(gallery: Gallery) -> None:
    [slip] = gallery.world.printer.slips  # the offline receipt's printer was out of paper
    assert (slip.reference, slip.offline, slip.lang) == ("H36.1-250401-0001", False, gallery.lang)
    assert render_slip(slip).startswith(b"%PDF")
    assert gallery.t("receipt.printed") in gallery.texts["receipt_print"]


def test_a_printer_out_of_paper_leaves_the_reference_on_screen(gallery: Gallery) -> None:
    texts = gallery.texts["offline_receipt_print"]
    error = PrinterOutOfPaperError()
    assert error.message(gallery.lang) in texts
    label = gallery.t("receipt.local_reference")
    before = gallery.texts["offline_receipt"]
    reference = before[before.index(label) + 1]
    assert texts[texts.index(label) + 1] == reference
    assert gallery.t("receipt.print") in texts  # paper refilled, the citizen may try again


def test_the_journey_ends_on_the_welcome_screen(gallery: Gallery) -> None:
    assert gallery.final_scene is Screen.WELCOME


def test_screenshots_differ_between_screens(gallery: Gallery) -> None:
    with Image.open(gallery.shots["home"]) as a, Image.open(gallery.shots["goodbye"]) as b:
        assert a.convert("L").tobytes() != b.convert("L").tobytes()


def test_calling_staff_is_confirmed_on_the_error_screen(gallery: Gallery) -> None:
    assert gallery.t("error.call_staff") in gallery.texts["error"]
    # Only what the backend said: the scripted staff acknowledge at once (docs/decisions/0021).
    assert gallery.t("help.acknowledged", staff="Chị Lan") in gallery.texts["error_staff_called"]
    assert gallery.t("error.call_staff") not in gallery.texts["error_staff_called"]


def test_english_screens_name_the_procedure_in_english(gallery: Gallery) -> None:
    english, vietnamese = "Permanent residence registration", "Đăng ký thường trú"
    shown, hidden = (english, vietnamese) if gallery.lang == "en" else (vietnamese, english)
    for shot in ("form", "review", "receipt"):
        assert shown in gallery.texts[shot], shot
        assert hidden not in gallery.texts[shot], shot


def test_supplement_requests_name_the_papers_not_their_codes(gallery: Gallery) -> None:
    detail = " ".join(gallery.texts["lookup_detail"])
    assert "Giấy tờ chỗ ở hợp pháp" in detail
    assert "GIAY_TO_NHA" not in detail

"""Blank-page warnings and preview thumbnails."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image, ImageDraw, ImageFont

from mocks.scanner import DocumentKind
from mocks.scanner.canvas import font_path
from reference_kiosk.documents import (
    BLANK_MARK_FRACTION,
    THUMBNAIL_BOX,
    BlankPageWarning,
    UnreadableImageError,
    build_document,
    is_blank,
    mark_fraction,
    thumbnail,
    thumbnail_png,
)
from reference_kiosk.ports import ScannedPage, ScanSource

MakePage = Callable[..., ScannedPage]


@pytest.mark.parametrize("kind", [k for k in DocumentKind if k is not DocumentKind.BLANK])
def test_no_real_paper_looks_blank(pages: dict[DocumentKind, ScannedPage], kind: DocumentKind) -> None:
    page = pages[kind]
    assert mark_fraction(page.image, page.dpi) > 5 * BLANK_MARK_FRACTION


def test_a_blank_sheet_is_blank_even_noisy_and_skewed(make_page: MakePage) -> None:
    page = make_page(DocumentKind.BLANK, noise_sigma=8.0, lamp_falloff=0.12, max_skew_deg=2.0)
    assert is_blank(page.image, page.dpi)


def test_solid_black_carries_no_content() -> None:
    assert is_blank(Image.new("L", (1654, 2339), 0), 200)


def test_one_line_of_text_is_not_blank() -> None:
    page = Image.new("L", (1654, 2339), 238)
    font = ImageFont.truetype(str(font_path()), 44)  # 16 pt at 200 dpi
    ImageDraw.Draw(page).text(
        (160, 300), "Tôi cam đoan nội dung trên đây là đúng sự thật.", font=font, fill=30
    )
    assert not is_blank(page, 200)


def test_blank_pages_become_warnings_in_both_languages(pages: dict[DocumentKind, ScannedPage]) -> None:
    doc = build_document([pages[DocumentKind.CT01], pages[DocumentKind.BLANK], pages[DocumentKind.CCCD_BACK]])
    assert doc.warnings == (BlankPageWarning(page=2),)
    assert [p.blank for p in doc.pages] == [False, True, False]
    warning = doc.warnings[0]
    assert "trống" in warning.message("vi")
    assert "blank" in warning.message("en")


def test_thumbnails_fit_the_preview_box(pages: dict[DocumentKind, ScannedPage]) -> None:
    doc = build_document([pages[DocumentKind.CT01]])
    small = doc.thumbnail(0)
    assert small.width <= THUMBNAIL_BOX[0]
    assert small.height <= THUMBNAIL_BOX[1]
    assert max(small.width / THUMBNAIL_BOX[0], small.height / THUMBNAIL_BOX[1]) > 0.95  # fills the box
    png = thumbnail_png(doc.page_jpegs[0])
    assert png.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(png)).size == small.size


def test_a_corrupt_page_has_no_thumbnail() -> None:
    with pytest.raises(UnreadableImageError):
        thumbnail(b"\xff\xd8 not really a jpeg")


def test_blank_feeder_page_warns_with_the_citizens_page_number(
    pages: dict[DocumentKind, ScannedPage],
) -> None:
    page = ScannedPage(pages[DocumentKind.BLANK].image, 200, ScanSource.ADF, index=3)
    assert build_document([page]).warnings == (BlankPageWarning(page=1),)

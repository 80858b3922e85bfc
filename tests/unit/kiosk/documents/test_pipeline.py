"""Scanned pages -> upload-ready document: size bound, format, page count, checksum, errors."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

import pikepdf
import pytest
from PIL import Image

from mocks.scanner import DocumentKind
from reference_kiosk.documents import (
    DEFAULT_MAX_PAGE_BYTES,
    DocumentFormat,
    DocumentPolicy,
    DocumentTooLargeError,
    NoPagesError,
    TooManyPagesError,
    UnreadableImageError,
    build_document,
)
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.ports import ColorMode, ScannedPage, ScanSource

MakePage = Callable[..., ScannedPage]


def test_every_paper_fits_the_stated_bound_at_the_default_settings(
    pages: dict[DocumentKind, ScannedPage],
) -> None:
    doc = build_document(list(pages.values()))
    assert DEFAULT_MAX_PAGE_BYTES == 300_000
    assert all(p.bytes <= DEFAULT_MAX_PAGE_BYTES for p in doc.pages)
    assert {p.dpi for p in doc.pages} == {200}  # the bound holds without lowering the resolution
    assert doc.size <= len(pages) * DEFAULT_MAX_PAGE_BYTES + 4_000  # PDF structure is small


def test_pdf_has_one_page_per_scan_and_embeds_the_jpegs_unchanged(
    pages: dict[DocumentKind, ScannedPage],
) -> None:
    chosen = [pages[DocumentKind.CT01], pages[DocumentKind.CCCD_FRONT], pages[DocumentKind.CCCD_BACK]]
    doc = build_document(chosen)
    assert doc.media_type == "application/pdf"
    with pikepdf.open(io.BytesIO(doc.data)) as pdf:
        assert len(pdf.pages) == 3
        for page, jpeg in zip(pdf.pages, doc.page_jpegs, strict=True):
            (image,) = page.get_images().values()
            assert image.Filter == pikepdf.Name.DCTDecode
            assert image.read_raw_bytes() == jpeg  # img2pdf copied the stream: no re-encoding
            width_pt = float(page.mediabox[2])
            assert width_pt == pytest.approx(595.3, abs=1.0)  # A4 width from the JPEG's 200 dpi


def test_checksum_is_sha256_of_the_bytes(pages: dict[DocumentKind, ScannedPage]) -> None:
    doc = build_document([pages[DocumentKind.CT01]])
    assert doc.sha256 == hashlib.sha256(doc.data).hexdigest()
    assert doc.sha256[:12] in repr(doc)


def test_single_jpeg_is_grayscale_by_default(pages: dict[DocumentKind, ScannedPage]) -> None:
    doc = build_document([pages[DocumentKind.HOUSEHOLD]], DocumentPolicy(format=DocumentFormat.JPEG))
    image = Image.open(io.BytesIO(doc.data))
    assert (image.format, image.mode, doc.media_type) == ("JPEG", "L", "image/jpeg")
    assert image.info["dpi"] == pytest.approx((200, 200))


def test_colour_policy_keeps_colour(make_page: MakePage) -> None:
    page = make_page(DocumentKind.CCCD_FRONT, 100, ColorMode.COLOR)
    doc = build_document([page], DocumentPolicy(format=DocumentFormat.JPEG, color=True))
    assert Image.open(io.BytesIO(doc.data)).mode == "RGB"


def test_finer_scans_are_brought_down_to_200_dpi(make_page: MakePage) -> None:
    doc = build_document([make_page(DocumentKind.CCCD_BACK, 300)])
    assert doc.pages[0].dpi == 200
    assert doc.pages[0].size == pytest.approx((1654, 2339), abs=1)  # A4 at 200 dpi


def test_a_tight_bound_steps_quality_then_resolution_down(pages: dict[DocumentKind, ScannedPage]) -> None:
    page = pages[DocumentKind.CT01]
    loose = build_document([page]).pages[0]
    tight = build_document([page], DocumentPolicy(max_page_bytes=120_000)).pages[0]
    assert tight.bytes <= 120_000 < loose.bytes
    assert (tight.quality, tight.dpi) < (loose.quality, loose.dpi) or tight.dpi < loose.dpi


def test_an_impossible_bound_is_a_named_error(pages: dict[DocumentKind, ScannedPage]) -> None:
    policy = DocumentPolicy(max_page_bytes=10_000, min_dpi=200)
    with pytest.raises(DocumentTooLargeError) as caught:
        build_document([pages[DocumentKind.CT01]], policy)
    assert isinstance(caught.value, KioskError)


def test_page_limits() -> None:
    with pytest.raises(NoPagesError):
        build_document([])
    tiny = ScannedPage(Image.new("L", (50, 70), 255), 25, ScanSource.FLATBED)
    with pytest.raises(TooManyPagesError):
        build_document([tiny, tiny], DocumentPolicy(format=DocumentFormat.JPEG))
    with pytest.raises(TooManyPagesError):
        build_document([tiny] * 3, DocumentPolicy(max_pages=2))
    assert len(build_document([tiny] * 2, DocumentPolicy(max_pages=2)).pages) == 2


def test_unreadable_pages_are_named_errors() -> None:
    with pytest.raises(UnreadableImageError):
        build_document([ScannedPage(Image.new("L", (0, 0)), 200, ScanSource.FLATBED)])
    with pytest.raises(UnreadableImageError):
        build_document([ScannedPage(Image.new("L", (10, 10)), 0, ScanSource.FLATBED)])


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="10 KB"):
        DocumentPolicy(max_page_bytes=100)
    with pytest.raises(ValueError, match="min_dpi"):
        DocumentPolicy(min_dpi=300)
    with pytest.raises(ValueError, match="qualities"):
        DocumentPolicy(qualities=(0,))

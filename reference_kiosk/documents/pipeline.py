"""Scanned pages -> one upload-ready document per required paper.

Defaults (``DocumentPolicy()``): grayscale, 200 dpi, at most **300 KB per page** (300,000
bytes of JPEG), at most 20 pages, PDF. Each page is converted to the working mode, brought down
to 200 dpi if scanned finer, cleaned (paper to white), then JPEG-encoded at the best quality in
``qualities`` that fits the bound; if none fits, the resolution steps down by 20 % at a time to
``min_dpi``. The PDF embeds those JPEG streams unchanged (img2pdf, no re-encoding), so the
document is at most pages x bound plus a few hundred bytes of PDF structure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image

from reference_kiosk.documents.blank import BLANK_MARK_FRACTION, BlankPageWarning, mark_fraction
from reference_kiosk.documents.errors import NoPagesError, TooManyPagesError, UnreadableImageError
from reference_kiosk.documents.imaging import clean_tones, encode_bounded, resample_to, to_working_mode
from reference_kiosk.documents.preview import THUMBNAIL_BOX, thumbnail
from reference_kiosk.ports import ScannedPage

__all__ = [
    "DEFAULT_MAX_PAGE_BYTES",
    "Document",
    "DocumentFormat",
    "DocumentPolicy",
    "PageReport",
    "build_document",
]

DEFAULT_MAX_PAGE_BYTES = 300_000


class DocumentFormat(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"  # a single page only

    @property
    def media_type(self) -> str:
        return "application/pdf" if self is DocumentFormat.PDF else "image/jpeg"

    @property
    def extension(self) -> str:
        return ".pdf" if self is DocumentFormat.PDF else ".jpg"


@dataclass(frozen=True, slots=True)
class DocumentPolicy:
    format: DocumentFormat = DocumentFormat.PDF
    color: bool = False
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    max_pages: int = 20
    target_dpi: int = 200
    min_dpi: int = 100
    qualities: tuple[int, ...] = (80, 70, 60, 50, 40)
    clean: bool = True

    def __post_init__(self) -> None:
        if self.max_page_bytes < 10_000:
            raise ValueError("max_page_bytes below 10 KB cannot hold a legible A4 page")
        if not 0 < self.min_dpi <= self.target_dpi:
            raise ValueError("need 0 < min_dpi <= target_dpi")
        if not self.qualities or any(not 1 <= q <= 95 for q in self.qualities):
            raise ValueError("JPEG qualities must be within 1..95")
        if self.max_pages < 1:
            raise ValueError("max_pages must be >= 1")


@dataclass(frozen=True, slots=True)
class PageReport:
    number: int  # 1-based
    dpi: int
    size: tuple[int, int]
    bytes: int
    quality: int
    marks: float  # share of the page covered by marks (see blank.py)
    blank: bool


@dataclass(frozen=True, slots=True)
class Document:
    data: bytes
    format: DocumentFormat
    pages: tuple[PageReport, ...]
    page_jpegs: tuple[bytes, ...]
    sha256: str
    warnings: tuple[BlankPageWarning, ...]

    @property
    def media_type(self) -> str:
        return self.format.media_type

    @property
    def size(self) -> int:
        return len(self.data)

    def thumbnail(self, index: int, box: tuple[int, int] = THUMBNAIL_BOX) -> Image.Image:
        return thumbnail(self.page_jpegs[index], box)

    def __repr__(self) -> str:  # the bytes are a citizen's papers: never in logs
        pages = len(self.pages)
        return f"Document({self.format.value}, {pages} pages, {self.size} bytes, sha256={self.sha256[:12]}…)"


MIN_PAGE_MM = 20  # smaller than any paper a citizen brings (an ID card is 54 mm tall)


def _prepare(page: ScannedPage, number: int, policy: DocumentPolicy) -> tuple[bytes, PageReport]:
    if page.dpi <= 0:
        raise UnreadableImageError("page has no resolution")
    if 0 < min(page.image.size) * 25.4 / page.dpi < MIN_PAGE_MM:
        # a misfed strip, not a paper (and img2pdf refuses pages under 3 pt with a bare ValueError)
        raise UnreadableImageError(f"page {number} is smaller than {MIN_PAGE_MM} mm")
    image = to_working_mode(page.image, policy.color)
    marks = mark_fraction(image, page.dpi)
    dpi = min(page.dpi, policy.target_dpi)
    image = resample_to(image, page.dpi, dpi)
    if policy.clean:
        image = clean_tones(image)
    encoded = encode_bounded(image, dpi, policy.max_page_bytes, policy.qualities, min(policy.min_dpi, dpi))
    report = PageReport(
        number,
        encoded.dpi,
        encoded.size,
        len(encoded.data),
        encoded.quality,
        marks,
        marks < BLANK_MARK_FRACTION,
    )
    return encoded.data, report


def build_document(pages: Sequence[ScannedPage], policy: DocumentPolicy | None = None) -> Document:
    """Turn the scanned pages of one paper into one document; raises ``DocumentError`` subclasses."""
    policy = policy or DocumentPolicy()
    if not pages:
        raise NoPagesError("no pages")
    limit = 1 if policy.format is DocumentFormat.JPEG else policy.max_pages
    if len(pages) > limit:
        raise TooManyPagesError(f"{len(pages)} pages, at most {limit} for {policy.format.value}")
    jpegs: list[bytes] = []
    reports: list[PageReport] = []
    for number, page in enumerate(pages, start=1):
        data, report = _prepare(page, number, policy)
        jpegs.append(data)
        reports.append(report)
    if policy.format is DocumentFormat.PDF:
        import img2pdf

        body: bytes = img2pdf.convert(jpegs)
    else:
        body = jpegs[0]
    warnings = tuple(BlankPageWarning(r.number) for r in reports if r.blank)
    return Document(
        body, policy.format, tuple(reports), tuple(jpegs), hashlib.sha256(body).hexdigest(), warnings
    )

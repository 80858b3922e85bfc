"""Scanned pages -> upload-ready documents (PDF or JPEG), with blank-page warnings and thumbnails.

build_document(pages, policy) -> Document   the pipeline (pipeline.py states the size bound)
DocumentPolicy / DocumentFormat             format, colour, per-page byte bound, page limit
BlankPageWarning                            shown on the preview screen; the citizen decides
thumbnail / thumbnail_png                   preview images from the encoded page
errors                                      DocumentError and its subclasses
"""

from __future__ import annotations

from reference_kiosk.documents.blank import BLANK_MARK_FRACTION, BlankPageWarning, is_blank, mark_fraction
from reference_kiosk.documents.errors import (
    DocumentError,
    DocumentTooLargeError,
    NoPagesError,
    TooManyPagesError,
    UnreadableImageError,
)
from reference_kiosk.documents.pipeline import (
    DEFAULT_MAX_PAGE_BYTES,
    Document,
    DocumentFormat,
    DocumentPolicy,
    PageReport,
    build_document,
)
from reference_kiosk.documents.preview import THUMBNAIL_BOX, thumbnail, thumbnail_png

__all__ = [
    "BLANK_MARK_FRACTION",
    "DEFAULT_MAX_PAGE_BYTES",
    "THUMBNAIL_BOX",
    "BlankPageWarning",
    "Document",
    "DocumentError",
    "DocumentFormat",
    "DocumentPolicy",
    "DocumentTooLargeError",
    "NoPagesError",
    "PageReport",
    "TooManyPagesError",
    "UnreadableImageError",
    "build_document",
    "is_blank",
    "mark_fraction",
    "thumbnail",
    "thumbnail_png",
]

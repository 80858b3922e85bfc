"""Prove an uploaded JPEG or PDF decodes, cheaply, before the backend stores it.

Magic bytes (attachments.py) only say what a file claims to be. Here the claim is checked the
way an official's viewer would meet it, without paying what a decompression bomb costs:

* JPEG: Pillow reads the header, the declared size must be within :class:`DecodeBounds`, the
  mode one a scan has (L, RGB, CMYK); then the image is decoded at 1/8 scale (``Image.draft``,
  which libjpeg does by skipping most of the inverse DCT) so a truncated or corrupt file fails
  here and not on the official's screen. Pillow's own ``MAX_IMAGE_PIXELS`` guard stays as it is;
  our bound is stricter and is checked from the header before anything is decoded.
* PDF: pypdf parses the file structure in strict mode (a real ``xref``, trailer and page tree;
  garbage after ``%PDF-`` fails), the page count must be within the bound, and every image
  XObject reachable from a page (through Form XObjects too) must declare a size within the JPEG
  bounds. Every Flate stream is inflated once, incrementally, against a cap (pdf_streams.py):
  a Flate bomb is refused, never stored. Images embedded as plain ``/DCTDecode`` (what img2pdf
  writes) are JPEGs and get the JPEG check, since their raw stream bytes are the JPEG itself.

pypdf limits that apply while parsing (set per call through ``pypdf.apply_configuration``, a
context variable, so no global is touched): Flate output of object and xref streams (the only
streams parsing inflates) capped at ``structure_inflate_bytes``; declared stream ``/Length`` at
the file limit the caller passes; page tree entries and depth; array and dictionary sizes.

Bounded cost (docs/decisions/0018-bounded-request-cost.md). Pixels are not the whole cost:
* a JPEG's layout is read from its markers first (jpeg_layout.py): at most ``max_scans`` scans;
  a progressive or multi-scan file, whose decode holds every coefficient, at most
  ``max_coefficient_bytes`` of them; and every 8x8 block a decoder would visit, over all scans
  of all images of the request, is spent from one ``DecodeBudget`` before decoding;
* every Flate stream of a PDF is inflated incrementally against a size and ratio cap
  (pdf_streams.py), spending the same budget's inflate bytes: a bomb is refused, never stored.
The caller (attachments.py) also lets only ``MAX_CONCURRENT_DECODES`` run at once.
"""

from __future__ import annotations

import io
import struct
import threading
import zlib
from dataclasses import dataclass
from typing import Any

import pypdf
from PIL import Image
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from mocks.backend.errors import (
    DecodeTooCostlyError,
    ImageTooLargeError,
    TooManyPagesError,
    UnreadableDocumentError,
)
from mocks.backend.jpeg_layout import read_layout
from mocks.backend.pdf_streams import check_streams

__all__ = [
    "DEFAULT_BOUNDS",
    "MAX_CONCURRENT_DECODES",
    "DecodeBounds",
    "DecodeBudget",
    "check_jpeg",
    "check_pdf",
    "decode_gate",
]

# Decodes at once in this process: each may hold up to max_coefficient_bytes (and the machine
# a kiosk-twin backend runs on has few cores); more requests wait their turn.
MAX_CONCURRENT_DECODES = 2

# What a malformed PDF can make pypdf raise besides its own errors: the parser indexes, converts
# and recurses over attacker-chosen structure.
_PDF_FAILURES = (
    PyPdfError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    RecursionError,
    OverflowError,
    AssertionError,
    NotImplementedError,  # pypdf's answer to xref or object-stream forms it does not read
    zlib.error,
)
_SCAN_MODES = frozenset({"L", "RGB", "CMYK"})


@dataclass(frozen=True, slots=True)
class DecodeBounds:
    """Bounds on what an uploaded document may declare.

    A4 at 600 dpi (the finest any kiosk or office scanner is set to) is 4960 x 7016 px = 34.8
    Mpx; ``max_side`` leaves room for A3 at 600 dpi on the long side (9921 px), ``max_pixels``
    for 1.7 x that A4 page (a full-size RGB decode then stays under 180 MB). The kiosk sends at
    most 20 pages a document; ``max_pages`` is five times that, and at the 5 MB file limit still
    50 KB a page, about the least a legible A4 scan takes.
    """

    max_side: int = 10_000
    max_pixels: int = 60_000_000
    max_pages: int = 100
    max_images: int = 1_000  # image XObjects checked per PDF, over all pages
    max_form_depth: int = 8  # Form XObjects nested inside each other
    structure_inflate_bytes: int = 8_000_000  # object/xref streams a parse may inflate
    # Decode cost (measured in benchmarks/bench_hostile_uploads.py). libjpeg's default progressive
    # script has 10 scans (6 for grey); 32 leaves room for other encoders.
    max_scans: int = 32
    # A progressive decode holds 128 bytes per 8x8 block: 48 MiB is an A4 page at 300 dpi in
    # colour (4:2:0, 26 MB) with room to spare, or 24 Mpx of grey.
    max_coefficient_bytes: int = 48 * 1024 * 1024
    # Per request: about 36 ns of CPU a block visit in a progressive decode, so 16 M is ~0.6 s;
    # a kiosk page (A4 at 200 dpi, baseline, 4:2:0) is 90,000.
    max_block_visits: int = 16_000_000
    max_inflate_bytes: int = 64 * 1024 * 1024  # per request, ~2 ns a byte: ~0.15 s
    max_inflate_ratio: int = 100  # non-image Flate streams (content, fonts): output per input byte
    max_objects: int = 10_000  # xref entries of one PDF (a 20-page kiosk PDF has about 80)

    def __post_init__(self) -> None:
        numbers = (
            self.max_side, self.max_pixels, self.max_pages, self.max_images, self.max_form_depth,
            self.max_scans, self.max_coefficient_bytes, self.max_block_visits, self.max_inflate_bytes,
            self.max_inflate_ratio, self.max_objects,
        )  # fmt: skip
        if min(numbers) < 1:
            raise ValueError(f"bounds must be positive: {self!r}")

    def check_size(self, width: int, height: int, what: str) -> None:
        if width < 1 or height < 1:
            raise UnreadableDocumentError(f"{what} declares {width}x{height} pixels")
        if max(width, height) > self.max_side or width * height > self.max_pixels:
            raise ImageTooLargeError(
                f"{what} declares {width}x{height} pixels (at most {self.max_side} a side "
                f"and {self.max_pixels} in all)"
            )


DEFAULT_BOUNDS = DecodeBounds()


class DecodeBudget:
    """What one request may still spend: block visits (JPEG decodes) and inflated bytes (Flate).

    One per request (``decode_attachments``), shared by all its files and the images inside
    them, so many small costly files cannot add up to more than one may cost.
    """

    def __init__(self, bounds: DecodeBounds = DEFAULT_BOUNDS) -> None:
        self.block_visits = bounds.max_block_visits
        self.inflate_bytes = bounds.max_inflate_bytes

    def spend_block_visits(self, count: int, what: str) -> None:
        self.block_visits -= count
        if self.block_visits < 0:
            raise DecodeTooCostlyError(f"{what}: the request's images together cost too much to decode")

    def spend_inflate(self, count: int, what: str) -> None:
        self.inflate_bytes -= count
        if self.inflate_bytes < 0:
            raise DecodeTooCostlyError(f"{what}: the request's compressed streams inflate too far")


def decode_gate() -> threading.BoundedSemaphore:
    """The process's gate on concurrent decodes (made on first use, not at import)."""
    global _GATE
    with _GATE_LOCK:
        if _GATE is None:
            _GATE = threading.BoundedSemaphore(MAX_CONCURRENT_DECODES)
        return _GATE


_GATE: threading.BoundedSemaphore | None = None
_GATE_LOCK = threading.Lock()


# ---------------------------------------------------------------------------- JPEG


def check_jpeg(
    content: bytes,
    bounds: DecodeBounds = DEFAULT_BOUNDS,
    what: str = "image",
    budget: DecodeBudget | None = None,
) -> None:
    """Raise a named 422 unless ``content`` is a JPEG within ``bounds`` that decodes."""
    _check_layout(content, bounds, what, budget if budget is not None else DecodeBudget(bounds))
    try:
        with Image.open(io.BytesIO(content), formats=["JPEG"]) as image:
            bounds.check_size(image.width, image.height, what)
            if image.mode not in _SCAN_MODES:
                raise UnreadableDocumentError(f"{what} is in mode {image.mode}, not L, RGB or CMYK")
            # 1/8 scale: libjpeg still reads every scan (so truncation is found) but skips most work.
            image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard (the warning is raised only where warnings are errors, as in tests).
        raise ImageTooLargeError(f"{what} declares too many pixels") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error) as exc:
        raise UnreadableDocumentError(f"{what} is not a readable JPEG") from exc


def _check_layout(content: bytes, bounds: DecodeBounds, what: str, budget: DecodeBudget) -> None:
    """What decoding would cost, from the markers alone, before Pillow is asked to decode."""
    layout = read_layout(content, bounds.max_scans, what)
    bounds.check_size(layout.width, layout.height, what)
    if layout.buffered and layout.coefficient_bytes > bounds.max_coefficient_bytes:
        raise DecodeTooCostlyError(
            f"{what} is progressive or multi-scan and needs {layout.coefficient_bytes // 2**20} MiB "
            f"to decode (at most {bounds.max_coefficient_bytes // 2**20} MiB)"
        )
    budget.spend_block_visits(layout.block_visits, what)


# ---------------------------------------------------------------------------- PDF


def check_pdf(
    content: bytes,
    bounds: DecodeBounds = DEFAULT_BOUNDS,
    max_stream: int = 5 * 1024 * 1024,
    budget: DecodeBudget | None = None,
) -> None:
    """Raise a named 422 unless ``content`` parses as a PDF whose pages, images and streams are in bounds."""
    spend = budget if budget is not None else DecodeBudget(bounds)
    limits: dict[str, Any] = {
        "zlib_maximum_output_length": bounds.structure_inflate_bytes,
        "maximum_declared_stream_length": max(max_stream, 1),
        "page_tree_maximum_entries": bounds.max_pages * 4,
        "page_tree_maximum_page_entries": bounds.max_pages * 64,
        "page_tree_maximum_depth": 16,
        "array_maximum_element_count": 10_000,
        "dictionary_maximum_element_count": 10_000,
    }
    try:
        with pypdf.apply_configuration(**limits):
            reader = pypdf.PdfReader(io.BytesIO(content), strict=True)
            if reader.is_encrypted:
                raise UnreadableDocumentError("document is encrypted")
            _check_declared_count(reader, bounds)
            pages = list(reader.pages)
            if not pages:
                raise UnreadableDocumentError("document has no pages")
            if len(pages) > bounds.max_pages:
                raise TooManyPagesError(f"document has more than {bounds.max_pages} pages")
            _PageWalk(bounds, spend).check(pages)
            check_streams(reader, bounds.max_inflate_ratio, bounds.max_objects, spend)
    except _PDF_FAILURES as exc:
        raise UnreadableDocumentError("document is not a readable PDF") from exc


def _check_declared_count(reader: pypdf.PdfReader, bounds: DecodeBounds) -> None:
    """The page tree's declared /Count, read before flattening it: a lie is caught after."""
    count = _get(reader.root_object["/Pages"], "/Count")
    if not isinstance(count, int):
        raise UnreadableDocumentError("document's page tree has no page count")
    if count > bounds.max_pages:
        raise TooManyPagesError(f"document declares {count} pages (at most {bounds.max_pages})")


class _PageWalk:
    """Visits each page's image XObjects (through Form XObjects) without decoding any stream."""

    def __init__(self, bounds: DecodeBounds, budget: DecodeBudget) -> None:
        self.bounds = bounds
        self.budget = budget
        self.seen: set[int] = set()  # id() of XObjects already checked: shared images count once
        self.images = 0

    def check(self, pages: list[pypdf.PageObject]) -> None:
        for number, page in enumerate(pages, 1):
            self._resources(_get(page, "/Resources"), f"page {number}", depth=0)

    def _resources(self, resources: Any, where: str, depth: int) -> None:
        if resources is None:
            return
        if not isinstance(resources, DictionaryObject):
            raise UnreadableDocumentError(f"{where}: resources are not a dictionary")
        xobjects = _get(resources, "/XObject")
        if xobjects is None:
            return
        if not isinstance(xobjects, DictionaryObject):
            raise UnreadableDocumentError(f"{where}: XObjects are not a dictionary")
        for name in xobjects:
            self._xobject(xobjects[name].get_object(), f"{where} {name}", depth)

    def _xobject(self, xobject: Any, where: str, depth: int) -> None:
        if not isinstance(xobject, StreamObject):
            raise UnreadableDocumentError(f"{where} is not a stream")
        if id(xobject) in self.seen:
            return
        self.seen.add(id(xobject))
        subtype = _get(xobject, "/Subtype")
        if subtype == "/Image":
            self._image(xobject, where)
        elif subtype == "/Form":
            if depth >= self.bounds.max_form_depth:
                raise UnreadableDocumentError(f"{where}: forms nested too deep")
            self._resources(_get(xobject, "/Resources"), where, depth + 1)

    def _image(self, image: StreamObject, where: str) -> None:
        self.images += 1
        if self.images > self.bounds.max_images:
            raise UnreadableDocumentError(f"more than {self.bounds.max_images} images")
        width, height = _get(image, "/Width"), _get(image, "/Height")
        if not isinstance(width, int) or not isinstance(height, int):
            raise UnreadableDocumentError(f"{where} has no integer size")
        self.bounds.check_size(int(width), int(height), where)
        if _only_filter(image) == "/DCTDecode":
            # The raw stream is the JPEG itself (pypdf's DCTDecode passes bytes through).
            check_jpeg(image.get_data(), self.bounds, where, self.budget)


def _only_filter(stream: StreamObject) -> str | None:
    """The stream's filter when it has exactly one, else None (none, or a chain we never run)."""
    filters = _get(stream, "/Filter")
    if isinstance(filters, ArrayObject) and len(filters) == 1:
        filters = filters[0]
    return str(filters) if isinstance(filters, NameObject) else None


def _get(dictionary: Any, key: str) -> Any:
    """``dictionary[key]`` with indirect references resolved, or None (``dict.get`` does not resolve)."""
    if not isinstance(dictionary, DictionaryObject):
        raise UnreadableDocumentError(f"expected a dictionary holding {key}")
    value = dictionary.get(key)
    return None if value is None else value.get_object()

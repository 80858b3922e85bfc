"""Crafted uploads for the backend's decoding checks: small real files, bombs and liars.

* ``build_pdf(objects)``: a PDF with a correct xref from object bodies (object 1 is the root).
* ``one_page_pdf(xobjects, content)``: a one-page PDF whose page uses the given XObjects.
* ``flate_bomb_pdf(megabytes)``: a small PDF whose page content inflates to ``megabytes`` MB.
* ``jpeg(size)``, ``declaring(w, h)``: a real JPEG, and one whose frame header lies about its size.
* ``pipeline_pdf(pages)``: a multi-page PDF from the kiosk's own page pipeline (img2pdf).
* ``many_scans_jpeg(size, scans)``: a small progressive JPEG whose last scan is repeated, so a
  decoder visits every block ``scans`` times (libjpeg warns, and decodes them all).
* ``progressive_jpeg(size, mode)``: Pillow's progressive JPEG of a flat page (CMYK: the
  decode that holds every coefficient, 4 components, no subsampling).
* ``jpeg_pdf(jpegs)``: a one-page PDF drawing each JPEG as a ``/DCTDecode`` image XObject.
"""

from __future__ import annotations

import functools
import io
import random
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from PIL import Image

__all__ = [
    "build_pdf",
    "declaring",
    "flate_bomb_pdf",
    "image_xobject",
    "jpeg",
    "jpeg_pdf",
    "jpeg_segments",
    "many_scans_jpeg",
    "noise_scan_pdf",
    "one_page_pdf",
    "pipeline_pdf",
    "progressive_jpeg",
    "stream",
]


def jpeg(size: tuple[int, int] = (16, 16), mode: str = "L") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "#c8c8c8").save(out, "JPEG")
    return out.getvalue()


def declaring(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF0) declares ``width`` x ``height`` pixels."""
    data = bytearray(jpeg())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def progressive_jpeg(size: tuple[int, int], mode: str = "L") -> bytes:
    out = io.BytesIO()
    colour: Any = (30, 20, 10, 5) if mode == "CMYK" else 200
    Image.new(mode, size, colour).save(out, "JPEG", progressive=True, quality=90)
    return out.getvalue()


def jpeg_segments(data: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of each segment after SOI; a scan's end includes its coded data.

    Written independently of the backend's marker walk (mocks/backend/jpeg_layout.py), byte
    by byte, so a test does not check that code with itself.
    """
    out, at = [], 2
    while at < len(data) - 1:
        marker = data[at + 1]
        if marker == 0xD9:
            out.append((marker, at, at + 2))
            break
        end = at + 2 + int.from_bytes(data[at + 2 : at + 4], "big")
        if marker == 0xDA:
            while not (data[end] == 0xFF and data[end + 1] not in (0x00, *range(0xD0, 0xD8))):
                end += 1
        out.append((marker, at, end))
        at = end
    return out


@functools.cache
def many_scans_jpeg(size: tuple[int, int] = (4000, 4000), scans: int = 1000, mode: str = "L") -> bytes:
    """A progressive JPEG with ``scans`` scans: its last scan (and its tables) repeated."""
    data = progressive_jpeg(size, mode)
    parts = jpeg_segments(data)
    scan_at = [i for i, (marker, _, _) in enumerate(parts) if marker == 0xDA]
    first = scan_at[-1]
    while parts[first - 1][0] == 0xC4:  # the Huffman tables the last scan uses
        first -= 1
    again = data[parts[first][1] : parts[scan_at[-1]][2]]
    return data[: parts[-1][1]] + again * max(0, scans - len(scan_at)) + b"\xff\xd9"


def jpeg_pdf(jpegs: Sequence[bytes], size: tuple[int, int] = (16, 16)) -> bytes:
    """One page drawing every JPEG as an image XObject (declared ``size``, raw DCT data)."""
    images = {
        f"Im{i}": image_xobject(*size, data=data, filters=b"/DCTDecode") for i, data in enumerate(jpegs)
    }
    return one_page_pdf(images)


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<<" + dictionary + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def build_pdf(objects: Sequence[bytes]) -> bytes:
    """Objects numbered from 1 in order, object 1 the catalog; the xref offsets are computed."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def image_xobject(
    width: int, height: int, data: bytes | None = None, filters: bytes = b"/FlateDecode"
) -> bytes:
    pixels = zlib.compress(bytes(min(width * height, 64))) if data is None else data
    head = b"/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 8/Filter%s"
    return stream(head % (width, height, filters), pixels)


def one_page_pdf(xobjects: Mapping[str, bytes] | None = None, content: bytes | None = None) -> bytes:
    """Catalog 1, pages 2, page 3, content 4, then the XObjects (5, 6...) named on the page."""
    xobjects = dict(xobjects or {})
    names = b"".join(b"/%s %d 0 R" % (name.encode(), 5 + i) for i, name in enumerate(xobjects))
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</XObject<<%s>>>>>>"
    draw = b" ".join(b"/%s Do" % name.encode() for name in xobjects)
    body = content if content is not None else stream(b"", draw)
    head = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>", page % names, body]
    return build_pdf([*head, *xobjects.values()])


@functools.cache
def flate_bomb_pdf(megabytes: int = 300) -> bytes:
    """A one-page PDF of a few hundred KB whose content stream inflates to ``megabytes`` MB."""
    packer = zlib.compressobj(9)
    chunk = bytes(1024 * 1024)
    data = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    return one_page_pdf(content=stream(b"/Filter/FlateDecode", data))


def pipeline_pdf(pages: int = 3) -> bytes:
    """A real document from the kiosk's page pipeline: A5 pages at 100 dpi, img2pdf-wrapped JPEGs."""
    from reference_kiosk.documents import build_document
    from reference_kiosk.ports import ScannedPage, ScanSource

    scans = []
    for number in range(pages):
        page = Image.new("L", (583, 827), 245)
        page.paste(20, (60, 80 + 40 * number, 500, 120 + 40 * number))  # a line of "text"
        scans.append(ScannedPage(page, 100, ScanSource.ADF))
    return build_document(scans).data


def noise_scan_pdf(size: int, rng: random.Random) -> bytes:
    """A one-page PDF around a noise JPEG of ``size`` bytes, as bench_backend.py submits."""
    import img2pdf

    side = 300
    while True:
        noise = Image.frombytes("L", (side, side), rng.randbytes(side * side))
        buffer = io.BytesIO()
        noise.save(buffer, format="JPEG", quality=90)
        if buffer.tell() >= size:
            pdf: bytes = img2pdf.convert(buffer.getvalue())
            return pdf
        side = int(side * 1.1) + 1

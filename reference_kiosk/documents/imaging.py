"""Page images in, compact JPEG bytes out: tone clean-up, resampling, size-bounded encoding.

Clean-up is what scanning software calls background removal: the paper tone and sensor noise
are mapped to pure white and the ink is stretched to black, using the page's own histogram.
It makes text crisper and the JPEG about half as large (noise is what JPEG codes worst).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from reference_kiosk.documents.errors import DocumentTooLargeError, UnreadableImageError

__all__ = ["EncodedPage", "clean_tones", "encode_bounded", "percentile", "resample_to", "to_working_mode"]

_MIN_PAPER_LEVEL = 160  # darker than this at the 60th percentile: not a paper page, leave its tones alone
_WHITE_MARGIN = 10  # levels below the paper tone still mapped to white (noise, lamp falloff)
_MIN_RANGE = 96  # keep at least this many levels between black and white points


@dataclass(frozen=True, slots=True)
class EncodedPage:
    data: bytes
    quality: int
    dpi: int
    size: tuple[int, int]


def percentile(histogram: list[int], fraction: float) -> int:
    """The level below which ``fraction`` of the pixels lie (from a 256-bin histogram)."""
    total = sum(histogram)
    target = fraction * total
    running = 0
    for level, count in enumerate(histogram):
        running += count
        if running >= target:
            return level
    return 255


def to_working_mode(image: Image.Image, color: bool) -> Image.Image:
    """RGB for colour documents, L otherwise (bilevel and palette scans included)."""
    if image.width == 0 or image.height == 0:
        raise UnreadableImageError("page image has no pixels")
    try:
        return image.convert("RGB" if color else "L")
    except (OSError, ValueError) as exc:
        raise UnreadableImageError(f"cannot convert page image from mode {image.mode}") from exc


def clean_tones(image: Image.Image) -> Image.Image:
    """Map paper to white and ink to black; pages that are not light paper pass unchanged."""
    gray = image if image.mode == "L" else image.convert("L")
    hist = gray.histogram()
    paper = percentile(hist, 0.60)
    if paper < _MIN_PAPER_LEVEL:
        return image
    white = paper - _WHITE_MARGIN
    black = max(0, min(percentile(hist, 0.005), white - _MIN_RANGE))
    scale = 255.0 / (white - black)
    lut = [min(255, max(0, round((v - black) * scale))) for v in range(256)]
    return image.point(lut * len(image.getbands()))


def resample_to(image: Image.Image, from_dpi: int, to_dpi: int) -> Image.Image:
    if to_dpi >= from_dpi:
        return image
    size = (max(1, round(image.width * to_dpi / from_dpi)), max(1, round(image.height * to_dpi / from_dpi)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def _jpeg(image: Image.Image, quality: int, dpi: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, dpi=(dpi, dpi))
    return out.getvalue()


def encode_bounded(
    image: Image.Image, dpi: int, max_bytes: int, qualities: tuple[int, ...], min_dpi: int
) -> EncodedPage:
    """Encode at the best quality that fits ``max_bytes``; then step the resolution down.

    Raises ``DocumentTooLargeError`` when even the lowest quality at ``min_dpi`` is too large.
    """
    current, current_dpi = image, dpi
    while True:
        for quality in qualities:
            data = _jpeg(current, quality, current_dpi)
            if len(data) <= max_bytes:
                return EncodedPage(data, quality, current_dpi, current.size)
        if current_dpi <= min_dpi:
            raise DocumentTooLargeError(f"page stays over {max_bytes} bytes at {current_dpi} dpi")
        next_dpi = max(min_dpi, int(current_dpi * 0.8))
        current, current_dpi = resample_to(image, dpi, next_dpi), next_dpi

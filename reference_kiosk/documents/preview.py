"""Page thumbnails for the preview screen, made from the JPEG that will actually be uploaded."""

from __future__ import annotations

import io
import warnings

from PIL import Image

from reference_kiosk.documents.errors import UnreadableImageError

__all__ = ["THUMBNAIL_BOX", "thumbnail", "thumbnail_png"]

THUMBNAIL_BOX = (240, 340)  # pixels: an A4 page on the kiosk's preview strip


def thumbnail(jpeg: bytes, box: tuple[int, int] = THUMBNAIL_BOX) -> Image.Image:
    """A small copy of one page (JPEG draft mode decodes at 1/2..1/8 scale: cheap)."""
    try:
        with warnings.catch_warnings():
            # a page declaring a huge size is refused, not decoded (the bomb errors are not OSErrors)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(jpeg))
            image.draft(image.mode, box)
            image.load()
    except (OSError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnreadableImageError("page image cannot be decoded") from exc
    image.thumbnail(box, Image.Resampling.LANCZOS)
    return image


def thumbnail_png(jpeg: bytes, box: tuple[int, int] = THUMBNAIL_BOX) -> bytes:
    out = io.BytesIO()
    thumbnail(jpeg, box).save(out, "PNG", optimize=True)
    return out.getvalue()

"""Screenshots that leave the kiosk: drawn with the session's personal values masked, with a text layer.

    shot = redacted_shot(app)                 # an off-screen drawing; the live screen is untouched
    save_screenshot(app, "shots/home.png")    # PNG + text chunk "Screen-Text" (the redacted texts)
    read_text_layer("shots/home.png")         # -> "Cổng dịch vụ công\\nH. V. N.\\n..."

The citizen at the kiosk keeps seeing their own name and date of birth; a report, the demo or
the gallery sees initials, ``**/**/****``, masked ID numbers and blank frames where scanned papers
were. Redaction happens on the widgets' texts before they are drawn (``Widget.redacted``), so the
pixels and the text layer agree and nothing has to be guessed from the image.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from reference_kiosk.ui.redaction import Redactor

if TYPE_CHECKING:
    from reference_kiosk.ui.app import KioskApp

__all__ = ["SCREEN_KEY", "TEXT_KEY", "Screenshot", "read_text_layer", "redacted_shot", "save_screenshot"]

TEXT_KEY = "Screen-Text"  # PNG iTXt chunk: the screen's texts, redacted, one per line
SCREEN_KEY = "Screen"  # which screen it was ("home", "form", ...)


@dataclass(frozen=True, slots=True, eq=False)
class Screenshot:
    screen: str
    texts: tuple[str, ...] = field(repr=False)
    surface: pygame.Surface = field(repr=False)


def redacted_shot(app: KioskApp) -> Screenshot:
    """The screen as shown now, drawn again off-screen with the session's personal values masked."""
    app.render(0.0)  # the live screen is current, so the stack holds this frame's widgets
    redact = Redactor.for_values(app.flow.personal)
    surface = pygame.Surface(app.size)
    app.stack.draw(surface, redact)
    texts = tuple(t for scene in app.stack.visible() for w in scene.shown(redact) for t in w.texts())
    top = app.stack.top
    return Screenshot(top.screen.value if top is not None else "", texts, surface)


def save_screenshot(app: KioskApp, path: Path | str, size: tuple[int, int] | None = None) -> Path:
    """Write the redacted screenshot as a PNG (scaled to ``size`` if given) carrying its text layer."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    shot = redacted_shot(app)
    surface = shot.surface
    if size is not None and size != surface.get_size():
        surface = pygame.transform.smoothscale(surface, size)  # C, several times faster than Pillow here
    image = Image.frombytes("RGB", surface.get_size(), pygame.image.tobytes(surface, "RGB"))
    info = PngInfo()
    info.add_itxt(SCREEN_KEY, shot.screen)
    info.add_itxt(TEXT_KEY, "\n".join(shot.texts))
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, "PNG", pnginfo=info, compress_level=3)  # a report's worth of PNGs: favour speed
    return out


def read_text_layer(path: Path | str) -> str:
    """The text layer of a screenshot written by ``save_screenshot`` ("" if it has none)."""
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        text = getattr(image, "text", {}).get(TEXT_KEY, "")
    return str(text)

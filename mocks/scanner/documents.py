"""The papers the emulator can scan, and the one function that renders any of them."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from enum import StrEnum

import numpy as np
from PIL import Image

from mocks.scanner.canvas import Canvas
from mocks.scanner.card import draw_card_back, draw_card_front
from mocks.scanner.forms import draw_birth_registration, draw_ct01, draw_ct07_household
from mocks.scanner.paper import ScanEffects, apply_effects, paper_tone
from mocks.scanner.persona import PageData
from reference_kiosk.ports import ColorMode

__all__ = ["DEFAULT_FEEDER", "DocumentKind", "render_clean", "render_page"]


class DocumentKind(StrEnum):
    CT01 = "ct01"  # tờ khai thay đổi thông tin cư trú
    BIRTH_REGISTRATION = "birth_registration"  # tờ khai đăng ký khai sinh
    CCCD_FRONT = "cccd_front"
    CCCD_BACK = "cccd_back"
    HOUSEHOLD = "household"  # CT07: xác nhận thông tin về cư trú (lists the household)
    BLANK = "blank"  # an empty sheet slipped in by mistake


Painter = Callable[[Canvas, PageData, random.Random], None]


def _nothing(c: Canvas, data: PageData, rng: random.Random) -> None:
    return None


_PAINTERS: dict[DocumentKind, Painter] = {
    DocumentKind.CT01: draw_ct01,
    DocumentKind.BIRTH_REGISTRATION: draw_birth_registration,
    DocumentKind.CCCD_FRONT: draw_card_front,
    DocumentKind.CCCD_BACK: draw_card_back,
    DocumentKind.HOUSEHOLD: draw_ct07_household,
    DocumentKind.BLANK: _nothing,
}

# A residence registration dossier, in the order a citizen would stack it.
DEFAULT_FEEDER = (
    DocumentKind.CT01,
    DocumentKind.CCCD_FRONT,
    DocumentKind.CCCD_BACK,
    DocumentKind.HOUSEHOLD,
    DocumentKind.BIRTH_REGISTRATION,
)


@functools.lru_cache(maxsize=6)  # a feeder of the same few papers: render each once (callers never mutate)
def render_clean(kind: DocumentKind, data: PageData, dpi: int, seed: int) -> Image.Image:
    """The page as printed and filled in, before the scanner sees it (RGB)."""
    rng = random.Random(f"{seed}:{kind.value}")
    is_card = kind in (DocumentKind.CCCD_FRONT, DocumentKind.CCCD_BACK)
    paper = (250, 250, 248) if is_card else paper_tone(rng)  # a card lies on the white lid
    canvas = Canvas.blank(dpi, paper)
    _PAINTERS[kind](canvas, data, rng)
    return canvas.image


def render_page(
    kind: DocumentKind,
    data: PageData,
    dpi: int,
    mode: ColorMode,
    seed: int,
    scan_number: int = 0,
    effects: ScanEffects | None = None,
) -> Image.Image:
    """One scanned page, a pure function of its arguments.

    ``seed`` fixes what is written on the paper; ``scan_number`` varies how this pass of the
    scanner sees it (skew, noise), as two scans of one sheet never match pixel for pixel.
    """
    clean = render_clean(kind, data, dpi, seed)
    rng = random.Random(f"{seed}:{kind.value}:{scan_number}")
    noise = np.random.default_rng([seed & 0xFFFFFFFF, scan_number, dpi, list(DocumentKind).index(kind)])
    image = apply_effects(clean, mode, effects or ScanEffects(), rng, noise)
    image.info["dpi"] = (dpi, dpi)
    return image

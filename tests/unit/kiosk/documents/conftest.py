"""Scanned pages from the emulator at the kiosk's default settings (200 dpi, grayscale)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mocks.scanner import DocumentKind, PageData, ScanEffects, render_page
from reference_kiosk.ports import ColorMode, ScannedPage, ScanSource

DPI = 200


def scanned(
    kind: DocumentKind, dpi: int = DPI, mode: ColorMode = ColorMode.GRAY, **effects: float
) -> ScannedPage:
    image = render_page(kind, PageData(), dpi, mode, seed=7, effects=ScanEffects(**effects))
    return ScannedPage(image=image, dpi=dpi, source=ScanSource.FLATBED)


@pytest.fixture(scope="session")
def pages() -> dict[DocumentKind, ScannedPage]:
    """One page of every paper the emulator knows."""
    return {kind: scanned(kind) for kind in DocumentKind}


@pytest.fixture(scope="session")
def make_page() -> Callable[..., ScannedPage]:
    """``make_page(kind, dpi=200, mode=GRAY, **effects)``: one scanned page."""
    return scanned

"""``EmulatedScanner``: an A4 flatbed with a document feeder, implementing the ``Scanner`` port.

It renders the papers named in its ``ScannerControl`` with the persona's data and raises the
same named errors as the SANE adapter, so one contract suite covers both.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace

import numpy as np
from PIL import Image

from mocks.scanner.control import ScannerControl
from mocks.scanner.documents import DocumentKind, render_page
from mocks.scanner.glass import place_on_glass
from mocks.scanner.paper import ScanEffects, apply_effects
from mocks.scanner.persona import PageData, page_data
from reference_kiosk.devices.errors import (
    CoverOpenError,
    FeederEmptyError,
    FeederJammedError,
    NoScannerError,
    ScannerBusyError,
    ScannerIOError,
)
from reference_kiosk.ports import ColorMode, ScannedPage, ScannerInfo, ScanSettings, ScanSource

__all__ = ["EmulatedScanner"]

RESOLUTIONS = (75, 100, 150, 200, 300, 600)
_LID = (250, 250, 248)


def nearest_resolution(dpi: int) -> int:
    """Snap to the nearest supported resolution, as real scanners do (ties go to the higher)."""
    return min(RESOLUTIONS, key=lambda r: (abs(r - dpi), -r))


class EmulatedScanner:
    """A behavioural model of a document scanner. All state lives in ``control``.

    ``sleep`` is called with the control's per-page delay (inject a recorder in tests, a
    simulated clock in the demo); ``persona`` is any mapping or object with the fields of
    ``mocks.scanner.persona.PageData``.
    """

    def __init__(
        self,
        control: ScannerControl | None = None,
        *,
        persona: Mapping[str, object] | object | None = None,
        seed: int = 0,
        sleep: Callable[[float], None] = time.sleep,
        effects: ScanEffects | None = None,
        name: str = "emulated:0",
    ) -> None:
        self.control = control or ScannerControl()
        self._data: PageData = page_data(persona)
        self._seed = seed
        self._sleep = sleep
        self._effects = effects or ScanEffects()
        self._name = name
        self._scans = 0
        self._closed = False

    def describe(self) -> ScannerInfo:
        return ScannerInfo(
            name=self._name,
            vendor="kiosk-twin",
            model="Emulated A4 flatbed with document feeder",
            sources=(ScanSource.FLATBED, ScanSource.ADF),
            modes=(ColorMode.COLOR, ColorMode.GRAY, ColorMode.LINEART),
            resolutions=RESOLUTIONS,
        )

    def scan(self, settings: ScanSettings) -> ScannedPage:
        self._check_ready()
        if settings.source is ScanSource.ADF:
            kind, fault = self.control.take_sheet()
            if kind is None:
                raise FeederEmptyError("the feeder is empty")
        else:
            kind, fault = self.control.take_flatbed()
        self._raise_fault(fault)
        if settings.source is ScanSource.FLATBED and settings.area_mm is not None:
            return self._window(settings, settings.area_mm)
        return self._page(kind or DocumentKind.BLANK, settings, index=0)

    def scan_batch(self, settings: ScanSettings, max_pages: int | None = None) -> Iterator[ScannedPage]:
        if settings.source is ScanSource.FLATBED:
            # The glass holds one sheet: a "batch" from the flatbed is that one page.
            yield self.scan(settings)
            return
        index = 0
        while max_pages is None or index < max_pages:
            self._check_ready()
            kind, fault = self.control.take_sheet()
            if kind is None:
                if index == 0:
                    raise FeederEmptyError("the feeder is empty")
                return
            self._raise_fault(fault)
            yield self._page(kind, settings, index)
            index += 1

    def close(self) -> None:
        self._closed = True

    # ------------------------------------------------------------------ internals

    def _check_ready(self) -> None:
        if self._closed:
            raise NoScannerError("the emulated scanner is closed")
        if self.control.cover_open:
            raise CoverOpenError("the cover is open")
        if self.control.busy:
            raise ScannerBusyError("the device is busy")

    @staticmethod
    def _raise_fault(fault: str | None) -> None:
        if fault == "jam":
            raise FeederJammedError("paper jammed in the feeder")
        if fault == "io":
            raise ScannerIOError("error during device I/O")

    def _window(self, settings: ScanSettings, area: tuple[float, float, float, float]) -> ScannedPage:
        """A small area of the glass: the card corner with whatever lies there (else the lid)."""
        if self.control.page_delay > 0:
            self._sleep(self.control.page_delay)
        dpi = nearest_resolution(settings.dpi)
        item = self.control.glass_item
        window = item(dpi) if item is not None else place_on_glass(Image.new("RGB", (1, 1), _LID), dpi)
        box = tuple(round(mm * dpi / 25.4) for mm in area)
        clean = window.crop((box[0], box[1], box[2], box[3]))
        rng = random.Random(f"{self._seed}:glass:{self._scans}")
        noise = np.random.default_rng([self._seed & 0xFFFFFFFF, self._scans, dpi])
        effects = replace(self._effects, max_skew_deg=0.0)  # the card's own angle is in the item
        image = apply_effects(clean, settings.mode, effects, rng, noise)
        image.info["dpi"] = (dpi, dpi)
        self._scans += 1
        return ScannedPage(image=image, dpi=dpi, source=ScanSource.FLATBED)

    def _page(self, kind: DocumentKind, settings: ScanSettings, index: int) -> ScannedPage:
        if self.control.page_delay > 0:
            self._sleep(self.control.page_delay)
        dpi = nearest_resolution(settings.dpi)
        image = render_page(
            kind, self._data, dpi, settings.mode, self._seed, scan_number=self._scans, effects=self._effects
        )
        self._scans += 1
        return ScannedPage(image=image, dpi=dpi, source=settings.source, index=index)

"""``SanePaperScanner``: SANE's ``test`` backend fed with the twin's paper and faults.

The kiosk's real SANE adapter scans from ``test:0``; this wrapper sits in front of it (the
composition root of a test hands it the opened ``SaneScanner``) and, before each sheet, takes
that sheet and its fault from the same ``ScannerControl`` the in-process emulator reads, then
tells the backend what to do with it::

    cover open / busy           read-return-value SANE_STATUS_COVER_OPEN / SANE_STATUS_DEVICE_BUSY
    feeder empty                read-return-value SANE_STATUS_NO_DOCS
    jam_on_page / fail_io       read-return-value SANE_STATUS_JAMMED / SANE_STATUS_IO_ERROR
    a BLANK sheet, empty glass  test-picture "Solid white" (else "Grid", a page with marks)

So the adapter meets real SANE statuses and pages, and the twin decides which. Not modelled:
``ScannerControl.slow`` (the backend's ``read-delay`` would make scenarios wait in real time).

A scan of a small area (``ScanSettings.area_mm``: the chip login's card corner) goes to the
``glass`` device when there is one, SANE's ``pnm`` backend: the twin writes the card window it
holds (``ScannerControl.lay_on_glass``, else the bare lid) as a PNM file, points the backend's
``filename`` option at it, and the kiosk's adapter scans that. The file is deleted after the scan.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from PIL import Image

from mocks.scanner.control import ScannerControl
from mocks.scanner.documents import DocumentKind
from mocks.scanner.glass import place_on_glass
from reference_kiosk.devices.errors import FeederEmptyError
from reference_kiosk.ports import ScannedPage, Scanner, ScannerInfo, ScanSettings, ScanSource

__all__ = ["DEFAULT", "SanePaperScanner", "SaneTestDevice"]

DEFAULT = "Default"
_FAULTS = {"jam": "SANE_STATUS_JAMMED", "io": "SANE_STATUS_IO_ERROR"}
_NO_DOCS = "SANE_STATUS_NO_DOCS"


class SaneTestDevice(Scanner, Protocol):
    """A Scanner whose backend options can be set by name (``SaneScanner`` on ``test:0``)."""

    def set_option(self, option: str, value: object) -> None: ...


class SanePaperScanner:
    def __init__(
        self, device: SaneTestDevice, paper: ScannerControl, glass: SaneTestDevice | None = None
    ) -> None:
        self.device = device
        self.paper = paper
        self.glass = glass  # SANE's pnm backend, for the card corner

    def describe(self) -> ScannerInfo:
        return self.device.describe()

    def scan(self, settings: ScanSettings) -> ScannedPage:
        if self.glass is not None and settings.area_mm is not None and settings.source is ScanSource.FLATBED:
            return self._scan_glass(self.glass, settings, settings.area_mm)
        feeding = settings.source is ScanSource.ADF
        status, kind = self._next(feeding)
        self._prepare(status, kind)
        try:
            return self.device.scan(settings)
        except FeederEmptyError:
            if not feeding or status == _NO_DOCS:
                raise
        # The backend's own feeder holds 10 sheets, then reports empty once and refills; the
        # twin still had paper, so that sheet goes in again (options survive the failed scan).
        return self.device.scan(settings)

    def scan_batch(self, settings: ScanSettings, max_pages: int | None = None) -> Iterator[ScannedPage]:
        if settings.source is ScanSource.FLATBED:
            yield self.scan(settings)
            return
        index = 0
        while max_pages is None or index < max_pages:
            try:
                page = self.scan(settings)
            except FeederEmptyError:
                if index == 0:
                    raise
                return
            yield ScannedPage(page.image, page.dpi, page.source, index)
            index += 1

    def close(self) -> None:
        self.device.close()
        if self.glass is not None:
            self.glass.close()

    def _scan_glass(
        self, glass: SaneTestDevice, settings: ScanSettings, area: tuple[float, float, float, float]
    ) -> ScannedPage:
        item = self.paper.glass_item
        dpi = settings.dpi
        window = (
            item(dpi) if item is not None else place_on_glass(Image.new("RGB", (1, 1), (250, 250, 248)), dpi)
        )
        box = tuple(round(mm * dpi / 25.4) for mm in area)
        with tempfile.TemporaryDirectory(prefix="kiosk-twin-glass-") as tmp:
            path = Path(tmp) / "glass.pgm"
            window.crop((box[0], box[1], box[2], box[3])).convert("L").save(path)
            glass.set_option("filename", str(path))
            page = glass.scan(settings)
        return ScannedPage(page.image, dpi, ScanSource.FLATBED)

    # ------------------------------------------------------------------ internals

    def _next(self, feeding: bool) -> tuple[str, DocumentKind | None]:
        """The backend status this scan must meet, and the paper it scans."""
        paper = self.paper
        if paper.cover_open:
            return "SANE_STATUS_COVER_OPEN", None
        if paper.busy:
            return "SANE_STATUS_DEVICE_BUSY", None
        kind, fault = paper.take_sheet() if feeding else paper.take_flatbed()
        if feeding and kind is None:
            return _NO_DOCS, None
        return (_FAULTS[fault] if fault else DEFAULT), kind

    def _prepare(self, status: str, kind: DocumentKind | None) -> None:
        blank = kind is None or kind is DocumentKind.BLANK
        self.device.set_option("test-picture", "Solid white" if blank else "Grid")
        self.device.set_option("read-return-value", status)

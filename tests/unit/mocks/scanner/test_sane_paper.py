"""``SanePaperScanner`` in front of a recording double of SANE's test backend (no SANE needed).

The double plays what tests/contract/scanner proves of the real backend: ``read-return-value``
makes the next scan fail with that status's named error, ``test-picture`` picks the page, and
its own feeder reports empty once after 10 sheets. The real backend: tests/integration/scanner.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import Image, ImageDraw

from mocks.scanner import DocumentKind, ScannerControl
from mocks.scanner.sane_paper import SanePaperScanner
from reference_kiosk.devices.errors import (
    CoverOpenError,
    FeederEmptyError,
    FeederJammedError,
    ScannerBusyError,
    ScannerError,
    ScannerIOError,
)
from reference_kiosk.ports import ScannedPage, Scanner, ScannerInfo, ScanSettings, ScanSource

ADF = ScanSettings(source=ScanSource.ADF, dpi=75)
FLATBED = ScanSettings(dpi=75)
CT01, BLANK = DocumentKind.CT01, DocumentKind.BLANK
ERRORS: dict[str, type[ScannerError]] = {
    "SANE_STATUS_JAMMED": FeederJammedError,
    "SANE_STATUS_NO_DOCS": FeederEmptyError,
    "SANE_STATUS_COVER_OPEN": CoverOpenError,
    "SANE_STATUS_DEVICE_BUSY": ScannerBusyError,
    "SANE_STATUS_IO_ERROR": ScannerIOError,
}


class FakeTestBackend:
    """Records options and scans; answers like SANE's test backend behind SaneScanner."""

    def __init__(self) -> None:
        self.options: dict[str, object] = {"test-picture": "Solid black", "read-return-value": "Default"}
        self.scans: list[tuple[object, object]] = []  # (picture, status) of every scan started
        self.own_sheets = 10
        self.closed = False

    def describe(self) -> ScannerInfo:
        return ScannerInfo(
            "test:0", "Noname", "frontend-tester", (ScanSource.FLATBED, ScanSource.ADF), (), ()
        )

    def set_option(self, option: str, value: object) -> None:
        assert option in self.options, option
        self.options[option] = value

    def scan(self, settings: ScanSettings) -> ScannedPage:
        picture, status = self.options["test-picture"], self.options["read-return-value"]
        self.scans.append((picture, status))
        if settings.source is ScanSource.ADF:
            if self.own_sheets == 0:
                self.own_sheets = 10
                raise FeederEmptyError("scan: Document feeder out of documents")
            self.own_sheets -= 1
        if status != "Default":
            raise ERRORS[str(status)](f"scan: {status}")
        image = Image.new("L", (60, 80), 255)
        if picture == "Grid":
            ImageDraw.Draw(image).line((0, 40, 60, 40), fill=0)
        return ScannedPage(image, settings.dpi, settings.source)

    def scan_batch(self, settings: ScanSettings, max_pages: int | None = None) -> Iterator[ScannedPage]:
        raise AssertionError("the wrapper feeds sheet by sheet")

    def close(self) -> None:
        self.closed = True


def _rig(
    *feeder: DocumentKind, flatbed: DocumentKind | None = None
) -> tuple[SanePaperScanner, FakeTestBackend]:
    backend = FakeTestBackend()
    return SanePaperScanner(backend, ScannerControl(flatbed=flatbed, feeder=feeder)), backend


def _inked(page: ScannedPage) -> bool:
    return page.image.getextrema()[0] == 0


def test_is_a_scanner_that_describes_the_device() -> None:
    scanner, backend = _rig()
    assert isinstance(scanner, Scanner)
    assert scanner.describe().name == "test:0"
    scanner.close()
    assert backend.closed


def test_each_sheet_sets_the_picture_and_a_clean_status() -> None:
    scanner, backend = _rig(CT01, BLANK, DocumentKind.HOUSEHOLD)
    pages = [scanner.scan(ADF) for _ in range(3)]
    assert [_inked(p) for p in pages] == [True, False, True]
    assert backend.scans == [("Grid", "Default"), ("Solid white", "Default"), ("Grid", "Default")]
    assert scanner.paper.feeder == ()
    assert scanner.paper.pages_scanned == 3


def test_a_jam_is_the_backends_jam_and_the_sheet_stays() -> None:
    scanner, backend = _rig(CT01, CT01)
    scanner.paper.jam_on_page(2)
    scanner.scan(ADF)
    with pytest.raises(FeederJammedError):
        scanner.scan(ADF)
    assert backend.scans[-1][1] == "SANE_STATUS_JAMMED"
    assert scanner.paper.feeder == (CT01,)
    assert _inked(scanner.scan(ADF))  # cleared: the sheet goes through on the next try


def test_an_io_error_on_the_page_asked() -> None:
    scanner, backend = _rig(CT01, CT01)
    scanner.paper.fail_io_on_page(1)
    with pytest.raises(ScannerIOError):
        scanner.scan(ADF)
    assert backend.scans == [("Grid", "SANE_STATUS_IO_ERROR")]


def test_an_empty_feeder_is_the_backends_no_docs() -> None:
    scanner, backend = _rig()
    with pytest.raises(FeederEmptyError):
        scanner.scan(ADF)
    assert backend.scans == [("Solid white", "SANE_STATUS_NO_DOCS")]


@pytest.mark.parametrize(
    ("fault", "error", "status"),
    [
        ("cover", CoverOpenError, "SANE_STATUS_COVER_OPEN"),
        ("busy", ScannerBusyError, "SANE_STATUS_DEVICE_BUSY"),
    ],
)
def test_cover_and_busy_keep_the_paper(fault: str, error: type[ScannerError], status: str) -> None:
    scanner, backend = _rig(CT01)
    if fault == "cover":
        scanner.paper.open_cover()
    else:
        scanner.paper.set_busy()
    with pytest.raises(error):
        scanner.scan(ADF)
    assert backend.scans[-1][1] == status
    assert scanner.paper.feeder == (CT01,)


@pytest.mark.parametrize(
    ("glass", "picture"), [(CT01, "Grid"), (None, "Solid white"), (BLANK, "Solid white")]
)
def test_flatbed_scans_what_lies_on_the_glass(glass: DocumentKind | None, picture: str) -> None:
    scanner, backend = _rig(CT01, flatbed=glass)
    scanner.scan(FLATBED)
    assert backend.scans == [(picture, "Default")]
    assert scanner.paper.feeder == (CT01,)  # the feeder is not touched


def test_the_backends_own_ten_sheets_never_run_the_twins_feeder_dry() -> None:
    scanner, backend = _rig(*[CT01] * 12)
    pages = [scanner.scan(ADF) for _ in range(12)]
    assert all(_inked(p) for p in pages)
    assert len(backend.scans) == 13  # the 11th sheet went in twice
    with pytest.raises(FeederEmptyError):
        scanner.scan(ADF)


def test_batch_feeds_until_the_twins_feeder_is_empty() -> None:
    scanner, _ = _rig(CT01, BLANK, CT01)
    pages = list(scanner.scan_batch(ADF))
    assert [p.index for p in pages] == [0, 1, 2]
    assert [_inked(p) for p in pages] == [True, False, True]
    assert list(scanner.scan_batch(FLATBED)) != []
    with pytest.raises(FeederEmptyError):
        list(scanner.scan_batch(ADF))


def test_batch_stops_at_max_pages_and_raises_a_jam() -> None:
    scanner, _ = _rig(CT01, CT01, CT01)
    assert len(list(scanner.scan_batch(ADF, max_pages=2))) == 2
    scanner.paper.jam_on_page(1)
    with pytest.raises(FeederJammedError):
        list(scanner.scan_batch(ADF))

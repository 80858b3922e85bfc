"""The Scanner port's contract, run against every adapter (see conftest.py's ``harness``)."""

from __future__ import annotations

import pytest

from reference_kiosk.devices.errors import (
    CoverOpenError,
    FeederEmptyError,
    FeederJammedError,
    NoScannerError,
    ScannerBusyError,
    ScannerError,
    ScannerIOError,
)
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.ports import ColorMode, ScannedPage, Scanner, ScanSettings, ScanSource
from tests.support.scanner import FEEDER_SHEETS, Fault, Harness

# A hang inside a C backend ignores signals: the thread method ends the run with a stack dump.
pytestmark = pytest.mark.timeout(120, method="thread")

FLATBED = ScanSettings(source=ScanSource.FLATBED, mode=ColorMode.GRAY, dpi=100)
ADF = ScanSettings(source=ScanSource.ADF, mode=ColorMode.GRAY, dpi=75)


def _physical_mm(page: ScannedPage) -> tuple[float, float]:
    return page.image.width * 25.4 / page.dpi, page.image.height * 25.4 / page.dpi


def test_is_a_scanner_and_describes_itself(harness: Harness) -> None:
    scanner = harness.scanner
    info = scanner.describe()
    assert isinstance(scanner, Scanner)
    assert info.name
    assert {ScanSource.FLATBED, ScanSource.ADF} <= set(info.sources)
    assert ColorMode.GRAY in info.modes
    assert 200 in info.resolutions


def test_flatbed_page_is_gray_at_the_resolution_asked(harness: Harness) -> None:
    page = harness.scanner.scan(ScanSettings(dpi=200))
    assert (page.image.mode, page.dpi, page.source, page.index) == ("L", 200, ScanSource.FLATBED, 0)
    width, height = _physical_mm(page)
    # A4 where the device can (the test backend's glass stops at 200 mm): never more than A4.
    assert 190 <= width <= 210.5
    assert 190 <= height <= 297.5


@pytest.mark.parametrize(("mode", "pil_mode"), [(ColorMode.COLOR, "RGB"), (ColorMode.LINEART, "1")])
def test_page_comes_back_in_the_mode_asked(harness: Harness, mode: ColorMode, pil_mode: str) -> None:
    page = harness.scanner.scan(ScanSettings(mode=mode, dpi=75))
    assert page.image.mode == pil_mode


def test_odd_resolution_is_fitted_and_reported_truthfully(harness: Harness) -> None:
    page = harness.scanner.scan(ScanSettings(dpi=149))
    assert abs(page.dpi - 149) <= 1  # snapped to the nearest the device allows
    width, _ = _physical_mm(page)
    assert 190 <= width <= 210.5  # the reported dpi matches the pixels delivered


def test_feeder_batch_yields_every_sheet_in_order(harness: Harness) -> None:
    pages = list(harness.scanner.scan_batch(ADF))
    assert [p.index for p in pages] == list(range(FEEDER_SHEETS))
    assert {p.source for p in pages} == {ScanSource.ADF}
    assert {p.image.mode for p in pages} == {"L"}


def test_feeder_batch_stops_at_max_pages(harness: Harness) -> None:
    assert len(list(harness.scanner.scan_batch(ADF, max_pages=3))) == 3


def test_feeder_single_scans_feed_consecutive_sheets_until_empty(harness: Harness) -> None:
    for _ in range(FEEDER_SHEETS):
        harness.scanner.scan(ADF)
    with pytest.raises(FeederEmptyError):
        harness.scanner.scan(ADF)


def test_flatbed_batch_is_the_one_sheet_on_the_glass(harness: Harness) -> None:
    assert len(list(harness.scanner.scan_batch(FLATBED))) == 1


# Faults are forced on tiny pages (10 dpi): cheap, and they keep the SANE test backend's reader
# thread short-lived. SaneScanner pauses before cancelling a failed scan because sanei_thread
# cancels readers asynchronously (a cancel inside malloc hung ~40 % of runs before the pause).
TINY_FLATBED = ScanSettings(source=ScanSource.FLATBED, mode=ColorMode.GRAY, dpi=10)
TINY_ADF = ScanSettings(source=ScanSource.ADF, mode=ColorMode.GRAY, dpi=10)
FAULTS = [
    (Fault.JAMMED, FeederJammedError, TINY_ADF),
    (Fault.NO_DOCS, FeederEmptyError, TINY_ADF),
    (Fault.COVER_OPEN, CoverOpenError, TINY_FLATBED),
    (Fault.BUSY, ScannerBusyError, TINY_FLATBED),
    (Fault.IO_ERROR, ScannerIOError, TINY_FLATBED),
]


@pytest.mark.parametrize(("fault", "error", "settings"), FAULTS, ids=[f[0].name for f in FAULTS])
def test_each_fault_raises_its_named_error(
    harness: Harness, fault: Fault, error: type[ScannerError], settings: ScanSettings
) -> None:
    harness.force(fault)
    with pytest.raises(error) as caught:
        harness.scanner.scan(settings)
    assert isinstance(caught.value, KioskError)
    assert caught.value.message("vi") != caught.value.message("en")


@pytest.mark.parametrize(
    ("fault", "error"), [(Fault.JAMMED, FeederJammedError), (Fault.NO_DOCS, FeederEmptyError)]
)
def test_batch_faults_raise_from_the_iterator(
    harness: Harness, fault: Fault, error: type[ScannerError]
) -> None:
    harness.force(fault)
    with pytest.raises(error):
        list(harness.scanner.scan_batch(TINY_ADF))


def test_scanner_recovers_once_the_fault_is_cleared(harness: Harness) -> None:
    harness.force(Fault.JAMMED)
    with pytest.raises(FeederJammedError):
        harness.scanner.scan(TINY_ADF)
    harness.clear()
    assert len(list(harness.scanner.scan_batch(ADF, max_pages=2))) == 2


def test_closed_scanner_is_not_available(harness: Harness) -> None:
    harness.scanner.close()
    with pytest.raises(NoScannerError):
        harness.scanner.scan(FLATBED)

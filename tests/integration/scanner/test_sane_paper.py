"""``SanePaperScanner`` on the real ``SaneScanner`` and SANE's test backend: the twin's paper
and faults become real SANE pages and statuses, and the kiosk's blank-page check sees them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mocks.scanner import DocumentKind, ScannerControl
from mocks.scanner.sane_paper import SanePaperScanner
from reference_kiosk.devices.errors import (
    CoverOpenError,
    FeederEmptyError,
    FeederJammedError,
    ScannerBusyError,
    ScannerIOError,
)
from reference_kiosk.documents import is_blank
from reference_kiosk.ports import ColorMode, ScanSettings, ScanSource
from tests.support.sane import TEST_DEVICE

# A hang inside the C backend ignores signals: the thread method ends the run with a stack dump.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(120, method="thread")]

ADF = ScanSettings(source=ScanSource.ADF, mode=ColorMode.GRAY, dpi=75)
CT01, BLANK = DocumentKind.CT01, DocumentKind.BLANK


@pytest.fixture
def paper() -> ScannerControl:
    return ScannerControl(flatbed=None, feeder=[CT01, BLANK, CT01])


@pytest.fixture
def scanner(sane_config: Path, paper: ScannerControl) -> Iterator[SanePaperScanner]:
    from reference_kiosk.devices.sane import SaneScanner

    made = SanePaperScanner(SaneScanner.open(TEST_DEVICE), paper)
    try:
        yield made
    finally:
        made.close()


def _blank(scanner: SanePaperScanner, settings: ScanSettings = ADF) -> bool:
    page = scanner.scan(settings)
    return is_blank(page.image, page.dpi)


def test_sheets_come_out_as_the_twin_stacked_them(scanner: SanePaperScanner) -> None:
    assert [_blank(scanner) for _ in range(3)] == [False, True, False]
    with pytest.raises(FeederEmptyError):
        scanner.scan(ADF)
    scanner.paper.load_feeder([CT01])
    assert not _blank(scanner)  # the device recovers once paper is back


def test_a_jam_on_the_second_sheet_then_the_rest(scanner: SanePaperScanner, paper: ScannerControl) -> None:
    paper.jam_on_page(2)
    assert not _blank(scanner)
    with pytest.raises(FeederJammedError):
        scanner.scan(ADF)
    assert paper.feeder == (BLANK, CT01)  # the jammed sheet is still in the feeder
    assert _blank(scanner)


def test_io_error_cover_and_busy_are_the_backends_statuses(
    scanner: SanePaperScanner, paper: ScannerControl
) -> None:
    paper.fail_io_on_page(1)
    with pytest.raises(ScannerIOError):
        scanner.scan(ADF)
    paper.open_cover()
    with pytest.raises(CoverOpenError):
        scanner.scan(ADF)
    paper.close_cover()
    paper.set_busy()
    with pytest.raises(ScannerBusyError):
        scanner.scan(ADF)
    paper.set_busy(False)
    assert _blank(scanner)  # the I/O error took the first sheet; the blank one is next


def test_the_glass_is_white_until_a_paper_lies_on_it(
    scanner: SanePaperScanner, paper: ScannerControl
) -> None:
    flatbed = ScanSettings(dpi=75)
    assert _blank(scanner, flatbed)
    paper.place_on_flatbed(CT01)
    assert not _blank(scanner, flatbed)
    assert paper.feeder == (CT01, BLANK, CT01)


def test_more_sheets_than_the_backends_own_feeder_holds(scanner: SanePaperScanner) -> None:
    scanner.paper.load_feeder([CT01] * 12)
    pages = list(scanner.scan_batch(ADF))
    assert len(pages) == 12
    assert [p.index for p in pages] == list(range(12))

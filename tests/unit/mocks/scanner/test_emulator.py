"""The scanner emulator: deterministic pages, the persona's data, every fault on command."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from mocks.scanner import (
    DocumentKind,
    EmulatedScanner,
    PageData,
    ScanEffects,
    ScannerControl,
    page_data,
    render_page,
)
from mocks.scanner.canvas import font_path
from mocks.scanner.card import _check_digit, mrz_lines
from reference_kiosk.devices.errors import (
    CoverOpenError,
    FeederEmptyError,
    FeederJammedError,
    NoScannerError,
    ScannerBusyError,
    ScannerIOError,
)
from reference_kiosk.ports import ColorMode, ScannedPage, Scanner, ScanSettings, ScanSource

ADF = ScanSettings(source=ScanSource.ADF, dpi=75)
FLATBED = ScanSettings(dpi=75)


def _pixels(scanner: EmulatedScanner, settings: ScanSettings = FLATBED) -> bytes:
    return scanner.scan(settings).image.tobytes()


def _scanner(*kinds: DocumentKind, slept: list[float] | None = None) -> EmulatedScanner:
    control = ScannerControl(feeder=kinds)
    return EmulatedScanner(control, seed=5, sleep=(slept if slept is not None else []).append)


# ---------------------------------------------------------------------------- determinism


def test_same_seed_same_pages() -> None:
    assert _pixels(EmulatedScanner(seed=3)) == _pixels(EmulatedScanner(seed=3))


def test_different_seed_different_pages() -> None:
    assert _pixels(EmulatedScanner(seed=3)) != _pixels(EmulatedScanner(seed=4))


def test_rescanning_a_sheet_differs_like_a_real_scanner() -> None:
    scanner = EmulatedScanner(seed=3)
    assert _pixels(scanner) != _pixels(scanner)


def test_the_persona_changes_what_is_printed() -> None:
    other = {"full_name": "Nông Văn Dền", "id_number": "020085004321"}
    effects = ScanEffects.none()
    a = EmulatedScanner(seed=1, effects=effects).scan(FLATBED).image
    b = EmulatedScanner(seed=1, effects=effects, persona=other).scan(FLATBED).image
    assert a.tobytes() != b.tobytes()


def test_effects_leave_a_realistic_page() -> None:
    page = np.asarray(render_page(DocumentKind.CT01, PageData(), 100, ColorMode.GRAY, seed=2))
    paper = np.percentile(page, 60)
    assert 215 <= paper <= 250  # off-white paper, not pure white
    assert page.min() < 80  # dark ink is present
    clean = np.asarray(
        render_page(DocumentKind.CT01, PageData(), 100, ColorMode.GRAY, 2, effects=ScanEffects.none())
    )
    assert np.abs(page.astype(int) - clean.astype(int)).mean() > 1  # noise, lamp and skew changed it


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_paper_is_a4_at_the_resolution_asked(kind: DocumentKind) -> None:
    image = render_page(kind, PageData(), 75, ColorMode.COLOR, seed=1)
    assert image.size == (620, 877)  # 210 x 297 mm at 75 dpi
    assert image.info["dpi"] == (75, 75)


def test_the_font_covers_vietnamese() -> None:
    cmap = TTFont(str(font_path())).getBestCmap()
    text = "ẮẰẲẴẶĂÂĐÊÔƠƯỮỰỨỪỬữựứừửđăâêôơưạảãàáẹẻẽèéịỉĩìíọỏõòóụủũùúỵỷỹỳý"
    assert [ch for ch in text if ord(ch) not in cmap] == []


# ---------------------------------------------------------------------------- persona


def test_page_data_reads_mappings_objects_and_aliases() -> None:
    class Persona:
        name = "Lý Thị Hoa"
        date_of_birth = dt.date(2001, 2, 3)
        sex = "female"

    data = page_data(Persona())
    assert (data.full_name, data.date_of_birth, data.sex) == ("Lý Thị Hoa", "03/02/2001", "Nữ")
    assert page_data({"dob": "09/09/1999", "sex": "M"}).date_of_birth == "09/09/1999"
    assert page_data({"sex": "M"}).sex == "Nam"
    assert "Hoa" not in repr(data)


def test_mrz_follows_icao_td1() -> None:
    # ICAO 9303 part 3 worked examples for the 7-3-1 check digit.
    assert (_check_digit("L898902C3"), _check_digit("740812"), _check_digit("120415")) == ("6", "2", "9")
    line1, line2, line3 = mrz_lines(PageData(full_name="Đỗ Thị Ánh", id_number="020090001234"))
    assert [len(line) for line in (line1, line2, line3)] == [30, 30, 30]
    assert line1.startswith("IDVNM090001234")
    assert line3.startswith("DO<<THI<ANH<")
    assert line2.startswith("9003129F3003127VNM")  # DOB 12/03/1990, expiry 12/03/2030, check digits
    assert line2[-1] == _check_digit(line1[5:30] + line2[0:7] + line2[8:15])


# ---------------------------------------------------------------------------- feeder and faults


def test_describes_a_flatbed_with_feeder() -> None:
    scanner = EmulatedScanner()
    assert isinstance(scanner, Scanner)
    assert scanner.describe().sources == (ScanSource.FLATBED, ScanSource.ADF)


def test_batch_feeds_the_stack_in_order_and_empties_it() -> None:
    scanner = _scanner(DocumentKind.CT01, DocumentKind.BLANK, DocumentKind.CCCD_FRONT)
    pages = list(scanner.scan_batch(ADF))
    assert [p.index for p in pages] == [0, 1, 2]
    assert scanner.control.feeder == ()
    with pytest.raises(FeederEmptyError):
        scanner.scan(ADF)


def test_jam_on_page_k_keeps_the_sheet_for_the_retry() -> None:
    scanner = _scanner(DocumentKind.CT01, DocumentKind.CCCD_FRONT, DocumentKind.CCCD_BACK)
    scanner.control.jam_on_page(2)
    got: list[ScannedPage] = []
    with pytest.raises(FeederJammedError):
        got.extend(scanner.scan_batch(ADF))
    assert len(got) == 1
    assert scanner.control.feeder == (DocumentKind.CCCD_FRONT, DocumentKind.CCCD_BACK)
    assert len(list(scanner.scan_batch(ADF))) == 2  # one-shot: the retry goes through


def test_io_error_on_page_k() -> None:
    scanner = _scanner(*[DocumentKind.CT01] * 3)
    scanner.control.fail_io_on_page(3)
    scanner.scan(ADF)
    scanner.scan(ADF)
    with pytest.raises(ScannerIOError):
        scanner.scan(ADF)


def test_cover_and_busy_block_until_cleared() -> None:
    scanner = _scanner()
    scanner.control.open_cover()
    with pytest.raises(CoverOpenError):
        scanner.scan(FLATBED)
    scanner.control.close_cover()
    scanner.control.set_busy()
    with pytest.raises(ScannerBusyError):
        scanner.scan(FLATBED)
    scanner.control.clear_faults()
    assert scanner.scan(FLATBED).dpi == 75


def test_slow_scanner_waits_through_the_injected_sleeper() -> None:
    slept: list[float] = []
    scanner = _scanner(DocumentKind.CT01, DocumentKind.CT01, slept=slept)
    scanner.control.slow(2.5)
    list(scanner.scan_batch(ADF))
    assert slept == [2.5, 2.5]


def test_empty_glass_scans_blank_and_closed_scanner_refuses() -> None:
    scanner = _scanner()
    scanner.control.place_on_flatbed(None)
    page = np.asarray(scanner.scan(ScanSettings(dpi=75)).image)
    assert page.min() > 150  # nothing but paper tone and noise
    scanner.close()
    with pytest.raises(NoScannerError):
        scanner.scan(FLATBED)


def test_resolution_is_snapped_to_the_supported_list() -> None:
    assert EmulatedScanner().scan(ScanSettings(dpi=180)).dpi == 200


def test_faults_are_validated() -> None:
    control = ScannerControl()
    with pytest.raises(ValueError, match="counted from 1"):
        control.jam_on_page(0)
    with pytest.raises(ValueError, match=">= 0"):
        control.slow(-1)


def test_a_persona_from_mocks_citizens_fills_the_papers() -> None:
    from mocks.citizens import persona

    citizen = persona(3)
    data = page_data(citizen)
    assert (data.id_number, data.full_name) == (citizen.id_number, citizen.full_name)
    assert data.sex == citizen.sex_vi
    assert data.date_of_birth == citizen.date_of_birth.strftime("%d/%m/%Y")
    never = page_data({"date_of_expiry": None, "sex": "M"})
    assert never.expiry_date == "Không thời hạn"
    assert "Thị" in never.spouse  # a fallback wife for a husband

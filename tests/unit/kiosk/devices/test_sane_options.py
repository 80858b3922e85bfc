"""SaneScanner's fitting of settings to what a device offers, and its status mapping (no SANE needed)."""

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
from reference_kiosk.devices.sane import choose_mode, choose_source, map_sane_error, snap_resolution
from reference_kiosk.ports import ColorMode, ScanSource


@pytest.mark.parametrize(
    ("offered", "mode", "expected"),
    [
        (["Gray", "Color"], ColorMode.GRAY, "Gray"),  # SANE test backend
        (["Lineart", "Halftone", "Gray", "Color"], ColorMode.LINEART, "Lineart"),  # many flatbeds
        (["Binary", "True Gray", "24bit Color"], ColorMode.COLOR, "24bit Color"),  # Brother
        (["Binary", "True Gray", "24bit Color"], ColorMode.GRAY, "True Gray"),
        (["Color (48 bit)", "Gray [16]"], ColorMode.GRAY, "Gray [16]"),
        (["Color"], ColorMode.GRAY, None),
    ],
)
def test_mode_names_differ_per_backend(offered: list[str], mode: ColorMode, expected: str | None) -> None:
    assert choose_mode(mode, offered) == expected


@pytest.mark.parametrize(
    ("offered", "source", "expected"),
    [
        (["Flatbed", "Automatic Document Feeder"], ScanSource.ADF, "Automatic Document Feeder"),
        (["Flatbed", "ADF Duplex", "ADF Front", "ADF Back"], ScanSource.ADF, "ADF Front"),
        (["FlatBed", "ADF"], ScanSource.FLATBED, "FlatBed"),
        (["Flatbed"], ScanSource.ADF, None),
        (["ADF Duplex"], ScanSource.ADF, "ADF Duplex"),
    ],
)
def test_source_names_differ_per_backend(
    offered: list[str], source: ScanSource, expected: str | None
) -> None:
    assert choose_source(source, offered) == expected


def test_resolution_snaps_to_lists_and_stepped_ranges() -> None:
    assert snap_resolution(200, [75, 150, 300, 600]) == 150.0  # tie: |200-150| < |200-300|
    assert snap_resolution(225, [150, 300]) == 300.0  # exact tie goes to the finer one
    assert snap_resolution(200, (1.0, 1200.0, 1.0)) == 200.0
    assert snap_resolution(200, (50.0, 600.0, 25.0)) == 200.0
    assert snap_resolution(210, (50.0, 600.0, 25.0)) == 200.0
    assert snap_resolution(2000, (50.0, 600.0, 25.0)) == 600.0
    assert snap_resolution(200, None) == 200.0


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("Document feeder jammed", FeederJammedError),
        ("Document feeder out of documents", FeederEmptyError),
        ("Scanner cover is open", CoverOpenError),
        ("Device busy", ScannerBusyError),
        ("Lamp not ready, please retry", ScannerBusyError),
        ("Error during device I/O", ScannerIOError),
        ("Scanner returned no data", ScannerIOError),
        ("Access to resource has been denied", NoScannerError),
        ("Invalid argument", ScannerError),
        ("something new in SANE 1.3", ScannerError),
    ],
)
def test_status_text_maps_to_a_named_error(text: str, error: type[ScannerError]) -> None:
    mapped = map_sane_error(RuntimeError(text), "scan")
    assert type(mapped) is error
    assert text in str(mapped)

"""Every status SANE's test backend can force maps to a named error (beyond the contract's five)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
from reference_kiosk.ports import ScanSettings, ScanSource
from tests.support.sane import TEST_DEVICE

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120, method="thread")]

STATUSES = {
    "SANE_STATUS_UNSUPPORTED": ScannerError,
    "SANE_STATUS_CANCELLED": ScannerError,
    "SANE_STATUS_DEVICE_BUSY": ScannerBusyError,
    "SANE_STATUS_INVAL": ScannerError,
    "SANE_STATUS_EOF": ScannerIOError,  # python-sane: RuntimeError("Scanner returned no data")
    "SANE_STATUS_JAMMED": FeederJammedError,
    "SANE_STATUS_NO_DOCS": FeederEmptyError,
    "SANE_STATUS_COVER_OPEN": CoverOpenError,
    "SANE_STATUS_IO_ERROR": ScannerIOError,
    "SANE_STATUS_NO_MEM": ScannerIOError,
    "SANE_STATUS_ACCESS_DENIED": NoScannerError,
}


@pytest.fixture
def sane_scanner(sane_config: Path) -> Iterator[object]:
    from reference_kiosk.devices.sane import SaneScanner

    scanner = SaneScanner.open(TEST_DEVICE)
    try:
        yield scanner
    finally:
        scanner.close()


def test_the_backend_offers_exactly_the_statuses_we_map(sane_scanner: object) -> None:
    from reference_kiosk.devices.sane import SaneScanner

    assert isinstance(sane_scanner, SaneScanner)
    offered = sane_scanner._dev["read_return_value"].constraint  # the test backend's own list
    assert set(offered) - {"Default"} == set(STATUSES)


@pytest.mark.parametrize(("status", "error"), STATUSES.items(), ids=list(STATUSES))
@pytest.mark.parametrize("source", [ScanSource.FLATBED, ScanSource.ADF])
def test_forced_status_raises_its_named_error(
    sane_scanner: object, status: str, error: type[ScannerError], source: ScanSource
) -> None:
    from reference_kiosk.devices.sane import SaneScanner

    assert isinstance(sane_scanner, SaneScanner)
    sane_scanner.set_option("read-return-value", status)
    with pytest.raises(ScannerError) as caught:
        # tiny pages keep the reader thread short-lived (see test_scanner_contract.py)
        sane_scanner.scan(ScanSettings(source=source, dpi=10))
    assert type(caught.value) is error


def test_devices_are_discovered_through_the_private_config(sane_config: Path) -> None:
    from reference_kiosk.devices.sane import list_devices

    names = {d.name for d in list_devices()}
    assert {"test:0", "test:1"} <= names


def test_opening_the_first_device_without_a_name(sane_config: Path) -> None:
    from reference_kiosk.devices.sane import SaneScanner

    scanner = SaneScanner.open()
    try:
        assert scanner.describe().name.startswith("test:")
    finally:
        scanner.close()


def test_unknown_device_is_no_scanner(sane_config: Path) -> None:
    from reference_kiosk.devices.sane import SaneScanner

    with pytest.raises(NoScannerError):
        SaneScanner.open("nosuchbackend:0")


def test_unknown_option_is_a_scanner_error(sane_scanner: object) -> None:
    from reference_kiosk.devices.sane import SaneScanner

    assert isinstance(sane_scanner, SaneScanner)
    with pytest.raises(ScannerError):
        sane_scanner.set_option("no-such-option", 1)

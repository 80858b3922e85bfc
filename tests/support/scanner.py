"""Harnesses for the Scanner contract suite: a fresh scanner and a way to force each fault.

Each harness gives a scanner with a full feeder (10 sheets: the fixed stack of SANE's test
backend) so the contract tests never know which adapter they drive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from mocks.scanner import DocumentKind, EmulatedScanner, ScannerControl
from reference_kiosk.ports import Scanner
from tests.support.sane import TEST_DEVICE

__all__ = ["FEEDER_SHEETS", "EmulatedHarness", "Fault", "Harness", "SaneHarness"]

FEEDER_SHEETS = 10  # what SANE's test backend feeds before "Document feeder out of documents"


class Fault(StrEnum):
    JAMMED = "SANE_STATUS_JAMMED"
    NO_DOCS = "SANE_STATUS_NO_DOCS"
    COVER_OPEN = "SANE_STATUS_COVER_OPEN"
    BUSY = "SANE_STATUS_DEVICE_BUSY"
    IO_ERROR = "SANE_STATUS_IO_ERROR"


@dataclass
class EmulatedHarness:
    control: ScannerControl = field(
        default_factory=lambda: ScannerControl(feeder=[DocumentKind.CT01] * FEEDER_SHEETS)
    )
    slept: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.scanner: Scanner = EmulatedScanner(self.control, seed=11, sleep=self.slept.append)

    def force(self, fault: Fault) -> None:
        c = self.control
        actions: dict[Fault, Callable[[], None]] = {
            Fault.JAMMED: lambda: c.jam_on_page(1),
            Fault.NO_DOCS: lambda: c.load_feeder([]),
            Fault.COVER_OPEN: c.open_cover,
            Fault.BUSY: c.set_busy,
            Fault.IO_ERROR: lambda: c.fail_io_on_page(1),
        }
        actions[fault]()

    def clear(self) -> None:
        self.control.clear_faults()
        self.control.load_feeder([DocumentKind.CT01] * FEEDER_SHEETS)


class SaneHarness:
    def __init__(self) -> None:
        from reference_kiosk.devices.sane import SaneScanner

        self.sane = SaneScanner.open(TEST_DEVICE)
        self.sane.set_option("test-picture", "Grid")  # a page with marks, like paper
        self.scanner: Scanner = self.sane

    def force(self, fault: Fault) -> None:
        self.sane.set_option("read-return-value", fault.value)

    def clear(self) -> None:
        self.sane.set_option("read-return-value", "Default")


Harness = EmulatedHarness | SaneHarness

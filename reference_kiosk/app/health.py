"""What the kiosk knows about its own devices, for the heartbeat staff see (docs/decisions/0021).

The ports have no "are you jammed?" question, and asking a scanner mid-scan would disturb it,
so the state is learnt from the effects' outcomes: a scan that failed with ``FeederJammedError``
leaves the scanner jammed until a scan succeeds; ``PrinterOutOfPaperError`` leaves the printer
out of paper until a slip prints. The last error is kept by class name only: its message may
quote what a citizen typed. Thread-safe: the services' worker writes, the heartbeat reads.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from reference_kiosk.api_ops import Heartbeat, PaperState, ScannerState
from reference_kiosk.devices.errors import (
    FeederEmptyError,
    FeederJammedError,
    PrinterOutOfPaperError,
    ScannerError,
)
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.outbox import ItemState, Outbox
from reference_kiosk.ports import Devices

__all__ = ["DeviceHealth", "kiosk_version"]


def kiosk_version() -> str:
    try:
        return version("kiosk-twin")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


@dataclass(slots=True)
class DeviceHealth:
    scanner: ScannerState = ScannerState.READY
    paper: PaperState = PaperState.OK
    last_error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def note(self, effect: fx.Effect, outcome: ev.Event | KioskError | None) -> None:
        """Learn from one effect's answer (or the error it raised)."""
        error = outcome if isinstance(outcome, KioskError) else getattr(outcome, "error", None)
        with self.lock:
            if isinstance(error, KioskError):
                self.last_error = type(error).__name__
            if isinstance(effect, fx.ScanPage):
                self._scanned(error)
            elif isinstance(effect, fx.PrintSlip):
                if isinstance(error, PrinterOutOfPaperError):
                    self.paper = PaperState.OUT
                elif error is None:
                    self.paper = PaperState.OK

    def _scanned(self, error: object) -> None:
        if error is None:
            self.scanner = ScannerState.READY
        elif isinstance(error, FeederJammedError):
            self.scanner = ScannerState.JAMMED
        elif isinstance(error, ScannerError) and not isinstance(error, FeederEmptyError):
            self.scanner = ScannerState.ERROR  # an empty feeder is the citizen's to fill, not a fault

    def heartbeat(self, devices: Devices, outbox: Outbox, *, site: str, card_inserted: bool) -> Heartbeat:
        counts = outbox.counts()
        with self.lock:
            scanner = self.scanner if devices.scanner is not None else ScannerState.ABSENT
            paper = self.paper if devices.printer is not None else PaperState.ABSENT
            last_error = self.last_error
        return Heartbeat(
            site=site,
            version=kiosk_version(),
            reader_present=devices.card_reader is not None,
            card_inserted=card_inserted,
            scanner=scanner,
            paper=paper,
            outbox_pending=counts[ItemState.PENDING],
            outbox_quarantined=counts[ItemState.QUARANTINED],
            last_error=last_error,
        )

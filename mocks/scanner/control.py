"""The scanner emulator's control surface: what is on the glass, what is in the feeder, faults.

Tests, BDD ``Given`` steps and demos drive the emulated scanner only through this object; the
kiosk sees the consequences through the ``Scanner`` port (pages, or the named device errors).
Faults:

    jam_on_page(k)      the k-th sheet fed from now jams (one-shot; the sheet stays in the feeder)
    fail_io_on_page(k)  the k-th page scanned from now fails with an I/O error (one-shot)
    open_cover()        every scan fails until close_cover()
    set_busy(True)      every scan fails as "device busy" until set_busy(False)
    slow(seconds)       every page takes that long (through the emulator's injected sleeper)
    empty the feeder    load_feeder([]) or let it run out
    blank page          load_feeder([..., DocumentKind.BLANK, ...]) or place_on_flatbed(BLANK)

A card or a slip lies in the glass's card corner (``lay_on_glass``): scans of a small area
(``ScanSettings.area_mm``, the card login's) see it; whole-glass scans see the flatbed paper.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable

from mocks.scanner.documents import DEFAULT_FEEDER, DocumentKind
from mocks.scanner.glass import GlassItem

__all__ = ["ScannerControl"]


class ScannerControl:
    """Mutable state of the emulated scanner, safe to poke from another thread."""

    def __init__(
        self,
        flatbed: DocumentKind | None = DocumentKind.CT01,
        feeder: Iterable[DocumentKind] = DEFAULT_FEEDER,
    ) -> None:
        self._lock = threading.Lock()
        self._flatbed = flatbed
        self._feeder: deque[DocumentKind] = deque(feeder)
        self._jam_in: int | None = None
        self._io_error_in: int | None = None
        self.cover_open = False
        self.busy = False
        self.page_delay = 0.0
        self.pages_scanned = 0
        self._glass_item: GlassItem | None = None

    # ------------------------------------------------------------------ paper

    def place_on_flatbed(self, kind: DocumentKind | None) -> None:
        """Put a paper on the glass (``None``: the glass is empty, which scans as a blank page)."""
        with self._lock:
            self._flatbed = kind

    def lay_on_glass(self, item: GlassItem | None) -> None:
        """Lay a card or slip in the card corner (``None``: take it away)."""
        with self._lock:
            self._glass_item = item

    @property
    def glass_item(self) -> GlassItem | None:
        with self._lock:
            return self._glass_item

    def load_feeder(self, kinds: Iterable[DocumentKind]) -> None:
        """Replace the feeder's stack (first item is fed first)."""
        with self._lock:
            self._feeder = deque(kinds)

    @property
    def feeder(self) -> tuple[DocumentKind, ...]:
        with self._lock:
            return tuple(self._feeder)

    @property
    def flatbed(self) -> DocumentKind | None:
        with self._lock:
            return self._flatbed

    # ------------------------------------------------------------------ faults

    def jam_on_page(self, k: int) -> None:
        self._check_ordinal(k)
        with self._lock:
            self._jam_in = k

    def fail_io_on_page(self, k: int) -> None:
        self._check_ordinal(k)
        with self._lock:
            self._io_error_in = k

    def open_cover(self) -> None:
        self.cover_open = True

    def close_cover(self) -> None:
        self.cover_open = False

    def set_busy(self, busy: bool = True) -> None:
        self.busy = busy

    def slow(self, seconds_per_page: float) -> None:
        if seconds_per_page < 0:
            raise ValueError("seconds_per_page must be >= 0")
        self.page_delay = seconds_per_page

    def clear_faults(self) -> None:
        with self._lock:
            self._jam_in = self._io_error_in = None
        self.cover_open = self.busy = False
        self.page_delay = 0.0

    @staticmethod
    def _check_ordinal(k: int) -> None:
        if k < 1:
            raise ValueError("pages are counted from 1")

    # ------------------------------------------------------------------ used by the emulator

    def take_flatbed(self) -> tuple[DocumentKind | None, str | None]:
        """The paper on the glass and the fault (if any) this scan meets."""
        with self._lock:
            return self._flatbed, self._tick(feeding=False)

    def take_sheet(self) -> tuple[DocumentKind | None, str | None]:
        """Feed the next sheet: (sheet, fault); a jammed sheet stays in the feeder."""
        with self._lock:
            if not self._feeder:
                return None, None
            fault = self._tick(feeding=True)
            if fault == "jam":
                return self._feeder[0], fault
            return self._feeder.popleft(), fault

    def _tick(self, feeding: bool) -> str | None:
        fault: str | None = None
        if feeding and self._jam_in is not None:
            self._jam_in -= 1
            if self._jam_in == 0:
                self._jam_in, fault = None, "jam"
        if fault is None and self._io_error_in is not None:
            self._io_error_in -= 1
            if self._io_error_in == 0:
                self._io_error_in, fault = None, "io"
        if fault is None:
            self.pages_scanned += 1
        return fault

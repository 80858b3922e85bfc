"""Scanner emulator: realistic Vietnamese papers, a document feeder, faults on command.

    EmulatedScanner   implements reference_kiosk.ports.Scanner
    ScannerControl    what is on the glass / in the feeder, and the faults to inject
    DocumentKind      the papers it can render (CT01, birth registration, CCCD front/back, CT07, blank)

Also registered as the ``emulated`` plugin of the ``kiosk_twin.scanners`` entry-point group,
which is how ``kiosk scan --device emulated`` finds it without importing mocks.
"""

from __future__ import annotations

from mocks.scanner.control import ScannerControl
from mocks.scanner.documents import DEFAULT_FEEDER, DocumentKind, render_clean, render_page
from mocks.scanner.emulator import EmulatedScanner
from mocks.scanner.paper import ScanEffects
from mocks.scanner.persona import PageData, page_data

__all__ = [
    "DEFAULT_FEEDER",
    "DocumentKind",
    "EmulatedScanner",
    "PageData",
    "ScanEffects",
    "ScannerControl",
    "page_data",
    "render_clean",
    "render_page",
]

"""``SpoolFolderPrinter``: the ``Printer`` port as a print queue's spool folder.

The pilot kiosks have no printer driver of their own: a slip is a one-page A6 PDF dropped into
the folder a print queue (CUPS' hot folder, or a technician) watches, named after its reference.
A folder that cannot be written is ``PrinterUnavailableError``; the citizen keeps the code on
screen. The PDF holds no personal data (see ``reference_kiosk.ui.slip``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from reference_kiosk.devices.errors import PrinterUnavailableError
from reference_kiosk.ports import Slip

__all__ = ["SpoolFolderPrinter"]

log = logging.getLogger(__name__)


class SpoolFolderPrinter:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def print_slip(self, slip: Slip) -> None:
        from reference_kiosk.ui.slip import render_slip

        pdf = render_slip(slip)
        safe = "".join(c if c.isalnum() or c in ".-" else "_" for c in slip.reference)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{safe}.pdf").write_bytes(pdf)
        except OSError as exc:
            # The errno class only: a path may name the kiosk's operator, never a citizen.
            log.warning("slip spool folder not writable: %s", type(exc).__name__)
            raise PrinterUnavailableError() from None

"""The appointment slip laid on the scanner glass (issue 15.4): its QR gives the dossier code.

    SlipScanWanted  (citizen)  the look-up screen's "read my slip" button
    ReadSlipCode    (effect)   scan the glass's card corner for the slip's QR -> SlipCodeRead
    SlipCodeRead    (answer)   the dossier code, or None when no slip QR was read

Kept apart from ``events``/``effects`` so the look-up journey's additions stay in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from reference_kiosk.flow.answer import Answer

__all__ = ["ReadSlipCode", "SlipCodeRead", "SlipScanWanted"]


@dataclass(frozen=True, slots=True)
class SlipScanWanted:
    """The citizen laid the slip on the glass and asks the kiosk to read it."""


@dataclass(frozen=True, slots=True)
class ReadSlipCode:
    """Scan the card corner of the glass and read the slip's QR -> ``SlipCodeRead``."""


@dataclass(frozen=True, slots=True)
class SlipCodeRead(Answer):
    code: str | None  # None: no slip QR on the glass (or not a slip's)

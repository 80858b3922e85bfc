"""Events of answering a supplement request from the dossier's status screen.

Split from ``events`` (which re-exports every name here). Scanning the papers uses the submit
journey's scanning events (``ScanRequested``, ``PageScanned``, ``DocumentBuilt``...).
"""

from __future__ import annotations

from dataclasses import dataclass

from reference_kiosk import api
from reference_kiosk.flow.answer import Answer

__all__ = ["SupplementSent", "SupplyChosen", "SupplyConfirmed"]


@dataclass(frozen=True, slots=True)
class SupplyChosen:
    """ "Quét và gửi giấy tờ bổ sung" under one open request of the dossier on screen."""

    dossier_code: str
    request_id: str


@dataclass(frozen=True, slots=True)
class SupplyConfirmed:
    """ "Gửi giấy tờ bổ sung" on the review of the scanned papers."""


@dataclass(frozen=True, slots=True)
class SupplementSent(Answer):
    """The backend took the papers; ``dossier`` is the dossier as it is now (processing resumed)."""

    dossier_code: str
    request_id: str
    dossier: api.Dossier

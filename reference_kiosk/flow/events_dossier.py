"""Events about a dossier after it was filed: paying its fee, looking it up, rating it.

Split from ``events`` (which re-exports every name here); personal fields are ``repr=False`` there too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reference_kiosk import api
from reference_kiosk.flow.answer import Answer

__all__ = [
    "DossierChosen",
    "DossierLoaded",
    "DossiersLoaded",
    "LookupByCode",
    "PayChosen",
    "PaymentCancelled",
    "PaymentQrReceived",
    "PaymentStatusChanged",
    "RatingAnswered",
    "RatingRefused",
    "RatingSaved",
    "RatingSubmitted",
]


# ---------------------------------------------------------------------------- pay


@dataclass(frozen=True, slots=True)
class PayChosen:
    dossier_code: str


@dataclass(frozen=True, slots=True)
class PaymentQrReceived(Answer):
    payment: api.Payment


@dataclass(frozen=True, slots=True)
class PaymentStatusChanged(Answer):
    payment: api.Payment


@dataclass(frozen=True, slots=True)
class PaymentCancelled:
    """The citizen cancelled the payment on screen."""


# ---------------------------------------------------------------------------- look up, rate


@dataclass(frozen=True, slots=True)
class DossiersLoaded(Answer):
    dossiers: tuple[api.Dossier, ...]


@dataclass(frozen=True, slots=True)
class DossierChosen:
    code: str


@dataclass(frozen=True, slots=True)
class DossierLoaded(Answer):
    dossier: api.Dossier


@dataclass(frozen=True, slots=True)
class LookupByCode:
    """Look-up without login: a dossier code plus the owner's ID number."""

    code: str
    id_number: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class RatingAnswered:
    """Indicators 1-7 take a score 0/1/2; 8 (convenience) and 9 (overall) a Satisfaction."""

    indicator: int
    value: int | api.Satisfaction


@dataclass(frozen=True, slots=True)
class RatingSubmitted:
    pass


@dataclass(frozen=True, slots=True)
class RatingRefused:
    """'Not now': skip rating."""


@dataclass(frozen=True, slots=True)
class RatingSaved(Answer):
    rating: api.Rating

"""The ICAO 9303 eMRTD reader of the Vietnamese chip ID card: BAC, secure messaging, LDS, DG13,
passive authentication. ``IcaoReader(connection).read(key_source, trust_store)`` is the entry."""

from __future__ import annotations

from reference_kiosk.devices.icao.bac import BacKey, IdNumberKeySource, KeySource, candidate_expiries
from reference_kiosk.devices.icao.identity import CardIdentity
from reference_kiosk.devices.icao.passive_auth import PassiveAuthResult, TrustStore, Verdict
from reference_kiosk.devices.icao.reader import IcaoReader, ReadStats

__all__ = [
    "BacKey",
    "CardIdentity",
    "IcaoReader",
    "IdNumberKeySource",
    "KeySource",
    "PassiveAuthResult",
    "ReadStats",
    "TrustStore",
    "Verdict",
    "candidate_expiries",
]

"""Hardware tier: a real reader and a real chip ID card (``--reader NAME`` and the card's MRZ in
``KIOSK_TWIN_CARD_MRZ``, optionally a CSCA trust store in ``KIOSK_TWIN_CSCA``). Skipped otherwise."""

from __future__ import annotations

import os

import pytest

from reference_kiosk.devices.icao import BacKey, IcaoReader, TrustStore, Verdict
from reference_kiosk.devices.pcsc import PcscCardReader

pytestmark = pytest.mark.hardware


def test_real_card_reads_and_is_consistent(request: pytest.FixtureRequest) -> None:
    name = request.config.getoption("--reader")
    mrz = os.environ.get("KIOSK_TWIN_CARD_MRZ")
    if not name or not mrz:
        pytest.skip("hardware tier: pass --reader NAME and set KIOSK_TWIN_CARD_MRZ to the card's MRZ")
    csca = os.environ.get("KIOSK_TWIN_CSCA")
    trust = TrustStore.from_paths([csca]) if csca else None
    connection = PcscCardReader(name).connect()
    try:
        identity = IcaoReader(connection).read(BacKey.from_mrz(mrz), trust, face=True)
    finally:
        connection.close()
    assert identity.mrz.document_number == identity.id_number[-9:]
    assert identity.face_jpeg
    assert identity.verdict in ((Verdict.VERIFIED,) if trust else (Verdict.NOT_CHECKED,)), identity.reasons

"""PcscCardReader specifics on the real stack: reader selection by name, tracing without data."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from mocks.card.pki import MockPki
from reference_kiosk.devices.errors import NoReaderError
from reference_kiosk.devices.icao.reader import IcaoReader
from reference_kiosk.devices.pcsc import PcscCardReader, list_readers
from tests.support.card_rigs import PcscRig
from tests.support.icao import FixedClock, id_key, seeded, trust_store

pytestmark = pytest.mark.integration


def test_reader_is_chosen_by_a_case_insensitive_name_part(pcscd: Any) -> None:
    assert pcscd.reader in list_readers()
    assert PcscCardReader("virtual pcd").name == pcscd.reader
    assert PcscCardReader().name in list_readers()  # no name: the first reader
    with pytest.raises(NoReaderError):
        _ = PcscCardReader("no such reader").name


def test_traced_read_logs_no_personal_data(
    pcscd: Any, pki: MockPki, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    rig = PcscRig(pki, pcscd.reader, pcscd.port)
    try:
        build = rig.insert(1)
        traced = PcscCardReader(pcscd.reader, trace=True)
        connection = traced.connect()
        with caplog.at_level(logging.DEBUG, logger="reference_kiosk.devices.pcsc"):
            identity = IcaoReader(connection, clock=FixedClock(), random_bytes=seeded(3)).read(
                id_key(build),
                trust_store(pki),
                face=True,  # the full read: 25 APDUs, face included
            )
        connection.close()
    finally:
        rig.close()
    assert identity.verified
    assert len(caplog.messages) == 2 * 25
    assert caplog.messages[0] == "> INS=A4 P1=04 P2=0C len=12"
    for secret in (build.persona.id_number, build.persona.id_number.encode().hex().upper()):
        assert secret not in caplog.text

"""The emulator over vpcd in a real pcscd: pyscard sees the card, SELECTs it, reads it over BAC."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from mocks.card.control import make_card
from mocks.card.faults import CardFaults
from mocks.card.files import CardBuild
from mocks.card.os import AID
from mocks.card.pki import MockPki
from mocks.card.vpcd import VpcdClient
from tests.support.card import BacClient
from tests.support.pcscd import PcscdInfo, card_in_reader, wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def inserted(pcscd: PcscdInfo, pki: MockPki) -> Iterator[tuple[VpcdClient, CardBuild]]:
    card, build = make_card(3, pki)
    client = VpcdClient(card, "127.0.0.1", pcscd.port)
    client.connect()
    stop = threading.Event()
    worker = threading.Thread(target=client.serve, args=(stop,), daemon=True)
    worker.start()
    try:
        assert wait_until(lambda: card_in_reader(pcscd.reader), 10), "pcscd never saw the card"
        yield client, build
    finally:
        stop.set()
        worker.join(5)


def _connection(reader_name: str) -> object:
    from smartcard.System import readers

    reader = next(r for r in readers() if str(r) == reader_name)
    conn = reader.createConnection()
    conn.connect()
    return conn


def _transmit(conn: object) -> object:
    def send(apdu: bytes) -> bytes:
        data, sw1, sw2 = conn.transmit(list(apdu))  # type: ignore[attr-defined]
        return bytes(data) + bytes((sw1, sw2))

    return send


def test_card_answers_select_through_pyscard(
    pcscd: PcscdInfo, inserted: tuple[VpcdClient, CardBuild]
) -> None:
    client, build = inserted
    conn = _connection(pcscd.reader)
    send = _transmit(conn)
    assert bytes(conn.getATR()) == client.card.atr  # type: ignore[attr-defined]
    assert send(b"\x00\xa4\x04\x0c\x07" + AID) == b"\x90\x00"  # type: ignore[operator]
    assert send(bytes.fromhex("00A4000C023F00")) == b"\x6d\x00"  # type: ignore[operator]
    bac = BacClient(send, build.image.mrz_information)  # type: ignore[arg-type]
    bac.authenticate()
    assert bac.read_file(0x0101) == build.data_groups[1]
    assert bac.read_file(0x0102, chunk=0x400) == build.data_groups[2]  # extended length through PC/SC
    conn.disconnect()  # type: ignore[attr-defined]
    assert client.apdus >= 8


def test_closing_the_socket_removes_the_card(pcscd: PcscdInfo, pki: MockPki) -> None:
    card, _ = make_card(4, pki)
    client = VpcdClient(card, "127.0.0.1", pcscd.port)
    client.connect()
    stop = threading.Event()
    worker = threading.Thread(target=client.serve, args=(stop,), daemon=True)
    worker.start()
    assert wait_until(lambda: card_in_reader(pcscd.reader), 10)
    stop.set()
    worker.join(5)
    assert wait_until(lambda: not card_in_reader(pcscd.reader), 10)


def test_removed_after_fault_takes_the_card_out_of_pcscd(pcscd: PcscdInfo, pki: MockPki) -> None:
    from smartcard.Exceptions import CardConnectionException

    card, _ = make_card(6, pki, CardFaults(removed_after=2))
    client = VpcdClient(card, "127.0.0.1", pcscd.port)
    client.connect()
    worker = threading.Thread(target=client.serve, daemon=True)
    worker.start()
    assert wait_until(lambda: card_in_reader(pcscd.reader), 10)
    conn = _connection(pcscd.reader)
    send = _transmit(conn)
    # card_in_reader's probe sent no APDU: these two are the card's first and second
    assert send(b"\x00\xa4\x04\x0c\x07" + AID) == b"\x90\x00"  # type: ignore[operator]
    assert len(send(bytes.fromhex("0084000008"))) == 10  # type: ignore[operator]
    with pytest.raises(CardConnectionException):
        send(bytes.fromhex("0084000008"))  # type: ignore[operator]
    worker.join(5)
    assert not worker.is_alive()
    assert wait_until(lambda: not card_in_reader(pcscd.reader), 10)
    # Release the handle to the card that left: a stale one keeps the next card from showing.
    with contextlib.suppress(CardConnectionException):
        conn.disconnect()  # type: ignore[attr-defined]


def test_kiosk_twin_card_remove_after(pcscd: PcscdInfo, pki: MockPki, tmp_path: Path) -> None:
    csca = tmp_path / "csca.pem"
    cmd = [sys.executable, "-m", "mocks.cli", "card", "--seed", "5", "--remove-after", "3",
           "--port", str(pcscd.port), "--pki-dir", str(pki.directory), "--csca-out", str(csca)]  # fmt: skip
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            line = json.loads(proc.stdout.readline())
            assert {"id_number", "full_name", "date_of_birth", "date_of_expiry"} <= set(line)
            assert len(line["id_number"]) == 12
            # pcscd's own power-up exchange may use the 3 APDUs before a probe sees the card: its
            # leaving (the process ends, 0 below) proves it was in the reader just as well.
            seen = wait_until(lambda: proc.poll() is not None or card_in_reader(pcscd.reader), 10)
            assert seen, "the card never appeared"
            _, err = proc.communicate(timeout=30)
            assert proc.returncode == 0, err
            assert wait_until(lambda: not card_in_reader(pcscd.reader), 10), "the card stayed"
            assert f"CSCA certificate exported to {csca}" in err
            assert csca.read_bytes() == pki.directory.joinpath("csca.pem").read_bytes()
        finally:
            if proc.poll() is None:
                proc.kill()

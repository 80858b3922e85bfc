"""The vpcd frame protocol against a fake vpcd on 127.0.0.1 (no pcscd needed)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from mocks.card.control import make_card
from mocks.card.errors import VpcdError
from mocks.card.faults import CardFaults
from mocks.card.os import AID
from mocks.card.pki import MockPki
from mocks.card.vpcd import VpcdClient
from mocks.cli import main
from tests.support.card import ScriptedRandom
from tests.support.system import free_port
from tests.support.vpcd_fake import FakeVpcd


@contextmanager
def listening() -> Iterator[tuple[socket.socket, int]]:
    port = free_port()
    server = socket.create_server(("127.0.0.1", port))
    server.settimeout(10)
    try:
        yield server, port
    finally:
        server.close()


@pytest.fixture
def served(pki: MockPki) -> Iterator[tuple[FakeVpcd, VpcdClient, threading.Event]]:
    with listening() as (server, port):
        card, _ = make_card(3, pki, CardFaults(removed_after=3), random_bytes=ScriptedRandom())
        client = VpcdClient(card, "127.0.0.1", port)
        client.connect(timeout=5)
        conn, _ = server.accept()
        conn.settimeout(10)
        stop = threading.Event()
        worker = threading.Thread(target=client.serve, args=(stop,), daemon=True)
        worker.start()
        with conn:
            yield FakeVpcd(conn), client, stop
        stop.set()
        worker.join(5)
        assert not worker.is_alive()


def test_control_frames_and_apdus(served: tuple[FakeVpcd, VpcdClient, threading.Event]) -> None:
    vpcd, client, _ = served
    assert vpcd.ask(b"\x04") == client.card.atr
    vpcd.send(b"\x00")  # power off, then on: no answers
    vpcd.send(b"\x01")
    assert vpcd.ask(b"\x00\xa4\x04\x0c\x07" + AID) == b"\x90\x00"
    assert vpcd.ask(bytes.fromhex("00A4000C023F00")) == b"\x6d\x00"
    vpcd.send(b"\x02")  # reset
    answer = vpcd.ask(bytes.fromhex("0084000008"))
    assert answer is not None
    assert answer[-2:] == b"\x90\x00"
    # removed after 3 APDUs: the client closes the socket, which is how vpcd learns of removal
    assert vpcd.receive() is None
    assert client.apdus == 3


def test_stop_closes_the_connection(served: tuple[FakeVpcd, VpcdClient, threading.Event]) -> None:
    vpcd, _, stop = served
    stop.set()
    assert vpcd.receive() is None


def test_connect_gives_up_with_a_named_error(pki: MockPki) -> None:
    card, _ = make_card(3, pki)
    ticks = iter(range(100))
    with pytest.raises(VpcdError, match="not reachable"):
        VpcdClient(card, "127.0.0.1", free_port()).connect(timeout=2, monotonic=lambda: float(next(ticks)))


def test_card_command_prints_the_persona_and_serves(
    pki: MockPki, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("csca") / "csca.pem"
    with listening() as (server, port):
        result: list[int] = []
        args = ["card", "--seed", "3", "--port", str(port), "--pki-dir", str(pki.directory),
                "--csca-out", str(out), "--fault", "removed-after=1"]  # fmt: skip
        runner = threading.Thread(target=lambda: result.append(main(args)), daemon=True)
        runner.start()
        conn, _ = server.accept()
        conn.settimeout(10)
        with conn:
            vpcd = FakeVpcd(conn)
            assert vpcd.ask(b"\x00\xa4\x04\x0c\x07" + AID) == b"\x90\x00"
            assert vpcd.receive() is None  # removed after that APDU
        runner.join(10)
    assert result == [0]
    captured = capsys.readouterr()
    line = json.loads(captured.out.splitlines()[0])
    assert line["seed"] == 3
    assert len(line["mrz"]) == 3
    assert f"CSCA certificate exported to {out}" in captured.err
    assert out.exists()

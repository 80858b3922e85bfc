"""``VpcdSlot`` against a fake vpcd listening on 127.0.0.1 (no pcscd needed)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from mocks.card.control import CardControl, make_card
from mocks.card.errors import VpcdError
from mocks.card.faults import CardFaults, EmulatedCard
from mocks.card.os import AID
from mocks.card.pki import MockPki
from mocks.card.vpcd_slot import VpcdSlot
from tests.support.card import ScriptedRandom
from tests.support.system import free_port
from tests.support.vpcd_fake import FakeVpcd

SELECT = b"\x00\xa4\x04\x0c\x07" + AID


def accept_card(listener: socket.socket) -> FakeVpcd:
    """The driver's end of the next card laid in the reader."""
    conn, _ = listener.accept()
    conn.settimeout(10)
    return FakeVpcd(conn)


class FakeVpcdServer:
    """vpcd's listening socket on a free port of 127.0.0.1; ``accept`` takes the next card."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", free_port()))
        self.listener.settimeout(10)
        self.port: int = self.listener.getsockname()[1]
        self._ends: list[FakeVpcd] = []

    def accept(self) -> FakeVpcd:
        end = accept_card(self.listener)
        self._ends.append(end)
        return end

    def close(self) -> None:
        for end in self._ends:
            end.conn.close()
        self.listener.close()


@pytest.fixture
def server() -> Iterator[FakeVpcdServer]:
    made = FakeVpcdServer()
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def slot(server: FakeVpcdServer) -> Iterator[VpcdSlot]:
    made = VpcdSlot("127.0.0.1", server.port, connect_timeout=2)
    try:
        yield made
    finally:
        made.close()


def _card(pki: MockPki, faults: CardFaults | None = None, seed: int = 3) -> EmulatedCard:
    return make_card(seed, pki, faults, random_bytes=ScriptedRandom())[0]


def test_insert_connects_and_the_card_answers_vpcd(
    slot: VpcdSlot, server: FakeVpcdServer, pki: MockPki
) -> None:
    card = _card(pki)
    slot.insert(card)
    vpcd = server.accept()
    assert vpcd.ask(b"\x04") == card.atr
    assert vpcd.ask(SELECT) == b"\x90\x00"
    assert slot.card is card
    assert slot.card_present()


def test_remove_closes_the_socket_after_the_worker_ended(
    slot: VpcdSlot, server: FakeVpcdServer, pki: MockPki
) -> None:
    card = _card(pki)
    slot.insert(card)
    vpcd = server.accept()
    assert vpcd.ask(SELECT) == b"\x90\x00"
    slot.remove()
    assert vpcd.receive() is None  # vpcd's end sees the hang-up: pcscd reports the reader empty
    assert card.gone
    assert slot.card is None
    assert not slot.card_present()
    slot.remove()  # nothing there: harmless


def test_insert_replaces_the_card_there(slot: VpcdSlot, server: FakeVpcdServer, pki: MockPki) -> None:
    first, second = _card(pki, seed=3), _card(pki, seed=4)
    slot.insert(first)
    first_end = server.accept()
    slot.insert(second)
    assert first_end.receive() is None  # the first connection is gone before the second arrives
    second_end = server.accept()
    assert second_end.ask(b"\x04") == second.atr
    assert slot.card is second
    assert first.gone
    assert not second.gone


def test_a_card_leaving_by_its_fault_hangs_up(slot: VpcdSlot, server: FakeVpcdServer, pki: MockPki) -> None:
    slot.insert(_card(pki, CardFaults(removed_after=1)))
    vpcd = server.accept()
    assert vpcd.ask(SELECT) == b"\x90\x00"  # the one APDU it answers
    assert vpcd.receive() is None
    assert slot.card is None
    assert not slot.card_present()


def test_card_control_drives_the_slot(slot: VpcdSlot, server: FakeVpcdServer, pki: MockPki) -> None:
    control = CardControl(slot, pki, random_bytes=ScriptedRandom())
    build = control.insert(5)
    vpcd = server.accept()
    assert vpcd.ask(SELECT) == b"\x90\x00"
    control.set_faults(CardFaults(removed_after=2))  # a transport fault: the same card, in place
    assert vpcd.ask(SELECT) == b"\x90\x00"
    assert vpcd.receive() is None
    assert control.build is build
    assert slot.card is None


def test_remove_waits_until_the_host_saw_it(server: FakeVpcdServer, pki: MockPki) -> None:
    asked: list[bool] = []

    def vacated() -> bool:
        asked.append(True)
        return len(asked) >= 3  # the host notices on its third poll

    slot = VpcdSlot("127.0.0.1", server.port, vacated=vacated)
    slot.insert(_card(pki))
    server.accept()
    slot.remove()
    assert len(asked) == 3


def test_a_host_that_never_notices_is_a_named_error(server: FakeVpcdServer, pki: MockPki) -> None:
    slot = VpcdSlot("127.0.0.1", server.port, vacated=lambda: False, vacate_timeout=0.1)
    slot.insert(_card(pki))
    server.accept()
    with pytest.raises(VpcdError, match="still sees a card"):
        slot.remove()
    assert slot.card is None


def test_no_vpcd_listening_is_a_named_error(pki: MockPki) -> None:
    slot = VpcdSlot("127.0.0.1", free_port(), connect_timeout=0.3)
    with pytest.raises(VpcdError, match="not reachable"):
        slot.insert(_card(pki))
    assert slot.card is None

"""``start_world``: one call gives the kiosk its backend and devices and the tests their controls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mocks.card.pki import MockPki
from mocks.citizens import persona
from mocks.inprocess import BASE_URL, SocketLikeASGITransport
from mocks.world import WorldOptions, start_world
from reference_kiosk.ports import CardEventKind, ScanSettings
from tests.support.card import session_pki

CITIZEN = persona(3)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return session_pki(tmp_path_factory)


def test_an_inprocess_world_serves_the_kiosk_and_is_driven_by_its_twin(tmp_path: Path, pki: MockPki) -> None:
    options = WorldOptions(kiosk_id="KIOSK-T", kiosk_key="k-1")
    with start_world("inprocess", tmp_path, pki=pki, citizen=CITIZEN, options=options) as world:
        assert (world.mode, world.url, world.kiosk_key, world.backend) == ("inprocess", BASE_URL, "k-1", None)
        assert isinstance(world.transport, SocketLikeASGITransport)
        assert world.trust_store is not None
        assert world.trust_store.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
        world.twin.backend.register(CITIZEN)  # the control API answers
        reader, scanner = world.devices.card_reader, world.devices.scanner
        assert reader is not None
        assert scanner is not None
        world.twin.insert_card(CITIZEN)  # the twin's hand reaches the kiosk's reader
        assert [e.kind for e in reader.poll_events()] == [CardEventKind.INSERTED]
        assert scanner.scan(ScanSettings()).image.size[0] > 0
        assert world.devices.printer is None  # output devices are the kiosk's own choice


def test_a_wire_world_needs_the_running_stacks(tmp_path: Path, pki: MockPki) -> None:
    unused: Any = _Unused()  # a started backend is taken as is: nothing is launched before the check
    world = start_world("wire", tmp_path, pki=pki, backend=unused)
    with pytest.raises(ValueError, match="WireStacks"), world:
        pass


class _Unused:
    url = "http://127.0.0.1:9"

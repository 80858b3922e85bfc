"""``PcscCardReader.connect`` without a daemon: how connect failures map to named errors, and a
card caught unpowered (being laid down or lifted) gets a moment to settle."""

from __future__ import annotations

from typing import Any

import pytest

from reference_kiosk.devices.errors import CardCommunicationError, NoCardError
from tests.support.system import require_module

UNPOWERED, REMOVED, SHARING = 0x80100067, 0x80100069, 0x8010000B


@pytest.fixture(autouse=True)
def _pyscard(monkeypatch: pytest.MonkeyPatch) -> None:
    require_module("smartcard")
    from reference_kiosk.devices import pcsc

    monkeypatch.setattr(pcsc, "_GONE_STEP", 0.0)  # no real pauses between attempts


class FakeConnection:
    """pyscard's CardConnection: each connect fails with the next scripted PC/SC code, then works."""

    def __init__(self, failures: list[int]) -> None:
        self.failures = list(failures)
        self.attempts = 0

    def connect(self) -> None:
        from smartcard.Exceptions import CardConnectionException

        self.attempts += 1
        if self.failures:
            raise CardConnectionException("failed", hresult=self.failures.pop(0))

    def getATR(self) -> list[int]:  # noqa: N802 (pyscard's name)
        return [0x3B, 0x80, 0x80, 0x01, 0x01]


class FakeReader:
    def __init__(self, connection: FakeConnection) -> None:
        self.connection = connection

    def __str__(self) -> str:
        return "Virtual PCD 00 00"

    def createConnection(self) -> FakeConnection:  # noqa: N802 (pyscard's name)
        return self.connection


def _reader(monkeypatch: pytest.MonkeyPatch, connection: FakeConnection, present: list[bool]) -> Any:
    """A PcscCardReader over the fake; ``present`` answers its presence checks in turn."""
    import smartcard.System

    from reference_kiosk.devices.pcsc import PcscCardReader

    monkeypatch.setattr(smartcard.System, "readers", lambda: [FakeReader(connection)])
    reader = PcscCardReader("virtual")
    monkeypatch.setattr(reader, "card_present", lambda: present.pop(0) if len(present) > 1 else present[0])
    return reader


def test_an_unpowered_card_that_powers_up_is_connected(monkeypatch: pytest.MonkeyPatch) -> None:
    connection = FakeConnection([UNPOWERED, UNPOWERED])
    connected = _reader(monkeypatch, connection, [True]).connect()
    assert connected.atr == bytes.fromhex("3B80800101")
    assert connection.attempts == 3


def test_an_unpowered_card_that_leaves_is_no_card(monkeypatch: pytest.MonkeyPatch) -> None:
    connection = FakeConnection([UNPOWERED, UNPOWERED, UNPOWERED])
    with pytest.raises(NoCardError):
        _reader(monkeypatch, connection, [True, False]).connect()
    assert connection.attempts == 2


def test_a_card_that_never_powers_up_is_a_communication_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from reference_kiosk.devices import pcsc

    connection = FakeConnection([UNPOWERED] * 100)
    with pytest.raises(CardCommunicationError, match="0x80100067"):
        _reader(monkeypatch, connection, [True]).connect()
    assert connection.attempts == pcsc._GONE_CHECKS


@pytest.mark.parametrize(("code", "error"), [(REMOVED, NoCardError), (SHARING, CardCommunicationError)])
def test_other_failures_are_not_retried(
    monkeypatch: pytest.MonkeyPatch, code: int, error: type[Exception]
) -> None:
    connection = FakeConnection([code])
    with pytest.raises(error):
        _reader(monkeypatch, connection, [True]).connect()
    assert connection.attempts == 1

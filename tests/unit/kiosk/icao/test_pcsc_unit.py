"""PcscCardReader's pieces that need no daemon: APDU tracing and transmit error mapping."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from reference_kiosk.devices.errors import CardCommunicationError, CardRemovedError
from tests.support.system import require_module


@pytest.fixture(autouse=True)
def _pyscard() -> None:
    require_module("smartcard")


class _Event:
    def __init__(self, kind: str, args: list[Any]) -> None:
        self.type = kind
        self.args = args


def test_tracer_logs_headers_and_status_words_never_data(caplog: pytest.LogCaptureFixture) -> None:
    from reference_kiosk.devices.pcsc import _ApduTracer

    secret_command = list(bytes.fromhex("00A4040C07A0000002471001"))
    secret_answer = list(b"020085001234")
    tracer = _ApduTracer(logging.getLogger("test.trace"))
    with caplog.at_level(logging.DEBUG, logger="test.trace"):
        tracer.update(None, _Event("command", [secret_command, 2]))
        tracer.update(None, _Event("response", [secret_answer, 0x90, 0x00]))
        tracer.update(None, _Event("connect", []))
    assert caplog.messages == ["> INS=A4 P1=04 P2=0C len=12", "< SW=9000 len=12"]
    assert "020085001234" not in caplog.text
    assert "A0000002471001" not in caplog.text.replace(" ", "")


class _FakePyscardConnection:
    """Stands in for pyscard's CardConnection: answers, or fails with a PC/SC code."""

    def __init__(self, hresult: int | None) -> None:
        self._hresult = hresult

    def getATR(self) -> list[int]:  # noqa: N802 (pyscard's name)
        return [0x3B, 0x80, 0x80, 0x01, 0x01]

    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]:
        from smartcard.Exceptions import CardConnectionException

        if self._hresult is not None:
            raise CardConnectionException("failed", hresult=self._hresult)
        return [1, 2], 0x90, 0x00


def test_transmit_returns_data_and_status_word() -> None:
    from reference_kiosk.devices.pcsc import PcscConnection

    connection = PcscConnection(_FakePyscardConnection(None))
    assert connection.atr == bytes.fromhex("3B80800101")
    assert connection.transmit(b"\x00\x84\x00\x00\x08") == b"\x01\x02\x90\x00"


@pytest.mark.parametrize(
    ("hresult", "present", "error"),
    [
        (0x80100069, True, CardRemovedError),  # SCARD_W_REMOVED_CARD
        (0x8010000C, True, CardRemovedError),  # SCARD_E_NO_SMARTCARD
        (0x80100016, False, CardRemovedError),  # "not transacted", and the card is gone
        (0x80100016, True, CardCommunicationError),  # "not transacted", the card still there
    ],
)
def test_transmit_failures_map_to_named_errors(
    monkeypatch: pytest.MonkeyPatch, hresult: int, present: bool, error: type[Exception]
) -> None:
    from reference_kiosk.devices import pcsc

    monkeypatch.setattr(pcsc, "_GONE_STEP", 0.0)  # no real pauses between presence checks
    checks: list[bool] = []

    def presence() -> bool:
        checks.append(present)
        return present

    connection = pcsc.PcscConnection(_FakePyscardConnection(hresult), presence)
    with pytest.raises(error):
        connection.transmit(b"\x00\xb0\x00\x00\x04")
    if hresult == 0x80100016:  # asked until the card is seen gone, or for the whole grace period
        assert len(checks) == (1 if not present else pcsc._GONE_CHECKS)

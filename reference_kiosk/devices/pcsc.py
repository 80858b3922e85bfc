"""``PcscCardReader``: the CardReader port on a real PC/SC stack through pyscard.

Reader selection is by a case-insensitive substring of the reader name (first match). Insert and
remove events come from a watcher thread blocked in ``SCardGetStatusChange`` for our one reader,
marshalled into a thread-safe queue that the kiosk thread drains with ``poll_events`` (the watcher
starts on the first poll, so building a reader does no work). Not pyscard's CardMonitor: its
thread waits 60 s per status call and removing the last observer joins it, so ``close`` could
hang a minute; ours waits a quarter of a second per call.

APDU tracing is a pyscard connection observer, off by default, that logs only INS, P1, P2,
lengths and status words: never data, which may be personal.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

from reference_kiosk.devices.errors import (
    CardCommunicationError,
    CardRemovedError,
    NoCardError,
    NoReaderError,
)
from reference_kiosk.ports import CardEvent, CardEventKind

__all__ = ["PcscCardReader", "PcscConnection", "list_readers"]

_LOG = logging.getLogger(__name__)
# PC/SC result codes that mean "the card is gone" (pcsclite.h).
_WATCH_MS = 250
_GONE_CHECKS, _GONE_STEP = 20, 0.05  # up to a second to see a pulled card as absent
_CARD_GONE = {0x80100069, 0x8010000C, 0x80100068, 0x80100009, 0x80100017}
# SCARD_W_UNPOWERED_CARD: a card still being laid down (not powered yet) or being lifted.
_UNPOWERED = 0x80100067


def _hresult(exc: BaseException) -> int:
    return int(getattr(exc, "hresult", -1)) & 0xFFFFFFFF


def list_readers() -> list[str]:
    """Names of the PC/SC readers; raises ``NoReaderError`` when pcscd is not reachable."""
    try:
        from smartcard.Exceptions import SmartcardException
        from smartcard.pcsc.PCSCExceptions import BaseSCardException
        from smartcard.System import readers
    except ImportError as exc:  # pyscard is an optional extra ("devices")
        raise NoReaderError("pyscard is not installed: pip install 'kiosk-twin[devices]'") from exc
    try:
        return [str(r) for r in readers()]
    # pcscd not running raises EstablishContextException, which is no SmartcardException.
    except (SmartcardException, BaseSCardException) as exc:
        raise NoReaderError(f"PC/SC service unavailable (0x{_hresult(exc):08X})") from exc


class _ApduTracer:
    """pyscard connection observer: header and lengths only."""

    def __init__(self, logger: logging.Logger) -> None:
        self._log = logger

    def update(self, observable: Any, event: Any) -> None:
        if event.type == "command":
            apdu = list(event.args[0])
            if len(apdu) >= 4:
                self._log.debug("> INS=%02X P1=%02X P2=%02X len=%d", apdu[1], apdu[2], apdu[3], len(apdu))
        elif event.type == "response":
            data, sw1, sw2 = event.args[0], event.args[-2], event.args[-1]
            self._log.debug("< SW=%02X%02X len=%d", sw1, sw2, len(data))


class _Watcher:
    """Turns PC/SC presence changes of one reader into CardEvents on a queue (own thread)."""

    def __init__(self, reader_name: str, events: queue.SimpleQueue[CardEvent]) -> None:
        self._reader = reader_name
        self._events = events
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pcsc-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _run(self) -> None:
        from smartcard import scard

        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            _LOG.warning("card watcher: PC/SC unavailable (0x%08X)", hresult & 0xFFFFFFFF)
            return
        try:
            self._loop(scard, context)
        finally:
            scard.SCardReleaseContext(context)

    def _loop(self, scard: Any, context: Any) -> None:
        known, present = scard.SCARD_STATE_UNAWARE, False
        while not self._stop.is_set():
            hresult, states = scard.SCardGetStatusChange(context, _WATCH_MS, [(self._reader, known)])
            if hresult == scard.SCARD_E_TIMEOUT:
                continue
            if hresult != scard.SCARD_S_SUCCESS:  # reader gone or service restarting: back off
                self._stop.wait(0.5)
                continue
            _name, state, atr = states[0]
            known = state & ~scard.SCARD_STATE_CHANGED
            now = bool(state & scard.SCARD_STATE_PRESENT) and not state & scard.SCARD_STATE_MUTE
            if now != present:
                kind = CardEventKind.INSERTED if now else CardEventKind.REMOVED
                self._events.put(CardEvent(kind, self._reader, bytes(atr) if now else b""))
                present = now


class PcscConnection:
    def __init__(self, connection: Any, present: Callable[[], bool] = lambda: True) -> None:
        self._conn = connection
        self._present = present
        self._atr = bytes(connection.getATR())

    @property
    def atr(self) -> bytes:
        return self._atr

    def transmit(self, apdu: bytes) -> bytes:
        from smartcard.Exceptions import CardConnectionException

        try:
            data, sw1, sw2 = self._conn.transmit(list(apdu))
        except CardConnectionException as exc:
            if _hresult(exc) in _CARD_GONE or self._left():
                raise CardRemovedError("the card left the reader during a command") from exc
            raise CardCommunicationError(f"PC/SC transmit failed (0x{_hresult(exc):08X})") from exc
        return bytes(data) + bytes((sw1, sw2))

    def _left(self) -> bool:
        """After a failed transmit: did the card leave? Readers report it with some delay
        (pcscd polls presence), and the failure itself is often just "not transacted"."""
        pause = threading.Event()  # never set: a timed wait between checks
        for _ in range(_GONE_CHECKS):
            try:
                if not self._present():
                    return True
            except NoReaderError:
                return True
            pause.wait(_GONE_STEP)
        return False

    def close(self) -> None:
        from smartcard.Exceptions import CardConnectionException

        try:
            self._conn.disconnect()
            self._conn.release()
        except CardConnectionException:
            pass  # the card or the service is already gone: nothing left to free


class PcscCardReader:
    def __init__(self, name_contains: str | None = None, *, trace: bool = False) -> None:
        self._wanted = name_contains
        self._trace = trace
        self._name: str | None = None
        self._events: queue.SimpleQueue[CardEvent] = queue.SimpleQueue()
        self._watcher: _Watcher | None = None

    @property
    def name(self) -> str:
        if self._name is None:
            names = list_readers()
            wanted = (self._wanted or "").casefold()
            match = next((n for n in names if wanted in n.casefold()), None)
            if match is None:
                raise NoReaderError(f"no PC/SC reader matches {self._wanted!r} ({len(names)} present)")
            self._name = match
        return self._name

    def card_present(self) -> bool:
        from smartcard import scard

        name = self.name
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            raise NoReaderError(f"PC/SC service unavailable (0x{hresult & 0xFFFFFFFF:08X})")
        try:
            hresult, states = scard.SCardGetStatusChange(context, 0, [(name, scard.SCARD_STATE_UNAWARE)])
            if hresult != scard.SCARD_S_SUCCESS:
                raise NoReaderError(f"reader status unavailable (0x{hresult & 0xFFFFFFFF:08X})")
            state = int(states[0][1])
            return bool(state & scard.SCARD_STATE_PRESENT) and not state & scard.SCARD_STATE_MUTE
        finally:
            scard.SCardReleaseContext(context)

    def connect(self) -> PcscConnection:
        name = self.name  # first: NoReaderError when pcscd or pyscard is missing
        from smartcard.System import readers

        reader = next((r for r in readers() if str(r) == name), None)
        if reader is None:
            raise NoReaderError("the selected reader has disappeared")
        connection = reader.createConnection()
        if self._trace:
            connection.addObserver(_ApduTracer(_LOG))
        self._power_up(connection)
        return PcscConnection(connection, self.card_present)

    def _power_up(self, connection: Any) -> None:
        """Connect; a card caught unpowered (still being laid down, or being lifted) gets up to
        a second to settle: powered, then connected, or gone (``NoCardError``)."""
        from smartcard.Exceptions import CardConnectionException, NoCardException

        pause = threading.Event()  # never set: a timed wait between attempts
        attempts = 0
        while True:
            attempts += 1
            try:
                connection.connect()
                return
            except NoCardException as exc:
                raise NoCardError("no card on the reader") from exc
            except CardConnectionException as exc:
                code = _hresult(exc)
                if code in _CARD_GONE:
                    raise NoCardError("no card on the reader") from exc
                if code != _UNPOWERED or attempts >= _GONE_CHECKS:
                    raise CardCommunicationError(f"PC/SC connect failed (0x{code:08X})") from exc
                if not self.card_present():
                    raise NoCardError("the card left the reader") from exc
            pause.wait(_GONE_STEP)

    def poll_events(self) -> Sequence[CardEvent]:
        if self._watcher is None:
            self._watcher = _Watcher(self.name, self._events)
            self._watcher.start()
        events: list[CardEvent] = []
        while True:
            try:
                events.append(self._events.get_nowait())
            except queue.Empty:
                return events

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

"""A vpcd client: the emulated card as an inserted card of pcscd's virtual reader.

vpcd (vsmartcard-vpcd, loaded by pcscd) listens on TCP 35963 for reader 0 and 35964 for reader 1.
Frames both ways are a 2-byte big-endian length then data. One-byte frames from vpcd are control
messages (00 power off, 01 power on, 02 reset, 04 ATR request, answered with the ATR); longer ones
are APDUs answered with data || SW. Connecting inserts the card; closing the socket removes it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable

from mocks.card.errors import CardGoneError, VpcdError
from mocks.card.faults import EmulatedCard

__all__ = ["DEFAULT_PORT", "VpcdClient"]

DEFAULT_PORT = 35963
_POLL = 0.1  # seconds between checks of the stop event while idle


class VpcdClient:
    def __init__(self, card: EmulatedCard, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
        self.card = card
        self.host = host
        self.port = port
        self._sock: socket.socket | None = None
        self.apdus = 0

    def connect(self, timeout: float = 5.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        """Connect, retrying while vpcd is not listening yet (pcscd loads it on start)."""
        deadline = monotonic() + timeout
        while True:
            try:
                self._sock = socket.create_connection((self.host, self.port), timeout=1.0)
                break
            except OSError as exc:
                if monotonic() >= deadline:
                    raise VpcdError(f"vpcd not reachable on {self.host}:{self.port}: {exc}") from exc
                threading.Event().wait(0.1)
        self._sock.settimeout(_POLL)

    def close(self) -> None:
        """Take the card off the reader."""
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None

    def serve(self, stop: threading.Event | None = None) -> None:
        """Answer vpcd until ``stop`` is set, vpcd hangs up, or the card leaves (a fault)."""
        stop = stop or threading.Event()
        try:
            while not stop.is_set() and self._sock is not None:
                frame = self._read_frame(stop)
                if frame is None:
                    break
                answer = self._handle(frame)
                if answer is not None:
                    self._send(answer)
                if self.card.gone:
                    break
        finally:
            self.close()

    def _handle(self, frame: bytes) -> bytes | None:
        if len(frame) == 1:
            control = frame[0]
            if control == 0x04:
                return self.card.atr
            {0x00: self.card.power_off, 0x01: self.card.power_on, 0x02: self.card.reset}.get(
                control, lambda: None
            )()
            return None
        self.apdus += 1
        try:
            return self.card.transmit(frame)
        except CardGoneError:
            return None

    def _send(self, data: bytes) -> None:
        assert self._sock is not None
        self._sock.settimeout(None)
        try:
            self._sock.sendall(len(data).to_bytes(2, "big") + data)
        finally:
            self._sock.settimeout(_POLL)

    def _read_frame(self, stop: threading.Event) -> bytes | None:
        header = self._read_exact(2, stop)
        if header is None:
            return None
        return self._read_exact(int.from_bytes(header, "big"), stop)

    def _read_exact(self, n: int, stop: threading.Event) -> bytes | None:
        assert self._sock is not None
        buf = b""
        while len(buf) < n:
            try:
                chunk = self._sock.recv(n - len(buf))
            except TimeoutError:
                if stop.is_set() and not buf:
                    return None
                continue
            except OSError:
                return None
            if not chunk:
                return None  # vpcd closed the connection (pcscd stopped)
            buf += chunk
            _quick_ack(self._sock)
        return buf


def _quick_ack(sock: socket.socket) -> None:
    """Re-arm TCP_QUICKACK after each read: vpcd's small request/answer frames otherwise wait
    about 40 ms each for a delayed ACK (a full card read went from ~1.4 s to ~30 ms)."""
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)

"""The vpcd driver's end of a card connection, for tests without pcscd: frames out, frames back.

vpcd frames are a 2-byte big-endian length then data, both ways (mocks/card/vpcd.py).
"""

from __future__ import annotations

import socket

__all__ = ["FakeVpcd"]


class FakeVpcd:
    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn

    def send(self, data: bytes) -> None:
        self.conn.sendall(len(data).to_bytes(2, "big") + data)

    def receive(self) -> bytes | None:
        """The next frame, or None once the card left (the emulator closed its socket)."""
        header = self._exact(2)
        return None if header is None else self._exact(int.from_bytes(header, "big"))

    def ask(self, data: bytes) -> bytes | None:
        self.send(data)
        return self.receive()

    def _exact(self, n: int) -> bytes | None:
        buf = b""
        while len(buf) < n:
            chunk = self.conn.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

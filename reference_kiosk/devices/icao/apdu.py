"""Command and response APDUs as small values (ISO/IEC 7816-4, short and extended length)."""

from __future__ import annotations

from dataclasses import dataclass

from reference_kiosk.devices.errors import CardCommunicationError

__all__ = ["SW_OK", "CommandApdu", "ResponseApdu"]

SW_OK = 0x9000
SHORT_MAX_LC = 255
SHORT_MAX_LE = 256


@dataclass(frozen=True, slots=True)
class CommandApdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None  # expected length; 256 (short) / 65536 (extended) encode as zeros

    @property
    def extended(self) -> bool:
        return len(self.data) > SHORT_MAX_LC or (self.le is not None and self.le > SHORT_MAX_LE)

    def header(self) -> bytes:
        return bytes([self.cla, self.ins, self.p1, self.p2])

    def encode(self) -> bytes:
        out = bytearray(self.header())
        ext = self.extended
        if self.data:
            out += (b"\x00" + len(self.data).to_bytes(2, "big")) if ext else bytes([len(self.data)])
            out += self.data
        if self.le is not None:
            if ext:
                le = (self.le % 65536).to_bytes(2, "big")
                out += le if self.data else b"\x00" + le
            else:
                out.append(self.le % 256)
        return bytes(out)


@dataclass(frozen=True, slots=True)
class ResponseApdu:
    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        return self.sw == SW_OK

    @classmethod
    def decode(cls, raw: bytes) -> ResponseApdu:
        if len(raw) < 2:
            raise CardCommunicationError(f"response of {len(raw)} bytes has no status word")
        return cls(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))

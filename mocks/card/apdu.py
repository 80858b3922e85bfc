"""Command and response APDUs as small frozen values (ISO/IEC 7816-3/-4, short and extended)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from mocks.card.errors import ApduError

__all__ = ["SW", "CommandApdu", "ResponseApdu"]


class SW(IntEnum):
    """The status words the emulated CCCD answers with."""

    OK = 0x9000
    AUTHENTICATION_FAILED = 0x6300
    WRONG_LENGTH = 0x6700
    SECURITY_NOT_SATISFIED = 0x6982
    CONDITIONS_NOT_SATISFIED = 0x6985
    NO_CURRENT_EF = 0x6986
    SM_OBJECTS_MISSING = 0x6987
    SM_OBJECTS_INCORRECT = 0x6988
    FILE_NOT_FOUND = 0x6A82
    WRONG_P1P2 = 0x6A86
    WRONG_OFFSET = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00


@dataclass(frozen=True, slots=True)
class CommandApdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None  # Ne: bytes expected (256 / 65536 for a zero Le), None when absent
    extended: bool = False

    @property
    def header(self) -> bytes:
        return bytes((self.cla, self.ins, self.p1, self.p2))

    @property
    def secure(self) -> bool:
        """CLA bits b4-b3 = 11: secure messaging with the header authenticated."""
        return self.cla & 0x0C == 0x0C

    @classmethod
    def parse(cls, raw: bytes) -> CommandApdu:
        """Cases 1-4, short and extended; ``ApduError`` for anything else."""
        if len(raw) < 4:
            raise ApduError("an APDU has at least 4 bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        if body[0] != 0:
            lc = body[0]
            if len(body) == 1 + lc:
                return cls(cla, ins, p1, p2, body[1:])
            if len(body) == 2 + lc:
                return cls(cla, ins, p1, p2, body[1 : 1 + lc], le=body[-1] or 256)
            raise ApduError("Lc does not match the data")
        return cls._parse_extended(cla, ins, p1, p2, body)

    @classmethod
    def _parse_extended(cls, cla: int, ins: int, p1: int, p2: int, body: bytes) -> CommandApdu:
        if len(body) == 3:
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:3], "big") or 65536, extended=True)
        if len(body) < 3:
            raise ApduError("truncated extended length")
        lc = int.from_bytes(body[1:3], "big")
        if lc == 0:
            raise ApduError("extended Lc of zero")
        data = body[3 : 3 + lc]
        rest = body[3 + lc :]
        if len(data) != lc or len(rest) not in (0, 2):
            raise ApduError("extended Lc does not match the data")
        le = (int.from_bytes(rest, "big") or 65536) if rest else None
        return cls(cla, ins, p1, p2, data, le=le, extended=True)


@dataclass(frozen=True, slots=True)
class ResponseApdu:
    data: bytes = b""
    sw: int = SW.OK

    def to_bytes(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

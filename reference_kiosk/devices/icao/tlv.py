"""BER-TLV as the LDS uses it: tags of up to three bytes, definite lengths of up to 2^24 - 1.

Every length is checked against its parent before any byte is used, so a truncated or hostile
file raises ``TlvError`` instead of reading past its end.
"""

from __future__ import annotations

from dataclasses import dataclass

from reference_kiosk.devices.icao.errors import TlvError

__all__ = ["Tlv", "encode", "encode_length", "parse", "parse_header", "parse_one", "read_int"]


@dataclass(frozen=True, slots=True)
class Tlv:
    tag: int
    value: bytes

    @property
    def constructed(self) -> bool:
        first = self.tag.to_bytes((self.tag.bit_length() + 7) // 8 or 1, "big")[0]
        return bool(first & 0x20)

    def children(self) -> list[Tlv]:
        """The nested objects (the whole value must be TLVs)."""
        return parse(self.value)

    def child(self, tag: int) -> Tlv | None:
        return next((c for c in self.children() if c.tag == tag), None)

    def require(self, tag: int) -> Tlv:
        found = self.child(tag)
        if found is None:
            raise TlvError(f"tag {tag:X} missing inside tag {self.tag:X}")
        return found


def parse_header(data: bytes, offset: int = 0) -> tuple[int, int, int]:
    """(tag, value length, header length) of the object at ``offset``; the value is not checked."""
    pos = offset
    if pos >= len(data):
        raise TlvError("TLV truncated before its tag")
    tag = data[pos]
    pos += 1
    if tag & 0x1F == 0x1F:  # multi-byte tag: continue while b8 is set, at most two more bytes
        for _ in range(2):
            if pos >= len(data):
                raise TlvError("TLV truncated inside its tag")
            tag = (tag << 8) | data[pos]
            pos += 1
            if not data[pos - 1] & 0x80:
                break
        else:
            raise TlvError("TLV tag longer than three bytes")
    if pos >= len(data):
        raise TlvError("TLV truncated before its length")
    first = data[pos]
    pos += 1
    if first < 0x80:
        length = first
    elif first == 0x80 or first > 0x83:
        raise TlvError(f"unsupported TLV length form {first:02X}")
    else:
        n = first & 0x7F
        if pos + n > len(data):
            raise TlvError("TLV truncated inside its length")
        length = int.from_bytes(data[pos : pos + n], "big")
        pos += n
    return tag, length, pos - offset


def parse_one(data: bytes, offset: int = 0) -> tuple[Tlv, int]:
    """The object at ``offset`` and the offset just after it."""
    tag, length, header = parse_header(data, offset)
    start = offset + header
    end = start + length
    if end > len(data):
        raise TlvError(f"tag {tag:X} declares {length} bytes but only {len(data) - start} remain")
    return Tlv(tag, bytes(data[start:end])), end


def parse(data: bytes) -> list[Tlv]:
    """A sequence of objects filling ``data`` exactly."""
    out: list[Tlv] = []
    pos = 0
    while pos < len(data):
        item, pos = parse_one(data, pos)
        out.append(item)
    return out


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    size = (length.bit_length() + 7) // 8
    if size > 3:
        raise ValueError("TLV length too large")
    return bytes([0x80 | size]) + length.to_bytes(size, "big")


def encode(tag: int, value: bytes) -> bytes:
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    return tag_bytes + encode_length(len(value)) + value


def read_int(value: bytes) -> int:
    """A small DER INTEGER value (non-negative, at most 4 bytes)."""
    if not 1 <= len(value) <= 4:
        raise TlvError("INTEGER of unexpected size")
    return int.from_bytes(value, "big", signed=True)

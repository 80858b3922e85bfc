"""What an ATR says about APDU lengths: the card-capabilities byte of its historical bytes."""

from __future__ import annotations

__all__ = ["extended_length_from_atr", "historical_bytes", "supports_extended_length"]

_CARD_CAPABILITIES = 0x7
_EXTENDED_LC_LE = 0x40  # third software-function byte, b7 (ISO/IEC 7816-4 table 118)


def historical_bytes(atr: bytes) -> bytes:
    """The historical bytes of an ATR (empty when the ATR is too short to hold them)."""
    if len(atr) < 2:
        return b""
    count, y, pos = atr[1] & 0x0F, atr[1] >> 4, 2
    while True:
        pos += bin(y & 0x07).count("1")  # TA, TB, TC present
        if not y & 0x08 or pos >= len(atr):
            break
        y = atr[pos] >> 4  # TD
        pos += 1
    return bytes(atr[pos : pos + count])


def supports_extended_length(atr: bytes) -> bool:
    return bool(extended_length_from_atr(atr))


def extended_length_from_atr(atr: bytes) -> bool | None:
    """What the card-capabilities byte says; ``None`` when the ATR does not say at all."""
    hist = historical_bytes(atr)
    if not hist or hist[0] not in (0x00, 0x80):
        return None
    body = hist[1:-3] if hist[0] == 0x00 else hist[1:]  # category 00 ends with 3 status bytes
    pos = 0
    while pos < len(body):
        tag, length = body[pos] >> 4, body[pos] & 0x0F
        value = body[pos + 1 : pos + 1 + length]
        if tag == _CARD_CAPABILITIES and len(value) >= 3:
            return bool(value[2] & _EXTENDED_LC_LE)
        pos += 1 + length
    return None

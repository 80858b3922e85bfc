"""The ICAO 9303 BAC primitives: two-key 3DES, the retail MAC, the key derivation, check digits.

All block-cipher work goes through ``cryptography`` (TripleDES lives in its ``decrepit`` module:
BAC is old, but it is what the cards speak). Single-DES steps of the retail MAC use TripleDES
with K1 = K2 = K3, which is plain DES.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

__all__ = [
    "BLOCK",
    "ENC_COUNTER",
    "MAC_COUNTER",
    "check_digit",
    "des3_decrypt",
    "des3_encrypt",
    "kdf",
    "pad",
    "retail_mac",
    "set_parity",
    "unpad",
]

BLOCK = 8
ENC_COUNTER = 1
MAC_COUNTER = 2
_ZERO_IV = bytes(BLOCK)


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to a multiple of the block size."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % BLOCK)


def unpad(data: bytes) -> bytes | None:
    """Strip method-2 padding; ``None`` when the padding is not well-formed."""
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80") or len(data) - len(stripped) >= BLOCK:
        return None
    return stripped[:-1]


def set_parity(key: bytes) -> bytes:
    """Adjust each byte to odd parity, as DES keys are printed (DES itself ignores these bits)."""
    out = bytearray()
    for b in key:
        high = b & 0xFE
        out.append(high | ((bin(high).count("1") + 1) % 2))
    return bytes(out)


def kdf(seed: bytes, counter: int) -> bytes:
    """ICAO 9303-11 key derivation for 3DES: SHA-1(seed || counter), 16 bytes, parity-adjusted."""
    return set_parity(hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()[:16])


def _cipher(key16: bytes) -> Cipher[modes.CBC]:
    if len(key16) != 16:
        raise ValueError("two-key 3DES needs a 16-byte key")
    return Cipher(TripleDES(key16 + key16[:8]), modes.CBC(_ZERO_IV))


def des3_encrypt(key16: bytes, data: bytes) -> bytes:
    """Two-key 3DES-CBC with a zero IV (data must already be a whole number of blocks)."""
    enc = _cipher(key16).encryptor()
    return enc.update(data) + enc.finalize()


def des3_decrypt(key16: bytes, data: bytes) -> bytes:
    dec = _cipher(key16).decryptor()
    return dec.update(data) + dec.finalize()


def _des_ecb(key8: bytes, block: bytes, *, encrypt: bool) -> bytes:
    cipher = Cipher(TripleDES(key8 * 3), modes.ECB())
    op = cipher.encryptor() if encrypt else cipher.decryptor()
    return op.update(block) + op.finalize()


def retail_mac(key16: bytes, data: bytes, *, padded: bool = False) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 (DES, padding method 2 unless ``padded``)."""
    k1, k2 = key16[:8], key16[8:16]
    message = data if padded else pad(data)
    if len(message) % BLOCK:
        raise ValueError("MAC input is not block-aligned")
    enc = Cipher(TripleDES(k1 * 3), modes.CBC(_ZERO_IV)).encryptor()
    last = (enc.update(message) + enc.finalize())[-BLOCK:]
    return _des_ecb(k1, _des_ecb(k2, last, encrypt=False), encrypt=True)


_CHAR_VALUES = {str(d): d for d in range(10)} | {chr(ord("A") + i): 10 + i for i in range(26)} | {"<": 0}


def check_digit(text: str) -> int:
    """ICAO 9303 check digit: weights 7, 3, 1 over digits, letters (A=10) and filler '<' (0)."""
    total = 0
    for i, ch in enumerate(text):
        value = _CHAR_VALUES.get(ch)
        if value is None:
            raise ValueError(f"character {ch!r} is not allowed in an MRZ")
        total += value * (7, 3, 1)[i % 3]
    return total % 10

"""The card's half of BAC crypto: two-key 3DES, ISO 9797-1 retail MAC, the ICAO key derivation.

Written independently of the kiosk's reader (mocks may not import it): both sides reproduce
ICAO 9303 Part 11 Appendix D, so each checks the other.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

__all__ = [
    "KDF_ENC",
    "KDF_MAC",
    "derive_key",
    "des3_decrypt",
    "des3_encrypt",
    "key_seed",
    "pad",
    "retail_mac",
    "unpad",
]

KDF_ENC = 1
KDF_MAC = 2
_ZERO_IV = bytes(8)


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 80 then zeros up to a multiple of 8."""
    data += b"\x80"
    return data + bytes(-len(data) % 8)


def unpad(data: bytes) -> bytes:
    """Strip method-2 padding; ``ValueError`` when it is not there."""
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80") or len(data) - len(stripped) >= 8:
        raise ValueError("bad padding")
    return stripped[:-1]


def _tdes(key16: bytes) -> TripleDES:
    if len(key16) != 16:
        raise ValueError("two-key 3DES needs 16 bytes")
    return TripleDES(key16 + key16[:8])


def des3_encrypt(key16: bytes, data: bytes) -> bytes:
    enc = Cipher(_tdes(key16), modes.CBC(_ZERO_IV)).encryptor()
    return enc.update(data) + enc.finalize()


def des3_decrypt(key16: bytes, data: bytes) -> bytes:
    dec = Cipher(_tdes(key16), modes.CBC(_ZERO_IV)).decryptor()
    return dec.update(data) + dec.finalize()


def retail_mac(key16: bytes, message: bytes) -> bytes:
    """MAC algorithm 3: single-DES CBC with K1, last block through 3DES (K1, K2). Pads itself."""
    padded = pad(message)
    k1 = key16[:8]
    # Single DES is 3DES with three equal keys.
    state = bytes(8)
    if len(padded) > 8:
        enc = Cipher(TripleDES(k1 * 3), modes.CBC(_ZERO_IV)).encryptor()
        state = (enc.update(padded[:-8]) + enc.finalize())[-8:]
    last = bytes(a ^ b for a, b in zip(state, padded[-8:], strict=True))
    return des3_encrypt(key16, last)


def _adjust_parity(key: bytes) -> bytes:
    return bytes((b & 0xFE) | ((bin(b >> 1).count("1") + 1) % 2) for b in key)


def derive_key(seed16: bytes, counter: int) -> bytes:
    """ICAO KDF: SHA-1(seed || counter) cut to 16 bytes, with DES parity adjusted."""
    return _adjust_parity(hashlib.sha1(seed16 + counter.to_bytes(4, "big")).digest()[:16])


def key_seed(mrz_information: str) -> bytes:
    """K_seed: the first 16 bytes of SHA-1 over the MRZ information (number, dob, expiry + cds)."""
    return hashlib.sha1(mrz_information.encode("ascii")).digest()[:16]

"""The card's side of Basic Access Control (ICAO 9303 Part 11, section 4.3)."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from mocks.card import crypto
from mocks.card.apdu import SW
from mocks.card.errors import StatusWordError
from mocks.card.sm import SecureChannel

__all__ = ["BacResponder"]


class BacResponder:
    """Holds the document's BAC keys and the pending challenge; hands out a SecureChannel."""

    def __init__(self, mrz_information: str, random_bytes: Callable[[int], bytes]) -> None:
        seed = crypto.key_seed(mrz_information)
        self._k_enc = crypto.derive_key(seed, crypto.KDF_ENC)
        self._k_mac = crypto.derive_key(seed, crypto.KDF_MAC)
        self._random = random_bytes
        self._rnd_ic: bytes | None = None

    def challenge(self) -> bytes:
        self._rnd_ic = self._random(8)
        return self._rnd_ic

    def forget(self) -> None:
        self._rnd_ic = None

    def authenticate(self, data: bytes) -> tuple[bytes, SecureChannel]:
        """E_IFD || M_IFD in; E_IC || M_IC out, with the session keys."""
        rnd_ic, self._rnd_ic = self._rnd_ic, None
        if rnd_ic is None:
            raise StatusWordError(SW.CONDITIONS_NOT_SATISFIED, "no challenge")
        e_ifd, m_ifd = data[:32], data[32:]
        if not hmac.compare_digest(crypto.retail_mac(self._k_mac, e_ifd), m_ifd):
            raise StatusWordError(SW.AUTHENTICATION_FAILED, "wrong MAC")
        s = crypto.des3_decrypt(self._k_enc, e_ifd)
        rnd_ifd, echoed, k_ifd = s[:8], s[8:16], s[16:32]
        if not hmac.compare_digest(echoed, rnd_ic):
            raise StatusWordError(SW.AUTHENTICATION_FAILED, "wrong challenge")
        k_ic = self._random(16)
        e_ic = crypto.des3_encrypt(self._k_enc, rnd_ic + rnd_ifd + k_ic)
        answer = e_ic + crypto.retail_mac(self._k_mac, e_ic)
        ks_seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
        channel = SecureChannel(
            ks_enc=crypto.derive_key(ks_seed, crypto.KDF_ENC),
            ks_mac=crypto.derive_key(ks_seed, crypto.KDF_MAC),
            ssc=int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big"),
        )
        return answer, channel

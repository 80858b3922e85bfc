"""The card's side of ICAO secure messaging: unwrap protected commands, wrap responses.

The send sequence counter rises once for the command and once for the response. Every failure
raises ``StatusWordError`` with 6987 (objects missing) or 6988 (objects or MAC incorrect); the OS
then answers that status word in plain and drops the session, as ICAO 9303 Part 11 requires.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from mocks.card import crypto
from mocks.card.apdu import SW, CommandApdu, ResponseApdu
from mocks.card.errors import StatusWordError
from mocks.card.tlv import tlv

__all__ = ["SecureChannel", "protected_size"]


def _split_dos(data: bytes) -> tuple[dict[int, bytes], int]:
    """Parse the flat DO list of a protected command (87, 97, 8E), strictly.

    Returns the DOs by tag and where the 8E DO starts (the MAC covers what precedes it).
    """
    out: dict[int, bytes] = {}
    i = mac_at = 0
    while i < len(data):
        tag = data[i]
        if tag == 0x8E:
            mac_at = i
        if i + 1 >= len(data):
            raise StatusWordError(SW.SM_OBJECTS_INCORRECT, "truncated DO")
        length, i = data[i + 1], i + 2
        if length & 0x80:
            size = length & 0x7F
            if size not in (1, 2) or i + size > len(data):
                raise StatusWordError(SW.SM_OBJECTS_INCORRECT, "bad DO length")
            length, i = int.from_bytes(data[i : i + size], "big"), i + size
        if i + length > len(data) or tag in out or tag not in (0x87, 0x97, 0x8E):
            raise StatusWordError(SW.SM_OBJECTS_INCORRECT, "bad DO")
        out[tag] = data[i : i + length]
        i += length
    if 0x8E in out and i != len(data):
        raise StatusWordError(SW.SM_OBJECTS_INCORRECT, "DO8E is not last")
    return out, mac_at


def protected_size(plain_len: int) -> int:
    """Bytes of a protected response (without SW) carrying ``plain_len`` bytes of data."""
    do87 = 0 if plain_len == 0 else len(tlv(0x87, bytes(1 + plain_len + 8 - plain_len % 8)))
    return do87 + 4 + 10


@dataclass(slots=True)
class SecureChannel:
    ks_enc: bytes
    ks_mac: bytes
    ssc: int  # 8-byte counter as an int

    def _next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return self.ssc.to_bytes(8, "big")

    def unwrap(self, cmd: CommandApdu) -> CommandApdu:
        ssc = self._next_ssc()
        dos, mac_at = _split_dos(cmd.data)
        if 0x8E not in dos:
            raise StatusWordError(SW.SM_OBJECTS_MISSING, "no MAC")
        body = cmd.data[:mac_at]
        mac_input = ssc + crypto.pad(cmd.header) + body
        if not hmac.compare_digest(crypto.retail_mac(self.ks_mac, mac_input), dos[0x8E]):
            raise StatusWordError(SW.SM_OBJECTS_INCORRECT, "wrong MAC")
        data = b""
        if 0x87 in dos:
            cryptogram = dos[0x87]
            if not cryptogram or cryptogram[0] != 0x01 or (len(cryptogram) - 1) % 8:
                raise StatusWordError(SW.SM_OBJECTS_INCORRECT, "bad DO87")
            try:
                data = crypto.unpad(crypto.des3_decrypt(self.ks_enc, cryptogram[1:]))
            except ValueError as exc:
                raise StatusWordError(SW.SM_OBJECTS_INCORRECT, "bad padding") from exc
        le = None
        if 0x97 in dos:
            raw_le = dos[0x97]
            if len(raw_le) not in (1, 2):
                raise StatusWordError(SW.SM_OBJECTS_INCORRECT, "bad DO97")
            le = int.from_bytes(raw_le, "big") or (256 if len(raw_le) == 1 else 65536)
        return CommandApdu(cmd.cla & ~0x0C, cmd.ins, cmd.p1, cmd.p2, data, le, cmd.extended)

    def wrap(self, resp: ResponseApdu) -> ResponseApdu:
        ssc = self._next_ssc()
        do87 = b""
        if resp.data:
            do87 = tlv(0x87, b"\x01" + crypto.des3_encrypt(self.ks_enc, crypto.pad(resp.data)))
        do99 = tlv(0x99, resp.sw.to_bytes(2, "big"))
        mac = crypto.retail_mac(self.ks_mac, ssc + do87 + do99)
        return ResponseApdu(do87 + do99 + tlv(0x8E, mac), resp.sw)

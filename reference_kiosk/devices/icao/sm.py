"""ICAO 9303-11 secure messaging for BAC sessions (3DES, retail MAC, 8-byte send sequence counter).

A ``SecureChannel`` wraps plain command APDUs into protected ones and unwraps protected
responses, checking the response MAC before any byte of it is trusted. The SSC rises by one
per wrap and per unwrap, two per command/response pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reference_kiosk.devices.icao import crypto, tlv
from reference_kiosk.devices.icao.apdu import CommandApdu, ResponseApdu
from reference_kiosk.devices.icao.errors import ResponseMacError, SecureMessagingError, TlvError

__all__ = ["SecureChannel"]

_SSC_MOD = 1 << 64
_TAG_DATA = 0x87  # padding-indicator + cryptogram (odd INS would use 0x85; we never send odd INS)
_TAG_LE = 0x97
_TAG_STATUS = 0x99
_TAG_MAC = 0x8E


@dataclass(slots=True)
class SecureChannel:
    """Session keys and counter after BAC. Mutable on purpose: the SSC is the session's state."""

    ks_enc: bytes = field(repr=False)
    ks_mac: bytes = field(repr=False)
    ssc: int = field(repr=False)

    def _next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % _SSC_MOD
        return self.ssc.to_bytes(8, "big")

    def wrap(self, command: CommandApdu) -> CommandApdu:
        """The protected form of ``command`` (its CLA gets the SM bits 0x0C)."""
        cla = command.cla | 0x0C
        header = bytes([cla, command.ins, command.p1, command.p2])
        body = b""
        if command.data:
            cryptogram = crypto.des3_encrypt(self.ks_enc, crypto.pad(command.data))
            body += tlv.encode(_TAG_DATA, b"\x01" + cryptogram)
        if command.le is not None:
            le = command.le
            body += tlv.encode(_TAG_LE, bytes([le % 256]) if le <= 256 else (le % 65536).to_bytes(2, "big"))
        mac = crypto.retail_mac(self.ks_mac, self._next_ssc() + crypto.pad(header) + body)
        body += tlv.encode(_TAG_MAC, mac)
        extended = command.extended or len(body) > 255
        return CommandApdu(cla, command.ins, command.p1, command.p2, body, 65536 if extended else 256)

    def unwrap(self, raw: ResponseApdu) -> ResponseApdu:
        """The plain response inside a protected one; raises on a bad MAC or structure.

        A bare error status without data objects is how a card reports an SM failure or an
        error it does not protect: it is returned as is (it carries no data to trust).
        """
        ssc = self._next_ssc()
        if not raw.data:
            return raw
        by_tag: dict[int, tlv.Tlv] = {}
        covered = b""  # the raw bytes of every object before DO8E, exactly as the card sent them
        pos = 0
        try:
            while pos < len(raw.data):
                item, end = tlv.parse_one(raw.data, pos)
                if item.tag != _TAG_MAC and _TAG_MAC not in by_tag:
                    covered += raw.data[pos:end]
                by_tag.setdefault(item.tag, item)
                pos = end
        except TlvError as exc:
            raise SecureMessagingError(f"protected response is not TLV: {exc}") from exc
        mac_obj, status = by_tag.get(_TAG_MAC), by_tag.get(_TAG_STATUS)
        if mac_obj is None or status is None or len(status.value) != 2:
            raise SecureMessagingError("protected response lacks its status or MAC object")
        if crypto.retail_mac(self.ks_mac, ssc + covered) != mac_obj.value:
            raise ResponseMacError("protected response MAC does not verify")
        data = b""
        if (enc := by_tag.get(_TAG_DATA)) is not None:
            data = self._decrypt(enc.value)
        return ResponseApdu(data, int.from_bytes(status.value, "big"))

    def _decrypt(self, value: bytes) -> bytes:
        if len(value) < 1 + crypto.BLOCK or value[0] != 0x01 or (len(value) - 1) % crypto.BLOCK:
            raise SecureMessagingError("protected data object is malformed")
        plain = crypto.unpad(crypto.des3_decrypt(self.ks_enc, value[1:]))
        if plain is None:
            raise SecureMessagingError("protected data has bad padding")
        return plain

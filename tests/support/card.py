"""Test helpers for the card emulator: a session PKI, scripted randomness, a minimal BAC client.

``BacClient`` is a test-side reader (mutual authentication, secure messaging with response MAC
checks, chunked READ BINARY) so emulator tests need not depend on the kiosk's reader. It uses the
card's crypto primitives, which the ICAO Appendix D vectors pin down independently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mocks.card import crypto
from mocks.card.os import AID
from mocks.card.pki import MockPki
from mocks.card.tlv import tlv

__all__ = ["BacClient", "ScriptedRandom", "SmResponseError", "session_pki"]


def session_pki(factory: pytest.TempPathFactory) -> MockPki:
    return MockPki(factory.getbasetemp() / "mock-pki")


class ScriptedRandom:
    """Hands out the given byte strings in order, then deterministic filler (counted)."""

    def __init__(self, values: Iterable[bytes] = ()) -> None:
        self._values = list(values)
        self.calls = 0

    def __call__(self, n: int) -> bytes:
        self.calls += 1
        if self._values:
            value = self._values.pop(0)
            assert len(value) == n, f"scripted {len(value)} bytes, card asked for {n}"
            return value
        return hashlib.sha256(f"filler-{self.calls}".encode()).digest()[:n]


class SmResponseError(AssertionError):
    """The card's protected answer did not verify (the test expected it to)."""


@dataclass(frozen=True, slots=True)
class Answer:
    data: bytes
    sw: int


def _dos(data: bytes) -> dict[int, bytes]:
    out: dict[int, bytes] = {}
    i = 0
    while i < len(data):
        tag, length, i = data[i], data[i + 1], i + 2
        if length & 0x80:
            size = length & 0x7F
            length, i = int.from_bytes(data[i : i + size], "big"), i + size
        if i + length > len(data):
            raise SmResponseError("DO overruns the answer")
        out[tag] = data[i : i + length]
        i += length
    return out


def _le_bytes(le: int) -> bytes:
    if le < 256:
        return bytes((le,))
    if le == 256:
        return b"\x00"
    return (le % 65536).to_bytes(2, "big")


class BacClient:
    def __init__(
        self,
        transmit: Callable[[bytes], bytes],
        mrz_information: str,
        rnd_ifd: bytes = bytes.fromhex("781723860C06C226"),
        k_ifd: bytes = bytes.fromhex("0B795240CB7049B01C19B33E32804F0B"),
    ) -> None:
        self.transmit = transmit
        seed = crypto.key_seed(mrz_information)
        self.k_enc = crypto.derive_key(seed, 1)
        self.k_mac = crypto.derive_key(seed, 2)
        self.rnd_ifd, self.k_ifd = rnd_ifd, k_ifd
        self.ks_enc = self.ks_mac = b""
        self.ssc = 0

    def plain(self, apdu: bytes) -> Answer:
        raw = self.transmit(apdu)
        return Answer(raw[:-2], int.from_bytes(raw[-2:], "big"))

    def authenticate(self, select: bool = True) -> None:
        if select:
            assert self.plain(b"\x00\xa4\x04\x0c\x07" + AID).sw == 0x9000
        challenge = self.plain(bytes.fromhex("0084000008"))
        assert challenge.sw == 0x9000, hex(challenge.sw)
        rnd_ic = challenge.data
        e_ifd = crypto.des3_encrypt(self.k_enc, self.rnd_ifd + rnd_ic + self.k_ifd)
        m_ifd = crypto.retail_mac(self.k_mac, e_ifd)
        answer = self.plain(b"\x00\x82\x00\x00\x28" + e_ifd + m_ifd + b"\x28")
        assert answer.sw == 0x9000, hex(answer.sw)
        assert crypto.retail_mac(self.k_mac, answer.data[:32]) == answer.data[32:]
        r = crypto.des3_decrypt(self.k_enc, answer.data[:32])
        assert r[:8] == rnd_ic
        assert r[8:16] == self.rnd_ifd
        seed = bytes(a ^ b for a, b in zip(self.k_ifd, r[16:32], strict=True))
        self.ks_enc, self.ks_mac = crypto.derive_key(seed, 1), crypto.derive_key(seed, 2)
        self.ssc = int.from_bytes(rnd_ic[4:] + self.rnd_ifd[4:], "big")

    def wrap(self, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None) -> bytes:
        self.ssc += 1
        header = bytes((0x0C, ins, p1, p2))
        do87 = tlv(0x87, b"\x01" + crypto.des3_encrypt(self.ks_enc, crypto.pad(data))) if data else b""
        do97 = b"" if le is None else tlv(0x97, _le_bytes(le))
        mac = crypto.retail_mac(self.ks_mac, self.ssc.to_bytes(8, "big") + crypto.pad(header) + do87 + do97)
        body = do87 + do97 + tlv(0x8E, mac)
        if len(body) < 256 and (le is None or le <= 256):
            return header + bytes((len(body),)) + body + b"\x00"
        return header + b"\x00" + len(body).to_bytes(2, "big") + body + b"\x00\x00"

    def unwrap(self, raw: bytes) -> Answer:
        self.ssc += 1
        sw = int.from_bytes(raw[-2:], "big")
        if len(raw) == 2:
            return Answer(b"", sw)  # an SM error answered in plain
        dos = _dos(raw[:-2])
        if 0x8E not in dos or 0x99 not in dos:
            raise SmResponseError("protected answer without DO99/DO8E")
        signed = raw[: raw.index(b"\x8e\x08" + dos[0x8E])]
        if crypto.retail_mac(self.ks_mac, self.ssc.to_bytes(8, "big") + signed) != dos[0x8E]:
            raise SmResponseError("response MAC does not verify")
        data = crypto.unpad(crypto.des3_decrypt(self.ks_enc, dos[0x87][1:])) if 0x87 in dos else b""
        assert dos[0x99] == raw[-2:]
        return Answer(data, sw)

    def send(self, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None) -> Answer:
        return self.unwrap(self.transmit(self.wrap(ins, p1, p2, data, le)))

    def select(self, fid: int) -> Answer:
        return self.send(0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))

    def read_file(self, fid: int, chunk: int = 0xDF) -> bytes:
        assert self.select(fid).sw == 0x9000
        head = self.send(0xB0, 0, 0, le=4)
        assert head.sw == 0x9000, hex(head.sw)
        first_len = head.data[1]
        total = (
            2 + first_len
            if first_len < 0x80
            else 2 + (first_len & 0x7F) + int.from_bytes(head.data[2 : 2 + (first_len & 0x7F)], "big")
        )
        content = head.data
        while len(content) < total:
            part = self.send(
                0xB0, len(content) >> 8, len(content) & 0xFF, le=min(chunk, total - len(content))
            )
            assert part.sw == 0x9000, hex(part.sw)
            content += part.data
        return content


def pem_path(pki: MockPki, directory: Path) -> Path:
    return pki.export_csca(directory / "csca.pem")

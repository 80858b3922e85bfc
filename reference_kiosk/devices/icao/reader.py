"""Read a chip ID card end to end: SELECT the eMRTD application, BAC, then EF.COM, DG1, DG13
(and DG2, the face, only when asked: ``read(..., face=True)``) and EF.SOD under secure messaging,
parse them and run passive authentication over the groups read.

DG2 is about 80% of a full read's bytes and login never shows it, so login leaves it on the card
(issue 15.6); ``kiosk read-card --face`` reads it.

DG3 (fingerprints, behind extended access control) is never asked for. Reads use the largest
size the card accepts: extended length when the ATR's card capabilities say so (or, when the
ATR is silent, EF.ATR/INFO holds extended-length information), stepping down when the card
answers "wrong length"; first reads name the file by its short EF identifier (no SELECT) while
the card accepts that. So a full read takes as few APDUs as the card allows.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from reference_kiosk.devices.errors import CardCommunicationError
from reference_kiosk.devices.icao import atr as atr_info
from reference_kiosk.devices.icao import bac, lds, tlv
from reference_kiosk.devices.icao.apdu import CommandApdu, ResponseApdu
from reference_kiosk.devices.icao.dg13 import parse_dg13
from reference_kiosk.devices.icao.errors import (
    AccessDeniedError,
    ApplicationNotFoundError,
    CardStatusError,
    FileNotFoundOnCardError,
    MalformedDataError,
    TamperedDataError,
    TlvError,
)
from reference_kiosk.devices.icao.identity import CardIdentity
from reference_kiosk.devices.icao.mrz import parse_dg1
from reference_kiosk.devices.icao.passive_auth import TrustStore, Verdict, verify_sod
from reference_kiosk.devices.icao.sm import SecureChannel
from reference_kiosk.ports import CardConnection, Clock, SystemClock

__all__ = ["AID", "IcaoReader", "ReadStats"]

AID = bytes.fromhex("A0000002471001")
EF_COM, EF_SOD = 0x011E, 0x011D
EF_ATR_INFO = 0x2F01
_TAG_EXTENDED_LENGTH_INFO = 0x7F66
_REQUIRED_GROUPS = (1, 13)
_FACE_GROUP = 2
# Le values tried per READ BINARY, largest first. Extended Le 65536 asks "as much as you can";
# 231 is the most plain data a short protected response (256 bytes) can carry.
_EXTENDED_SIZES = (65536, 0x1000, 0x400)
_SHORT_SIZES = (0xE7, 0xDF, 0x80)
_AS_MUCH_AS_POSSIBLE = (65536,)
_UNKNOWN_LENGTH = 1 << 20
_MAX_OFFSET = 0x7FFF
_MAX_RETRIES = (
    8  # a card repeating "use Le xx" must not keep us in a loop  # READ BINARY B0 addresses 15 bits
)
# A genuine full read takes well under 300 APDUs (a 64 KB DG2 in 231-byte pieces); a card that
# trickles a byte per answer would otherwise hold the kiosk for minutes on a real link.
_MAX_APDUS = 1000
_SW_WRONG_LENGTH = 0x6700
_SW_END_OF_FILE = 0x6282
_SW_FILE_NOT_FOUND = (0x6A82, 0x6A88)
_SW_AUTH_FAILED = (0x6300, 0x6982, 0x6A80, 0x6988)
_SW_NO_SFI = (0x6A86, 0x6A81, 0x6D00, 0x6E00, 0x6986, 0x6A82)


@dataclass(slots=True)
class ReadStats:
    """Traffic of the last read (for benchmarks and the fewest-APDU tests)."""

    apdus: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    read_size: int = 0  # plain bytes per READ BINARY that the card accepted
    bac_attempts: int = 0
    extended_length: bool = False


class IcaoReader:
    def __init__(
        self,
        connection: CardConnection,
        *,
        clock: Clock | None = None,
        random_bytes: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self._conn = connection
        self._clock = clock or SystemClock()
        self._random = random_bytes
        self._channel: SecureChannel | None = None
        self._sizes: tuple[int, ...] = ()
        self._use_sfi = True
        self.stats = ReadStats()

    # ------------------------------------------------------------------ public

    def read(
        self, key_source: bac.KeySource, trust_store: TrustStore | None = None, *, face: bool = False
    ) -> CardIdentity:
        """The identity; ``face``: also read DG2 (the portrait), else ``face_jpeg`` is empty."""
        self.stats = ReadStats()
        groups = (*_REQUIRED_GROUPS, _FACE_GROUP) if face else _REQUIRED_GROUPS
        extended = atr_info.extended_length_from_atr(self._conn.atr)
        if extended is None:
            extended = self._probe_extended_length()
        self.stats.extended_length = extended
        self._sizes = _EXTENDED_SIZES + _SHORT_SIZES if extended else _SHORT_SIZES
        self._use_sfi = True
        try:
            self._select_application()
            self._authenticate(key_source)
            com = lds.parse_ef_com(self._read_file(EF_COM))
            missing = [n for n in groups if n not in com.data_groups]
            if missing:
                raise FileNotFoundOnCardError(f"EF.COM does not list DG{missing[0]}", 0x6A82)
            raw = {n: self._read_file(lds.DG_FILES[n][1]) for n in groups}
            sod = self._read_file(EF_SOD)
        finally:
            self._channel = None  # the session keys go with the read
        check = verify_sod(sod, raw, trust_store, self._clock.now())
        try:
            return CardIdentity.build(
                dg13=parse_dg13(raw[13]),
                mrz=parse_dg1(raw[1]),
                face=lds.parse_dg2(raw[_FACE_GROUP]).data if face else b"",
                check=check,
                raw={"sod": sod, "dg1": raw[1], "dg13": raw[13]},
                today=self._clock.now().date(),
            )
        except MalformedDataError as exc:
            if check.verdict in (Verdict.VERIFIED, Verdict.NOT_CHECKED):
                raise  # signed as is: the card's issuer wrote it this way
            raise TamperedDataError(str(exc), check.verdict.value, check.reasons) from exc

    # ------------------------------------------------------------------ transport

    def _transmit(self, command: CommandApdu) -> ResponseApdu:
        if self.stats.apdus >= _MAX_APDUS:
            raise CardCommunicationError(f"the card needed more than {_MAX_APDUS} APDUs for one read")
        raw = command.encode()
        answer = self._conn.transmit(raw)
        self.stats.apdus += 1
        self.stats.bytes_sent += len(raw)
        self.stats.bytes_received += len(answer)
        return ResponseApdu.decode(answer)

    def _send(self, command: CommandApdu) -> ResponseApdu:
        if self._channel is None:
            return self._transmit(command)
        return self._channel.unwrap(self._transmit(self._channel.wrap(command)))

    # ------------------------------------------------------------------ steps

    def _probe_extended_length(self) -> bool:
        """When the ATR is silent: EF.ATR/INFO (2F01) holds extended-length info (DO 7F66)."""
        if not self._transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, EF_ATR_INFO.to_bytes(2, "big"))).ok:
            return False
        answer = self._transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, le=256))
        if not (answer.ok or answer.sw == _SW_END_OF_FILE):
            return False
        pos = 0
        while pos < len(answer.data) and answer.data[pos] not in (0x00, 0xFF):  # padding ends it
            try:
                item, pos = tlv.parse_one(answer.data, pos)
            except TlvError:
                return False
            if item.tag == _TAG_EXTENDED_LENGTH_INFO:
                return True
        return False

    def _select_application(self) -> None:
        answer = self._transmit(CommandApdu(0x00, 0xA4, 0x04, 0x0C, AID))
        if answer.sw in _SW_FILE_NOT_FOUND:
            raise ApplicationNotFoundError("SELECT eMRTD application", answer.sw)
        if not answer.ok:
            raise CardStatusError("SELECT eMRTD application", answer.sw)

    def _authenticate(self, key_source: bac.KeySource) -> None:
        for key in key_source.candidates(self._clock.now().date()):
            self.stats.bac_attempts += 1
            challenge = self._transmit(CommandApdu(0x00, 0x84, 0x00, 0x00, le=8))
            if not challenge.ok or len(challenge.data) != 8:
                raise CardStatusError("GET CHALLENGE", challenge.sw)
            keys = bac.BacKeys.from_seed(key.key_seed())
            rnd_ifd, k_ifd = self._random(8), self._random(16)
            data = bac.external_authenticate_data(keys, challenge.data, rnd_ifd, k_ifd)
            answer = self._transmit(CommandApdu(0x00, 0x82, 0x00, 0x00, data, le=0x28))
            if answer.ok:
                self._channel = bac.open_session(keys, challenge.data, rnd_ifd, k_ifd, answer.data)
                return
            if answer.sw not in _SW_AUTH_FAILED:
                raise CardStatusError("EXTERNAL AUTHENTICATE", answer.sw)
        raise AccessDeniedError("BAC failed with every candidate key")

    def _select_file(self, fid: int) -> None:
        answer = self._send(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        if answer.sw in _SW_FILE_NOT_FOUND:
            raise FileNotFoundOnCardError(f"SELECT file {fid:04X}", answer.sw)
        if not answer.ok:
            raise CardStatusError(f"SELECT file {fid:04X}", answer.sw)

    def _read_binary(self, p1: int, p2: int, length: int) -> bytes:
        """Up to ``length`` bytes; steps the read size down while the card says "wrong length"."""
        for _attempt in range(_MAX_RETRIES):
            answer = self._send(CommandApdu(0x00, 0xB0, p1, p2, le=length))
            if answer.ok or (answer.sw == _SW_END_OF_FILE and answer.data):
                return answer.data
            if answer.sw & 0xFF00 == 0x6C00:  # "wrong Le, use xx"
                length = answer.sw & 0xFF or 256
            elif answer.sw == _SW_WRONG_LENGTH and len(self._sizes) > 1 and length > self._sizes[1]:
                self._sizes = self._sizes[1:]
                length = min(self._sizes[0], length)
            else:
                break
        raise CardStatusError(f"READ BINARY {p1:02X}{p2:02X}", answer.sw)

    def _request(self, remaining: int) -> int:
        size = self._sizes[0]
        return size if size in _AS_MUCH_AS_POSSIBLE else min(size, remaining)

    def _read_head(self, fid: int) -> bytes:
        """The first chunk of a file. A short EF identifier in P1 selects and reads in one APDU;
        cards without it get SELECT then READ BINARY from then on."""
        if self._use_sfi:
            try:
                return self._read_first(0x80 | (fid & 0x1F))
            except CardStatusError as exc:
                if exc.sw not in _SW_NO_SFI:
                    raise
                self._use_sfi = False
        self._select_file(fid)
        return self._read_first(0x00)

    def _read_first(self, p1: int) -> bytes:
        sizes = self._sizes
        try:
            return self._read_binary(p1, 0x00, self._request(_UNKNOWN_LENGTH))
        except CardStatusError as exc:
            if exc.sw != _SW_WRONG_LENGTH:
                raise
        # Some cards refuse any Le past the end of a short file: read the TLV header first.
        self._sizes = sizes
        return self._read_binary(p1, 0x00, 4)

    def _read_file(self, fid: int) -> bytes:
        first = self._read_head(fid)
        try:
            _tag, length, header = tlv.parse_header(first)
        except TlvError as exc:
            raise MalformedDataError(f"file {fid:04X} does not start with a TLV header") from exc
        total = header + length
        data = first[:total]
        while len(data) < total:
            if len(data) > _MAX_OFFSET:
                raise MalformedDataError(f"file {fid:04X} is too large to read with READ BINARY")
            offset = len(data)
            chunk = self._read_binary(offset >> 8, offset & 0xFF, self._request(total - offset))
            if not chunk:
                raise CardStatusError(f"READ BINARY of file {fid:04X} returned no data", 0x9000)
            data += chunk[: total - offset]
        self.stats.read_size = max(self.stats.read_size, len(first))
        return data

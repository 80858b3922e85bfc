"""The card OS of an emulated CCCD: ``execute(apdu) -> response``, ATR and power control.

Behaviour follows real cards: SELECT by AID and by FID (SELECT MF answers 6D00), GET CHALLENGE and
EXTERNAL AUTHENTICATE for BAC, then secure messaging for everything; READ BINARY by offset or
short EF identifier, short or extended length. After BAC a plain command (other than a fresh
GET CHALLENGE or SELECT of the application, which restart) or a bad MAC ends the session.

Read size: ``max_read`` is the most data one READ BINARY returns. A larger explicit Le answers
6700; Le = 00 (256, or 65536 extended) means "as much as you can" and is capped instead. A
protected answer that no longer fits a short response answers 6700 too: readers use 0xDF.
"""

from __future__ import annotations

import os as _os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mocks.card.apdu import SW, CommandApdu, ResponseApdu
from mocks.card.bac import BacResponder
from mocks.card.errors import ApduError, StatusWordError
from mocks.card.sm import SecureChannel, protected_size
from mocks.card.tlv import tlv

__all__ = ["AID", "CardImage", "CardOS", "atr_for"]

AID = bytes.fromhex("A0000002471001")
EF_ATR_INFO = 0x2F01


@dataclass(frozen=True, slots=True)
class CardImage:
    """What a card holds: the eMRTD application's files, and the key seed input for BAC."""

    files: Mapping[int, bytes] = field(repr=False)  # FID -> content (EF.COM, DGs, EF.SOD)
    mrz_information: str = field(repr=False)
    unreadable: frozenset[int] = frozenset({0x0103})  # DG3: behind extended access control
    extended_length: bool = True
    max_read: int = 0x400

    def __post_init__(self) -> None:
        limit = 65536 if self.extended_length else 256
        if not 1 <= self.max_read <= limit:
            raise ValueError(f"max_read must be within 1..{limit}")


def atr_for(extended_length: bool) -> bytes:
    """A contactless-style ATR whose card-capabilities byte says whether extended length works."""
    historical = bytes((0x80, 0x73, 0x00, 0x00, 0x40 if extended_length else 0x00))
    body = bytes((0x80 | len(historical), 0x80, 0x01)) + historical
    tck = 0
    for b in body:
        tck ^= b
    return b"\x3b" + body + bytes((tck,))


class CardOS:
    def __init__(self, image: CardImage, random_bytes: Callable[[int], bytes] = _os.urandom) -> None:
        self.image = image
        self._bac = BacResponder(image.mrz_information, random_bytes)
        self._channel: SecureChannel | None = None
        self._app_selected = False
        self._current: int | None = None
        self._mf_files: dict[int, bytes] = {}
        if image.extended_length:
            # EF.ATR/INFO: extended length information (max command / response sizes).
            limits = tlv(0x02, (0x0400).to_bytes(2, "big")) + tlv(0x02, image.max_read.to_bytes(3, "big"))
            self._mf_files[EF_ATR_INFO] = tlv(0x7F66, limits)

    @property
    def atr(self) -> bytes:
        return atr_for(self.image.extended_length)

    @property
    def authenticated(self) -> bool:
        return self._channel is not None

    def power_on(self) -> None:
        self.reset()

    def power_off(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._channel = None
        self._app_selected = False
        self._current = None
        self._bac.forget()

    def execute(self, apdu: bytes) -> bytes:
        try:
            cmd = CommandApdu.parse(apdu)
        except ApduError:
            return ResponseApdu(sw=SW.WRONG_LENGTH).to_bytes()
        if cmd.cla not in (0x00, 0x0C):
            return ResponseApdu(sw=SW.CLA_NOT_SUPPORTED).to_bytes()
        if cmd.extended and not self.image.extended_length:
            return ResponseApdu(sw=SW.WRONG_LENGTH).to_bytes()
        if cmd.secure:
            return self._execute_protected(cmd).to_bytes()
        if self._channel is not None:
            self._channel = None
            if not (cmd.ins == 0x84 or (cmd.ins == 0xA4 and cmd.p1 == 0x04)):
                return ResponseApdu(sw=SW.SM_OBJECTS_MISSING).to_bytes()
        return self._run(cmd, protected=False).to_bytes()

    def _execute_protected(self, cmd: CommandApdu) -> ResponseApdu:
        channel = self._channel
        if channel is None:
            return ResponseApdu(sw=SW.SM_OBJECTS_INCORRECT)
        try:
            inner = channel.unwrap(cmd)
        except StatusWordError as exc:
            self._channel = None
            return ResponseApdu(sw=exc.sw)
        resp = self._run(inner, protected=True)
        if not cmd.extended and protected_size(len(resp.data)) > 256:
            resp = ResponseApdu(sw=SW.WRONG_LENGTH)
        return channel.wrap(resp)

    def _run(self, cmd: CommandApdu, protected: bool) -> ResponseApdu:
        handlers: dict[int, Callable[[CommandApdu, bool], bytes]] = {
            0xA4: self._select,
            0xB0: self._read_binary,
            0x84: self._get_challenge,
            0x82: self._external_authenticate,
        }
        handler = handlers.get(cmd.ins)
        if handler is None:
            return ResponseApdu(sw=SW.INS_NOT_SUPPORTED)
        try:
            return ResponseApdu(handler(cmd, protected))
        except StatusWordError as exc:
            return ResponseApdu(sw=exc.sw)

    # ------------------------------------------------------------------ commands

    def _select(self, cmd: CommandApdu, protected: bool) -> bytes:
        if cmd.p1 == 0x00:
            raise StatusWordError(SW.INS_NOT_SUPPORTED, "SELECT MF is not supported on this card")
        if cmd.p1 not in (0x02, 0x04) or cmd.p2 not in (0x00, 0x0C):
            raise StatusWordError(SW.WRONG_P1P2)
        if cmd.p1 == 0x04:
            if cmd.data != AID:
                raise StatusWordError(SW.FILE_NOT_FOUND)
            self._app_selected, self._current = True, None
            return b""
        if len(cmd.data) != 2:
            raise StatusWordError(SW.WRONG_LENGTH)
        self._current = self._lookup(int.from_bytes(cmd.data, "big"))
        return b""

    def _lookup(self, fid: int) -> int:
        if fid in self._mf_files or (self._app_selected and fid in self.image.files):
            return fid
        raise StatusWordError(SW.FILE_NOT_FOUND)

    def _content(self, fid: int, protected: bool) -> bytes:
        if fid in self._mf_files:
            return self._mf_files[fid]
        if not protected or fid in self.image.unreadable:
            raise StatusWordError(SW.SECURITY_NOT_SATISFIED)
        return self.image.files[fid]

    def _read_binary(self, cmd: CommandApdu, protected: bool) -> bytes:
        if cmd.p1 & 0x80:
            if cmd.p1 & 0x60:
                raise StatusWordError(SW.WRONG_P1P2)
            # Short EF identifier: the low 5 bits of the FID of the LDS files (DG1 -> 01, SOD -> 1D).
            sfi = cmd.p1 & 0x1F
            fid = next((f for f in self.image.files if f >> 8 == 0x01 and f & 0xFF == sfi), None)
            if fid is None or not self._app_selected:
                raise StatusWordError(SW.FILE_NOT_FOUND)
            self._current, offset = fid, cmd.p2
        else:
            if self._current is None:
                raise StatusWordError(SW.NO_CURRENT_EF)
            offset = (cmd.p1 << 8) | cmd.p2
        content = self._content(self._current, protected)
        if cmd.data or cmd.le is None:
            raise StatusWordError(SW.WRONG_LENGTH)
        if offset >= len(content):
            raise StatusWordError(SW.WRONG_OFFSET)
        ne = cmd.le
        if ne > self.image.max_read:
            if ne not in (256, 65536):
                raise StatusWordError(SW.WRONG_LENGTH, "more than the card reads at once")
            ne = self.image.max_read
        return content[offset : offset + ne]

    def _get_challenge(self, cmd: CommandApdu, protected: bool) -> bytes:
        if cmd.p1 or cmd.p2:
            raise StatusWordError(SW.WRONG_P1P2)
        if cmd.le != 8 or cmd.data:
            raise StatusWordError(SW.WRONG_LENGTH)
        return self._bac.challenge()

    def _external_authenticate(self, cmd: CommandApdu, protected: bool) -> bytes:
        if protected:
            raise StatusWordError(SW.CONDITIONS_NOT_SATISFIED, "already authenticated")
        if cmd.p1 or cmd.p2:
            raise StatusWordError(SW.WRONG_P1P2)
        if len(cmd.data) != 40:
            raise StatusWordError(SW.WRONG_LENGTH)
        answer, channel = self._bac.authenticate(cmd.data)
        self._channel = channel
        return answer

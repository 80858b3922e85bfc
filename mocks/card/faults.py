"""Fault modes of the emulated card, and the card itself as a transport sees it.

Transport faults (applied by ``EmulatedCard.transmit``): removed after the k-th APDU, a flipped
byte in one answer, wrong response MACs from some APDU on, slow answers (through an injected
sleeper, so tests never wait). Data faults (applied when the card is built, see ``control``): a
data group altered after EF.SOD was signed, a document signer from an unknown CA, a document
signer whose certificate expired, an expired card.

Fault names for ``--fault`` and ``CardFaults.parse``::

    removed-after=K   wrong-mac[=K]   corrupt=K   slow=SECONDS
    tampered[=DG]     unknown-ca      expired-signer   expired-card
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from mocks.card.errors import CardGoneError, FaultSpecError
from mocks.card.os import CardOS
from mocks.card.pki import SignerKind

__all__ = ["FAULT_NAMES", "CardFaults", "EmulatedCard"]

FAULT_NAMES = (
    "removed-after=K",
    "wrong-mac[=K]",
    "corrupt=K",
    "slow=SECONDS",
    "tampered[=DG]",
    "unknown-ca",
    "expired-signer",
    "expired-card",
)


@dataclass(frozen=True, slots=True)
class CardFaults:
    """Which faults a card shows. APDU indexes count from 1 since the card was inserted."""

    removed_after: int | None = None  # the card leaves once it has answered this many APDUs
    corrupt_response: int | None = None  # this APDU's answer has one data byte flipped
    wrong_mac_from: int | None = None  # from this APDU on, protected answers carry a wrong MAC
    delay: float = 0.0  # seconds before every answer
    tampered: frozenset[int] = frozenset()  # data groups altered after signing
    signer: SignerKind = SignerKind.GENUINE
    expired_card: bool = False

    @property
    def data_faults(self) -> tuple[object, ...]:
        """What changes the card's files (a card must be rebuilt when this changes)."""
        return (self.tampered, self.signer, self.expired_card)

    @classmethod
    def parse(cls, specs: Iterable[str]) -> CardFaults:
        faults = cls()
        for spec in specs:
            faults = faults._with(spec.strip())
        return faults

    def _with(self, spec: str) -> CardFaults:
        name, _, arg = spec.partition("=")
        try:
            if name == "removed-after":
                return replace(self, removed_after=_count(arg, 0))
            if name == "corrupt":
                return replace(self, corrupt_response=_count(arg, 1))
            if name == "wrong-mac":
                return replace(self, wrong_mac_from=_count(arg, 1) if arg else 1)
            if name == "slow":
                seconds = float(arg)
                if not 0 <= seconds <= 60:
                    raise ValueError("0..60 seconds")
                return replace(self, delay=seconds)
            if name == "tampered":
                group = int(arg) if arg else 13
                if group not in (1, 2, 13, 14, 15):
                    raise ValueError("a readable data group: 1, 2, 13, 14 or 15")
                return replace(self, tampered=self.tampered | {group})
        except ValueError as exc:
            raise FaultSpecError(f"bad fault {spec!r}: {exc}") from exc
        if not arg and name in ("unknown-ca", "expired-signer"):
            return replace(self, signer=SignerKind.UNKNOWN_CA if name == "unknown-ca" else SignerKind.EXPIRED)
        if not arg and name == "expired-card":
            return replace(self, expired_card=True)
        raise FaultSpecError(f"unknown fault {spec!r}; known: {', '.join(FAULT_NAMES)}")


def _count(arg: str, minimum: int) -> int:
    value = int(arg)
    if value < minimum:
        raise ValueError(f"at least {minimum}")
    return value


def _flip(response: bytes, index: int) -> bytes:
    return response[:index] + bytes((response[index] ^ 0xFF,)) + response[index + 1 :]


class EmulatedCard:
    """A card OS in the field, with its transport faults. Not thread-safe: one reader owns it."""

    def __init__(
        self, os: CardOS, faults: CardFaults | None = None, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.os = os
        self.faults = faults or CardFaults()
        self._sleep = sleep
        self.apdu_count = 0
        self.gone = self.faults.removed_after == 0

    @property
    def atr(self) -> bytes:
        return self.os.atr

    def power_on(self) -> None:
        self.os.power_on()

    def power_off(self) -> None:
        self.os.power_off()

    def reset(self) -> None:
        self.os.reset()

    def transmit(self, apdu: bytes) -> bytes:
        """One APDU in, data || SW out; ``CardGoneError`` once the card has left."""
        if self.gone:
            raise CardGoneError("the card has left the field")
        self.apdu_count += 1
        n, f = self.apdu_count, self.faults
        if f.delay:
            self._sleep(f.delay)
        response = self.os.execute(apdu)
        if f.corrupt_response == n and len(response) > 2:
            response = _flip(response, (len(response) - 2) // 2)
        if f.wrong_mac_from is not None and n >= f.wrong_mac_from and response[-12:-10] == b"\x8e\x08":
            response = _flip(response, len(response) - 3)
        if f.removed_after == n:
            self.gone = True
        return response

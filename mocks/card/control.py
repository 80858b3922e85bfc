"""``CardControl``: put a persona's card on a reader, take it off, change its faults.

The one surface tests, BDD ``Given`` steps and the demo use for the card. Data faults (tampered
group, signer, expired card) rebuild the card's files; transport faults apply to the card in place.
The reader is any ``CardSlot``: the in-process ``EmulatedCardReader``, or ``VpcdSlot`` (the card
in pcscd's virtual reader, for the real PC/SC stack).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from mocks.card.faults import CardFaults, EmulatedCard
from mocks.card.files import CardBuild, build_card, expired
from mocks.card.os import CardOS
from mocks.card.pki import MockPki
from mocks.citizens import Persona, persona

__all__ = ["CardControl", "CardSlot", "make_card"]


class CardSlot(Protocol):
    """Where the twin's hand lays a card: it holds at most one, and may lose it to a fault."""

    @property
    def card(self) -> EmulatedCard | None: ...

    def insert(self, card: EmulatedCard) -> None:
        """Lay ``card`` down, replacing the one there."""

    def remove(self) -> None: ...

    def card_present(self) -> bool: ...


def make_card(
    who: Persona | int,
    pki: MockPki,
    faults: CardFaults | None = None,
    *,
    random_bytes: Callable[[int], bytes] = os.urandom,
    sleep: Callable[[float], None] = time.sleep,
    extended_length: bool = True,
    max_read: int = 0x400,
) -> tuple[EmulatedCard, CardBuild]:
    """A persona's card (by persona or seed) with ``faults``, ready for a transport."""
    faults = faults or CardFaults()
    citizen = persona(who) if isinstance(who, int) else who
    if faults.expired_card:
        citizen = expired(citizen)
    build = build_card(citizen, pki, faults.signer, faults.tampered, extended_length, max_read)
    return EmulatedCard(CardOS(build.image, random_bytes), faults, sleep), build


class CardControl:
    def __init__(
        self,
        reader: CardSlot,
        pki: MockPki,
        *,
        random_bytes: Callable[[int], bytes] = os.urandom,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.reader = reader
        self.pki = pki
        self._random = random_bytes
        self._sleep = sleep
        self.build: CardBuild | None = None
        self._who: Persona | int | None = None

    def insert(
        self,
        who: Persona | int,
        faults: CardFaults | None = None,
        *,
        extended_length: bool = True,
        max_read: int = 0x400,
    ) -> CardBuild:
        """Put ``who``'s card on the reader (replacing any card there); returns what it holds."""
        card, build = make_card(
            who,
            self.pki,
            faults,
            random_bytes=self._random,
            sleep=self._sleep,
            extended_length=extended_length,
            max_read=max_read,
        )
        self.reader.insert(card)
        self.build, self._who = build, who
        return build

    def remove(self) -> None:
        self.reader.remove()

    def set_faults(self, faults: CardFaults) -> None:
        """Change the faults of the card on the reader; data faults re-insert a rebuilt card."""
        card = self.reader.card
        if card is None or self._who is None:
            raise LookupError("no card on the reader")
        if card.faults.data_faults != faults.data_faults:
            image = card.os.image
            self.insert(self._who, faults, extended_length=image.extended_length, max_read=image.max_read)
            return
        card.faults = replace(faults)

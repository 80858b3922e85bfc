"""Helpers for the chip-card reader tests (H4a): a fixed clock, a seeded RNG, emulated cards."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from mocks.card.control import make_card
from mocks.card.faults import CardFaults, EmulatedCard
from mocks.card.files import CardBuild
from mocks.card.mrz import td1
from mocks.card.pki import MockPki
from mocks.card.reader import EmulatedCardReader
from reference_kiosk.devices.icao.bac import BacKey, IdNumberKeySource, KeySource
from reference_kiosk.devices.icao.passive_auth import TrustStore
from reference_kiosk.devices.icao.reader import IcaoReader

__all__ = [
    "AS_OF",
    "FixedClock",
    "card_on_reader",
    "icao_reader",
    "id_key",
    "mrz_key",
    "seeded",
    "trust_store",
]

AS_OF = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)  # the personas' "as of" day: every card valid


class FixedClock:
    def __init__(self, now: dt.datetime = AS_OF) -> None:
        self._now = now

    def now(self) -> dt.datetime:
        return self._now

    def monotonic(self) -> float:
        return 0.0


def seeded(seed: int) -> Callable[[int], bytes]:
    return random.Random(seed).randbytes


def card_on_reader(
    pki: MockPki, seed: int, faults: CardFaults | None = None, **options: object
) -> tuple[EmulatedCardReader, EmulatedCard, CardBuild]:
    card, build = make_card(seed, pki, faults, random_bytes=seeded(1000 + seed), **options)  # type: ignore[arg-type]
    reader = EmulatedCardReader()
    reader.insert(card)
    return reader, card, build


def mrz_key(build: CardBuild) -> KeySource:
    return BacKey.from_mrz("\n".join(td1(build.persona).lines))


def id_key(build: CardBuild) -> KeySource:
    return IdNumberKeySource(build.persona.id_number, build.persona.date_of_birth)


def icao_reader(reader: EmulatedCardReader, now: dt.datetime = AS_OF) -> IcaoReader:
    return IcaoReader(reader.connect(), clock=FixedClock(now), random_bytes=seeded(7))


def trust_store(pki: MockPki) -> TrustStore:
    return TrustStore((pki.csca_cert,))

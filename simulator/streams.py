"""Seeded random streams, one per purpose, so that scenario variants share random numbers.

A stream's seed depends only on (scenario seed, replication, stream name): two variants of a
scenario (one kiosk or two) see the same arrivals, service times and choices for the same
citizen stream, which makes their comparison sharper (common random numbers).
"""

from __future__ import annotations

import zlib

import numpy as np

from simulator.distributions import Distribution, Exponential, Stream, uniform_stream

__all__ = ["Streams"]

_UNIT = Exponential(1.0)


class Streams:
    def __init__(self, seed: int, replication: int) -> None:
        self.seed = seed
        self.replication = replication

    def rng(self, name: str) -> np.random.Generator:
        key = zlib.crc32(name.encode("utf-8"))
        return np.random.default_rng(np.random.SeedSequence([self.seed, self.replication, key]))

    def draws(self, name: str, dist: Distribution) -> Stream:
        return Stream(dist, self.rng(name))

    def unit_exponential(self, name: str) -> Stream:
        return Stream(_UNIT, self.rng(name))

    def uniform(self, name: str) -> Stream:
        return uniform_stream(self.rng(name))

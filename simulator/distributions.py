"""Service, patience and step-duration distributions sharing one small protocol.

Every distribution checks its parameters in ``__init__`` (raising ScenarioError naming the key),
knows its theoretical ``mean`` and ``variance``, draws with an explicit ``numpy`` generator, and has
a ``repr`` that can be pasted back into Python. ``Stream`` buffers draws in blocks because one numpy
call per citizen would dominate the model's run time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from simulator.errors import ScenarioError

__all__ = [
    "Deterministic",
    "Distribution",
    "Empirical",
    "Exponential",
    "Gamma",
    "Lognormal",
    "Stream",
    "Triangular",
    "from_spec",
    "to_spec",
]

FloatArray = npt.NDArray[np.float64]


@runtime_checkable
class Distribution(Protocol):
    @property
    def mean(self) -> float: ...

    @property
    def variance(self) -> float: ...

    def sample(self, rng: np.random.Generator) -> float: ...

    def sample_n(self, rng: np.random.Generator, n: int) -> FloatArray: ...


def _positive(value: float, key: str, name: str) -> float:
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise ScenarioError(f"{key}.{name}", f"must be a positive number, got {value!r}")
    return float(value)


class _Base:
    """sample() in terms of sample_n() so each class writes its draw once."""

    def sample_n(self, rng: np.random.Generator, n: int) -> FloatArray:  # pragma: no cover - abstract
        raise NotImplementedError

    def sample(self, rng: np.random.Generator) -> float:
        return float(self.sample_n(rng, 1)[0])


@dataclass(frozen=True, slots=True, repr=False)
class Exponential(_Base):
    mean_: float
    key: str = field(default="distribution", compare=False)

    def __post_init__(self) -> None:
        _positive(self.mean_, self.key, "mean")

    @property
    def mean(self) -> float:
        return self.mean_

    @property
    def variance(self) -> float:
        return self.mean_**2

    def sample_n(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.exponential(self.mean_, n)

    def __repr__(self) -> str:
        return f"Exponential({self.mean_!r})"


@dataclass(frozen=True, slots=True, repr=False)
class Lognormal(_Base):
    """Parameterised by its own mean and standard deviation (what a planner knows)."""

    mean_: float
    sd: float
    key: str = field(default="distribution", compare=False)

    def __post_init__(self) -> None:
        _positive(self.mean_, self.key, "mean")
        _positive(self.sd, self.key, "sd")

    @property
    def sigma2(self) -> float:
        return math.log1p((self.sd / self.mean_) ** 2)

    @property
    def mu(self) -> float:
        return math.log(self.mean_) - self.sigma2 / 2

    @property
    def mean(self) -> float:
        return self.mean_

    @property
    def variance(self) -> float:
        return self.sd**2

    def sample_n(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.lognormal(self.mu, math.sqrt(self.sigma2), n)

    def __repr__(self) -> str:
        return f"Lognormal({self.mean_!r}, {self.sd!r})"


@dataclass(frozen=True, slots=True, repr=False)
class Gamma(_Base):
    shape: float
    scale: float
    key: str = field(default="distribution", compare=False)

    def __post_init__(self) -> None:
        _positive(self.shape, self.key, "shape")
        _positive(self.scale, self.key, "scale")

    @property
    def mean(self) -> float:
        return self.shape * self.scale

    @property
    def variance(self) -> float:
        return self.shape * self.scale**2

    def sample_n(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.gamma(self.shape, self.scale, n)

    def __repr__(self) -> str:
        return f"Gamma({self.shape!r}, {self.scale!r})"


@dataclass(frozen=True, slots=True, repr=False)
class Triangular(_Base):
    low: float
    mode: float
    high: float
    key: str = field(default="distribution", compare=False)

    def __post_init__(self) -> None:
        if not (0 <= self.low <= self.mode <= self.high and self.low < self.high):
            raise ScenarioError(self.key, f"needs 0 <= low <= mode <= high and low < high, got {self!r}")

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    @property
    def variance(self) -> float:
        a, c, b = self.low, self.mode, self.high
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18

    def sample_n(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.triangular(self.low, self.mode, self.high, n)

    def __repr__(self) -> str:
        return f"Triangular({self.low!r}, {self.mode!r}, {self.high!r})"


@dataclass(frozen=True, slots=True, repr=False)
class Empirical(_Base):
    """Resamples observed values uniformly (a bootstrap of measured durations)."""

    values: tuple[float, ...]
    key: str = field(default="distribution", compare=False)

    def __post_init__(self) -> None:
        if not self.values or any(not (math.isfinite(v) and v >= 0) for v in self.values):
            raise ScenarioError(f"{self.key}.values", "must be a non-empty list of non-negative numbers")

    @property
    def mean(self) -> float:
        return float(np.mean(self.values))

    @property
    def variance(self) -> float:
        return float(np.var(self.values))

    def sample_n(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.choice(np.asarray(self.values, dtype=np.float64), n)

    def __repr__(self) -> str:
        return f"Empirical({self.values!r})"


@dataclass(frozen=True, slots=True, repr=False)
class Deterministic(_Base):
    value: float
    key: str = field(default="distribution", compare=False)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and self.value >= 0):
            raise ScenarioError(f"{self.key}.value", f"must be a non-negative number, got {self.value!r}")

    @property
    def mean(self) -> float:
        return self.value

    @property
    def variance(self) -> float:
        return 0.0

    def sample_n(self, rng: np.random.Generator, n: int) -> FloatArray:
        return np.full(n, self.value, dtype=np.float64)

    def __repr__(self) -> str:
        return f"Deterministic({self.value!r})"


def _num(spec: Mapping[str, Any], name: str, key: str) -> float:
    if name not in spec:
        raise ScenarioError(f"{key}.{name}", "is required for this distribution")
    value = spec[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(f"{key}.{name}", f"must be a number, got {value!r}")
    return float(value)


def _gamma(spec: Mapping[str, Any], key: str) -> Gamma:
    if "shape" in spec:
        return Gamma(_num(spec, "shape", key), _num(spec, "scale", key), key)
    mean, sd = _positive(_num(spec, "mean", key), key, "mean"), _positive(_num(spec, "sd", key), key, "sd")
    return Gamma((mean / sd) ** 2, sd * sd / mean, key)


# The keys each kind takes (gamma: either pair); anything else is refused, since a misspelt "sd" or a
# stray "max" would otherwise be ignored without a word.
_KEYS: dict[str, tuple[frozenset[str], ...]] = {
    "exponential": (frozenset({"mean"}),),
    "lognormal": (frozenset({"mean", "sd"}),),
    "gamma": (frozenset({"mean", "sd"}), frozenset({"shape", "scale"})),
    "triangular": (frozenset({"low", "mode", "high"}),),
    "empirical": (frozenset({"values"}),),
    "deterministic": (frozenset({"value"}),),
}


def _check_keys(spec: Mapping[str, Any], kind: str, key: str) -> None:
    given = set(spec) - {"dist"}
    allowed = _KEYS[kind]
    extra = sorted(given - frozenset().union(*allowed))
    if extra:
        forms = " or ".join(", ".join(sorted(a)) for a in allowed)
        raise ScenarioError(
            f"{key}.{extra[0]}", f"is not a parameter of a {kind} distribution (it takes {forms})"
        )
    if not any(given <= a for a in allowed):  # gamma's two forms mixed: which one was meant?
        forms = " or ".join(", ".join(sorted(a)) for a in allowed)
        raise ScenarioError(key, f"give the {kind} distribution's {forms}, not a mix")


def from_spec(spec: object, key: str) -> Distribution:
    """Build from a TOML table such as ``{ dist = "exponential", mean = 60 }``."""
    if not isinstance(spec, Mapping):
        raise ScenarioError(key, f"must be a table like {{ dist = 'exponential', mean = 5 }}, got {spec!r}")
    kind = spec.get("dist")
    if isinstance(kind, str) and kind in _KEYS:
        _check_keys(spec, kind, key)
    if kind == "exponential":
        return Exponential(_num(spec, "mean", key), key)
    if kind == "lognormal":
        return Lognormal(_num(spec, "mean", key), _num(spec, "sd", key), key)
    if kind == "gamma":
        return _gamma(spec, key)
    if kind == "triangular":
        return Triangular(_num(spec, "low", key), _num(spec, "mode", key), _num(spec, "high", key), key)
    if kind == "empirical":
        values = spec.get("values")
        if not isinstance(values, list) or not all(isinstance(v, int | float) for v in values):
            raise ScenarioError(f"{key}.values", "must be a list of numbers")
        return Empirical(tuple(float(v) for v in values), key)
    if kind == "deterministic":
        return Deterministic(_num(spec, "value", key), key)
    raise ScenarioError(
        f"{key}.dist",
        f"unknown distribution {kind!r}; use exponential, lognormal, gamma, triangular, empirical "
        "or deterministic",
    )


def to_spec(dist: Distribution) -> dict[str, Any]:
    """The inverse of from_spec, for writing calibrated parameters back to TOML."""
    if isinstance(dist, Exponential):
        return {"dist": "exponential", "mean": dist.mean_}
    if isinstance(dist, Lognormal):
        return {"dist": "lognormal", "mean": dist.mean_, "sd": dist.sd}
    if isinstance(dist, Gamma):
        return {"dist": "gamma", "shape": dist.shape, "scale": dist.scale}
    if isinstance(dist, Triangular):
        return {"dist": "triangular", "low": dist.low, "mode": dist.mode, "high": dist.high}
    if isinstance(dist, Empirical):
        return {"dist": "empirical", "values": list(dist.values)}
    if isinstance(dist, Deterministic):
        return {"dist": "deterministic", "value": dist.value}
    raise TypeError(f"no TOML form for {dist!r}")


class Stream:
    """One seeded stream of draws from one distribution, fetched in blocks for speed.

    ``next`` is a C-level ``functools.partial(next, ...)`` over a chain of lazily drawn blocks, so a
    draw costs no Python frame on the per-citizen path. Blocks start small and double up to
    ``block``: a replication has hundreds of streams (4 per site and demand) that each need only a
    few hundred draws. numpy draws a sequence the same whatever the block sizes, so seeded
    results do not depend on them (tests/unit/simulator/test_distributions.py checks it).
    """

    __slots__ = ("next",)

    next: Callable[[], float]

    def __init__(self, dist: Distribution, rng: np.random.Generator, block: int = 1024) -> None:
        self.next = partial(next, chain.from_iterable(_blocks(dist, rng, block)))


FIRST_BLOCK = 64


def _blocks(dist: Distribution, rng: np.random.Generator, block: int) -> Iterator[list[float]]:
    size = min(FIRST_BLOCK, block)
    while True:
        yield dist.sample_n(rng, size).tolist()
        size = min(2 * size, block)


def uniform_stream(rng: np.random.Generator, block: int = 1024) -> Stream:
    """Uniform(0, 1) draws for choices (channel, purpose, failures) in the same buffered form."""
    return Stream(_Uniform(), rng, block)


class _Uniform(_Base):
    mean = 0.5
    variance = 1 / 12

    def sample_n(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.random(n)

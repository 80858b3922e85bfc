"""Every distribution's moments against theory, in one loop; parameters validated; pasteable reprs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.distributions import (
    Deterministic,
    Distribution,
    Empirical,
    Exponential,
    Gamma,
    Lognormal,
    Stream,
    Triangular,
    from_spec,
    to_spec,
)
from simulator.errors import ScenarioError

ALL: list[Distribution] = [
    Exponential(60.0),
    Lognormal(4.0, 3.0),
    Gamma(2.5, 1.6),
    Triangular(0.3, 0.6, 2.0),
    Empirical((1.0, 2.0, 2.0, 7.5)),
    Deterministic(3.0),
]
N = 200_000


@pytest.mark.parametrize("dist", ALL, ids=repr)
def test_sample_moments_match_theory(dist: Distribution) -> None:
    x = dist.sample_n(np.random.default_rng(1), N)
    sd = math.sqrt(dist.variance)
    # The sample mean is within 4 standard errors; the sample variance within 4 of its own
    # standard errors (using the fourth moment estimated from the sample), so a wrong formula fails.
    assert abs(x.mean() - dist.mean) <= 4 * sd / math.sqrt(N) + 1e-12
    m4 = float(np.mean((x - x.mean()) ** 4))
    var_se = math.sqrt(max(m4 - x.var() ** 2, 0.0) / N)
    assert abs(x.var() - dist.variance) <= 4 * var_se + 1e-12


@pytest.mark.parametrize("dist", ALL, ids=repr)
def test_repr_pastes_back_and_spec_round_trips(dist: Distribution) -> None:
    names = {c.__name__: c for c in (Exponential, Lognormal, Gamma, Triangular, Empirical, Deterministic)}
    assert eval(repr(dist), names) == dist
    assert from_spec(to_spec(dist), "x") == dist


def test_stream_draws_the_same_numbers_as_the_distribution() -> None:
    dist = Gamma(2.0, 3.0)
    stream = Stream(dist, np.random.default_rng(5), block=7)
    direct = dist.sample_n(np.random.default_rng(5), 7)
    assert [stream.next() for _ in range(7)] == pytest.approx(direct.tolist())


@pytest.mark.parametrize(
    ("spec", "key"),
    [
        ({"dist": "exponential", "mean": -1}, "svc.mean"),
        ({"dist": "exponential"}, "svc.mean"),
        ({"dist": "lognormal", "mean": 3, "sd": 0}, "svc.sd"),
        ({"dist": "gamma", "mean": 3, "sd": "x"}, "svc.sd"),
        ({"dist": "triangular", "low": 3, "mode": 1, "high": 2}, "svc"),
        ({"dist": "empirical", "values": []}, "svc.values"),
        ({"dist": "weibull", "mean": 3}, "svc.dist"),
        (5, "svc"),
    ],
)
def test_invalid_parameters_name_the_key(spec: object, key: str) -> None:
    with pytest.raises(ScenarioError) as err:
        from_spec(spec, "svc")
    assert err.value.key == key


@pytest.mark.parametrize("dist", [*ALL, Gamma(0.3, 2.0)], ids=repr)
def test_a_stream_draws_the_same_numbers_whatever_its_block_sizes(dist: Distribution) -> None:
    """Streams grow their blocks (64, 128, ... 1024): seeded results must not depend on that."""
    stream = Stream(dist, np.random.default_rng(7))
    drawn = [stream.next() for _ in range(3000)]  # crosses blocks of 64 ... 1024
    assert drawn == dist.sample_n(np.random.default_rng(7), 3000).tolist()

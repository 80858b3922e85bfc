"""The real model against closed forms: Erlang C, Erlang A and Little's law, with CIs over replications."""

from __future__ import annotations

import math
from typing import Any

import pytest

from simulator.config import load_scenario, parse_scenario
from simulator.errors import SimulatorError
from simulator.validate import Check, check_scenario, erlang_a, erlang_c, erlang_c_wait, run_checks


def test_erlang_c_matches_textbook_values() -> None:
    assert erlang_c(1, 0.5) == pytest.approx(0.5)  # M/M/1: P(wait) = rho
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert erlang_c_wait(1, 0.5, 1.0) == pytest.approx(1.0)  # M/M/1: Wq = rho / (mu - lambda)
    with pytest.raises(ValueError, match="unstable"):
        erlang_c(3, 3.0)


def test_erlang_a_tends_to_erlang_c_when_nobody_abandons() -> None:
    a = erlang_a(3, 2.0, 1.0, theta=1e-9)
    assert a.p_wait == pytest.approx(erlang_c(3, 2.0), rel=1e-6)
    assert a.mean_wait == pytest.approx(erlang_c_wait(3, 2.0, 1.0), rel=1e-6)
    assert a.p_abandon < 1e-6


def test_erlang_a_with_patience_equal_to_service_is_poisson() -> None:
    """theta = mu makes M/M/c+M an M/M/infinity: N ~ Poisson(a), so E[(N-c)+] has a closed form."""
    c, a = 2, 3.0
    pois = [math.exp(-a) * a**n / math.factorial(n) for n in range(80)]
    lq = sum(max(n - c, 0) * p for n, p in enumerate(pois))
    assert erlang_a(c, a, 1.0, 1.0).mean_queue == pytest.approx(lq, rel=1e-9)


@pytest.fixture(scope="module")
def checks() -> dict[tuple[str, str], Check]:
    # 30 days x 12 replications per configuration: each check's 99% interval is a few percent wide,
    # enough to catch a wrong queue discipline, a lost customer or a mis-measured wait (seeds fixed).
    return {(c.model, c.quantity): c for c in run_checks(days=30, reps=12, seed=11)}


# (model, quantity, scale, widest acceptable 99% half-width relative to scale). The width bound
# makes sure the interval is narrow enough to mean something: mean waits of an M/M/c queue vary a
# lot between replications, so 25%; Little's law is a difference, scaled by L_q = lambda W_q.
CASES = [
    ("M/M/3 (rho 2/3)", "mean wait (min)", 26.67, 0.25),
    ("M/M/3 (rho 2/3)", "P(wait > 0)", 0.444, 0.15),
    ("M/M/3 (rho 2/3)", "utilisation", 0.667, 0.05),
    ("M/M/3 (rho 2/3)", "Little: L_q - lambda W_q", 0.889, 0.05),
    ("M/M/3+M (offered 4/3)", "P(abandon)", 0.368, 0.05),
    ("M/M/3+M (offered 4/3)", "mean wait (min)", 11.03, 0.10),
    ("M/M/3+M (offered 4/3)", "Little: L_q - lambda W_q", 0.735, 0.05),
]


@pytest.mark.parametrize(
    ("model", "quantity", "scale", "rel"), CASES, ids=[f"{c[0]} / {c[1]}" for c in CASES]
)
def test_model_agrees_with_theory_within_its_confidence_interval(
    checks: dict[tuple[str, str], Check], model: str, quantity: str, scale: float, rel: float
) -> None:
    check = checks[(model, quantity)]
    assert check.ok, check
    assert check.half_width < rel * scale, check


def test_only_single_queue_scenarios_can_be_checked_against_theory() -> None:
    with pytest.raises(SimulatorError, match="not a single always-open M/M/c"):
        check_scenario(load_scenario("pilot-2025"))


def test_a_one_queue_scenario_file_is_checked_against_erlang_c(mm_raw: dict[str, Any]) -> None:
    mm_raw["days"], mm_raw["replications"] = 20, 6
    checks = check_scenario(parse_scenario(mm_raw))
    assert [c.quantity for c in checks] == ["mean wait (min)", "P(wait > 0)", "Little: L_q - lambda W_q"]
    assert checks[1].theory == pytest.approx(erlang_c(2, 1.5))
    assert all(c.ok for c in checks), checks

"""The kiosk session process: queue for the kiosk, then its steps with failures, help and giving up.

Per step: the step takes its duration; with probability ``help`` the citizen asks for a helper
(who may be busy with other duties, or off duty) and gives up if none comes within the help
patience; with probability ``fail`` the step errors and is retried once; with probability
``abandon`` the citizen gives up there.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy

from simulator.config import Demand
from simulator.kiosk_config import KioskModel

if TYPE_CHECKING:
    from simulator.model import Model, SiteState

__all__ = ["Visit", "expand_steps", "kiosk_visit"]

Visit = tuple[float, float, str, str, float]  # wait, time at kiosk, outcome, last step, help minutes
NAN = math.nan


def expand_steps(k: KioskModel, purpose: str, u: float, pages: float, fee: float, rate: float) -> list[str]:
    """The concrete steps of one session; u, fee and rate are uniform draws, pages a page count draw."""
    out: list[str] = []
    for name in k.purposes[purpose]:
        if name == "login":
            out.append("login_vneid" if u < k.vneid_share else "login_cccd")
        elif name == "scan_page":
            out.extend(["scan_page"] * max(1, math.ceil(pages)))
        elif name == "payment" and purpose == "submit":
            if fee < k.fee_share:
                out.append(name)
        elif name == "rating" and purpose == "submit":
            if rate < k.rating_share:
                out.append(name)
        else:
            out.append(name)
    return out


def kiosk_visit(m: Model, s: SiteState, demand: Demand, seed: float) -> Generator[simpy.Event, Any, Visit]:
    """One session; ``seed`` (a uniform draw taken at arrival) seeds this citizen's own generator, so
    the same citizen has the same session in every variant that sends them to the kiosk."""
    env, k = m.env, m.scenario.kiosk
    assert s.kiosk is not None
    t0 = env.now
    req = s.kiosk.request()
    yield req if req.triggered else req | env.timeout(k.queue_patience_minutes)
    if not req.triggered:
        req.cancel()
        return (env.now - t0, NAN, "kiosk_busy", "", 0.0)
    wait, start = env.now - t0, env.now
    rng = np.random.Generator(np.random.PCG64(int(seed * 2**53)))
    u = _uniforms(rng)
    steps = expand_steps(k, demand.purpose, next(u), k.pages.sample(rng), next(u), next(u))
    outcome, step, help_time = yield from _steps(m, s, steps, rng, u)
    s.kiosk.release(req)
    return (wait, env.now - start, outcome, step, help_time)


def _uniforms(rng: np.random.Generator) -> Iterator[float]:
    while True:
        yield from rng.random(16).tolist()


def _steps(
    m: Model, s: SiteState, steps: list[str], rng: np.random.Generator, u: Iterator[float]
) -> Generator[simpy.Event, Any, tuple[str, str, float]]:
    """The steps' times are summed and waited in one go, up to the next call for help: nothing else
    sees a session between its steps, so this gives the same results with far fewer events."""
    env, k = m.env, m.scenario.kiosk
    help_time = due = 0.0  # due: step time not yet waited
    for name in steps:
        step = k.steps[name]
        due += step.duration.sample(rng)
        if next(u) < step.help:
            yield env.timeout(due)  # the helper is asked at the right moment (on duty? busy?)
            due = 0.0
            got = yield from _ask_for_help(m, s, rng)
            if got is None:
                return "no_help", name, help_time
            help_time += got
        if next(u) < step.fail:
            due += step.duration.sample(rng)  # the citizen tries the step again
            if next(u) < step.fail:
                yield env.timeout(due)
                return "failed", name, help_time
        if next(u) < step.abandon:
            yield env.timeout(due)
            return "abandoned", name, help_time
    yield env.timeout(due)
    return "completed", "", help_time


def _ask_for_help(
    m: Model, s: SiteState, rng: np.random.Generator
) -> Generator[simpy.Event, Any, float | None]:
    """One event: the wait for a helper (from the site's rota) and the help itself."""
    env, k = m.env, m.scenario.kiosk
    if s.helpers is None or not s.staffed(env.now):
        return None
    minutes = k.help_minutes.sample(rng)
    start = s.helpers.ask(env.now, k.help_patience_minutes, minutes)
    if start is None:
        yield env.timeout(k.help_patience_minutes)
        return None
    yield env.timeout(start - env.now + minutes)
    return minutes

"""Kiosk telemetry generated from a kiosk model, for calibration tests and demonstrations.

It follows the same step semantics as the SimPy session (simulator/kiosk_session.py) and writes
events in the telemetry schema, so ``calibrate`` can be checked to recover known parameters.
Help time is counted inside the step's duration, as a real kiosk would measure it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import numpy as np

from simulator.kiosk_config import KioskModel
from simulator.kiosk_session import expand_steps
from simulator.telemetry_schema import TelemetryEvent

__all__ = ["synthetic_events"]

_END = {"submit": "submitted", "lookup": "looked_up", "pay": "paid", "rate": "rated"}
_PURPOSES = ("submit", "lookup", "pay", "rate")


def synthetic_events(
    kiosk: KioskModel,
    sessions: int,
    seed: int,
    site: str = "prov",
    start: dt.datetime | None = None,
    purpose_weights: tuple[float, float, float, float] = (0.4, 0.2, 0.1, 0.3),
) -> Iterator[TelemetryEvent]:
    rng = np.random.default_rng(seed)
    t = start or dt.datetime(2025, 3, 17, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    weights = np.asarray(purpose_weights) / sum(purpose_weights)
    for n in range(sessions):
        sid = hashlib.sha256(f"{seed}/{n}".encode()).hexdigest()[:16]
        purpose = str(rng.choice(_PURPOSES, p=weights))
        steps = expand_steps(
            kiosk, purpose, rng.random(), kiosk.pages.sample(rng), rng.random(), rng.random()
        )
        channel = next((s.removeprefix("login_") for s in steps if s.startswith("login_")), "anonymous")

        ev = partial(_event, session=sid, site=site, channel=channel)
        yield ev("session_start", t, purpose=purpose)
        clock, outcome = t, _END[purpose]
        for name in steps:
            outcome, clock, events = _step(kiosk, name, rng, clock, ev)
            yield from events
            if outcome != "ok":
                break
        else:
            outcome = _END[purpose]
        yield ev(
            "session_end", clock, outcome=outcome, duration_s=(clock - t).total_seconds(), purpose=purpose
        )
        t = clock + dt.timedelta(minutes=float(rng.exponential(10.0)))


def _event(
    kind: str, when: dt.datetime, *, session: str, site: str, channel: str, **kw: Any
) -> TelemetryEvent:
    return TelemetryEvent(when, session, site, f"{site}-01", kind, channel=channel, **kw)


def _step(
    kiosk: KioskModel,
    name: str,
    rng: np.random.Generator,
    clock: dt.datetime,
    make: Callable[..., TelemetryEvent],
) -> tuple[str, dt.datetime, list[TelemetryEvent]]:
    """One step, retried once after an error; returns ok / abandoned and the step's events."""
    step, events = kiosk.steps[name], []
    for attempt in range(2):
        events.append(make("step_enter", clock, step=name))
        minutes = step.duration.sample(rng)
        helped = rng.random() < step.help
        if helped:
            minutes += kiosk.help_minutes.sample(rng)
        clock += dt.timedelta(minutes=minutes)
        failed = rng.random() < step.fail
        if failed:
            events.append(make("error", clock, step=name, error="BackendUnavailable"))
        outcome = "error" if failed else ("abandoned" if rng.random() < step.abandon else "ok")
        if failed and attempt == 1:
            outcome = "abandoned"
        events.append(
            make(
                "step_leave",
                clock,
                step=name,
                duration_s=minutes * 60,
                help_requested=helped,
                outcome=outcome,
            )
        )
        if not failed:
            return outcome, clock, events
        if attempt == 1:
            return "abandoned", clock, events
    return "abandoned", clock, events  # pragma: no cover - loop always returns

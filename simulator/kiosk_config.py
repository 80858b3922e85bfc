"""The kiosk session as steps: durations, failure, abandonment and help, per step.

A purpose (submit, lookup, pay, rate) is a list of steps; ``login`` expands to ``login_cccd`` or
``login_vneid``, ``scan_page`` repeats once per page, ``payment`` and ``rating`` happen with the
given shares. Calibrated values from ``kiosk-sim calibrate`` can replace the defaults through the
scenario's ``kiosk_params`` file (same [kiosk.steps.*] tables).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator._tables import Table
from simulator.distributions import Distribution, Gamma, Lognormal, Triangular
from simulator.errors import ScenarioError

__all__ = ["STEP_NAMES", "KioskModel", "Step", "parse_kiosk"]

STEP_NAMES = ("login_cccd", "login_vneid", "search", "form", "scan_page", "payment", "rating", "lookup")


@dataclass(frozen=True, slots=True)
class Step:
    duration: Distribution  # minutes
    fail: float  # the step errors (device or backend); retried once
    abandon: float  # the citizen gives up in this step
    help: float  # the citizen asks for a helper in this step


@dataclass(frozen=True, slots=True)
class KioskModel:
    steps: Mapping[str, Step]
    purposes: Mapping[str, tuple[str, ...]]
    vneid_share: float
    pages: Distribution  # scanned pages per dossier (rounded up, at least 1)
    fee_share: float  # submissions with a fee paid at the kiosk
    rating_share: float  # submissions followed by a rating
    help_minutes: Distribution
    help_patience_minutes: float  # wait for a busy or absent helper before giving up
    queue_patience_minutes: float  # wait for a busy kiosk before going to the counter


# Defaults: assumptions (no public measurements), in minutes; replace with calibrated values.
_DEFAULT_STEPS: dict[str, Step] = {
    "login_cccd": Step(Lognormal(1.0, 0.6), 0.04, 0.02, 0.10),
    "login_vneid": Step(Lognormal(2.0, 1.2), 0.08, 0.05, 0.15),
    "search": Step(Lognormal(1.5, 1.0), 0.0, 0.08, 0.20),
    "form": Step(Gamma(4.0, 1.0), 0.02, 0.10, 0.30),
    "scan_page": Step(Triangular(0.3, 0.5, 1.5), 0.03, 0.02, 0.05),
    "payment": Step(Lognormal(2.5, 1.5), 0.05, 0.05, 0.10),
    "rating": Step(Lognormal(0.8, 0.4), 0.0, 0.02, 0.02),
    "lookup": Step(Lognormal(1.5, 0.8), 0.03, 0.03, 0.08),
}
_DEFAULT_PURPOSES: dict[str, tuple[str, ...]] = {
    "submit": ("login", "search", "form", "scan_page", "payment", "rating"),
    "lookup": ("lookup",),
    "pay": ("login", "payment"),
    "rate": ("login", "rating"),
}


def _steps(table: Table, base: Mapping[str, Step]) -> dict[str, Step]:
    steps = dict(base)
    st = table.sub("steps")
    for name in st.data:
        if name not in STEP_NAMES:
            raise ScenarioError(st.key(name), f"unknown step; steps are {', '.join(STEP_NAMES)}")
        t = st.sub(name)
        old = steps[name]
        duration = t.distribution("duration", required=False) or old.duration
        steps[name] = Step(
            duration,
            t.number("fail", old.fail, hi=1),
            t.number("abandon", old.abandon, hi=1),
            t.number("help", old.help, hi=1),
        )
        t.done()
    st.done()
    return steps


def _purposes(table: Table) -> dict[str, tuple[str, ...]]:
    purposes = dict(_DEFAULT_PURPOSES)
    pt = table.sub("purposes")
    for name in pt.data:
        seq = pt.raw(name)
        ok = {*STEP_NAMES, "login"}
        if name not in purposes or not isinstance(seq, list) or not all(s in ok for s in seq) or not seq:
            raise ScenarioError(
                pt.key(name), f"must be a kiosk purpose ({', '.join(purposes)}) with a list of steps"
            )
        purposes[name] = tuple(seq)
    pt.done()
    return purposes


def _params_file(table: Table, base_dir: Path) -> dict[str, Step]:
    ref = table.raw("params_file")
    if ref is None:
        return _DEFAULT_STEPS
    if not isinstance(ref, str):
        raise ScenarioError(
            table.key("params_file"), "must be a path to a TOML file from kiosk-sim calibrate"
        )
    path = (base_dir / ref).resolve()
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ScenarioError(table.key("params_file"), f"cannot read {path}: {exc}") from None
    kt = Table(data.get("kiosk", {}), f"{path.name}:kiosk")
    steps = _steps(kt, _DEFAULT_STEPS)
    return steps


def parse_kiosk(raw: object, base_dir: Path) -> KioskModel:
    t = Table(raw, "kiosk")
    steps = _steps(t, _params_file(t, base_dir))
    model = KioskModel(
        steps=steps,
        purposes=_purposes(t),
        vneid_share=t.number("vneid_share", 0.2, hi=1),
        pages=t.distribution("pages", required=False) or Triangular(1, 2, 5),
        fee_share=t.number("fee_share", 0.4, hi=1),
        rating_share=t.number("rating_share", 0.5, hi=1),
        help_minutes=t.distribution("help_minutes", required=False) or Lognormal(3.0, 2.0),
        help_patience_minutes=t.number("help_patience_minutes", 5.0),
        queue_patience_minutes=t.number("queue_patience_minutes", 10.0),
    )
    t.done()
    return model

"""Fit kiosk step durations, failure, abandonment and help rates from kiosk telemetry.

Durations: maximum likelihood for lognormal, gamma and exponential on the minutes of step visits
without help (help time is modelled separately), the lowest AIC wins; the Kolmogorov-Smirnov
distance is reported as goodness of fit, with a figure (empirical vs fitted CDF per step).
Rates: per step visit, ``fail`` = errors / visits, ``help`` = visits asking for help / visits,
``abandon`` = visits after which the citizen gave up / visits without an error. A session that
ended abandoned/timeout/card_removed gave up in its last step. The result is a TOML file with the
scenario's [kiosk.steps.*] tables, loaded through ``[kiosk] params_file``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import stats

from simulator.distributions import Distribution, Exponential, Gamma, Lognormal, to_spec
from simulator.errors import CalibrationError
from simulator.kiosk_config import STEP_NAMES
from simulator.telemetry_schema import ABANDONED, TelemetryEvent

__all__ = ["MIN_VISITS", "Calibration", "StepFit", "calibrate", "describe", "fit_duration", "params_toml"]

MIN_VISITS = 20  # fewer visits of a step than this: keep the scenario's default for it


@dataclass(frozen=True, slots=True)
class StepFit:
    step: str
    visits: int
    duration: Distribution
    ks: float  # Kolmogorov-Smirnov distance between the data and the chosen fit
    aic: Mapping[str, float]
    fail: float
    abandon: float
    help: float
    minutes: tuple[float, ...] = field(repr=False)


@dataclass(frozen=True, slots=True)
class Calibration:
    sessions: int
    steps: dict[str, StepFit]
    vneid_share: float
    skipped: dict[str, int]  # steps with too few visits, or screens the model does not time


def fit_duration(minutes: np.ndarray) -> tuple[Distribution, float, dict[str, float]]:
    x = minutes[minutes > 0]
    if len(x) < 2:
        raise CalibrationError(f"need at least 2 positive durations to fit, got {len(x)}")
    logx = np.log(x)
    mu, sigma = float(logx.mean()), float(logx.std())  # the MLE of a lognormal is closed-form
    sigma = max(sigma, 1e-6)
    mean_ln = math.exp(mu + sigma**2 / 2)
    shape, _, scale = stats.gamma.fit(x, floc=0)
    candidates: dict[str, tuple[Distribution, float]] = {
        "lognormal": (Lognormal(mean_ln, mean_ln * math.sqrt(math.expm1(sigma**2))), 2),
        "gamma": (Gamma(float(shape), float(scale)), 2),
        "exponential": (Exponential(float(x.mean())), 1),
    }
    loglik = {
        "lognormal": float(stats.lognorm.logpdf(x, sigma, scale=math.exp(mu)).sum()),
        "gamma": float(stats.gamma.logpdf(x, shape, scale=scale).sum()),
        "exponential": float(stats.expon.logpdf(x, scale=x.mean()).sum()),
    }
    aic = {name: 2 * k - 2 * loglik[name] for name, (_, k) in candidates.items()}
    best = min(aic, key=aic.__getitem__)
    cdf = {
        "lognormal": lambda v: stats.lognorm.cdf(v, sigma, scale=math.exp(mu)),
        "gamma": lambda v: stats.gamma.cdf(v, shape, scale=scale),
        "exponential": lambda v: stats.expon.cdf(v, scale=x.mean()),
    }[best]
    ks = float(stats.kstest(x, cdf).statistic)
    return candidates[best][0], ks, aic


@dataclass(slots=True)
class _Counts:
    visits: int = 0
    errors: int = 0
    helped: int = 0
    abandoned: int = 0
    minutes: list[float] = field(default_factory=list)


def _sessions(events: Iterable[TelemetryEvent]) -> dict[str, list[TelemetryEvent]]:
    by_session: dict[str, list[TelemetryEvent]] = defaultdict(list)
    for e in events:
        by_session[e.session].append(e)
    return by_session


def _count(session: list[TelemetryEvent], counts: dict[str, _Counts], skipped: dict[str, int]) -> bool:
    """Tally one session's step visits; returns whether it logged in with VNeID."""
    errored: set[str] = set()
    last: tuple[str, _Counts, bool] | None = None
    gave_up_marked = False
    for e in sorted(session, key=lambda e: e.ts):
        if e.type == "error" and e.step:
            errored.add(e.step)
        elif e.type == "step_leave" and e.step:
            if e.step not in STEP_NAMES:
                skipped[e.step] = skipped.get(e.step, 0) + 1
                continue
            c = counts[e.step]
            c.visits += 1
            error = e.step in errored or e.outcome == "error"
            errored.discard(e.step)
            c.errors += error
            c.helped += e.help_requested
            if e.outcome == "abandoned" and not error:
                c.abandoned += 1
                gave_up_marked = True
            if e.duration_s is not None and not e.help_requested:
                per = max(1, e.pages or 1) if e.step == "scan_page" else 1
                c.minutes.extend([e.duration_s / 60 / per] * per)
            last = (e.step, c, error)
        elif (
            e.type == "session_end" and e.outcome in ABANDONED and not gave_up_marked and last and not last[2]
        ):
            last[1].abandoned += 1
    return any(e.step == "login_vneid" for e in session)


def calibrate(events: Iterable[TelemetryEvent]) -> Calibration:
    by_session = _sessions(events)
    if not by_session:
        raise CalibrationError("the telemetry holds no sessions")
    counts: dict[str, _Counts] = defaultdict(_Counts)
    skipped: dict[str, int] = {}
    vneid = logins = 0
    for session in by_session.values():
        used_vneid = _count(session, counts, skipped)
        if any(e.step.startswith("login_") for e in session):
            logins += 1
            vneid += used_vneid
    fits: dict[str, StepFit] = {}
    for name, c in counts.items():
        if c.visits < MIN_VISITS or len(c.minutes) < MIN_VISITS:
            skipped[name] = c.visits
            continue
        dist, ks, aic = fit_duration(np.asarray(c.minutes))
        ok_visits = c.visits - c.errors
        fits[name] = StepFit(
            name, c.visits, dist, ks, aic,
            fail=c.errors / c.visits,
            abandon=c.abandoned / ok_visits if ok_visits else 0.0,
            help=c.helped / c.visits,
            minutes=tuple(c.minutes),
        )  # fmt: skip
    if not fits:
        raise CalibrationError(
            f"no kiosk step has {MIN_VISITS} or more timed visits ({len(by_session)} sessions)"
        )
    return Calibration(len(by_session), fits, vneid / logins if logins else 0.0, skipped)


def describe(dist: Distribution) -> str:
    """Short human form, e.g. ``lognormal mean 1.20 sd 0.82`` (the repr keeps full precision)."""
    spec = to_spec(dist)
    return " ".join(
        [str(spec.pop("dist")), *(f"{k} {v:.3g}" for k, v in spec.items() if isinstance(v, float))]
    )


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def params_toml(cal: Calibration, source: str) -> str:
    lines = [
        f"# Kiosk parameters fitted by `kiosk-sim calibrate` from {source} ({cal.sessions} sessions).",
        '# Load them from a scenario with:  [kiosk]  params_file = "<path to this file>"',
        "",
        "[kiosk]",
        f"vneid_share = {_toml_value(cal.vneid_share)}",
    ]
    for name, fit in sorted(cal.steps.items()):
        spec = ", ".join(f"{k} = {_toml_value(v)}" for k, v in to_spec(fit.duration).items())
        lines += [
            "",
            f"[kiosk.steps.{name}]   # {fit.visits} visits, KS distance {fit.ks:.3f}",
            f"duration = {{ {spec} }}",
            f"fail = {_toml_value(fit.fail)}",
            f"abandon = {_toml_value(fit.abandon)}",
            f"help = {_toml_value(fit.help)}",
        ]
    return "\n".join(lines) + "\n"


def gof_figure(cal: Calibration, path: Path) -> Path:
    """Empirical CDF against the fitted CDF, one panel per step."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = sorted(cal.steps)
    cols = min(4, len(names))
    rows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.4 * cols, 2.8 * rows), squeeze=False)
    rng = np.random.default_rng(0)
    for ax, name in zip(axes.flat, names, strict=False):
        fit = cal.steps[name]
        x = np.sort(np.asarray(fit.minutes))
        ax.step(x, np.arange(1, len(x) + 1) / len(x), where="post", label="telemetry")
        sim = np.sort(fit.duration.sample_n(rng, 4000))
        ax.plot(sim, np.arange(1, len(sim) + 1) / len(sim), label=f"fit: {describe(fit.duration)}")
        ax.set_title(f"{name} (n={fit.visits}, KS {fit.ks:.3f})", fontsize=9)
        ax.set_xlabel("minutes", fontsize=8)
        ax.legend(fontsize=7, loc="lower right")
    for ax in list(axes.flat)[len(names) :]:
        ax.axis("off")
    fig.suptitle("kiosk step durations: empirical vs fitted CDF")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path

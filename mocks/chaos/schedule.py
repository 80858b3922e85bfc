"""The seeded chaos schedule: which faults run when, and when processes are killed.

The run is cut into phases by progress (the share of submissions whose citizen has been told
something). Each phase installs one fault plan on ``POST /api/v1/dossiers`` at the run's rate:
5xx answers, lost answers after commit (empty 504 or a dropped connection), or both mixed.
Between phases sit timeout bursts (every dossier request hangs past the client's read timeout
for a moment), backend restarts (SIGKILL, then the same db and port), kiosk kills (SIGKILL of
one worker mid-submission, then a restart on its outbox), a kiosk power cut inside an outbox
write (the process dies in the middle of SQLite's write), a full disk on a kiosk (one submission
cannot be stored), a clock jump (the world and the kiosks' clocks leap 45 minutes: every token of
a queued item expires) and a drift of the kiosks' clocks.

``outage_minutes``: a backend outage (every dossier submission answered 503) from 35 % to 60 %
of the run, during which world time advances that many minutes in four steps: citizens keep
confirming, their dossiers queue, and their tokens expire before the outage ends.
``corrupt_items``: halfway through the outage, that many queued items are damaged on disk.

The schedule is a pure function of its arguments: the same seed gives the same events at the
same progress points, whatever the wall clock does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "DOSSIER_ROUTE",
    "OUTAGE",
    "ChaosEvent",
    "EventKind",
    "build_schedule",
    "fault_plan",
    "outage_plan",
]

DOSSIER_ROUTE = "POST /api/v1/dossiers"
_PHASE_KINDS = ("5xx", "lost_504", "lost_drop", "mixed")
OUTAGE = (0.35, 0.6)  # progress shares between which the backend refuses every submission
_OUTAGE_STEPS = 4
CLOCK_JUMP_MINUTES = 45.0  # longer than a citizen token (30 min)
# Inside the kiosk token verifier's leeway (30 s): a kiosk clock further behind cannot log anyone in.
CLOCK_DRIFT_MINUTES = -20 / 60


class EventKind(StrEnum):
    FAULTS = "faults"  # install the phase's fault plan
    TIMEOUT_BURST = "timeout_burst"  # every dossier request times out for a moment
    RESTART_BACKEND = "restart_backend"
    KILL_KIOSK = "kill_kiosk"
    POWER_LOSS = "power_loss"  # a kiosk dies inside an outbox write
    DISK_FULL = "disk_full"  # a kiosk's next outbox write fails: that citizen is told "not stored"
    CLOCK_JUMP = "clock_jump"  # the world and the kiosks leap forward ``minutes``
    CLOCK_DRIFT = "clock_drift"  # the kiosks' clocks alone move ``minutes``
    OUTAGE_START = "outage_start"
    OUTAGE_STEP = "outage_step"  # world time advances ``minutes`` during the outage
    OUTAGE_END = "outage_end"
    CORRUPT_ITEMS = "corrupt_items"  # ``count`` queued items damaged on disk


@dataclass(frozen=True, slots=True)
class ChaosEvent:
    at: float  # progress share in [0, 1) at which the event fires
    kind: EventKind
    phase: str = ""  # FAULTS: one of _PHASE_KINDS
    status: int = 503  # FAULTS: the injected 5xx status
    kiosk: int = 0  # KILL_KIOSK, POWER_LOSS, DISK_FULL: the worker's index
    minutes: float = 0.0  # CLOCK_JUMP, CLOCK_DRIFT, OUTAGE_STEP
    count: int = 0  # CORRUPT_ITEMS


def fault_plan(event: ChaosEvent, rate: float, seed: int) -> dict[str, Any]:
    """The ``PUT /control/faults`` body for a FAULTS or TIMEOUT_BURST event."""
    rule: dict[str, Any] = {"route": DOSSIER_ROUTE}
    if event.kind is EventKind.TIMEOUT_BURST:
        rule["timeout"] = True
    elif event.phase == "5xx":
        rule |= {"error_rate": rate, "status": event.status}
    elif event.phase in ("lost_504", "lost_drop"):
        mode = "empty_504" if event.phase == "lost_504" else "drop"
        rule |= {"lost_response_rate": rate, "lost_response_mode": mode}
    else:  # mixed: half the rate fails before the work, half loses the answer after it
        rule |= {"error_rate": rate / 2, "status": event.status, "lost_response_rate": rate / 2}
        rule["lost_response_mode"] = "drop"
    return {"seed": seed, "rules": [rule] if rate > 0 or event.kind is EventKind.TIMEOUT_BURST else []}


def outage_plan(seed: int) -> dict[str, Any]:
    """The ``PUT /control/faults`` body of a backend outage: every submission answered 503."""
    return {"seed": seed, "rules": [{"route": DOSSIER_ROUTE, "error_rate": 1.0, "status": 503}]}


def _outage(minutes: float, corrupt: int) -> list[ChaosEvent]:
    start, end = OUTAGE
    step = (end - start) / (_OUTAGE_STEPS + 1)
    events = [
        ChaosEvent(at=start, kind=EventKind.OUTAGE_START),
        ChaosEvent(at=end, kind=EventKind.OUTAGE_END),
    ]
    if minutes > 0:
        events += [
            ChaosEvent(
                at=round(start + step * (i + 1), 4),
                kind=EventKind.OUTAGE_STEP,
                minutes=minutes / _OUTAGE_STEPS,
            )
            for i in range(_OUTAGE_STEPS)
        ]
    if corrupt > 0:
        events.append(ChaosEvent(at=round((start + end) / 2, 4), kind=EventKind.CORRUPT_ITEMS, count=corrupt))
    return events


def build_schedule(
    seed: int,
    rate: float,
    kiosks: int,
    phases: int = 8,
    *,
    outage_minutes: float = 0.0,
    corrupt_items: int = 0,
) -> list[ChaosEvent]:
    """Fault phases at equal progress steps, plus disruptions between them, plus the outage.

    With ``rate == 0`` and no outage the schedule is empty (a clean run: the baseline). With a
    rate every kind of disruption happens at least once: two backend restarts, one kiosk kill,
    power cut and full disk per worker (at most 3), one clock jump and drift, and one timeout
    burst every other phase. ``corrupt_items`` brings an outage (of 0 minutes if none is asked
    for): items can only be damaged while they wait.
    """
    outage = _outage(outage_minutes, corrupt_items) if outage_minutes > 0 or corrupt_items > 0 else []
    if rate <= 0:
        return sorted(outage, key=lambda e: (e.at, e.kind.value))
    rng = random.Random(f"chaos-schedule:{seed}")
    kinds = list(_PHASE_KINDS) * -(-phases // len(_PHASE_KINDS))  # each kind at least once
    rng.shuffle(kinds)
    events = [
        ChaosEvent(at=i / phases, kind=EventKind.FAULTS, phase=kinds[i], status=rng.choice((500, 502, 503)))
        for i in range(phases)
    ]

    # Disruptions land inside phases (never on a boundary) and before 90 %: time to recover.
    def inside() -> float:
        return round(rng.uniform(0.05, 0.9), 4)

    events += [ChaosEvent(at=inside(), kind=EventKind.TIMEOUT_BURST) for _ in range(max(1, phases // 2))]
    events += [ChaosEvent(at=inside(), kind=EventKind.RESTART_BACKEND) for _ in range(2)]
    events += [ChaosEvent(at=inside(), kind=EventKind.KILL_KIOSK, kiosk=k) for k in range(min(kiosks, 3))]
    events += [ChaosEvent(at=inside(), kind=EventKind.POWER_LOSS, kiosk=k) for k in range(min(kiosks, 3))]
    events += [ChaosEvent(at=inside(), kind=EventKind.DISK_FULL, kiosk=k) for k in range(min(kiosks, 3))]
    events.append(ChaosEvent(at=inside(), kind=EventKind.CLOCK_JUMP, minutes=CLOCK_JUMP_MINUTES))
    events.append(ChaosEvent(at=inside(), kind=EventKind.CLOCK_DRIFT, minutes=CLOCK_DRIFT_MINUTES))
    return sorted(events + outage, key=lambda e: (e.at, e.kind.value))

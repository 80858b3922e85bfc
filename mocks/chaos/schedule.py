"""The seeded chaos schedule: which faults run when, and when processes are killed.

The run is cut into phases by progress (the share of submissions whose citizen has been told
something). Each phase installs one fault plan on ``POST /api/v1/dossiers`` at the run's rate:
5xx answers, lost answers after commit (empty 504 or a dropped connection), or both mixed.
Between phases sit timeout bursts (every dossier request hangs past the client's read timeout
for a moment), backend restarts (SIGKILL, then the same db and port) and kiosk kills (SIGKILL of
one worker mid-submission, then a restart on its outbox). The schedule is a pure function of
(seed, rate, kiosks): the same seed gives the same events at the same progress points, whatever
the wall clock does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["DOSSIER_ROUTE", "ChaosEvent", "EventKind", "build_schedule", "fault_plan"]

DOSSIER_ROUTE = "POST /api/v1/dossiers"
_PHASE_KINDS = ("5xx", "lost_504", "lost_drop", "mixed")


class EventKind(StrEnum):
    FAULTS = "faults"  # install the phase's fault plan
    TIMEOUT_BURST = "timeout_burst"  # every dossier request times out for a moment
    RESTART_BACKEND = "restart_backend"
    KILL_KIOSK = "kill_kiosk"


@dataclass(frozen=True, slots=True)
class ChaosEvent:
    at: float  # progress share in [0, 1) at which the event fires
    kind: EventKind
    phase: str = ""  # FAULTS: one of _PHASE_KINDS
    status: int = 503  # FAULTS: the injected 5xx status
    kiosk: int = 0  # KILL_KIOSK: the worker's index


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


def build_schedule(seed: int, rate: float, kiosks: int, phases: int = 8) -> list[ChaosEvent]:
    """Fault phases at equal progress steps, plus bursts, restarts and kills between them.

    With ``rate == 0`` the schedule is empty (a clean run: the baseline). Otherwise every kind
    of event happens at least once: two backend restarts, one kiosk kill per worker (at most 3),
    and one timeout burst every other phase.
    """
    if rate <= 0:
        return []
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
    return sorted(events, key=lambda e: (e.at, e.kind.value))

"""Reconciliation: what each citizen was told against the dossiers the backend holds.

Every submission belongs to its own citizen, so the backend's dossiers can be counted per
citizen. A citizen is told one of three things: a receipt code (acknowledged at once), "queued,
delivered later" (the confirmed dossier sits in the kiosk's outbox) or "refused" (a permanent
4xx). Then:

* lost: told a receipt or "queued" but the backend has no dossier (or not the receipt's code)
* duplicated: every dossier beyond the first for one citizen
* phantom: a dossier for a citizen who was refused or never told anything
* untold: a submission whose citizen never got an answer (a worker that never resumed)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

__all__ = ["FAILURES", "Reconciliation", "Told", "ToldKind", "reconcile"]

# The figures that fail a run (any of them non-zero); the report marks them red.
FAILURES = ("lost", "duplicated", "phantom", "untold", "refused")


class ToldKind(StrEnum):
    RECEIPT = "receipt"
    QUEUED = "queued"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Told:
    key: str  # the submission's idempotency key
    citizen: int  # index of the citizen (never personal data)
    kind: ToldKind
    code: str | None = None  # RECEIPT: the dossier code shown
    resumed: bool = False  # told after the kiosk process restarted on its outbox


@dataclass(frozen=True, slots=True)
class Reconciliation:
    attempted: int
    acknowledged: int
    delivered_later: int
    refused: int
    lost: int
    duplicated: int
    phantom: int
    untold: int
    resumed: int

    @property
    def ok(self) -> bool:
        return not any(getattr(self, name) for name in FAILURES)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}


def reconcile(attempted: int, told: Iterable[Told], dossiers: Mapping[int, Sequence[str]]) -> Reconciliation:
    """``dossiers`` maps each citizen index to the codes of the backend's dossiers for them."""
    by_citizen: dict[int, Told] = {}
    for record in told:
        by_citizen.setdefault(record.citizen, record)  # a repeated record changes nothing
    acknowledged = delivered_later = refused = lost = phantom = resumed = 0
    for citizen, record in by_citizen.items():
        codes = dossiers.get(citizen, ())
        resumed += record.resumed
        if record.kind is ToldKind.REFUSED:
            refused += 1
            phantom += bool(codes)
        elif not codes or (record.kind is ToldKind.RECEIPT and record.code not in codes):
            lost += 1
        elif record.kind is ToldKind.RECEIPT:
            acknowledged += 1
        else:
            delivered_later += 1
    phantom += sum(1 for citizen, codes in dossiers.items() if codes and citizen not in by_citizen)
    return Reconciliation(
        attempted=attempted,
        acknowledged=acknowledged,
        delivered_later=delivered_later,
        refused=refused,
        lost=lost,
        duplicated=sum(max(0, len(codes) - 1) for codes in dossiers.values()),
        phantom=phantom,
        untold=max(0, attempted - len(by_citizen)),
        resumed=resumed,
    )

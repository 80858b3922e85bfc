"""Reconciliation: what each citizen was told against the dossiers the backend holds.

Every submission belongs to its own citizen, so the backend's dossiers can be counted per
citizen. A citizen is told one of four things: a receipt code (acknowledged at once), "queued,
delivered later" (the confirmed dossier sits in the kiosk's outbox), "refused" (a permanent
4xx) or "not stored" (the kiosk could not write it, e.g. a full disk: see staff). Then:

* quarantined: told "queued", and the kiosk set the item aside as damaged (reported to staff)
* lost: told a receipt or "queued" but the backend has no dossier (or not the receipt's code),
  and the kiosk did not report the item as quarantined
* duplicated: every dossier beyond the first for one citizen
* phantom: a dossier for a citizen who was refused, not stored, or never told anything
* untold: a submission whose citizen never got an answer (a worker that never resumed)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
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
    NOT_STORED = "not_stored"


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
    not_stored: int
    quarantined: int
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


def reconcile(
    attempted: int,
    told: Iterable[Told],
    dossiers: Mapping[int, Sequence[str]],
    quarantined: Collection[str] = (),
) -> Reconciliation:
    """``dossiers`` maps each citizen index to the codes of the backend's dossiers for them;
    ``quarantined`` holds the keys of the items the kiosks set aside as damaged."""
    by_citizen: dict[int, Told] = {}
    for record in told:
        by_citizen.setdefault(record.citizen, record)  # a repeated record changes nothing
    seen: Counter[str] = Counter()
    for citizen, record in by_citizen.items():
        codes = dossiers.get(citizen, ())
        seen["resumed"] += record.resumed
        seen[_judge(record, codes, quarantined)] += 1
    phantom = seen["phantom"] + sum(1 for c, codes in dossiers.items() if codes and c not in by_citizen)
    return Reconciliation(
        attempted=attempted,
        acknowledged=seen["acknowledged"],
        delivered_later=seen["delivered_later"],
        refused=seen["refused"] + seen["refused_phantom"],
        not_stored=seen["not_stored"] + seen["not_stored_phantom"],
        quarantined=seen["quarantined"],
        lost=seen["lost"],
        duplicated=sum(max(0, len(codes) - 1) for codes in dossiers.values()),
        phantom=phantom + seen["refused_phantom"] + seen["not_stored_phantom"],
        untold=max(0, attempted - len(by_citizen)),
        resumed=seen["resumed"],
    )


def _judge(record: Told, codes: Sequence[str], quarantined: Collection[str]) -> str:
    if record.kind in (ToldKind.REFUSED, ToldKind.NOT_STORED):
        return f"{record.kind.value}_phantom" if codes else record.kind.value
    if record.kind is ToldKind.QUEUED and record.key in quarantined:
        return "quarantined"
    if not codes or (record.kind is ToldKind.RECEIPT and record.code not in codes):
        return "lost"
    return "acknowledged" if record.kind is ToldKind.RECEIPT else "delivered_later"

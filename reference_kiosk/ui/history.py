"""A dossier's status history in the citizen's language: the backend's action and actor codes as words.

The provincial system records each step with a short English code ("submitted", "payment
requested") and a role ("one_stop_desk"). Shown raw, a Vietnamese screen would read English; so
every code the simulated backend writes has a label in both catalogues, and a code the kiosk does
not know yet reads as a generic "dossier updated" (an unknown role is left out) rather than as
English. The free-text ``content`` is the backend's own note and is shown as it came.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from reference_kiosk.flow.views import TimelineEntry
from reference_kiosk.i18n import Translator

__all__ = ["ACTIONS", "ACTORS", "action_label", "actor_label", "timeline_rows"]

# Literal catalogue keys (the i18n test finds them); codes are matched without case or padding.
ACTIONS: Mapping[str, str] = MappingProxyType(
    {
        "submitted": "history.action.submitted",
        "accepted": "history.action.accepted",
        "rejected": "history.action.rejected",
        "processing": "history.action.processing",
        "payment requested": "history.action.payment_requested",
        "supplement requested": "history.action.supplement_requested",
        "processing resumed": "history.action.processing_resumed",
        "processed": "history.action.processed",
        "result returned": "history.action.result_returned",
        "status forced": "history.action.status_forced",
    }
)
OTHER_ACTION = "history.action.other"
ACTORS: Mapping[str, str] = MappingProxyType(
    {
        "kiosk": "history.actor.kiosk",
        "one_stop_desk": "history.actor.one_stop_desk",
        "official": "history.actor.official",
        "citizen": "history.actor.citizen",
        "control": "history.actor.system",
        "system": "history.actor.system",
    }
)


def _code(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).casefold()


def action_label(t: Translator, action: str) -> str:
    return t(ACTIONS.get(_code(action), OTHER_ACTION))


def actor_label(t: Translator, actor: str) -> str | None:
    key = ACTORS.get(_code(actor).replace(" ", "_"))
    return t(key) if key is not None else None


def timeline_rows(t: Translator, timeline: tuple[TimelineEntry, ...]) -> tuple[tuple[str, str, str], ...]:
    """(when, status, "who: what · note") per entry, for the ``Timeline`` widget."""
    rows = []
    for e in timeline:
        actor = actor_label(t, e.actor)
        what = action_label(t, e.action)
        detail = f"{actor}: {what}" if actor else what
        note = " · ".join(x for x in (detail, e.content) if x)
        rows.append((t.datetime(e.at), t(f"status.{int(e.status)}"), note))
    return tuple(rows)

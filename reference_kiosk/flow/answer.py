"""``Answer``: the base of every event the services post back for an effect.

An answer is not the citizen's doing, so ``KioskFlow`` never lets one reset the inactivity
timer or dismiss the inactivity warning (nor does ``Tick``). A new effect's result events
subclass ``Answer`` and get that for free: there is no list to keep in step.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Answer"]


@dataclass(frozen=True, slots=True)
class Answer:
    """Marker base: the outcome of an effect (a device's, the backend's), never citizen input."""

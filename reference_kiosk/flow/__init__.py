"""The citizen session as a pure state machine: events in, effects out, one view model per screen.

``KioskFlow`` (machine.py) is the entry point; ``events``, ``effects`` and ``views`` are the
vocabulary the UI and the services share with it.
"""

from __future__ import annotations

from reference_kiosk.flow.machine import KioskFlow
from reference_kiosk.flow.views import Screen

__all__ = ["KioskFlow", "Screen"]

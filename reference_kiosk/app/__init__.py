"""The kiosk's service layer: executes the flow's effects through the ports (see services.py)."""

from __future__ import annotations

from reference_kiosk.app.compose import build_services
from reference_kiosk.app.executor import EffectExecutor, SessionStore
from reference_kiosk.app.services import Services

__all__ = ["EffectExecutor", "Services", "SessionStore", "build_services"]

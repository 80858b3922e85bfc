"""The kiosk's service layer and its one composition root (``build_kiosk``, see compose.py)."""

from __future__ import annotations

from reference_kiosk.app.compose import ClientOptions, KioskAssembly, build_kiosk
from reference_kiosk.app.executor import EffectExecutor, SessionStore
from reference_kiosk.app.services import Services

__all__ = ["ClientOptions", "EffectExecutor", "KioskAssembly", "Services", "SessionStore", "build_kiosk"]

"""Errors of the chaos run (mocks side: they describe the test rig, never a citizen's situation).

ChaosError
├── ChaosSetupError      the backend did not start, or citizens could not be registered
└── ChaosWorkerError     a kiosk worker died without being killed on purpose, or never drained
"""

from __future__ import annotations

__all__ = ["ChaosError", "ChaosSetupError", "ChaosWorkerError"]


class ChaosError(Exception):
    """Root of the chaos rig's errors."""


class ChaosSetupError(ChaosError):
    """The world could not be set up (backend start, registration, login)."""


class ChaosWorkerError(ChaosError):
    """A kiosk worker process failed on its own or did not finish in time."""

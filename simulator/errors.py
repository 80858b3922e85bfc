"""Named errors of the capacity simulator (planner side, never shown to citizens).

    SimulatorError                  root; ``str(exc)`` is the planner-facing message
     +-- ScenarioError              a scenario file or override is invalid; ``key`` names the offending key
     +-- TelemetryError             a telemetry line does not follow simulator/telemetry_schema.py
     +-- CalibrationError           too little telemetry to fit a parameter
     +-- SweepError                 a grid or target expression cannot be understood
     |    +-- TargetError           a target names a site or metric the scenario does not have
     +-- ExecutorError              the executor cannot be started (Dask missing, scheduler unreachable)

The simulator is a planners' tool and may not import the kiosk's domain package, so these do not
derive from ``KioskError`` (which carries citizen-facing Vietnamese/English messages); each still
carries a ``remedy`` the command line prints.
"""

from __future__ import annotations

__all__ = [
    "CalibrationError",
    "ExecutorError",
    "ScenarioError",
    "SimulatorError",
    "SweepError",
    "TargetError",
    "TelemetryError",
]


class SimulatorError(Exception):
    remedy: str = "check the command's arguments"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ScenarioError(SimulatorError):
    """``key`` is a dotted path such as ``sites[0].demand[1].arrivals_per_hour``."""

    remedy = "fix the named key in the scenario file (see simulator/scenarios/mmc.toml for a minimal example)"

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


class TelemetryError(SimulatorError):
    remedy = "check that the file is JSON lines written by the kiosk's telemetry (docs/decisions/0008)"

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line


class CalibrationError(SimulatorError):
    remedy = "collect more kiosk sessions before calibrating"


class SweepError(SimulatorError):
    remedy = "write the grid as key=v1,v2 and the target as metric<value (for example kiosk_wait_p90_min<10)"


class TargetError(SweepError):
    remedy = "name a site of the scenario (or * or total) and one of the metrics listed above"


class ExecutorError(SimulatorError):
    remedy = (
        "use --executor local, or start a scheduler with `dask scheduler --host 127.0.0.1` and workers "
        "with `dask worker tcp://127.0.0.1:8786` (simulator/README.md, 'Running on a Dask cluster')"
    )

"""Flat per-citizen records (one tuple per citizen from the model) -> pandas."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["COLUMNS", "to_frame"]

COLUMNS = (
    "site",
    "demand",  # index of the [[sites.demand]] entry
    "purpose",
    "field",
    "arrival_min",  # minutes since the scenario's start_date 00:00
    "channel",  # where the citizen was served: counter / kiosk / none
    "outcome",  # served / reneged (left the counter queue) / gave_up (at the kiosk) / closed
    "counter_wait_min",
    "counter_service_min",
    "kiosk_wait_min",
    "kiosk_time_min",
    "kiosk_outcome",  # "" (no kiosk) / completed / abandoned / failed / no_help / kiosk_busy
    "kiosk_step",  # the step where a kiosk session ended early
    "help_min",
    "dossier",  # a dossier was received (at the counter or through the kiosk)
    "moved_to_counter",  # gave up at the kiosk and went to the counter
    "in_hours",  # arrived while the counters were open (not at lunch, night or weekend)
    "ticket_wait_min",  # queue at the ticket machine (NaN: no machine, or never went to the counter)
    "closed_wait_min",  # part of the counter wait spent while counters were closed (turned away: until
    # they next open); counter_wait_min - closed_wait_min is the wait caused by capacity
)


def _fast_frame(
    fast_log: Sequence[tuple[tuple[str, int], float, float, float]],
    demands: Mapping[tuple[str, int], tuple[str, str]],
) -> pd.DataFrame:
    """Counter-only visits logged compactly by the model's fast path, expanded to full records."""
    n = len(fast_log)
    keys = [row[0] for row in fast_log]
    values = np.asarray([row[1:] for row in fast_log], dtype=np.float64).reshape(n, 3)
    purpose = [demands[k][0] for k in keys]
    return pd.DataFrame(
        {
            "site": [k[0] for k in keys],
            "demand": [k[1] for k in keys],
            "purpose": purpose,
            "field": [demands[k][1] for k in keys],
            "arrival_min": values[:, 0],
            "channel": "counter",
            "outcome": "served",
            "counter_wait_min": values[:, 1],
            "counter_service_min": values[:, 2],
            "kiosk_wait_min": np.nan,
            "kiosk_time_min": np.nan,
            "kiosk_outcome": "",
            "kiosk_step": "",
            "help_min": 0.0,
            "dossier": np.asarray(purpose) == "submit",
            "moved_to_counter": False,
            "in_hours": True,
            "ticket_wait_min": np.nan,
            "closed_wait_min": 0.0,
        },
        columns=list(COLUMNS),
    )


def to_frame(
    log: Sequence[tuple[Any, ...]],
    replication: int,
    start: np.datetime64 | None = None,
    fast_log: Sequence[tuple[tuple[str, int], float, float, float]] = (),
    demands: Mapping[tuple[str, int], tuple[str, str]] | None = None,
) -> pd.DataFrame:
    df = pd.DataFrame.from_records(log, columns=list(COLUMNS))
    if fast_log:
        fast = _fast_frame(fast_log, demands or {})
        df = fast if df.empty else pd.concat([df, fast], ignore_index=True)
    df = df.sort_values("arrival_min", kind="stable", ignore_index=True)
    df["dossier"] = df["dossier"].astype(bool)
    df["moved_to_counter"] = df["moved_to_counter"].astype(bool)
    df["in_hours"] = df["in_hours"].astype(bool)
    for col in ("site", "purpose", "field", "channel", "outcome", "kiosk_outcome", "kiosk_step"):
        df[col] = df[col].astype("category")
    df.insert(0, "replication", np.int32(replication))
    minutes = df["arrival_min"].to_numpy(dtype=np.float64)
    df["day"] = (minutes // 1440).astype(np.int32)
    df["hour"] = ((minutes % 1440) // 60).astype(np.int8)
    df["week"] = (minutes // (7 * 1440)).astype(np.int32)
    if start is not None:
        df["date"] = start + df["day"].to_numpy().astype("timedelta64[D]")
    return df

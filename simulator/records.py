"""Flat per-citizen records (one tuple per citizen from the model) -> pandas."""

from __future__ import annotations

from collections.abc import Sequence
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
)


def to_frame(
    log: Sequence[tuple[Any, ...]], replication: int, start: np.datetime64 | None = None
) -> pd.DataFrame:
    df = pd.DataFrame.from_records(log, columns=list(COLUMNS))
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

"""CPU seconds a process has used, read from /proc (the benchmarks' server-side figure)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["process_cpu"]


def process_cpu(pid: int, *, children: bool = False) -> float:
    """User + system CPU seconds of ``pid`` (0 where /proc is missing); with ``children``, plus
    those of its live child processes (the backend's upload decoder worker), recursively."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    used = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    listed = Path(f"/proc/{pid}/task/{pid}/children")
    for child in listed.read_text().split() if children and listed.exists() else ():
        with contextlib.suppress(OSError):  # a worker replaced meanwhile
            used += process_cpu(int(child), children=True)
    return used

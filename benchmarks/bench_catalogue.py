"""Catalogue, search, calendar and VietQR speed on this machine (in process, no HTTP).

Run: .venv/bin/python benchmarks/bench_catalogue.py
Prints a rich table: catalogue load time, search latency (p50 / p99) and throughput over a
mixed query set (exact, unaccented, typos, no spaces, nonsense), working-day arithmetic and
VietQR build + parse. HTTP figures belong to the backend benchmark.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import statistics
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from mocks.backend.calendar import load_calendar
from mocks.backend.catalogue import load_catalogue
from mocks.backend.vietqr import build_dynamic, parse

QUERIES = [
    "dang ky thuong tru",
    "Đăng ký thường trú",
    "thuongtru",
    "thuomg tru",
    "tam tru",
    "nhap ho khau",
    "CT07",
    "khai sinh",
    "ket hon",
    "so do",
    "sao y ban chinh",
    "xyzzy quux",
    "ho",
    "",
]


def _timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def _row(table: Table, what: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    table.add_row(
        what,
        str(len(samples)),
        f"{statistics.median(ordered) * 1e3:.3f}",
        f"{p99 * 1e3:.3f}",
        f"{len(samples) / sum(samples):,.0f}",
    )


def main() -> None:
    table = Table(title="catalogue, search, calendar, VietQR (in process)")
    for column in ("operation", "runs", "p50 ms", "p99 ms", "per second"):
        table.add_column(column, justify="left" if column == "operation" else "right")

    # The index is built in a thread beside start-up (decision 0019): wait for it, so each load
    # is measured whole and the next one does not overlap it.
    _row(table, "load_catalogue (validate + index)", _timed(lambda: load_catalogue()._index, 5))
    catalogue = load_catalogue()
    rng = random.Random(2025)
    mixed = [rng.choice(QUERIES) for _ in range(2000)]
    samples = [s for q in mixed for s in _timed(functools.partial(catalogue.search, q), 1)]
    _row(table, f"search, {len(QUERIES)} mixed queries ({len(catalogue)} procedures)", samples)
    _row(table, "search 'thuomg tru' (typo)", _timed(lambda: catalogue.search("thuomg tru"), 500))

    calendar = load_calendar()
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    starts = [
        dt.datetime(2025, 1, 1, tzinfo=zone) + dt.timedelta(hours=rng.randrange(0, 24 * 600))
        for _ in range(2000)
    ]
    samples = [s for st in starts for s in _timed(functools.partial(calendar.add_working_days, st, 7), 1)]
    _row(table, "add_working_days(7)", samples)

    def qr_round_trip() -> None:
        parse(build_dynamic("970415", "113366668888", 20000, "000.31.36.H36-250415-0001"))

    _row(table, "VietQR build + parse", _timed(qr_round_trip, 5000))
    Console().print(table)


if __name__ == "__main__":
    main()

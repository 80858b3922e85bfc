"""Shared pieces of the kiosk-sim commands: error reporting, metric tables, progress bars."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

    from simulator.errors import SimulatorError

__all__ = [
    "MAX_REPLICATIONS",
    "add_executor",
    "add_replications",
    "add_set",
    "count",
    "default_out",
    "fail",
    "fmt",
    "metric_table",
    "parse_sets",
    "progress_bar",
]

# Each replication keeps its metrics (and maybe its records) in memory: a bound keeps a typo such as
# 1000000000 from ending in MemoryError after minutes of work.
MAX_REPLICATIONS = 10_000


def default_out(kind: str, name: str) -> Path:
    return Path("reports") / "out" / kind / name


def fail(exc: SimulatorError) -> int:
    print(f"error: {exc.message}", file=sys.stderr)
    print(f"  remedy: {exc.remedy}", file=sys.stderr)
    return 2


def fmt(mean: float | None, half_width: float | None, digits: int = 2) -> str:
    """``mean ± half_width``; None (JSON null) and NaN show as "-"."""
    if mean is None or math.isnan(mean):
        return "-"
    if abs(mean) >= 100:
        digits = 0
    elif abs(mean) >= 10:
        digits = 1
    text = f"{mean:.{digits}f}"
    return text if half_width is None or math.isnan(half_width) else f"{text} ± {half_width:.{digits}f}"


def metric_table(
    title: str, names: Sequence[str], columns: Mapping[str, Mapping[str, Mapping[str, float | None]]]
) -> Table:
    """Rows are metrics, columns are sites (and total); cells are mean ± 95% half-width."""
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    table.add_column("metric", style="bold", no_wrap=True)
    for col in columns:
        table.add_column(col, justify="right")
    for name in names:
        cells = []
        for block in columns.values():
            v = block.get(name)
            cells.append("-" if v is None else fmt(v["mean"], v["half_width"]))
        table.add_row(name, *cells)
    return table


def site_rows_table(
    title: str, names: Sequence[str], columns: Mapping[str, Mapping[str, Mapping[str, float | None]]]
) -> Table:
    """For many sites: one row per site, one column per metric (means; half-widths in the JSON)."""
    from rich.table import Table

    table = Table(title=title)
    table.add_column("site", style="bold", no_wrap=True)
    for name in names:
        table.add_column(name.replace("_", " "), justify="right")
    for site, block in columns.items():
        cells = []
        for name in names:
            v = block.get(name)
            cells.append("-" if v is None else fmt(v["mean"], None))
        table.add_row(site, *cells, style="bold" if site == "total" else None)
    return table


@contextmanager
def progress_bar(label: str, total: int, enabled: bool = True) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr (so ``--json`` output on stdout stays clean)."""
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("remaining"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


def count(lo: int, hi: int) -> Callable[[str], int]:
    """An argparse type: a whole number in [lo, hi], refused with a message otherwise."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"must be between {lo} and {hi:,}, got {value:,}")
        return value

    return parse


def add_replications(parser: argparse.ArgumentParser, what: str = "the scenario's replication count") -> None:
    parser.add_argument(
        "--replications",
        type=count(1, MAX_REPLICATIONS),
        help=f"override {what} (1 to {MAX_REPLICATIONS:,})",
    )


def add_set(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a scenario key before running, e.g. sites.commune-05.kiosks=2 or "
        "behaviour.steering=0.1 (VALUE is read as TOML; repeat for several)",
    )


def parse_sets(items: Sequence[str]) -> dict[str, object]:
    """``KEY=VALUE`` pairs; VALUE is a TOML value (``2``, ``0.5``, ``[["07:30", "11:30"]]``) or a word."""
    import tomllib

    from simulator.errors import ScenarioError

    out: dict[str, object] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip() or not text.strip():
            raise ScenarioError("--set", f"{item!r} is not KEY=VALUE (for example sites.prov.kiosks=2)")
        try:
            value: object = tomllib.loads(f"v = {text.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = text.strip()  # a bare word such as counter
        out[key.strip()] = value
    return out


def add_executor(parser: argparse.ArgumentParser, workers: int) -> None:
    parser.add_argument(
        "--executor",
        default="local",
        help="local (process pool) or the address of a Dask scheduler, dask://HOST:PORT or tcp://HOST:PORT "
        "(needs the optional 'distributed' package)",
    )
    parser.add_argument(
        "--workers",
        type=count(1, 256),
        default=workers,
        help=f"local worker processes (default {workers})",
    )

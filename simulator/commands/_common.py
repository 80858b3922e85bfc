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

__all__ = ["default_out", "fail", "fmt", "metric_table", "progress_bar"]


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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


def add_workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers", type=int, default=1, help="local worker processes for replications (default 1)"
    )

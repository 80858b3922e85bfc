"""The chaos run's report as a rich table (the figures) plus the events that were fired, and its
progress bar while it runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.table import Table

from mocks.chaos.reconcile import FAILURES
from mocks.chaos.run import ChaosResult, Progress

__all__ = ["progress_bar", "render"]


@contextmanager
def progress_bar(console: Console) -> Iterator[Progress]:
    """A ``Progress`` callback drawing one bar per phase (confirming, draining) on ``console``."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with RichProgress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, TaskID] = {}

        def report(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield report


_ROWS = (
    ("attempted", "submissions confirmed by citizens"),
    ("acknowledged", "told a receipt code at once"),
    ("delivered_later", "told 'queued', delivered from the outbox"),
    ("resumed", "confirmed when a kiosk was killed, resumed after restart"),
    ("refused", "told 'refused' (permanent 4xx)"),
    ("not_stored", "told 'not stored, see staff' (the kiosk's disk was full)"),
    ("quarantined", "told 'queued', item damaged on the kiosk's disk, set aside for staff"),
    ("lost", "told receipt/queued, no dossier at the backend"),
    ("duplicated", "extra dossiers for one submission"),
    ("phantom", "dossiers nobody was told about"),
    ("untold", "citizens never told anything"),
)


def render(result: ChaosResult, console: Console) -> None:
    cfg = result.config
    figures = result.reconciliation.as_dict()
    table = Table(
        title=f"Chaos run: N={cfg.submissions}, fault rate {cfg.fault_rate}, seed {cfg.seed}, "
        f"{cfg.kiosks} kiosks, outage {cfg.outage_minutes:g} min, {cfg.corrupt_items} damaged "
        f"({result.elapsed_s:.1f} s)"
    )
    table.add_column("figure")
    table.add_column("count", justify="right")
    table.add_column("meaning")
    for name, meaning in _ROWS:
        bad = name in FAILURES and figures[name]
        table.add_row(name, f"[red]{figures[name]}[/]" if bad else str(figures[name]), meaning)
    console.print(table)
    events = Table(title="Injected disruptions")
    events.add_column("event")
    events.add_column("count", justify="right")
    for kind, count in result.events.items():
        events.add_row(kind, str(count))
    console.print(events)
    console.print(
        f"queued items damaged on disk: {result.corrupted}; kiosks that died inside an outbox write: "
        f"{result.deaths_mid_write}"
    )
    seen = {k.removeprefix("error:"): v for k, v in sorted(result.outbox.items()) if k.startswith("error:")}
    if seen:
        console.print(
            "outbox items by their last failed attempt: " + ", ".join(f"{k} {v}" for k, v in seen.items())
        )
    attempts, http = result.outbox.get("attempts", 0), result.outbox.get("http_attempts", 0)
    console.print(f"delivery attempts by the outbox senders: {attempts}")
    console.print(
        f"HTTP requests by the kiosk clients (retries included; killed processes' not counted): {http}"
    )
    console.print(
        "outbox at the end: "
        + ", ".join(
            f"{k} {v}"
            for k, v in sorted(result.outbox.items())
            if k in ("delivered", "pending", "rejected", "quarantined")
        )
    )
    console.print(
        "[green]OK: nothing lost, nothing duplicated[/]" if result.reconciliation.ok else "[red]FAILED[/]"
    )

"""``kiosk-sim calibrate TELEMETRY.jsonl --out PARAMS.toml``: fit the kiosk steps to telemetry."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.commands._common import fail

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("telemetry", type=Path, help="JSON-lines kiosk telemetry (docs/decisions/0008)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the fitted PARAMS.toml")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from simulator.calibrate import calibrate, describe, gof_figure, params_toml
    from simulator.errors import SimulatorError
    from simulator.telemetry_schema import read_events

    try:
        cal = calibrate(read_events(args.telemetry))
    except OSError as exc:
        print(f"error: cannot read {args.telemetry}: {exc.strerror}")
        return 2
    except SimulatorError as exc:
        return fail(exc)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(params_toml(cal, args.telemetry.name), encoding="utf-8")
    figure = gof_figure(cal, args.out.with_suffix(".gof.png"))
    table = Table(
        title=f"kiosk steps fitted from {cal.sessions} sessions (VNeID share {cal.vneid_share:.2f})"
    )
    for col in ("step", "visits", "duration (minutes)", "KS", "fail", "abandon", "help"):
        table.add_column(col, justify="left" if col in ("step", "duration (minutes)") else "right")
    for name, f in sorted(cal.steps.items()):
        table.add_row(
            name,
            str(f.visits),
            describe(f.duration),
            f"{f.ks:.3f}",
            f"{f.fail:.3f}",
            f"{f.abandon:.3f}",
            f"{f.help:.3f}",
        )
    console = Console()
    console.print(table)
    if cal.skipped:
        console.print(
            "not fitted (too few visits, or not a modelled step): "
            + ", ".join(f"{k} ({v})" for k, v in sorted(cal.skipped.items()))
        )
    console.print(f"wrote {args.out} and {figure}")
    return 0

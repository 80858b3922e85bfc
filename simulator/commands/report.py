"""``kiosk-sim report DIR``: render the HTML report again from a results directory."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from simulator.commands._common import fail

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "results",
        type=Path,
        help="a directory written by `kiosk-sim run`, `sweep`, `size` or `fidelity`",
    )


def run(args: argparse.Namespace) -> int:
    from simulator.errors import SimulatorError
    from simulator.report import render_html, render_run
    from simulator.size_report import write_size
    from simulator.sweep_report import SWEEP_CSV, render_sweep

    out: Path = args.results
    try:
        if (out / SWEEP_CSV).exists():
            html = render_sweep(out)
        elif (out / "size.json").exists():
            html = write_size(out, _read(out / "size.json"))
        elif (out / "fidelity.json").exists():
            html = render_html("fidelity.html.j2", out / "fidelity.html", doc=_read(out / "fidelity.json"))
        else:
            html = render_run(out)
    except SimulatorError as exc:
        return fail(exc)
    print(f"wrote {html}")
    return 0


def _read(path: Path) -> dict[str, object]:
    from simulator.errors import SimulatorError

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SimulatorError(f"cannot read {path}: {exc}") from None
    if not isinstance(doc, dict):
        raise SimulatorError(f"{path} is not a results object")
    return doc

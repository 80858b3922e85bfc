"""``kiosk-twin chaos``: kiosk submissions under injected faults, reconciled with the backend.

Starts the backend under uvicorn on a free 127.0.0.1 port with a temporary database, drives
``--submissions`` dossiers through ``--kiosks`` kiosk processes (the real outbox, sender and HTTP
client, assembled by ``build_kiosk`` as ``kiosk run`` does) while 5xx answers, timeouts, lost
answers (504 and dropped connections), backend restarts, killed kiosk processes, power cuts inside
an outbox write, a full disk, clock jumps and, on request, a long backend outage and damaged
outbox items are injected from the seeded schedule; drains, then checks every citizen's answer
against the backend's dossiers. Progress goes to stderr. Exit status 1 when anything was lost,
duplicated, refused or left unanswered.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

__all__ = ["EXIT_CODES", "configure", "run"]

# Listed in --help (reference_kiosk.cli._dispatch).
EXIT_CODES = ((0, "every dossier reconciled"), (1, "a dossier lost or doubled"), (2, "bad options or run"))


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("the fault rate is a share between 0 and 1")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--submissions", type=int, default=100, help="dossiers to submit (default 100)")
    parser.add_argument("--fault-rate", type=_rate, default=0.3, help="share of faulted requests (0.3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the fault schedule and citizens")
    parser.add_argument("--kiosks", type=int, default=3, help="kiosk worker processes (default 3)")
    parser.add_argument(
        "--outage-minutes", type=float, default=0.0, metavar="M",
        help="a backend outage of M world minutes mid-run (tokens of queued dossiers expire past 30)",
    )  # fmt: skip
    parser.add_argument(
        "--corrupt-items", type=int, default=0, metavar="K",
        help="damage K queued outbox items on disk during the outage; they must come out quarantined",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--workdir", type=Path, help="keep databases and logs here (an empty directory)")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from mocks.chaos.errors import ChaosError
    from mocks.chaos.render import progress_bar, render
    from mocks.chaos.run import ChaosConfig, run_chaos

    if args.submissions < 1 or args.kiosks < 1 or args.outage_minutes < 0 or args.corrupt_items < 0:
        print(
            "error: --submissions and --kiosks must be at least 1; "
            "--outage-minutes and --corrupt-items cannot be negative"
        )
        return 2
    config = ChaosConfig(
        args.submissions, args.fault_rate, args.seed, kiosks=args.kiosks,
        outage_minutes=args.outage_minutes, corrupt_items=args.corrupt_items,
    )  # fmt: skip
    try:
        with progress_bar(Console(stderr=True)) as progress:
            result = run_chaos(config, args.workdir, progress)
    except ChaosError as exc:
        print(f"error: {exc}")
        return 2
    if args.json:
        print(json.dumps(result.as_dict(), sort_keys=True))
    else:
        render(result, Console())
    return 0 if result.reconciliation.ok else 1

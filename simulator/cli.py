"""``kiosk-sim``: the planners' capacity simulator.

Its own argparse dispatch (the simulator may read only the kiosk's telemetry schema, DESIGN.md):
each subcommand module has ``configure(parser)`` and ``run(args) -> int`` and imports its heavy
dependencies inside ``run`` so that ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["EXIT_CODES", "main"]

COMMANDS = (
    ("run", "run one scenario's replications"),
    ("sweep", "sweep a grid of scenario variants"),
    ("size", "cheapest kiosks, helpers and counters per site meeting targets"),
    ("fidelity", "which pilot figures are tuned inputs; sensitivity and a prediction band"),
    ("calibrate", "fit the model to kiosk telemetry"),
    ("validate", "check the model against queueing theory"),
    ("report", "HTML report with plots from results"),
)

EXIT_CODES = (
    (0, "done (for validate: every check inside its interval)"),
    (1, "validate: a check fell outside its interval"),
    (2, "bad input: scenario, override, target, option or file (the message names it)"),
    (130, "interrupted (Ctrl-C)"),
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kiosk-twin")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    epilog = "exit codes:\n" + "\n".join(f"  {code:<4} {text}" for code, text in EXIT_CODES)
    parser = argparse.ArgumentParser(
        prog="kiosk-sim",
        description="Capacity simulator for one-stop departments.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, text in COMMANDS:
        module = importlib.import_module(f"simulator.commands.{name}")
        p = sub.add_parser(
            name,
            help=text,
            description=text,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.configure(p)
        p.set_defaults(func=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors: return argparse's code
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as exc:  # a base install without the [sim] extra: one line, no traceback
        missing = (exc.name or "").split(".")[0]
        if missing in {"simulator", "reference_kiosk", "mocks"}:
            raise
        print(
            f"error: kiosk-sim {args.command} needs the [sim] extra (missing package {missing!r}): "
            "pip install 'kiosk-twin[sim]'",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

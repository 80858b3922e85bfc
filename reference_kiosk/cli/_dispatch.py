"""A small argparse dispatcher shared by the three console scripts.

Each subcommand lives in its own module exposing ``configure(parser)`` and ``run(args) -> int``;
modules import their heavy dependencies inside ``run`` so ``--help`` stays fast. A subcommand
whose module does not exist yet answers with a clear "not yet available" error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Subcommand", "dispatch"]


@dataclass(frozen=True, slots=True)
class Subcommand:
    name: str
    module: str  # dotted path of the module implementing it
    help: str


def _not_available(name: str) -> int:
    print(f"error: '{name}' is not yet available in this version", file=sys.stderr)
    return 2


def dispatch(
    prog: str,
    description: str,
    commands: Sequence[Subcommand],
    argv: Sequence[str] | None = None,
    default: str | None = None,
) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    runners: dict[str, Callable[[argparse.Namespace], int] | None] = {}
    for cmd in commands:
        try:
            mod = importlib.import_module(cmd.module)
        except ModuleNotFoundError as exc:
            if exc.name != cmd.module:
                raise
            sub.add_parser(cmd.name, help=f"{cmd.help} (not yet available)")
            runners[cmd.name] = None
            continue
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        mod.configure(p)
        runners[cmd.name] = mod.run
    args_list = list(sys.argv[1:] if argv is None else argv)
    if (
        default is not None
        and (not args_list or args_list[0].startswith("-"))
        and not ({"-h", "--help"} & set(args_list))
    ):
        args_list.insert(0, default)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return 0
    run = runners[args.command]
    if run is None:
        return _not_available(args.command)
    try:
        return int(run(args))
    except KeyboardInterrupt:
        return 130

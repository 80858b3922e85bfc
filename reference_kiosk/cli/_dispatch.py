"""A small argparse dispatcher shared by ``kiosk`` and ``kiosk-twin``.

Each subcommand lives in its own module exposing ``configure(parser)`` and ``run(args) -> int``;
modules import their heavy dependencies inside ``run`` so ``--help`` stays fast. A module may
also declare ``EXIT_CODES``, ``((code, meaning), ...)``, listed in its ``--help``.

The base install is what a kiosk needs; the simulated world and the device bindings are extras.
A command that reaches for a package of a missing extra ends with one line naming the extra to
install (exit 2), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

__all__ = [
    "EXIT_MISSING_EXTRA",
    "EXTRA_OF_MODULE",
    "Subcommand",
    "dispatch",
    "exit_codes_epilog",
    "missing_extra_message",
]

EXIT_MISSING_EXTRA = 2

# Top-level import name -> the extra (pyproject.toml) that installs it. A test checks each entry
# against pyproject.toml, so the two cannot drift apart.
EXTRA_OF_MODULE: dict[str, str] = {
    "smartcard": "devices",
    "sane": "devices",
    "_sane": "devices",
    "fastapi": "twin",
    "starlette": "twin",
    "uvicorn": "twin",
    "faker": "twin",
    "pypdf": "twin",
    "rapidfuzz": "twin",
    "simpy": "sim",
    "scipy": "sim",
    "pandas": "sim",
    "pyarrow": "sim",
    "matplotlib": "sim",
    "jinja2": "sim",
    "dask": "dask",
    "distributed": "dask",
}

# Codes every command shares (argparse itself exits 2 on bad usage).
COMMON_EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "done"),
    (
        EXIT_MISSING_EXTRA,
        "bad usage, or a package this command needs is not installed (the message names it)",
    ),
    (130, "interrupted (Ctrl-C)"),
)


@dataclass(frozen=True, slots=True)
class Subcommand:
    name: str
    module: str  # dotted path of the module implementing it
    help: str


def _version(prog: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{prog} {version('kiosk-twin')}"
    except PackageNotFoundError:  # a source tree that was never installed
        return f"{prog} (version unknown: kiosk-twin is not installed)"


def exit_codes_epilog(codes: Sequence[tuple[int, str]]) -> str:
    merged = dict(COMMON_EXIT_CODES)
    merged.update(codes)
    return "exit codes:\n" + "\n".join(f"  {code:<4} {text}" for code, text in sorted(merged.items()))


def missing_extra_message(prog: str, exc: ModuleNotFoundError, extra: str | None) -> str:
    """One line telling the operator which extra brings the missing module."""
    top = (exc.name or "").split(".")[0]
    wanted = EXTRA_OF_MODULE.get(top, extra)
    if wanted is None:
        return f"error: {prog}: the Python package {top!r} is missing; reinstall kiosk-twin"
    return (
        f"error: {prog} needs the [{wanted}] extra (missing package {top!r}): "
        f"pip install 'kiosk-twin[{wanted}]'"
    )


def _add(sub: Any, cmd: Subcommand) -> Callable[[argparse.Namespace], int]:
    mod: ModuleType = importlib.import_module(cmd.module)
    codes: Sequence[tuple[int, str]] = getattr(mod, "EXIT_CODES", ())
    p = sub.add_parser(
        cmd.name,
        help=cmd.help,
        description=cmd.help,
        epilog=exit_codes_epilog(codes),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mod.configure(p)
    run: Callable[[argparse.Namespace], int] = mod.run
    return run


def _with_default(args: list[str], default: str | None) -> list[str]:
    """``kiosk --lang en`` means ``kiosk run --lang en``; the top-level options stay top-level."""
    top_level = {"-h", "--help", "--version"}
    if default is not None and (not args or args[0].startswith("-")) and not (top_level & set(args)):
        return [default, *args]
    return args


def dispatch(
    prog: str,
    description: str,
    commands: Sequence[Subcommand],
    argv: Sequence[str] | None = None,
    default: str | None = None,
    extra: str | None = None,
) -> int:
    """Parse ``argv`` and run the chosen command; ``extra`` is the one this script needs."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=description,
        epilog=exit_codes_epilog(()) + "\n\nEach command lists its own exit codes: COMMAND --help.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=_version(prog))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    runners = {cmd.name: _add(sub, cmd) for cmd in commands}
    args = parser.parse_args(_with_default(list(sys.argv[1:] if argv is None else argv), default))
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(runners[args.command](args))
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] in {"reference_kiosk", "mocks", "simulator"}:
            raise  # our own code is broken: that is a bug to see in full, not an extra to install
        print(missing_extra_message(f"{prog} {args.command}", exc, extra), file=sys.stderr)
        return EXIT_MISSING_EXTRA

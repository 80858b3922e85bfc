"""``kiosk-twin backend``: serve the simulated provincial backend under uvicorn."""

from __future__ import annotations

import argparse
import gc
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mocks.backend.catalogue import Catalogue

__all__ = ["EXIT_CODES", "KEEP_ALIVE_SECONDS", "configure", "run", "settle_heap"]

# Listed in --help (reference_kiosk.cli._dispatch).
EXIT_CODES = ((0, "stopped"), (2, "bad settings (e.g. /control on a non-loopback address) or usage"))

KEEP_ALIVE_SECONDS = 65


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default 8000, the kiosk's default)")
    parser.add_argument("--db", type=Path, default=Path("var/backend.sqlite"), help="SQLite database file")
    parser.add_argument(
        "--kiosk-key", action="append", default=[], metavar="KEY",
        help="an accepted kiosk key, KEY or KIOSK_ID=KEY (repeatable)",
    )  # fmt: skip
    parser.add_argument(
        "--staff-key", action="append", default=[], metavar="KEY",
        help="a staff console key (/staff: help calls, kiosk health); repeatable, added to the config's",
    )  # fmt: skip
    parser.add_argument("--control", action="store_true", help="enable the /control API (tests, demos)")
    parser.add_argument("--config", type=Path, default=None, help="TOML or JSON settings file")
    parser.add_argument("--population-seed", type=int, default=1, help="first persona seed")
    parser.add_argument("--population", type=int, default=0, help="personas to register as citizens")
    parser.add_argument("--log-level", default="warning", help="uvicorn log level (default warning)")


def settle_heap(catalogue: Catalogue) -> None:
    """Once the catalogue's index is built, move what start-up made out of the collector's sight.

    The province catalogue and its index are ~200,000 objects that live as long as the process;
    each full collection walked them all (~150 ms of CPU, every other request waiting on the
    GIL meanwhile). ``gc.freeze`` keeps them out of every later collection; garbage made by
    requests is still collected as before.
    """
    catalogue.wait_built()
    gc.collect()
    gc.freeze()


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from mocks.backend.app import create_app
    from mocks.backend.citizens_registry import register_population
    from mocks.backend.errors import BackendConfigError
    from mocks.backend.settings import load_settings

    overrides: dict[str, Any] = {"kiosk_keys": tuple(args.kiosk_key), "host": args.host}
    if args.control:
        overrides["control"] = True
    try:  # before any file is made: e.g. /control on a public address
        settings = load_settings(args.db, args.config, **overrides)
        settings = replace(settings, staff_keys=settings.staff_keys + tuple(args.staff_key))
    except BackendConfigError as exc:
        print(f"kiosk-twin backend: {exc}", file=sys.stderr)
        return 2
    if args.db.parent != Path():
        args.db.parent.mkdir(parents=True, exist_ok=True)
    app = create_app(settings, decode_worker=True)
    registered = register_population(app.state.backend, args.population_seed, args.population)
    threading.Thread(
        target=settle_heap, args=(app.state.backend.catalogue,), name="settle-heap", daemon=True
    ).start()
    if not settings.kiosk_keys:
        print("warning: no --kiosk-key given; every /api/v1 call will be refused (401)", flush=True)
    if not settings.staff_keys:
        print("note: no --staff-key given; the staff console at /staff cannot be used", flush=True)
    control = "on" if settings.control else "off"
    people = f", {registered} citizens registered" if args.population else ""
    print(
        f"kiosk-twin backend listening on http://{args.host}:{args.port} "
        f"(db {args.db}, control API {control}{people}; staff console /staff)",
        flush=True,
    )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        # No access log: look-up URLs carry ID numbers in their query; personal data never reaches logs.
        access_log=False,
        # Kiosks keep connections open between polls; uvicorn's 5 s default races with their reuse.
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    return 0

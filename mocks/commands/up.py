"""``kiosk-twin up``: the demo. The backend, the card and scanner emulators and the real kiosk.

    world     ``mocks.world.start_world("uvicorn")``: ``kiosk-twin backend`` as its own process on
              a free 127.0.0.1 port with a database in the work directory, exactly as a tester
              would start it; the emulated card reader (the persona's card) and scanner (the
              persona's papers); the mock CSCA exported as the kiosk's trust store, so the kiosk
              runs passive authentication itself and refuses a forged card locally
    kiosk     ``reference_kiosk.app.build_kiosk`` with those devices, a slip spool folder and
              espeak-ng, on a clock the scripted citizen may push forward

With a display the kiosk window opens for a person (F2/F3 put the card on / take it off the
reader); without one (or ``--headless``) a scripted citizen uses it
(:mod:`mocks.commands.twin_journey`) and every screen is saved as a PNG.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import threading
import time
from pathlib import Path

__all__ = ["EXIT_CODES", "ShiftedClock", "configure", "run"]

EXIT_CODES = ((0, "the demo completed"), (1, "the backend did not start or the journey stopped"))  # in --help


class ShiftedClock:
    """The wall clock plus an offset the demo can push forward (``KioskDriver.advance``).

    The kiosk's timeouts and polls run on it, so a scripted journey skips waiting without
    sleeping; the backend keeps its own wall clock.
    """

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self._offset)

    def monotonic(self) -> float:
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += seconds


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=7, help="which fake citizen (mocks.citizens persona)")
    parser.add_argument("--port", type=int, default=0, help="backend port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="the citizen's language")
    parser.add_argument(
        "--headless",
        action="store_true",
        help="no window: run the scripted citizen (default without a display)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("reports/out/demo"),
        help="where the headless run saves its screenshots",
    )
    parser.add_argument(
        "--workdir", type=Path, default=None, help="keep the backend database, outbox and telemetry here"
    )


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    headless = args.headless or not _has_display()
    if headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import tempfile

    from rich.console import Console

    from mocks.commands.twin_journey import JourneyFailedError
    from mocks.control import TwinControlError
    from mocks.launcher import BackendProcessError

    console = Console()
    ok = False
    with tempfile.TemporaryDirectory(prefix="kiosk-twin-up-") as tmp:
        workdir = args.workdir or Path(tmp)
        console.rule("[bold]kiosk-twin up[/bold]: backend + card and scanner emulators + the kiosk")
        try:
            _demo(args, workdir, headless, console)
            ok = True
        except BackendProcessError as exc:
            console.print(f"[red]could not start the backend:[/red] {exc}")
        except (JourneyFailedError, TwinControlError, LookupError) as exc:  # LookupError: a missing button
            console.print(f"[red]the journey stopped:[/red] {exc}")
    console.print("everything stopped." if ok else "[red]everything stopped; the demo did not complete[/red]")
    return 0 if ok else 1


def _demo(args: argparse.Namespace, workdir: Path, headless: bool, console: object) -> None:
    from rich.console import Console

    from mocks.card import MockPki
    from mocks.citizens import persona
    from mocks.commands.twin_journey import run_twin_journey
    from mocks.world import WorldOptions, start_world
    from reference_kiosk.app import build_kiosk
    from reference_kiosk.config import KioskConfig
    from reference_kiosk.devices.printer import SpoolFolderPrinter
    from reference_kiosk.devices.speaker import EspeakSpeaker
    from reference_kiosk.domain.privacy import mask_id_number
    from reference_kiosk.ports import Devices

    assert isinstance(console, Console)
    citizen = persona(args.seed)
    # The MockPki is the one the backend process trusts too (the default PKI cache).
    options = WorldOptions(port=args.port)
    with start_world("uvicorn", workdir, pki=MockPki(), citizen=citizen, options=options) as world:
        assert world.backend is not None
        console.print(f"backend listening on [bold cyan]{world.url}[/] (pid {world.backend.pid})")
        # A throw-away key of this demo's world: staff see its help calls and health there.
        console.print(f"staff console: [bold cyan]{world.url}/staff[/] (staff key {world.staff_key})")
        world.twin.backend.register(citizen)  # the population registry knows the citizen
        if not headless:  # a person at the window "places" it with F2
            world.twin.insert_card(citizen)
            assert world.devices.card_reader is not None
            world.devices.card_reader.poll_events()
        reader = world.devices.card_reader
        name = reader.name if reader is not None else "-"
        console.print(f"card emulator: {name}, card of ID {mask_id_number(citizen.id_number)}")
        console.print("scanner emulator: flatbed with the citizen's papers")
        console.print(f"kiosk trust store (mock CSCA): {world.trust_store}")
        config = KioskConfig(
            kiosk_id=world.kiosk_id,
            kiosk_key=world.kiosk_key,
            backend_url=world.url,
            lang="en" if args.lang == "en" else "vi",
            outbox_path=workdir / "kiosk" / "outbox.sqlite3",
            telemetry_path=workdir / "kiosk" / "telemetry.jsonl",
            trust_store=world.trust_store,
        )
        printer = SpoolFolderPrinter(workdir / "slips")
        devices = Devices(reader, world.devices.scanner, printer, EspeakSpeaker())
        clock = ShiftedClock()
        kiosk = build_kiosk(config, devices, clock=clock, transport=world.transport)
        if kiosk.signing_public_key is not None:  # the province enrols the kiosk's signing key once
            world.twin.backend.enrol_signing_key(kiosk.signing_public_key)
        try:
            kiosk.start()
            if headless:
                shots = run_twin_journey(world, kiosk, clock, citizen, args.out, console, args.lang)
                console.print(f"[green]✓[/green] {len(shots)} screenshots in {args.out}")
            else:
                console.print("kiosk window open: F2 places the card on the reader, F3 takes it off")
                try:
                    kiosk.app.run()
                except KeyboardInterrupt:  # Ctrl+C in the terminal: stop everything cleanly
                    console.print("interrupted")
        finally:
            kiosk.close()

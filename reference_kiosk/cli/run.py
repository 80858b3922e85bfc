"""``kiosk run``: the kiosk itself (the composition root of the UI).

    kiosk [run] --devices emulated|real --backend URL --lang vi|en [--headless]
                [--kiosk-key KEY] [--config kiosk.toml] [--trust-store CSCA.pem|DIR]
                [--screenshots DIR] [--seconds N] [--fullscreen|--windowed] [--rotate 0|90|180|270]

The kiosk is assembled by ``reference_kiosk.app.build_kiosk``; this command only chooses the
devices. Emulated devices are found through one entry point (``kiosk_twin.devices`` ``emulated``:
a ``Devices`` factory in ``mocks.world``), so the kiosk never imports ``mocks``. ``--headless``
runs on SDL's dummy video driver; with ``--screenshots`` every new screen is saved as a PNG.
With emulated devices a persona's card (``--persona SEED``) lies on the reader: F2 tells the
kiosk it was placed (the login then really reads it), F3 that it was taken off.

On a kiosk PC (``deploy/``, docs/decisions/0025) it runs ``--fullscreen`` with ``lockdown``:
Ctrl+C is ignored, SIGTERM (``systemctl stop``) stops it cleanly, and staff leave with the PIN
(exit status 4, which systemd does not restart).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reference_kiosk.logsetup import LEVELS, setup_logging

if TYPE_CHECKING:
    from reference_kiosk.ports import Devices

__all__ = ["EXIT_CODES", "configure", "run"]

EXIT_STATE_DIR = 3
EXIT_STAFF = 4  # the same as reference_kiosk.ui.app.EXIT_STAFF (not imported: --help stays light)
EXIT_CODES = (
    (0, "stopped normally (--seconds elapsed, SIGTERM, or the window was closed)"),
    (2, "bad usage or configuration (the message names the setting), devices that cannot be opened"),
    (EXIT_STATE_DIR, "the state directory cannot be created or written (state_dir, --state-dir)"),
    (EXIT_STAFF, "staff left the locked kiosk with the PIN (systemd: RestartPreventExitStatus=4)"),
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--devices", choices=("emulated", "real", "none"), default="emulated")
    parser.add_argument("--backend", default=None, help="URL of the provincial system (default from config)")
    parser.add_argument("--lang", choices=("vi", "en"), default=None)
    parser.add_argument("--kiosk-key", default=None, help="this kiosk's API key (or KIOSK_KEY)")
    parser.add_argument("--config", type=Path, default=None, help="kiosk.toml with a [kiosk] table")
    parser.add_argument(
        "--trust-store",
        type=Path,
        default=None,
        help="CSCA certificates (PEM/DER file or directory) the kiosk checks chip cards against "
        "(or KIOSK_TRUST_STORE); without one the backend alone judges the card's signer",
    )
    parser.add_argument("--headless", action="store_true", help="no window (SDL dummy video driver)")
    parser.add_argument("--screenshots", type=Path, default=None, help="save a PNG of every new screen here")
    parser.add_argument(
        "--seconds", type=float, default=None, help="stop after this long (default: headless 5 s)"
    )
    parser.add_argument("--fps", type=int, default=30)
    screen = parser.add_mutually_exclusive_group()
    screen.add_argument(
        "--fullscreen", dest="fullscreen", action="store_const", const=True, default=None,
        help="the whole display, the picture scaled to fit (or KIOSK_FULLSCREEN)",
    )  # fmt: skip
    screen.add_argument(
        "--windowed", dest="fullscreen", action="store_const", const=False, help="a window (development)"
    )
    parser.add_argument(
        "--rotate", type=int, choices=(0, 90, 180, 270), default=None,
        help="turn the picture clockwise for a panel mounted sideways (or KIOSK_ROTATION)",
    )  # fmt: skip
    parser.add_argument(
        "--persona", type=int, default=None, help="--devices emulated: whose card lies on the reader (a seed)"
    )
    parser.add_argument("--slips", type=Path, default=None, help="printed slips (default: state dir/slips)")
    parser.add_argument("--state-dir", type=Path, default=None, help="the kiosk's files (or KIOSK_STATE_DIR)")
    parser.add_argument("--log-level", choices=LEVELS, default="warning", help="stderr logging (warning)")


def _plugin(group: str, name: str) -> Any:
    found = [ep for ep in entry_points(group=group) if ep.name == name]
    if not found:
        raise LookupError(
            f"no '{name}' plugin in entry-point group {group}: is kiosk-twin installed with its mocks?"
        )
    return found[0].load()


def _devices(kind: str, persona: int | None, slips: Path) -> Devices:
    from reference_kiosk.devices.printer import SpoolFolderPrinter
    from reference_kiosk.devices.speaker import EspeakSpeaker
    from reference_kiosk.ports import Devices

    # The kiosk has no printer driver yet: a slip is a PDF in a print queue's spool folder.
    printer, speaker = SpoolFolderPrinter(slips), EspeakSpeaker()
    if kind == "none":
        return Devices(printer=printer, speaker=speaker)
    if kind == "emulated":
        # The emulated reader holds persona ``persona``'s card (the plugin's default when None).
        try:
            emulated: Devices = _plugin("kiosk_twin.devices", "emulated")(persona)
        except ImportError as exc:  # the emulators live in mocks, which needs the [twin] extra
            missing = (exc.name or "?").split(".")[0]
            raise LookupError(
                f"--devices emulated needs the [twin] extra (missing {missing!r}): "
                "pip install 'kiosk-twin[twin]'"
            ) from exc
        return Devices(emulated.card_reader, emulated.scanner, printer, speaker)
    from reference_kiosk.devices.pcsc import PcscCardReader
    from reference_kiosk.devices.sane import SaneScanner

    return Devices(PcscCardReader(), SaneScanner.open(), printer, speaker)


def run(args: argparse.Namespace) -> int:
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from reference_kiosk.app import build_kiosk
    from reference_kiosk.config import StateDirError, default_env, load_config, prepare_state_dir
    from reference_kiosk.domain.errors import KioskError
    from reference_kiosk.ports import SystemClock

    overrides = {
        "backend_url": args.backend,
        "lang": args.lang,
        "kiosk_key": args.kiosk_key,
        "trust_store": args.trust_store,
        "state_dir": args.state_dir,
        "slips_path": args.slips,
        "fullscreen": args.fullscreen,
        "rotation": args.rotate,
    }
    setup_logging(args.log_level)
    clock = SystemClock()
    try:
        config = load_config(args.config, default_env(), overrides)
        prepare_state_dir(config)
        log = logging.getLogger(__name__)
        log.info("kiosk %s: backend %s, state in %s", config.kiosk_id, config.backend_url, config.state_dir)
        kiosk = build_kiosk(config, _devices(args.devices, args.persona, config.slips_path), clock=clock)
    except StateDirError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_STATE_DIR
    except (KioskError, LookupError, OSError, ImportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    seconds = args.seconds if args.seconds is not None else (5.0 if args.headless else None)
    try:
        kiosk.start()
        _signals(kiosk.app, locked=config.lockdown)
        _loop(kiosk.app, clock, seconds, args.fps, args.screenshots)
    finally:
        kiosk.close()
    return int(kiosk.app.exit_code)


def _signals(app: Any, locked: bool) -> None:
    """SIGTERM (``systemctl stop``) ends the loop cleanly, so the outbox and telemetry close; a
    locked kiosk ignores Ctrl+C (SIGINT), a keyboard left on the kiosk must not end it."""
    log = logging.getLogger(__name__)

    def stop(signum: int, _frame: object) -> None:
        log.warning("stopping on %s", signal.Signals(signum).name)
        app.running = False

    def ignore(signum: int, _frame: object) -> None:
        log.warning("%s ignored: the kiosk is locked (staff leave with the PIN)", signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, ignore if locked else stop)


def _loop(app: Any, clock: Any, seconds: float | None, fps: int, shots: Path | None) -> None:
    import pygame

    from reference_kiosk.ui.screenshot import save_screenshot

    app.start()
    ticker = pygame.time.Clock()
    end = None if seconds is None else clock.monotonic() + seconds
    last: object = None
    count = 0
    while app.running and (end is None or clock.monotonic() < end):
        app.step(ticker.tick(fps) / 1000.0)
        top = app.stack.top
        key = None if top is None else (top.screen, getattr(top.view, "phase", None))
        if shots is not None and top is not None and key != last:  # a new screen or phase, not a tick
            last = key
            count += 1
            save_screenshot(app, shots / f"{count:03d}_{top.screen.value}.png")  # personal values masked

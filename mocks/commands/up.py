"""``kiosk-twin up``: the demo. The backend, the card and scanner emulators and the real kiosk.

The backend runs as its own process (``kiosk-twin backend``) on a free 127.0.0.1 port with a
database in a temporary directory, exactly as a tester would start it; the kiosk and the
emulators run in this process (:mod:`mocks.commands.twin`). With a display the kiosk window opens
for a person (F2/F3 put the card on / take it off the reader); without one (or ``--headless``) a
scripted citizen uses it (:mod:`mocks.commands.twin_journey`) and every screen is saved as a PNG.
``--client-only`` runs the older journey through the kiosk's backend client, no UI
(:mod:`mocks.commands.demo_journey`).
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BackendProcess", "configure", "run", "serve_backend"]

DEMO_KIOSK_ID = "KIOSK-VTR-01"  # the Vinh Trai ward kiosk of the pilot (mocks/backend/data/sites.json)


@dataclass(frozen=True, slots=True)
class BackendProcess:
    url: str
    kiosk_id: str
    kiosk_key: str
    db: Path
    log: Path
    pid: int


class BackendStartError(RuntimeError):
    """The backend process exited or did not answer in time (mocks side, not a citizen error)."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise BackendStartError(f"the backend exited with status {process.returncode}:\n{tail}")
        try:
            if httpx.get(f"{url}/.well-known/jwks.json", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling a child process on the real clock; not a test
    raise BackendStartError(f"the backend did not answer on {url} within {timeout:.0f} s (log: {log})")


@contextmanager
def serve_backend(
    workdir: Path,
    *,
    port: int = 0,
    control: bool = True,
    extra_args: Sequence[str] = (),
    timeout: float = 60.0,
) -> Iterator[BackendProcess]:
    """Run ``kiosk-twin backend`` on 127.0.0.1 with a fresh database in ``workdir``; stop it after."""
    port = port or _free_port()
    key = secrets.token_urlsafe(16)  # a throw-away kiosk key for this run only
    db = workdir / "backend.db"
    log = workdir / "backend.log"
    cmd = [sys.executable, "-m", "mocks.cli", "backend", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--db", str(db), "--kiosk-key", f"{DEMO_KIOSK_ID}={key}", *(["--control"] if control else [])]
    cmd += list(extra_args)
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(url, process, log, timeout)
        yield BackendProcess(url, DEMO_KIOSK_ID, key, db, log, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


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
    parser.add_argument(
        "--client-only",
        action="store_true",
        help="no kiosk UI: the scripted journey through the kiosk's backend client only",
    )
    parser.add_argument(
        "--query", default="dang ky thuong tru", help="--client-only: what the citizen searches"
    )


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if args.client_only:
        return _run_client_only(args)
    headless = args.headless or not _has_display()
    if headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import tempfile

    from rich.console import Console

    from mocks.commands.demo_journey import mask_id
    from mocks.commands.twin import start_twin
    from mocks.commands.twin_journey import JourneyFailedError, run_twin_journey

    console = Console()
    ok = False
    with tempfile.TemporaryDirectory(prefix="kiosk-twin-up-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        console.rule("[bold]kiosk-twin up[/bold]: backend + card and scanner emulators + the kiosk")
        try:
            with start_twin(
                workdir, seed=args.seed, lang=args.lang, port=args.port, card_on_reader=not headless
            ) as twin:
                console.print(
                    f"backend listening on [bold cyan]{twin.backend.url}[/] (pid {twin.backend.pid})"
                )
                console.print(
                    f"card emulator: {twin.reader.name}, card of ID {mask_id(twin.citizen.id_number)}"
                )
                console.print("scanner emulator: flatbed with the citizen's papers")
                console.print(f"kiosk trust store (mock CSCA): {twin.trust_store}")
                if headless:
                    shots = run_twin_journey(twin, args.out, console, args.lang)
                    console.print(f"[green]✓[/green] {len(shots)} screenshots in {args.out}")
                else:
                    console.print("kiosk window open: F2 places the card on the reader, F3 takes it off")
                    try:
                        twin.app.run()
                    except KeyboardInterrupt:  # Ctrl+C in the terminal: stop everything cleanly
                        console.print("interrupted")
                ok = True
        except BackendStartError as exc:
            console.print(f"[red]could not start the backend:[/red] {exc}")
        except (JourneyFailedError, LookupError) as exc:  # LookupError: a button the script expected
            console.print(f"[red]the journey stopped:[/red] {exc}")
    console.print("everything stopped." if ok else "[red]everything stopped; the demo did not complete[/red]")
    return 0 if ok else 1


def _run_client_only(args: argparse.Namespace) -> int:
    import asyncio
    import tempfile

    from rich.console import Console

    from mocks.commands.demo_journey import DemoOptions, run_journey

    console = Console()
    with tempfile.TemporaryDirectory(prefix="kiosk-twin-up-") as tmp:
        console.rule(
            "[bold]kiosk-twin up --client-only[/bold]: simulated provincial backend + scripted client"
        )
        try:
            with serve_backend(Path(tmp), port=args.port) as backend:
                console.print(f"backend listening on [bold cyan]{backend.url}[/] (pid {backend.pid})")
                console.print(f"  API docs: {backend.url}/docs   database: {backend.db}")
                options = DemoOptions(
                    url=backend.url,
                    kiosk_key=backend.kiosk_key,
                    seed=args.seed,
                    query=args.query,
                    lang=args.lang,
                )
                ok = asyncio.run(run_journey(options, console))
        except BackendStartError as exc:
            console.print(f"[red]could not start the backend:[/red] {exc}")
            return 1
        console.print(
            "backend stopped." if ok else "[red]backend stopped; the journey did not complete[/red]"
        )
    return 0 if ok else 1

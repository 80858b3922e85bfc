"""``kiosk-twin up``: the demo. For now: the backend under uvicorn plus a scripted citizen journey.

The backend runs as its own process (``kiosk-twin backend``) on a free 127.0.0.1 port with a
database in a temporary directory, exactly as a tester would start it; the journey then talks to
it through the kiosk's real client (see :mod:`mocks.commands.demo_journey`). When the kiosk UI
lands, this command starts the kiosk instead of the script.
"""

from __future__ import annotations

import argparse
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
    parser.add_argument("--query", default="dang ky thuong tru", help="what the citizen types to search")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of error messages")


def run(args: argparse.Namespace) -> int:
    import asyncio
    import tempfile

    from rich.console import Console

    from mocks.commands.demo_journey import DemoOptions, run_journey

    console = Console()
    with tempfile.TemporaryDirectory(prefix="kiosk-twin-up-") as tmp:
        console.rule("[bold]kiosk-twin up[/bold]: simulated provincial backend + scripted citizen")
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

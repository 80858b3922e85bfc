"""Benchmark: the backend's catalogue search against its framework's floor, and search growth.

Four parts, all measured in this run on this machine (issue 16, point 4):

  start    loading the reference data (agencies, sites, the province catalogue, its index) in a
           fresh process, against the 28 hand-written procedures alone
  growth   in-process cost of one search at 28, 300, 1,500 and 6,000 procedures
           (``load_catalogue(size=N)``): the index as the backend runs it (cold: its word cache
           cleared before each query), and scoring every entry as the search did before the index
  chip     the backend's verification of a card's chip data per login, in process
  wrk      ``wrk -t1 -c50`` against ``kiosk-twin backend`` (uvicorn, 1 worker, 127.0.0.1) and
           against a minimal FastAPI app serving the very same response bytes under the same
           uvicorn settings, in turns; prints requests/s, p99 and the ratio backend / floor, and
           each server's CPU µs per request with their ratio (floor / backend: steady on a busy
           machine, where requests/s are not)

The load average is printed with the figures: the machine may be shared. Wall-clock figures
are printed, never asserted. wrk is the Debian package ``wrk``; without it that part is skipped.

``--baseline DIR`` (another checkout, e.g. ``git worktree`` or ``git archive`` of the commit
before a change) adds that tree's figures for the chip and wrk parts, measured in the same run.

    .venv/bin/python benchmarks/bench_backend_speed.py [--seconds 10] [--rounds 2] [--only wrk]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import functools
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import httpx
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from benchmarks.proc_cpu import process_cpu  # noqa: E402
from mocks.backend import cccd_verify  # noqa: E402
from mocks.backend.catalogue import load_catalogue  # noqa: E402
from mocks.backend.search import MIN_SCORE, Query, SearchIndex, fold, score_entry  # noqa: E402
from mocks.card.control import make_card  # noqa: E402
from mocks.card.pki import MockPki  # noqa: E402
from mocks.commands.backend import KEEP_ALIVE_SECONDS  # noqa: E402
from mocks.launcher import BackendProcess, free_port  # noqa: E402

KEY = "speed-kiosk-key"
SIZES = (28, 300, 1500, 6000)
QUERIES = (
    "thuong tru", "dang ky thuong tru", "khai sinh", "ket hon", "chung thuc ban sao", "giay phep xay dung",
    "ho kinh doanh", "ly lich tu phap", "thuomg tru", "lylichtuphap", "cap giay phep", "dang ky", "so do",
    "toi muon lam ho chieu", "xyzzy quux",
)  # fmt: skip
WRK_QUERIES = ("thuong tru", "dang ky")
FLOOR_APP = textwrap.dedent(
    """
    import sys
    import uvicorn
    from fastapi import FastAPI, Response

    BODY = open(sys.argv[1], "rb").read()
    app = FastAPI()

    @app.get("/api/v1/procedures")
    async def procedures() -> Response:
        return Response(BODY, media_type="application/json")

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False,
                timeout_keep_alive=float(sys.argv[3]))
    """
)


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3f}"


# ---------------------------------------------------------------------------- start


def start_times(console: Console) -> None:
    script = "; ".join(
        (
            "import time",
            "t = time.perf_counter()",
            "from mocks.backend.catalogue import load_catalogue",
            "from mocks.backend.sites import load_agencies, load_sites",
            "from mocks.backend.routing import build_router",
            "i = time.perf_counter()",
            "a = load_agencies(); s = load_sites(); build_router(a, s)",
            "c = load_catalogue(agencies=a, size={size})",
            "r = time.perf_counter()",
            "c.search('thuong tru')",
            "print(i - t, r - i, time.perf_counter() - r, len(c))",
        )
    )
    table = Table(title=f"reference data at backend start, fresh process ({load()})")
    for column in ("catalogue", "procedures", "imports s", "load s", "first search s"):
        table.add_column(column, justify="right")
    for label, size in (("hand-written only", "28"), ("province", "None")):
        runs = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", script.replace("{size}", size)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            runs.append([float(x) for x in out.stdout.split()])
        imports, loading, first, count = (statistics.median(r[i] for r in runs) for i in range(4))
        table.add_row(label, f"{count:.0f}", f"{imports:.2f}", f"{loading:.2f}", f"{first:.2f}")
    console.print(table)


# ---------------------------------------------------------------------------- growth


def _timed(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def growth(console: Console, repeat: int) -> None:
    table = Table(title=f"one search, in process: median over {len(QUERIES)} queries ({load()})")
    for column in ("procedures", "index ms", "x 28", "score-all ms", "x 28", "index / score-all"):
        table.add_column(column, justify="right")
    base: tuple[float, float] | None = None
    for size in SIZES:
        catalogue = load_catalogue(size=size)
        index = catalogue._index

        def cold(q: str, index: SearchIndex = index) -> object:
            index._match.cache_clear()  # the word cache warms with use; measure without it
            return index.search(q)

        def score_all(q: str, index: SearchIndex = index) -> object:
            prepared = Query.prepare(fold(q), index._vocabulary)
            hits = [(s, e.key) for e in index._entries if (s := score_entry(prepared, e)) >= MIN_SCORE]
            return sorted(hits, reverse=True)

        indexed = statistics.median(_timed(functools.partial(cold, q), repeat) for q in QUERIES)
        everything = statistics.median(
            _timed(functools.partial(score_all, q), max(1, repeat // 4)) for q in QUERIES
        )
        base = base or (indexed, everything)
        grew = f"{indexed / base[0]:.1f}", f"{everything / base[1]:.1f}"
        table.add_row(
            f"{size:,}", ms(indexed), grew[0], ms(everything), grew[1], f"{indexed / everything:.2f}"
        )
    console.print(table)


# ---------------------------------------------------------------------------- chip, token


def _module(tree: Path, name: str) -> ModuleType:
    """``mocks/backend/<name>.py`` of another checkout, loaded beside this tree's."""
    spec = importlib.util.spec_from_file_location(
        f"baseline_{name}", tree / "mocks" / "backend" / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def credentials(console: Console, baseline: Path | None) -> None:
    """Per chip login: the backend's verification of the chip data (10 cards of one batch)."""
    pki = MockPki(Path(tempfile.mkdtemp(prefix="kiosk-speed-pki-")))
    cards = []
    for seed in range(3, 13):
        build = make_card(seed, pki, None)[1]
        raw = (build.image.files[0x011D], build.data_groups[1], build.data_groups[13])
        cards.append(tuple(base64.b64encode(b).decode() for b in raw))
    now = dt.datetime(2025, 3, 17, 9, tzinfo=dt.UTC)

    def chip(module: ModuleType) -> float:
        trust = module.TrustStore((pki.csca_cert,))
        return statistics.median(
            _timed(functools.partial(module.verify_chip_data, *card, trust, now), 30) for card in cards
        )

    table = Table(title=f"credential checks, in process, median ({load()})")
    for column in ("check", "this tree ms", "baseline ms", "this / baseline"):
        table.add_column(column, justify="right")
    ours = chip(cccd_verify)
    theirs = chip(_module(baseline, "cccd_verify")) if baseline else None
    versus = (ms(theirs), f"{ours / theirs:.2f}") if theirs else ("-", "-")
    table.add_row("chip data (EF.SOD, DG1, DG13)", ms(ours), *versus)
    console.print(table)


# ---------------------------------------------------------------------------- wrk


# Every request a different query string (an extra parameter both apps ignore), so the backend's
# answer cache never hits: the row that shows what a search the cache has not seen costs.
MISS_SCRIPT = """
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, wrk.path .. "&miss=" .. n)
end
"""


def wrk(
    url: str, seconds: float, connections: int, pid: int | None = None, script: Path | None = None
) -> tuple[float, float, float]:
    """requests/s, p99 (ms) and, given the server's pid, its CPU µs per request, of one wrk run.

    CPU per request does not depend on what else the machine runs (requests/s does)."""
    before = process_cpu(pid) if pid is not None else 0.0
    extra = ["-s", str(script)] if script is not None else []
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "-H", f"X-Kiosk-Key: {KEY}",
         *extra, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    count = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    cpu = (process_cpu(pid) - before) / count * 1e6 if pid is not None and count else float("nan")
    return rate, p99, cpu


def ratios(console: Console, seconds: float, rounds: int, connections: int, tree: Path | None = None) -> None:
    """``tree``: another checkout (say, before a change) whose backend is measured instead."""
    if shutil.which("wrk") is None:
        console.print("[yellow]wrk is not installed (Debian package wrk): the ratio part is skipped[/]")
        return
    with tempfile.TemporaryDirectory(prefix="kiosk-speed-") as tmp:
        backend = BackendProcess(Path(tmp) / "backend.sqlite", kiosk_keys=[f"KIOSK-SPEED-01={KEY}"])
        here = Path.cwd()
        os.chdir(tree or ROOT)  # python -m mocks.cli imports from the working directory first
        try:
            backend.start()
        finally:
            os.chdir(here)
        if tree is not None:
            console.print(f"backend from {tree}")
        try:
            table = Table(
                title=f"GET /api/v1/procedures, wrk -t1 -c{connections} -d{seconds:g}s, {rounds} turn(s)"
            )
            for column in (
                "q",
                "bytes",
                "backend req/s",
                "p99 ms",
                "floor req/s",
                "p99 ms",
                "ratio",
                "CPU µs/req",
                "floor µs/req",
                "CPU ratio",
                "load avg",
            ):
                table.add_column(column, justify="right")
            miss_script = Path(tmp) / "miss.lua"
            miss_script.write_text(MISS_SCRIPT, encoding="utf-8")
            # The first query again with every request a cache miss (see MISS_SCRIPT).
            for q, script in [*((q, None) for q in WRK_QUERIES), (WRK_QUERIES[0], miss_script)]:
                path = f"/api/v1/procedures?q={q.replace(' ', '%20')}"
                body = httpx.get(backend.url + path, headers={"X-Kiosk-Key": KEY}).raise_for_status().content
                body_file, app_file = Path(tmp) / "body.json", Path(tmp) / "floor.py"
                body_file.write_bytes(body)
                app_file.write_text(FLOOR_APP, encoding="utf-8")
                port = free_port()
                floor = subprocess.Popen(
                    [sys.executable, str(app_file), str(body_file), str(port), str(KEEP_ALIVE_SECONDS)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                try:
                    floor_url = f"http://127.0.0.1:{port}"
                    _wait(floor_url + path)
                    assert httpx.get(floor_url + path).content == body  # the very same bytes
                    ours, theirs = [], []
                    for _ in range(rounds):  # in turns, so a burst of load elsewhere hits both
                        wrk(backend.url + path, 2, connections, script=script)  # warm-up
                        ours.append(wrk(backend.url + path, seconds, connections, backend.pid, script))
                        wrk(floor_url + path, 2, connections, script=script)
                        theirs.append(wrk(floor_url + path, seconds, connections, floor.pid, script))
                finally:
                    floor.terminate()
                    floor.wait()
                rate, p99, cpu = (statistics.median(run[i] for run in ours) for i in range(3))
                floor_rate, floor_p99, floor_cpu = (
                    statistics.median(run[i] for run in theirs) for i in range(3)
                )
                figures = (f"{rate:,.0f}", f"{p99:.1f}", f"{floor_rate:,.0f}", f"{floor_p99:.1f}")
                table.add_row(
                    q if script is None else f"{q} (cache miss)", f"{len(body):,}", *figures,
                    f"{rate / floor_rate:.2f}",
                    f"{cpu:.0f}", f"{floor_cpu:.0f}", f"{floor_cpu / cpu:.2f}", f"{os.getloadavg()[0]:.1f}",
                )  # fmt: skip
            console.print(table)
        finally:
            backend.stop()


def _wait(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling a child process on the real clock; not a test
    raise RuntimeError(f"the floor app did not answer on {url}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description="catalogue search: growth and ratio to the framework's floor"
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=20, help="in-process repetitions per query")
    parser.add_argument("--only", choices=("start", "growth", "chip", "wrk"))
    parser.add_argument("--baseline", type=Path, help="also measure this checkout's backend (chip, wrk)")
    args = parser.parse_args()
    console = Console(width=max(Console().width, 140))  # the tables are wide; logs are not terminals
    console.print(f"{os.cpu_count()} cpus, {load()}")
    if args.only in (None, "start"):
        start_times(console)
    if args.only in (None, "growth"):
        growth(console, args.repeat)
    if args.only in (None, "chip"):
        credentials(console, args.baseline.resolve() if args.baseline else None)
    if args.only in (None, "wrk"):
        ratios(console, args.seconds, args.rounds, args.connections)
        if args.baseline is not None:
            ratios(console, args.seconds, args.rounds, args.connections, args.baseline.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

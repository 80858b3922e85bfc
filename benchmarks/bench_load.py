"""Benchmark: 50 concurrent simulated kiosks for 60 s of mixed traffic (issue 8, "Load").

Starts ``kiosk-twin backend`` under uvicorn with SQLite (a fresh temp database), registers one
citizen per kiosk, then each kiosk (an asyncio task with its own ``HttpProvincialBackend``, no
retries so every failure counts) repeats a citizen's visit until the time is up:

  search     catalogue search with an on-screen-keyboard query
  detail     the procedure's detail (form, papers, fees)
  vneid      VNeID login: start a session, the phone approves (control API), poll the token
  chip       chip login: the card's EF.SOD, DG1 and DG13 as the kiosk read them, which the backend
             verifies (passive authentication against its CSCA) before it issues a token; the
             cards are the citizens' Faker personas signed by a mock PKI made for the run
  submit     a dossier with two PDF attachments (~200 KB scan), fresh Idempotency-Key
  lookup     anonymous look-up of that dossier by code + ID number
  pay        payment request, the bank confirms (control API), the kiosk reads the receipt

Prints a rich table (requests, errors, p50/p99 ms and rate per operation, plus totals) and exits
1 when any error happened. Wall-clock figures are printed, never asserted. The 50 kiosks' client
runs in this process, on the same cores as the backend: its CPU is printed beside the backend's.

``--baseline DIR`` (another checkout, e.g. ``git worktree add /tmp/wt-f03a41c f03a41c``) runs that
tree's backend too, in turns with this one (``--rounds`` each, the same client, cards and load),
and prints both p50s per operation and their ratio. Where the old tree answers a search in
another shape (whole procedures, before issue 16's summaries), its search is fetched as bytes.

``--client-processes N`` plays the kiosks from N client processes started together (decision
0019: one process's event loop otherwise adds the same wait to every request of both trees).

    .venv/bin/python benchmarks/bench_load.py [--kiosks 50] [--seconds 60] [--baseline DIR --rounds 2]
        [--client-processes 2]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import concurrent.futures as cf
import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from benchmarks.proc_cpu import process_cpu  # noqa: E402
from mocks.backend.routes.cccd import TRUST_ENV  # noqa: E402
from mocks.card.control import make_card  # noqa: E402
from mocks.card.pki import MockPki  # noqa: E402
from mocks.chaos.world import PROCEDURE, Citizen, dossier_body, register_citizens  # noqa: E402
from mocks.citizens import persona  # noqa: E402
from mocks.launcher import BackendProcess  # noqa: E402
from reference_kiosk import api  # noqa: E402
from reference_kiosk.backend.http import HttpProvincialBackend  # noqa: E402
from reference_kiosk.backend.transport import RetryPolicy, Timeouts  # noqa: E402
from tests.support.uploads import noise_scan_pdf  # noqa: E402

KEY = "load-kiosk-key"
QUERIES = ("dang ky thuong tru", "thuong tru", "tam tru", "khai sinh", "ket hon", "chung thuc", "tach ho")
OPS = ("search", "detail", "vneid", "chip", "submit", "lookup", "pay")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Visitor:
    """One kiosk's citizen: the persona, the dossier it files and its card's chip data."""

    citizen: Citizen
    dossier: api.DossierCreate
    chip: api.CccdLoginRequest


class Stats:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, Counter[str]] = defaultdict(Counter)
        self.http = 0  # HTTP requests made, kiosk client and control API (phone, bank) together

    async def time(self, op: str, call: Callable[[], Awaitable[T]]) -> T:
        started = time.perf_counter()
        try:
            result = await call()
        except Exception as exc:
            self.errors[op][type(exc).__name__] += 1
            raise
        self.latencies[op].append(time.perf_counter() - started)
        return result

    def p50(self, op: str) -> float | None:
        times = self.latencies.get(op, [])
        return statistics.median(times) if times else None


def with_scan(citizen: Citizen, scan: bytes) -> api.DossierCreate:
    body = dossier_body(persona(citizen.persona))  # the citizen keeps only the persona's seed
    first = dict(body["attachments"][0])
    first |= {"content_base64": base64.b64encode(scan).decode(), "sha256": hashlib.sha256(scan).hexdigest()}
    body["attachments"] = [first, body["attachments"][1]]
    return api.DossierCreate.model_validate(body)


def chip_data(citizen: Citizen, pki: MockPki) -> api.CccdLoginRequest:
    """What the kiosk sends after reading the citizen's card (reference_kiosk/backend/http.py)."""
    build = make_card(citizen.persona, pki)[1]
    raw = (build.image.files[0x011D], build.data_groups[1], build.data_groups[13])  # EF.SOD, DG1, DG13
    sod, dg1, dg13 = (base64.b64encode(b).decode() for b in raw)
    return api.CccdLoginRequest(sod=sod, dg1=dg1, dg13=dg13)


async def visit(
    kiosk: HttpProvincialBackend, control: httpx.AsyncClient, stats: Stats, who: Visitor,
    rng: random.Random, raw_search: bool,
) -> None:  # fmt: skip
    id_number = who.citizen.id_number
    query = rng.choice(QUERIES)
    if raw_search:  # an older tree's search shape: the bytes, not the kiosk's model
        await stats.time("search", lambda: _raw_search(control, query))
    else:
        await stats.time("search", lambda: kiosk.search_procedures(query))
    await stats.time("detail", lambda: kiosk.get_procedure(PROCEDURE))

    async def vneid() -> str:
        session = await kiosk.start_vneid_login()
        stats.http += 1
        approved = await control.post(f"/control/vneid/{session.id}/approve", json={"id_number": id_number})
        approved.raise_for_status()
        token = (await kiosk.poll_vneid_login(session.id)).token
        assert token is not None, "an approved VNeID session gives a token"
        return token

    await stats.time("vneid", vneid)
    token = (await stats.time("chip", lambda: kiosk.login_with_cccd(who.chip))).token
    made = await stats.time("submit", lambda: kiosk.submit_dossier(token, who.dossier, str(uuid.uuid4())))
    await stats.time("lookup", lambda: kiosk.lookup_dossier(made.code, id_number))

    async def pay() -> api.Payment:
        payment = await kiosk.request_payment(token, made.code)
        stats.http += 1
        (await control.post(f"/control/payments/{payment.id}/confirm")).raise_for_status()
        return await kiosk.get_payment(token, payment.id)

    await stats.time("pay", pay)


async def _raw_search(control: httpx.AsyncClient, query: str) -> bytes:
    answer = await control.get("/api/v1/procedures", params={"q": query}, headers={"X-Kiosk-Key": KEY})
    return answer.raise_for_status().content


async def one_kiosk(
    kiosk: HttpProvincialBackend, control: httpx.AsyncClient, who: Visitor, stats: Stats, deadline: float,
    raw_search: bool,
) -> None:  # fmt: skip
    rng = random.Random(who.citizen.index)
    while time.monotonic() < deadline:
        try:
            await visit(kiosk, control, stats, who, rng, raw_search)
        except Exception:  # counted by Stats; the next visit starts afresh
            continue
    stats.http += kiosk.attempts


async def drive(
    url: str, visitors: list[Visitor], seconds: float, raw_search: bool, start_at: float | None = None
) -> tuple[Stats, float]:
    stats = Stats()
    async with contextlib.AsyncExitStack() as stack:
        # Every client is made before the clock starts (an httpx client costs tens of ms of CPU).
        timeouts, once = Timeouts(read=30.0, write=30.0, pool=30.0), RetryPolicy(attempts=1)
        pairs = [
            (
                await stack.enter_async_context(
                    HttpProvincialBackend(
                        url, KEY, timeouts=timeouts, retry=once, rng=random.Random(v.citizen.index)
                    )
                ),
                await stack.enter_async_context(httpx.AsyncClient(base_url=url, timeout=30.0)),
            )
            for v in visitors
        ]
        if start_at is not None:  # every client process starts its kiosks at the same moment
            await asyncio.sleep(max(0.0, start_at - time.time()))
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(
            *(
                one_kiosk(k, c, v, stats, deadline, raw_search)
                for (k, c), v in zip(pairs, visitors, strict=True)
            )
        )
        return stats, time.monotonic() - started


Shard = tuple[dict[str, list[float]], dict[str, dict[str, int]], int, float, float]


def _drive_shard(
    url: str, visitors: list[Visitor], seconds: float, raw_search: bool, start_at: float
) -> Shard:
    """In a client process: its kiosks' figures (plain types: this module is not ``__main__``
    there), the time they ran and the CPU they cost it."""
    before = time.process_time()
    stats, elapsed = asyncio.run(drive(url, visitors, seconds, raw_search, start_at))
    errors = {op: dict(kinds) for op, kinds in stats.errors.items()}
    return dict(stats.latencies), errors, stats.http, elapsed, time.process_time() - before


def drive_in_processes(
    url: str, visitors: list[Visitor], seconds: float, raw_search: bool, processes: int
) -> tuple[Stats, float, float]:
    """The kiosks split over ``processes`` client processes, all started at once, figures merged.

    Fifty real kiosks are fifty machines; one Python process playing all of them answers each
    kiosk only when its event loop comes round, which adds the same wait to every request of
    either tree and hides the backend's part (decision 0019). CPU is each process's own drive.
    """
    shards = [visitors[i::processes] for i in range(processes)]
    spawn = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=processes, mp_context=spawn) as pool:
        start_at = time.time() + 10.0  # spawning and each kiosk's clients come first
        futures = [pool.submit(_drive_shard, url, shard, seconds, raw_search, start_at) for shard in shards]
        results = [f.result() for f in futures]
    stats = Stats()
    for latencies, errors, http, _elapsed, _cpu in results:
        for op, times in latencies.items():
            stats.latencies[op] += times
        for op, kinds in errors.items():
            stats.errors[op].update(kinds)
        stats.http += http
    return stats, max(r[3] for r in results), sum(r[4] for r in results)


@dataclass(frozen=True, slots=True)
class Run:
    """One tree's turn: its figures, and the CPU seconds its backend and this client used."""

    tree: str
    stats: Stats
    elapsed: float
    backend_cpu: float
    client_cpu: float
    load: float


def _valid(citizen: Citizen) -> bool:
    """Whether the citizen's card is still valid today (the backend runs on the wall clock)."""
    expiry = persona(citizen.persona).date_of_expiry
    return expiry is None or expiry > dt.date.today()


def _warm_up(url: str) -> None:
    """Each query once before the clock starts: the search index is built beside the start-up."""
    with httpx.Client(base_url=url, headers={"X-Kiosk-Key": KEY}, timeout=60.0) as client:
        for q in QUERIES:
            client.get("/api/v1/procedures", params={"q": q}).raise_for_status()
        client.get(f"/api/v1/procedures/{PROCEDURE}").raise_for_status()


def run_tree(
    tree: Path, label: str, kiosks: int, seconds: float, pki: MockPki, scan: bytes, processes: int = 1
) -> Run:
    """Start ``tree``'s backend on a fresh database, register the citizens, drive the kiosks."""
    with tempfile.TemporaryDirectory(prefix="kiosk-load-") as tmp:
        config = Path(tmp) / "backend.toml"
        config.write_text("", encoding="utf-8")
        backend = BackendProcess(Path(tmp) / "backend.sqlite", kiosk_keys=[KEY], config=config)
        here = Path.cwd()
        os.chdir(tree)  # python -m mocks.cli imports from the working directory first
        try:
            backend.start()
        finally:
            os.chdir(here)
        try:
            assert backend.pid is not None
            citizens = [c for c in register_citizens(backend.url, KEY, 2 * kiosks, seed=4242) if _valid(c)]
            visitors = [Visitor(c, with_scan(c, scan), chip_data(c, pki)) for c in citizens[:kiosks]]
            _warm_up(backend.url)
            raw_search = tree != ROOT
            cpu = process_cpu(backend.pid, children=True), resource.getrusage(resource.RUSAGE_SELF)
            if processes > 1:
                stats, elapsed, client = drive_in_processes(
                    backend.url, visitors, seconds, raw_search, processes
                )
            else:
                stats, elapsed = asyncio.run(drive(backend.url, visitors, seconds, raw_search))
                after = resource.getrusage(resource.RUSAGE_SELF)
                client = (after.ru_utime + after.ru_stime) - (cpu[1].ru_utime + cpu[1].ru_stime)
            used = process_cpu(backend.pid, children=True) - cpu[0]
        finally:
            backend.stop()
    return Run(label, stats, elapsed, used, client, os.getloadavg()[0])


def report(stats: Stats, elapsed: float, kiosks: int, title: str = "") -> tuple[Table, dict[str, object]]:
    table = Table(title=f"{title}{kiosks} kiosks, {elapsed:.0f} s of mixed traffic (uvicorn + SQLite)")
    for column in ("operation", "count", "errors", "p50 ms", "p99 ms", "per s"):
        table.add_column(column, justify="left" if column == "operation" else "right")
    rows: dict[str, object] = {}
    for op in OPS:
        times = stats.latencies.get(op, [])
        cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) >= 2 else [0.0] * 99
        errors = sum(stats.errors[op].values())
        rows[op] = {"count": len(times), "errors": errors, "p50_ms": round(cuts[49] * 1000, 1),
                    "p99_ms": round(cuts[98] * 1000, 1), "per_s": round(len(times) / elapsed, 1)}  # fmt: skip
        table.add_row(op, str(len(times)), str(errors), f"{cuts[49] * 1000:.1f}", f"{cuts[98] * 1000:.1f}",
                      f"{len(times) / elapsed:.1f}")  # fmt: skip
    total = sum(len(t) for t in stats.latencies.values())
    errors = sum(sum(c.values()) for c in stats.errors.values())
    table.add_row("all", str(total), str(errors), "", "", f"{total / elapsed:.1f}", style="bold")
    rows["total"] = {"operations": total, "errors": errors, "per_s": round(total / elapsed, 1),
                     "visits": len(stats.latencies.get("pay", [])), "seconds": round(elapsed, 1),
                     "http_requests": stats.http, "http_per_s": round(stats.http / elapsed, 1),
                     "error_kinds": {op: dict(c) for op, c in stats.errors.items() if c}}  # fmt: skip
    return table, rows


def _merged(runs: list[Run]) -> Stats:
    merged = Stats()
    for run in runs:
        for op, times in run.stats.latencies.items():
            merged.latencies[op] += times
        for op, errors in run.stats.errors.items():
            merged.errors[op] += errors
        merged.http += run.stats.http
    return merged


def comparison(runs: list[Run], baseline: Path) -> Table:
    """p50 per operation, each tree's turns pooled, and the ratio this / baseline."""
    ours = [r for r in runs if r.tree == "this tree"]
    theirs = [r for r in runs if r.tree != "this tree"]
    mine, old = _merged(ours), _merged(theirs)
    loads = ", ".join(f"{r.tree} {r.load:.1f}" for r in runs)
    table = Table(title=f"p50 under load, this tree / {baseline.name}, in turns (load avg after: {loads})")
    for column in ("operation", "this p50 ms", "baseline p50 ms", "this / baseline"):
        table.add_column(column, justify="left" if column == "operation" else "right")
    for op in OPS:
        a, b = mine.p50(op), old.p50(op)
        ratio = f"{a / b:.2f}" if a and b else "-"
        table.add_row(op, f"{a * 1e3:.1f}" if a else "-", f"{b * 1e3:.1f}" if b else "-", ratio)
    # Load-robust beside the p50s: CPU per completed visit (the machine may be shared).
    for who in ("backend", "client"):
        per_visit = [
            1e3 * sum(getattr(r, f"{who}_cpu") for r in runs) / max(1, len(_merged(runs).latencies["pay"]))
            for runs in (ours, theirs)
        ]
        table.add_row(
            f"{who} CPU ms per visit", f"{per_visit[0]:.1f}", f"{per_visit[1]:.1f}",
            f"{per_visit[0] / per_visit[1]:.2f}" if per_visit[1] else "-",
        )  # fmt: skip
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description="50 kiosks of mixed traffic against the backend")
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--baseline", type=Path, help="also run this checkout's backend, in turns")
    parser.add_argument("--rounds", type=int, default=1, help="turns per tree (with --baseline)")
    parser.add_argument(
        "--client-processes", type=int, default=2, metavar="N",
        help="split the kiosks over N client processes (default 2: with 1, the client's own event "
        "loop adds the same wait to every request and hides the backend's)",
    )  # fmt: skip
    args = parser.parse_args()
    console = Console(width=max(Console().width, 140))  # the tables are wide; logs are not terminals
    console.print(f"{os.cpu_count()} cpus, load average {os.getloadavg()[0]:.2f}")
    scan = noise_scan_pdf(200_000, random.Random(0))  # a real PDF: the backend decodes uploads
    with tempfile.TemporaryDirectory(prefix="kiosk-load-pki-") as pki_dir:
        pki = MockPki(Path(pki_dir))
        os.environ[TRUST_ENV] = str(pki.export_csca(Path(pki_dir) / "csca.pem"))  # the backends' CSCA
        trees = [(ROOT, "this tree")]
        if args.baseline is not None:
            trees.append((args.baseline.resolve(), args.baseline.resolve().name))
        runs: list[Run] = []
        for turn in range(args.rounds if args.baseline is not None else 1):
            for tree, label in trees if turn % 2 == 0 else trees[::-1]:  # alternate who goes first
                console.print(f"{label}: {args.kiosks} kiosks, {args.seconds:.0f} s of traffic...")
                runs.append(
                    run_tree(tree, label, args.kiosks, args.seconds, pki, scan, args.client_processes)
                )
    ours = [r for r in runs if r.tree == "this tree"]
    stats = _merged(ours)
    elapsed = sum(r.elapsed for r in ours)
    table, rows = report(stats, elapsed, args.kiosks)
    console.print(table)
    if args.baseline is None:
        console.print("p50s against another checkout, in turns: --baseline DIR (a git worktree, say)")
    else:
        theirs = [r for r in runs if r.tree != "this tree"]
        console.print(report(_merged(theirs), sum(r.elapsed for r in theirs), args.kiosks, "baseline: ")[0])
        console.print(comparison(runs, args.baseline.resolve()))
    total = rows["total"]
    assert isinstance(total, dict)
    cpu = sum(r.backend_cpu for r in ours) / elapsed, sum(r.client_cpu for r in ours) / elapsed
    console.print(f"HTTP requests: {total['http_requests']} ({total['http_per_s']}/s); CPU s per s: "
                  f"backend {cpu[0]:.2f}, this load generator {cpu[1]:.2f} (same cores)")  # fmt: skip
    if total["error_kinds"]:
        console.print(f"errors by kind: {total['error_kinds']}")
    out = ROOT / "reports" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_load.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    console.print(
        f"[{'red' if total['errors'] else 'green'}]errors: {total['errors']}[/] (cpus: {os.cpu_count()}, "
        f"load average {os.getloadavg()[0]:.2f})"
    )
    return 1 if total["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())

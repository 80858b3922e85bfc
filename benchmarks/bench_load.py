"""Benchmark: 50 concurrent simulated kiosks for 60 s of mixed traffic (issue 8, "Load").

Starts ``kiosk-twin backend`` under uvicorn with SQLite (a fresh temp database), registers one
citizen per kiosk, then each kiosk (an asyncio task with its own ``HttpProvincialBackend``, no
retries so every failure counts) repeats a citizen's visit until the time is up:

  search     catalogue search with an on-screen-keyboard query
  detail     the procedure's detail (form, papers, fees)
  login      VNeID login: start a session, the phone approves (control API), poll the token
  submit     a dossier with two PDF attachments (~200 KB scan), fresh Idempotency-Key
  lookup     anonymous look-up of that dossier by code + ID number
  pay        payment request, the bank confirms (control API), the kiosk reads the receipt

Prints a rich table (requests, errors, p50/p99 ms and rate per operation, plus totals) and exits
1 when any error happened. Wall-clock figures are printed, never asserted.

    .venv/bin/python benchmarks/bench_load.py [--kiosks 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import httpx
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from mocks.chaos.world import PROCEDURE, Citizen, dossier_body, register_citizens  # noqa: E402
from mocks.citizens import persona  # noqa: E402
from mocks.launcher import BackendProcess  # noqa: E402
from reference_kiosk import api  # noqa: E402
from reference_kiosk.backend.http import HttpProvincialBackend  # noqa: E402
from reference_kiosk.backend.transport import RetryPolicy, Timeouts  # noqa: E402
from tests.support.uploads import noise_scan_pdf  # noqa: E402

KEY = "load-kiosk-key"
QUERIES = ("dang ky thuong tru", "thuong tru", "tam tru", "khai sinh", "ket hon", "chung thuc", "tach ho")
OPS = ("search", "detail", "login", "submit", "lookup", "pay")
T = TypeVar("T")


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


def with_scan(citizen: Citizen, scan: bytes) -> api.DossierCreate:
    body = dossier_body(persona(citizen.persona))  # the citizen keeps only the persona's seed
    first = dict(body["attachments"][0])
    first |= {"content_base64": base64.b64encode(scan).decode(), "sha256": hashlib.sha256(scan).hexdigest()}
    body["attachments"] = [first, body["attachments"][1]]
    return api.DossierCreate.model_validate(body)


async def visit(
    kiosk: HttpProvincialBackend, control: httpx.AsyncClient, stats: Stats, citizen: Citizen,
    dossier: api.DossierCreate, rng: random.Random,
) -> None:  # fmt: skip
    id_number = citizen.id_number
    await stats.time("search", lambda: kiosk.search_procedures(rng.choice(QUERIES)))
    await stats.time("detail", lambda: kiosk.get_procedure(PROCEDURE))

    async def login() -> str:
        session = await kiosk.start_vneid_login()
        stats.http += 1
        approved = await control.post(f"/control/vneid/{session.id}/approve", json={"id_number": id_number})
        approved.raise_for_status()
        token = (await kiosk.poll_vneid_login(session.id)).token
        assert token is not None, "an approved VNeID session gives a token"
        return token

    token = await stats.time("login", login)
    made = await stats.time("submit", lambda: kiosk.submit_dossier(token, dossier, str(uuid.uuid4())))
    await stats.time("lookup", lambda: kiosk.lookup_dossier(made.code, id_number))

    async def pay() -> api.Payment:
        payment = await kiosk.request_payment(token, made.code)
        stats.http += 1
        (await control.post(f"/control/payments/{payment.id}/confirm")).raise_for_status()
        return await kiosk.get_payment(token, payment.id)

    await stats.time("pay", pay)


async def one_kiosk(url: str, citizen: Citizen, scan: bytes, stats: Stats, deadline: float) -> None:
    rng = random.Random(citizen.index)
    dossier = with_scan(citizen, scan)
    kiosk = HttpProvincialBackend(
        url, KEY, timeouts=Timeouts(read=30.0, write=30.0, pool=30.0), retry=RetryPolicy(attempts=1), rng=rng
    )
    async with kiosk, httpx.AsyncClient(base_url=url, timeout=30.0) as control:
        while time.monotonic() < deadline:
            try:
                await visit(kiosk, control, stats, citizen, dossier, rng)
            except Exception:  # counted by Stats; the next visit starts afresh
                continue
        stats.http += kiosk.attempts


async def drive(url: str, citizens: list[Citizen], seconds: float) -> tuple[Stats, float]:
    stats = Stats()
    scan = noise_scan_pdf(200_000, random.Random(0))  # a real PDF: the backend decodes uploads
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(one_kiosk(url, c, scan, stats, deadline) for c in citizens))
    return stats, time.monotonic() - started


def report(stats: Stats, elapsed: float, kiosks: int) -> tuple[Table, dict[str, object]]:
    table = Table(title=f"{kiosks} kiosks, {elapsed:.0f} s of mixed traffic (uvicorn + SQLite)")
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


def main() -> int:
    parser = argparse.ArgumentParser(description="50 kiosks of mixed traffic against the backend")
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory(prefix="kiosk-load-") as tmp:
        config = Path(tmp) / "backend.toml"
        config.write_text("", encoding="utf-8")
        backend = BackendProcess(Path(tmp) / "backend.sqlite", kiosk_keys=[KEY], config=config)
        try:
            backend.start()
            citizens = register_citizens(backend.url, KEY, args.kiosks, seed=4242)
            console.print(
                f"backend at {backend.url}, {len(citizens)} citizens; {args.seconds:.0f} s of traffic..."
            )
            stats, elapsed = asyncio.run(drive(backend.url, citizens, args.seconds))
        finally:
            backend.stop()
    table, rows = report(stats, elapsed, args.kiosks)
    console.print(table)
    total = rows["total"]
    assert isinstance(total, dict)
    console.print(f"HTTP requests: {total['http_requests']} ({total['http_per_s']}/s)")
    if total["error_kinds"]:
        console.print(f"errors by kind: {total['error_kinds']}")
    out = ROOT / "reports" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_load.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    console.print(
        f"[{'red' if total['errors'] else 'green'}]errors: {total['errors']}[/] (cpus: {os.cpu_count()})"
    )
    return 1 if total["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())

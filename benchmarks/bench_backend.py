"""Benchmark: the simulated backend under uvicorn, driven by 50 concurrent kiosks.

Starts ``kiosk-twin backend`` as a subprocess on 127.0.0.1 with a fresh database, logs in one
citizen per kiosk (VNeID, approved through the control API), then runs two bounded phases with
one ``HttpProvincialBackend`` per kiosk (asyncio tasks in this process):

  search    catalogue searches with on-screen-keyboard queries (no diacritics)
  submit    dossier submissions carrying a 1 MB scanned PDF (plus the second mandatory paper)

and prints requests/s, p50, p99 and errors per phase (rich table), plus a JSON copy under
reports/out/. The client runs without retries so every failure is counted, not hidden.

    .venv/bin/python benchmarks/bench_backend.py [--kiosks 50] [--seconds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import functools
import hashlib
import io
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from benchmarks.proc_cpu import process_cpu  # noqa: E402
from mocks.citizens import persona  # noqa: E402
from mocks.world import SimulatedWorld, start_world  # noqa: E402
from reference_kiosk import api  # noqa: E402
from reference_kiosk.backend import BackendError, HttpProvincialBackend, RetryPolicy, Timeouts  # noqa: E402

QUERIES = ("dang ky thuong tru", "thuong tru", "tam tru", "khai sinh", "ket hon", "chung thuc", "tach ho")
PROCEDURE, CASE = "1.004222", "CHO_O_SO_HUU"


@dataclass(slots=True)
class Phase:
    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    client_cpu: float = 0.0  # CPU seconds of this process (the 50 kiosks) during the phase
    server_cpu: float = 0.0  # CPU seconds of the backend process during the phase

    def row(self) -> dict[str, float | int | str]:
        n = len(self.latencies)
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive") if n >= 2 else [0.0] * 99
        return {
            "phase": self.name,
            "requests": n,
            "errors": sum(self.errors.values()),
            "per_second": n / self.seconds if self.seconds else 0.0,
            "p50_ms": cuts[49] * 1000,
            "p99_ms": cuts[98] * 1000,
            "max_ms": max(self.latencies, default=0.0) * 1000,
            "client_cpu_s": self.client_cpu,
            "server_cpu_s": self.server_cpu,
        }


def scanned_pdf(size: int, rng: random.Random) -> bytes:
    """A real one-page PDF of about ``size`` bytes: a noisy JPEG 'scan' wrapped by img2pdf."""
    import img2pdf
    from PIL import Image

    side = 200.0
    while True:  # grow the page 3 % at a time: the first one big enough is within ~6 % of ``size``
        noise = Image.frombytes("L", (int(side), int(side)), rng.randbytes(int(side) ** 2))
        buffer = io.BytesIO()
        noise.save(buffer, format="JPEG", quality=90)
        if buffer.tell() >= size:
            pdf: bytes = img2pdf.convert(buffer.getvalue())
            return pdf
        side *= 1.03


def attachment(code: str, content: bytes) -> api.Attachment:
    return api.Attachment(
        document_code=code,
        filename=f"{code.lower()}.pdf",
        content_type="application/pdf",
        content_base64=base64.b64encode(content).decode(),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def dossier_for(seed: int, big: bytes, small: bytes) -> api.DossierCreate:
    who = persona(seed)
    form = {
        "full_name": who.full_name,
        "id_number": who.id_number,
        "date_of_birth": who.date_of_birth.isoformat(),
        "current_address": who.residence,
        "phone": "0912345678",
        "new_address": who.residence,
        "head_name": who.full_name,
        "head_id_number": who.id_number,
        "relation_to_head": "Chủ hộ",
    }
    return api.DossierCreate(
        procedure_code=PROCEDURE,
        case_code=CASE,
        form=form,
        attachments=[attachment("CT01", big), attachment("GT_CHO_O", small)],
    )


async def login(
    backend: SimulatedWorld, kiosk: HttpProvincialBackend, control: httpx.AsyncClient, seed: int
) -> str:
    who = persona(seed)
    citizen = {
        "id_number": who.id_number,
        "full_name": who.full_name,
        "date_of_birth": who.date_of_birth.isoformat(),
    }
    (await control.post("/control/citizens", json=citizen)).raise_for_status()
    session = await kiosk.start_vneid_login()
    (
        await control.post(f"/control/vneid/{session.id}/approve", json={"id_number": who.id_number})
    ).raise_for_status()
    poll = await kiosk.poll_vneid_login(session.id)
    if poll.token is None:
        raise RuntimeError(f"login for kiosk {seed} ended {poll.status}")
    return poll.token


async def run_phase(
    phase: Phase, seconds: float, workers: list[Callable[[], Awaitable[object]]], server_pid: int
) -> None:
    deadline = time.perf_counter() + seconds

    async def loop(call: Callable[[], Awaitable[object]]) -> None:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                await call()
            except BackendError as exc:
                phase.errors[type(exc).__name__] = phase.errors.get(type(exc).__name__, 0) + 1
                continue
            phase.latencies.append(time.perf_counter() - start)

    began, client0, server0 = time.perf_counter(), time.process_time(), process_cpu(server_pid)
    await asyncio.gather(*(loop(w) for w in workers))
    phase.seconds = time.perf_counter() - began
    phase.client_cpu = time.process_time() - client0
    phase.server_cpu = process_cpu(server_pid) - server0


def submitter(
    client: HttpProvincialBackend, token: str, dossier: api.DossierCreate, rng: random.Random
) -> Callable[[], Awaitable[api.Dossier]]:
    """One kiosk's submissions: each a new dossier, so each gets a fresh Idempotency-Key."""

    async def call() -> api.Dossier:
        return await client.submit_dossier(token, dossier, str(uuid.UUID(int=rng.getrandbits(128))))

    return call


def _pid(world: SimulatedWorld) -> int:
    pid = world.backend.pid if world.backend is not None else None
    assert pid is not None  # a uvicorn world: the backend is a process of its own
    return pid


async def bench(backend: SimulatedWorld, kiosks: int, seconds: float, console: Console) -> list[Phase]:
    rng = random.Random(2025)
    clients = [
        HttpProvincialBackend(
            backend.url,
            backend.kiosk_key,
            retry=RetryPolicy(attempts=1),
            timeouts=Timeouts(connect=10.0, read=60.0, write=60.0, pool=10.0),
            rng=random.Random(i),
        )
        for i in range(kiosks)
    ]
    big, small = scanned_pdf(1_000_000, rng), scanned_pdf(20_000, rng)
    console.print(
        f"attachments: {len(big):,} + {len(small):,} bytes PDF; {kiosks} kiosks, {seconds:g} s per phase"
    )
    async with httpx.AsyncClient(base_url=backend.url, timeout=30.0) as control:
        tokens = [await login(backend, client, control, 1000 + i) for i, client in enumerate(clients)]
    dossiers = [dossier_for(1000 + i, big, small) for i in range(kiosks)]
    search, submit = Phase("search"), Phase("submit 1 MB")
    try:
        await run_phase(
            search,
            seconds,
            [
                functools.partial(c.search_procedures, QUERIES[i % len(QUERIES)])
                for i, c in enumerate(clients)
            ],
            _pid(backend),
        )
        console.print(f"search phase done: {len(search.latencies)} requests")
        await run_phase(
            submit,
            seconds,
            [
                submitter(*args, random.Random(i))
                for i, args in enumerate(zip(clients, tokens, dossiers, strict=True))
            ],
            _pid(backend),
        )
        console.print(f"submit phase done: {len(submit.latencies)} requests")
    finally:
        for client in clients:
            await client.aclose()
    return [search, submit]


def report(phases: list[Phase], kiosks: int, console: Console) -> None:
    table = Table(
        title=f"Simulated backend under uvicorn, {kiosks} concurrent kiosks (127.0.0.1)",
        caption="CPU s: CPU seconds used during the phase by the kiosks (this process) / by the backend",
    )
    for column in ("phase", "requests", "errors", "req/s", "p50 ms", "p99 ms", "max ms", "CPU s"):
        table.add_column(column, justify="left" if column == "phase" else "right", no_wrap=True)
    rows = [p.row() for p in phases]
    for r in rows:
        table.add_row(
            str(r["phase"]),
            f"{r['requests']:,}",
            str(r["errors"]),
            f"{r['per_second']:.1f}",
            f"{r['p50_ms']:.0f}",
            f"{r['p99_ms']:.0f}",
            f"{r['max_ms']:.0f}",
            f"{r['client_cpu_s']:.1f} / {r['server_cpu_s']:.1f}",
        )
    console.print(table)
    for p in phases:
        if p.errors:
            console.print(f"  errors in {p.name}: {p.errors}")
    out = ROOT / "reports" / "out" / "bench_backend.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {"kiosks": kiosks, "phases": rows, "errors": [asdict(p)["errors"] for p in phases]}, indent=2
        )
    )
    console.print(f"JSON: {out.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    console = Console(width=max(100, Console().width))  # an 80-column pipe would squeeze the figures
    with (
        tempfile.TemporaryDirectory(prefix="bench-backend-") as tmp,
        start_world("uvicorn", Path(tmp)) as backend,
    ):
        console.print(f"backend (pid {_pid(backend)}) on {backend.url}")
        phases = asyncio.run(bench(backend, args.kiosks, args.seconds, console))
    report(phases, args.kiosks, console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

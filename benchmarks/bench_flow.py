"""Benchmark of the kiosk's pure flow and durable outbox (run: .venv/bin/python benchmarks/bench_flow.py).

* flow: events handled per second over a complete card-login -> submit -> logout journey, and
  the cost of building a view model (what the UI asks for every frame it considers redrawing)
* outbox: confirmed submissions written per second (AES-GCM + SQLite with synchronous=FULL),
  with a 1 MB attachment and without, and deliveries per second to an in-process backend
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reference_kiosk import api
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import KioskFlow
from reference_kiosk.flow import events as ev
from reference_kiosk.outbox import Outbox, OutboxSender, Submission
from reference_kiosk.ports import ProvincialBackend
from tests.support.kiosk_flow import ADDRESS, TOKEN, FakeClock, citizen, dossier, procedure

REQ = api.CccdLoginRequest(sod="U09E", dg1="REcx", dg13="REcxMw==")


def journey() -> list[ev.Event]:
    proc = procedure()
    return [
        ev.StartTapped(),
        ev.LoginMethodChosen(ev.LoginMethod.CARD),
        ev.CardInserted(),
        ev.BacKeyRequired(),
        ev.BacEntered("020190012345", dt.date(1990, 5, 17)),
        ev.CardRead(REQ),
        ev.LoggedIn(ev.LoginMethod.CARD, TOKEN, citizen()),
        ev.Continue(),
        ev.TileChosen(ev.HomeTile.SUBMIT),
        ev.SearchResultsLoaded("", None, (proc.summary(),)),
        ev.ProcedureChosen(proc.code),
        ev.ProcedureLoaded(proc),
        ev.StartSubmission(),
        ev.CaseChosen("C1"),
        ev.FormFieldEdited("address", ADDRESS),
        ev.FormFieldEdited("reason", "Khác"),
        ev.Continue(),
        ev.ScanRequested("CT01"),
        ev.PageScanned("CT01", "p1"),
        ev.ScanRequested("GIAY_TO_NHA"),
        ev.PageScanned("GIAY_TO_NHA", "p2"),
        ev.Continue(),
        ev.DocumentBuilt("CT01", 1, 1000),
        ev.DocumentBuilt("GIAY_TO_NHA", 1, 1000),
        ev.ReviewConfirmed(),
        ev.SubmissionAcknowledged("k-1", dossier()),
        ev.Continue(),
        ev.Logout(),
    ]


def bench_flow(rounds: int) -> tuple[float, float, int]:
    events = journey()
    start = time.perf_counter()
    for _ in range(rounds):
        flow = KioskFlow(FakeClock(), KioskConfig(), new_key=lambda: "k-1")
        for event in events:
            flow.handle(event)
    per_event = (time.perf_counter() - start) / (rounds * len(events))
    flow = KioskFlow(FakeClock(), KioskConfig(), new_key=lambda: "k-1")
    for event in events[:17]:  # stop on the scan screen (a large view)
        flow.handle(event)
    n = 5000
    start = time.perf_counter()
    for _ in range(n):
        _ = flow.view
    return per_event, (time.perf_counter() - start) / n, len(events)


class InstantBackend:
    async def submit_dossier(self, token: str, body: api.DossierCreate, idempotency_key: str) -> api.Dossier:
        return dossier()


def submission(attachment_bytes: int) -> Submission:
    content = random.Random(1).randbytes(attachment_bytes)
    return Submission(
        TOKEN,
        api.DossierCreate(
            procedure_code="1.004222",
            case_code="C1",
            form={"address": ADDRESS},
            attachments=[
                api.Attachment(
                    document_code="CT01",
                    filename="CT01.pdf",
                    content_type="application/pdf",
                    content_base64=base64.b64encode(content).decode(),
                    sha256=hashlib.sha256(content).hexdigest(),
                )
            ],
        ),
    )


def bench_outbox(items: int, attachment_bytes: int) -> tuple[float, float, int]:
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as tmp:
        outbox = Outbox(Path(tmp) / "o.db", bytes(32), clock)
        sub = submission(attachment_bytes)
        keys = [f"k-{i}" for i in range(items)]
        start = time.perf_counter()
        for key in keys:
            outbox.add(key, sub)
        write = (time.perf_counter() - start) / items
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
        sender = OutboxSender(outbox, cast(ProvincialBackend, InstantBackend()), clock, random.Random(1))
        start = time.perf_counter()
        delivered = asyncio.run(sender.send_due())
        send = (time.perf_counter() - start) / max(1, len(delivered))
        outbox.close()
    return write, send, size


def main() -> None:
    console = Console()
    per_event, per_view, n_events = bench_flow(rounds=400)
    table = Table(title="kiosk flow and outbox")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row(f"flow: handle() per event ({n_events}-event journey x 400)", f"{per_event * 1e6:.1f} µs")
    table.add_row("flow: view model build (scan screen)", f"{per_view * 1e6:.1f} µs")
    for label, size, items in (("small form", 0, 200), ("1 MB attachment", 1_000_000, 20)):
        write, send, db = bench_outbox(items, size)
        table.add_row(f"outbox: write one submission ({label})", f"{write * 1e3:.2f} ms")
        table.add_row(f"outbox: deliver one ({label}, instant backend)", f"{send * 1e3:.2f} ms")
        table.add_row(f"outbox: database size for {items} ({label})", f"{db / 1e6:.2f} MB")
    console.print(table)


if __name__ == "__main__":
    main()

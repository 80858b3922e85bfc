"""Benchmark: a full chip-card read (SELECT, BAC, EF.COM, DG1, DG2, DG13, EF.SOD, passive auth).

In process (IcaoReader -> EmulatedCardReader -> the card OS) and, when pcscd and vsmartcard-vpcd
are installed, through the real PC/SC stack (pyscard -> pcscd -> vpcd -> the emulator's vpcd
client), for an extended-length card and a short-length one. Prints APDU count, bytes each way,
and read time (median, p95, min) as a rich table, plus a JSON copy under reports/out/.

    .venv/bin/python benchmarks/bench_card.py [--runs 30] [--pcsc-runs 8] [--no-pcsc]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for tests.support.pcscd (starts and stops a private pcscd)

from mocks.card.control import make_card  # noqa: E402
from mocks.card.pki import MockPki  # noqa: E402
from mocks.card.reader import EmulatedCardReader  # noqa: E402
from reference_kiosk.devices.icao import IcaoReader, IdNumberKeySource, TrustStore, Verdict  # noqa: E402
from reference_kiosk.ports import CardReader  # noqa: E402

SEED = 1
CARDS = {
    "extended": {"extended_length": True, "max_read": 0x400},
    "short": {"extended_length": False, "max_read": 0xDF},
}


@dataclass(frozen=True, slots=True)
class Row:
    transport: str
    card: str
    runs: int
    apdus: int
    bytes_sent: int
    bytes_received: int
    median_ms: float
    p95_ms: float
    min_ms: float


def _read_once(reader: CardReader, key: IdNumberKeySource, trust: TrustStore) -> tuple[float, Any]:
    start = time.perf_counter()
    connection = reader.connect()
    try:
        icao = IcaoReader(connection)
        identity = icao.read(key, trust)
    finally:
        connection.close()
    elapsed = time.perf_counter() - start
    if identity.verdict is not Verdict.VERIFIED:
        raise SystemExit(f"benchmark read was not verified: {identity.reasons}")
    return elapsed, icao.stats


def _row(transport: str, card: str, times: list[float], stats: Any) -> Row:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return Row(transport, card, len(ms), stats.apdus, stats.bytes_sent, stats.bytes_received,
               statistics.median(ms), p95, ms[0])  # fmt: skip


def bench_in_process(pki: MockPki, runs: int) -> list[Row]:
    rows = []
    for name, options in CARDS.items():
        times, stats = [], None
        for _ in range(runs):
            card, build = make_card(SEED, pki, **options)  # type: ignore[arg-type]
            reader = EmulatedCardReader()
            reader.insert(card)
            key = IdNumberKeySource(build.persona.id_number, build.persona.date_of_birth)
            elapsed, stats = _read_once(reader, key, TrustStore((pki.csca_cert,)))
            times.append(elapsed)
        rows.append(_row("in-process", name, times, stats))
    return rows


def _wait(predicate: Callable[[], bool], seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for pcscd to see the card")
        time.sleep(0.05)


def bench_pcsc(pki: MockPki, runs: int) -> list[Row]:
    from mocks.card.vpcd import VpcdClient
    from reference_kiosk.devices.pcsc import PcscCardReader
    from tests.support.pcscd import running_pcscd

    rows = []
    with running_pcscd() as info:
        reader = PcscCardReader(info.reader)
        for name, options in CARDS.items():
            card, build = make_card(SEED, pki, **options)  # type: ignore[arg-type]
            client = VpcdClient(card, "127.0.0.1", info.port)
            client.connect(10)
            stop = threading.Event()
            worker = threading.Thread(target=client.serve, args=(stop,), daemon=True)
            worker.start()
            try:
                _wait(reader.card_present)
                key = IdNumberKeySource(build.persona.id_number, build.persona.date_of_birth)
                trust = TrustStore((pki.csca_cert,))
                results = [_read_once(reader, key, trust) for _ in range(runs)]
            finally:
                stop.set()
                worker.join(5)
                _wait(lambda: not reader.card_present())
            rows.append(_row("pcscd + vpcd", name, [t for t, _ in results], results[-1][1]))
        reader.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pcsc-runs", type=int, default=8)
    parser.add_argument("--no-pcsc", action="store_true")
    args = parser.parse_args()
    console = Console(width=max(Console().width, 120))
    with tempfile.TemporaryDirectory(prefix="bench-card-") as tmp:
        pki = MockPki(Path(tmp) / "pki")
        rows = bench_in_process(pki, args.runs)
        note = ""
        if not args.no_pcsc:
            try:
                rows += bench_pcsc(pki, args.pcsc_runs)
            except BaseException as exc:  # pytest's skip outcome is a BaseException
                if isinstance(exc, KeyboardInterrupt):
                    raise
                note = f"pcscd + vpcd not measured: {exc}"
    table = Table(
        title=f"Full chip-card read (persona {SEED}: BAC, EF.COM, DG1, DG2, DG13, EF.SOD, passive auth)"
    )
    for column in (
        "transport",
        "card",
        "runs",
        "APDUs",
        "bytes sent",
        "bytes received",
        "median ms",
        "p95 ms",
        "min ms",
    ):
        table.add_column(column, justify="left" if column in ("transport", "card") else "right")
    for r in rows:
        counts = (r.runs, r.apdus, r.bytes_sent, r.bytes_received)
        times = (r.median_ms, r.p95_ms, r.min_ms)
        table.add_row(r.transport, r.card, *map(str, counts), *(f"{t:.1f}" for t in times))
    console.print(table)
    if note:
        console.print(f"[yellow]{note}[/yellow]")
    out = ROOT / "reports" / "out" / "bench_card.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": [asdict(r) for r in rows], "note": note}, indent=2))
    console.print(f"JSON: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

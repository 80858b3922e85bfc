"""Benchmark: the card emulator's own costs (the full read through a reader is bench_card.py).

Persona generation, building a card (face JPEG + signed EF.SOD), the card OS answering a test-side
BAC read of EF.COM/DG1/DG2/DG13/EF.SOD at two read sizes, and the backend's chip-login check.

    .venv/bin/python benchmarks/bench_card_emulator.py [--runs 20]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for tests.support.card (a minimal test-side BAC client)

from mocks.backend.cccd_verify import TrustStore, verify_chip_data  # noqa: E402
from mocks.card.files import build_card  # noqa: E402
from mocks.card.os import CardImage, CardOS  # noqa: E402
from mocks.card.pki import MockPki  # noqa: E402
from mocks.citizens import persona, personas  # noqa: E402
from tests.support.card import BacClient  # noqa: E402


def _time(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    table = Table(title="card emulator (ms per operation)")
    for col in ("operation", "median", "min", "APDUs", "bytes out"):
        table.add_column(col, justify="right" if col != "operation" else "left")
    with tempfile.TemporaryDirectory() as tmp:
        pki = MockPki(Path(tmp) / "pki")
        rows: list[tuple[str, list[float], str, str]] = []
        rows.append(("100 personas", _time(lambda: personas(0, 100), max(3, args.runs // 4)), "", ""))
        rows.append(("build a card", _time(lambda: build_card(persona(3), pki), args.runs), "", ""))
        build = build_card(persona(3), pki)
        for max_read in (0xDF, 0x400):
            image = CardImage(build.image.files, build.image.mrz_information, max_read=max_read)
            stats = {"apdus": 0, "bytes": 0}

            def read(
                image: CardImage = image, max_read: int = max_read, stats: dict[str, int] = stats
            ) -> None:
                card = CardOS(image)

                def transmit(apdu: bytes) -> bytes:
                    answer = card.execute(apdu)
                    stats["apdus"] += 1
                    stats["bytes"] += len(answer)
                    return answer

                bac = BacClient(transmit, image.mrz_information)
                bac.authenticate()
                for fid in (0x011E, 0x0101, 0x0102, 0x010D, 0x011D):
                    bac.read_file(fid, chunk=max_read)

            times = _time(read, args.runs)
            rows.append((f"full read, {max_read} B per READ", times, str(stats["apdus"] // args.runs),
                         str(stats["bytes"] // args.runs)))  # fmt: skip
        enc = base64.b64encode
        sod = enc(build.image.files[0x011D]).decode()
        dg1, dg13 = enc(build.data_groups[1]).decode(), enc(build.data_groups[13]).decode()
        trust, now = TrustStore((pki.csca_cert,)), dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
        rows.append(
            (
                "backend chip check",
                _time(lambda: verify_chip_data(sod, dg1, dg13, trust, now), args.runs),
                "",
                "",
            )
        )
    for name, times, apdus, out in rows:
        table.add_row(name, f"{statistics.median(times):.2f}", f"{min(times):.2f}", apdus, out)
    Console().print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: what the backend's decoding check (mocks/backend/decoding.py) costs per upload.

Times ``check_jpeg`` / ``check_pdf`` on what kiosks send (a 20-page pipeline PDF, a 1 MB scan as
bench_backend.py submits it, an A4 600 dpi JPEG) and on what attackers send (a JPEG declaring
65500 x 65500 px, a PDF whose page inflates to 300 MB, a PDF image declaring 100000 x 100000 px),
best of a few runs each, and prints a rich table plus a JSON copy under reports/out/.

    .venv/bin/python benchmarks/bench_uploads.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mocks.backend.decoding import check_jpeg, check_pdf  # noqa: E402
from mocks.backend.errors import ValidationFailedError  # noqa: E402
from tests.support.uploads import (  # noqa: E402
    declaring,
    flate_bomb_pdf,
    image_xobject,
    jpeg,
    noise_scan_pdf,
    one_page_pdf,
    pipeline_pdf,
)

Check = Callable[[bytes], None]


def cases() -> dict[str, tuple[Check, bytes]]:
    return {
        "kiosk: 20-page pipeline PDF": (check_pdf, pipeline_pdf(pages=20)),
        "kiosk: 1 MB noise scan PDF": (check_pdf, noise_scan_pdf(1_000_000, random.Random(1))),
        "kiosk: A4 600 dpi JPEG": (check_jpeg, jpeg((4960, 7016))),
        "bomb: JPEG declaring 65500² px": (check_jpeg, declaring(65500, 65500)),
        "bomb: PDF inflating to 300 MB": (check_pdf, flate_bomb_pdf(300)),
        "bomb: PDF image 100000² px": (check_pdf, one_page_pdf({"Im0": image_xobject(100_000, 100_000)})),
    }


def best_of(check: Check, data: bytes, repeat: int) -> tuple[float, str]:
    best, outcome = float("inf"), "accepted"
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            check(data)
        except ValidationFailedError as exc:
            outcome = f"422 {exc.code}"
        best = min(best, time.perf_counter() - started)
    return best, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # linearized img2pdf output makes it chatty
    console = Console(width=max(100, Console().width))
    table = Table(title=f"decoding check per upload (best of {args.repeat})")
    for column in ("upload", "bytes", "ms", "outcome"):
        table.add_column(column, justify="left" if column in {"upload", "outcome"} else "right")
    rows = []
    for name, (check, data) in cases().items():
        seconds, outcome = best_of(check, data, args.repeat)
        rows.append({"upload": name, "bytes": len(data), "ms": round(seconds * 1e3, 2), "outcome": outcome})
        table.add_row(name, f"{len(data):,}", f"{seconds * 1e3:.2f}", outcome)
    console.print(table)
    out = ROOT / "reports" / "out" / "bench_uploads.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))
    console.print(f"JSON: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

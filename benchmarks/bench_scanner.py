"""Benchmark: scanned pages through the document pipeline at the kiosk's default settings.

Default settings: 200 dpi, grayscale, PDF, at most 300 KB per page. Two sources of pages:

  emulator     EmulatedScanner feeding a residence dossier (CT01, CCCD front/back, CT07, birth
               registration, repeated), seed 1
  sane-test    SaneScanner on SANE's test backend (private SANE_CONFIG_DIR), "Grid" picture,
               its 10-sheet feeder, 200 x 200 mm glass (skipped when python-sane or the
               backend is missing)

For each: scan time per page, pipeline pages/s (clean-up + bounded JPEG + PDF), bytes per page
(mean and max) and the largest page's JPEG quality. Prints a rich table and writes a JSON copy
to reports/out/bench_scanner.json.

    .venv/bin/python benchmarks/bench_scanner.py [--pages 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mocks.scanner import DEFAULT_FEEDER, EmulatedScanner, ScannerControl  # noqa: E402
from reference_kiosk.documents import DocumentPolicy, build_document  # noqa: E402
from reference_kiosk.ports import ScannedPage, Scanner, ScanSettings, ScanSource  # noqa: E402

SETTINGS = ScanSettings(source=ScanSource.ADF)  # gray, 200 dpi: the kiosk's defaults


@dataclass(frozen=True, slots=True)
class Result:
    source: str
    pages: int
    scan_s_per_page: float
    pipeline_pages_per_s: float
    bytes_per_page_mean: float
    bytes_per_page_max: int
    quality_of_largest: int
    pdf_bytes: int


def _measure(name: str, open_scanner: Callable[[], Scanner], pages: int, rounds: int) -> Result:
    scan_times: list[float] = []
    pipe_rates: list[float] = []
    batch: list[ScannedPage] = []
    for _ in range(rounds):
        scanner = open_scanner()
        try:
            start = time.perf_counter()
            batch = list(scanner.scan_batch(SETTINGS, max_pages=pages))
            scan_times.append((time.perf_counter() - start) / len(batch))
        finally:
            scanner.close()
        start = time.perf_counter()
        doc = build_document(batch, DocumentPolicy())
        pipe_rates.append(len(batch) / (time.perf_counter() - start))
    sizes = [p.bytes for p in doc.pages]
    largest = max(doc.pages, key=lambda p: p.bytes)
    return Result(
        name,
        len(batch),
        statistics.median(scan_times),
        statistics.median(pipe_rates),
        statistics.fmean(sizes),
        max(sizes),
        largest.quality,
        doc.size,
    )


def _emulator(pages: int) -> Callable[[], Scanner]:
    feeder = [DEFAULT_FEEDER[i % len(DEFAULT_FEEDER)] for i in range(pages)]
    return lambda: EmulatedScanner(ScannerControl(feeder=feeder), seed=1)


def _sane_available() -> str | None:
    try:
        import sane  # noqa: F401
    except ImportError:
        return "python-sane not installed"
    if not glob.glob("/usr/lib/*/sane/libsane-test.so*") or not Path("/etc/sane.d/test.conf").exists():
        return "SANE test backend not installed (Debian libsane1)"
    return None


def _sane_test(config: Path) -> Callable[[], Scanner]:
    (config / "dll.conf").write_text("test\n", encoding="utf-8")
    shutil.copyfile("/etc/sane.d/test.conf", config / "test.conf")
    os.environ["SANE_CONFIG_DIR"] = str(config)

    def open_scanner() -> Scanner:
        from reference_kiosk.devices.sane import SaneScanner

        scanner = SaneScanner.open("test:0")
        scanner.set_option("test-picture", "Grid")
        return scanner

    return open_scanner


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    console = Console()
    results = [_measure("emulator", _emulator(args.pages), args.pages, args.rounds)]
    reason = _sane_available()
    if reason is None:
        with tempfile.TemporaryDirectory(prefix="sane-") as tmp:
            results.append(_measure("sane-test", _sane_test(Path(tmp)), min(args.pages, 10), args.rounds))
    else:
        console.print(f"[yellow]sane-test skipped: {reason}[/]")
    table = Table(
        title=f"Scanner -> document pipeline (200 dpi gray PDF, <= 300 KB/page; {args.rounds} rounds)"
    )
    for column in (
        "source",
        "pages",
        "scan s/page",
        "pipeline pages/s",
        "KB/page mean",
        "KB/page max",
        "q max",
    ):
        table.add_column(column, justify="right" if column != "source" else "left")
    for r in results:
        table.add_row(
            r.source,
            str(r.pages),
            f"{r.scan_s_per_page:.3f}",
            f"{r.pipeline_pages_per_s:.1f}",
            f"{r.bytes_per_page_mean / 1000:.0f}",
            f"{r.bytes_per_page_max / 1000:.0f}",
            str(r.quality_of_largest),
        )
    console.print(table)
    out = ROOT / "reports" / "out" / "bench_scanner.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    console.print(f"JSON: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

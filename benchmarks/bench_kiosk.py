"""Benchmark of the kiosk UI at 1080x1920 (run: .venv/bin/python benchmarks/bench_kiosk.py).

* start-up to first frame, in a fresh interpreter (imports, pygame, fonts, first draw)
* frame time p50/p95 while a scene animates (the card-reading spinner) and while typing on the
  search keyboard (each key rebuilds and redraws the screen)
* CPU use while idle on the welcome screen for a few seconds of the real loop at 30 fps
  (the loop redraws only on change, so this should be a few percent of one core)
* resident memory after the runs
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STARTUP = """
import time, os
t0 = time.perf_counter()
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import KioskFlow
from reference_kiosk.ports import SystemClock
from reference_kiosk.ui.app import KioskApp
clock = SystemClock()
app = KioskApp(KioskFlow(clock, KioskConfig()), clock)
app.start()
print(time.perf_counter() - t0, app.frames_drawn)
"""


def startup_s(runs: int = 3) -> list[float]:
    out = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", STARTUP],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=os.environ,
        )
        seconds, frames = done.stdout.split()
        assert int(frames) == 1
        out.append(float(seconds))
    return out


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def frame_times() -> dict[str, list[float]]:
    from reference_kiosk.config import KioskConfig
    from reference_kiosk.flow import KioskFlow
    from reference_kiosk.flow import events as ev
    from reference_kiosk.ui.app import KioskApp
    from reference_kiosk.ui.driver import KioskDriver
    from tests.support.kiosk_flow import FakeClock
    from tests.support.ui_world import ScriptedWorld

    clock = FakeClock()
    app = KioskApp(KioskFlow(clock, KioskConfig()), clock, services=ScriptedWorld(clock))
    kiosk = KioskDriver(app, clock)
    kiosk.tap("Chạm để bắt đầu")
    kiosk.tap("Thẻ Căn cước công dân gắn chip")
    app.send(ev.CardInserted("r0"))  # reading: the spinner turns until the answer is drained
    spinner = []
    for _ in range(300):
        t0 = time.perf_counter()
        assert app.render(1 / 30)
        spinner.append(time.perf_counter() - t0)
    kiosk.settle()
    kiosk.tap("Hủy")
    kiosk.tap("Tìm thủ tục hành chính")
    typing = []
    for char in "dang ky thuong tru " * 5:
        t0 = time.perf_counter()
        kiosk.type(char)
        typing.append(time.perf_counter() - t0)
    app.close()
    return {"spinner": spinner, "typing": typing}


def idle_cpu(seconds: float = 5.0) -> tuple[float, int]:
    import pygame

    from reference_kiosk.config import KioskConfig
    from reference_kiosk.flow import KioskFlow
    from reference_kiosk.ports import SystemClock
    from reference_kiosk.ui.app import KioskApp

    clock = SystemClock()
    app = KioskApp(KioskFlow(clock, KioskConfig()), clock)
    app.start()
    ticker = pygame.time.Clock()
    drawn = app.frames_drawn
    cpu0, wall0 = time.process_time(), time.perf_counter()
    while time.perf_counter() - wall0 < seconds:
        app.step(ticker.tick(30) / 1000.0)
    cpu = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    frames = app.frames_drawn - drawn
    app.close()
    return cpu, frames


def rss_mb() -> tuple[float, float]:
    page = os.sysconf("SC_PAGE_SIZE")
    with open("/proc/self/statm", encoding="ascii") as fh:
        current = int(fh.read().split()[1]) * page / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return current, peak


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    start = startup_s()
    frames = frame_times()
    cpu, idle_frames = idle_cpu()
    current, peak = rss_mb()
    ms = {k: [v * 1000 for v in vals] for k, vals in frames.items()}
    table = Table(title="kiosk UI at 1080x1920 (SDL dummy video driver)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row(
        "start-up to first frame (median of 3, fresh interpreter)", f"{statistics.median(start):.2f} s"
    )
    for name, vals in ms.items():
        table.add_row(
            f"frame time while {name}: p50 / p95",
            f"{percentile(vals, 50):.1f} / {percentile(vals, 95):.1f} ms",
        )
    table.add_row("CPU while idle on welcome (30 fps loop, 5 s)", f"{cpu * 100:.1f} % of one core")
    table.add_row("frames drawn while idle", str(idle_frames))
    table.add_row("resident memory now / peak", f"{current:.0f} / {peak:.0f} MB")
    Console().print(table)
    out = ROOT / "reports" / "out" / "bench_kiosk.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = {
        "startup_s": start,
        "frame_ms": {k: {"p50": percentile(v, 50), "p95": percentile(v, 95)} for k, v in ms.items()},
        "idle_cpu_fraction": cpu,
        "idle_frames": idle_frames,
        "rss_mb": current,
        "peak_rss_mb": peak,
    }
    out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

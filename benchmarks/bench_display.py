"""What presenting the kiosk's picture on another panel costs (.venv/bin/python benchmarks/bench_display.py).

Each frame the kiosk draws (only when something changed) is turned and scaled onto the panel by
``ui.display.present``. Measured here per panel and rotation, as milliseconds per presented frame
and as a ratio to the baseline measured in the same run: drawing the welcome screen itself at
1080x1920 (what every frame costs anyway). The identity case (a 1080x1920 portrait panel) copies
nothing and is not listed.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pygame

from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import KioskFlow
from reference_kiosk.ports import SystemClock
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.display import DisplaySettings, Rotation, choose_screen, present

CASES: list[tuple[tuple[int, int], Rotation]] = [
    ((1920, 1080), 0),
    ((1366, 768), 0),
    ((768, 1366), 0),
    ((1280, 1024), 0),
    ((1920, 1080), 90),
]
REPEAT = 30


def _ms(run: object, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    clock = SystemClock()
    app = KioskApp(KioskFlow(clock, KioskConfig()), clock)
    app.start()
    portrait = app.surface.copy()

    def draw() -> None:
        app.stack.draw(app.surface)

    base = _ms(draw)
    print(f"baseline: drawing the welcome screen at 1080x1920: {base:.1f} ms (median of {REPEAT})")
    print(f"{'panel':>10} {'rotate':>6} {'picture':>10} {'present ms':>10} {'x draw':>7}")
    for panel, rotation in CASES:
        settings = DisplaySettings(fullscreen=True, rotation=rotation, auto_orientation=True)
        transform = choose_screen(settings, (1080, 1920), panel)
        picture = portrait if transform.logical == (1080, 1920) else pygame.Surface(transform.logical)
        window = pygame.Surface(panel)
        cost = _ms(lambda t=transform, p=picture, w=window: present(t, p, w))
        w, h = transform.logical
        print(f"{panel[0]}x{panel[1]:<5} {rotation:>6} {w}x{h:<5} {cost:>10.1f} {cost / base:>7.2f}")
    app.close()


if __name__ == "__main__":
    main()

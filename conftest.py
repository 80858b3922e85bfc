"""Root test configuration: headless SDL before anything imports pygame, and the tier options."""

from __future__ import annotations

import os

# Must happen before any test module imports pygame (DESIGN: headless tests, no display in CI).
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest
from hypothesis import settings

# Deterministic tests (DESIGN): Hypothesis draws the same examples on every run, so CI never turns
# red on a seed nobody can replay; `--hypothesis-profile=explore` searches afresh when hunting bugs.
settings.register_profile("deterministic", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("deterministic")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kiosk-twin")
    group.addoption("--reader", default=None, help="name of a real PC/SC reader (hardware tier)")
    group.addoption("--scanner", default=None, help="name of a real SANE device (hardware tier)")
    group.addoption(
        "--devices",
        default="emulated",
        choices=("emulated", "wire"),
        help="BDD device mode: in-process emulators, or pcscd + SANE test backend + uvicorn",
    )

"""Run the BDD suite in a subprocess with everything it writes kept in one private directory.

    run = run_bdd(out_dir)                                   # emulated devices, every scenario
    run = run_bdd(out_dir, devices="wire", marker="wire")    # the @wire subset (pcscd, SANE, uvicorn)
    run.passed, run.duration_s, run.summary

Layout of ``out_dir`` (one subdirectory per run, named after its mode):

    <mode>/tmp/            pytest --basetemp: each scenario's telemetry.jsonl, outbox and backend databases
    <mode>/pytest.log      --log-file at DEBUG: every logger, the in-process backend's included
    <mode>/report/         --bdd-report-dir: cucumber.json, index.html, shots/*.png
    <mode>/output.txt      what pytest printed
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BddRun", "run_bdd"]

ROOT = Path(__file__).resolve().parents[2]
_SUMMARY = re.compile(
    r"^=*\s*(\d+ (?:passed|failed|skipped|errors?|deselected)\b.*?) in [\d.]+s", re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class BddRun:
    mode: str
    directory: Path
    returncode: int
    duration_s: float
    output: str

    @property
    def passed(self) -> bool:
        return self.returncode == 0

    @property
    def summary(self) -> str:
        found = _SUMMARY.findall(self.output)
        return found[-1] if found else self.output[-400:]

    @property
    def report(self) -> Path:
        return self.directory / "report"

    @property
    def basetemp(self) -> Path:
        return self.directory / "tmp"

    @property
    def log(self) -> Path:
        return self.directory / "pytest.log"


def run_bdd(
    out_dir: Path,
    *,
    devices: str = "emulated",
    marker: str | None = None,
    extra: tuple[str, ...] = (),
    label: str | None = None,
    timeout_s: float = 600.0,
    env_extra: dict[str, str] | None = None,
) -> BddRun:
    """The whole ``features`` suite (or the ``marker`` subset) with ``--devices devices``.

    ``extra`` goes to pytest as is (``-k``, ``-p plugin``); ``label`` names the subdirectory.
    """
    mode = label or (devices if marker is None else f"{devices}-{marker}")
    here = out_dir / mode
    here.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pytest", "features", "-q", "-p", "no:cacheprovider",
           "--basetemp", str(here / "tmp"),
           "--log-file", str(here / "pytest.log"), "--log-file-level", "DEBUG",
           "--bdd-report-dir", str(here / "report"),
           "--devices", devices, *(("-m", marker) if marker else ()), *extra]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}  # no xdist/addopts leaking in
    env.update(env_extra or {})
    start = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout_s, check=False
    )
    duration = time.perf_counter() - start
    output = done.stdout + done.stderr
    (here / "output.txt").write_text(output, encoding="utf-8")
    return BddRun(mode, here, done.returncode, duration, output)

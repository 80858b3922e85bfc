"""The kiosk worker processes of a chaos run, as the coordinator sees them (start, kill, faults).

Each worker is ``python -m mocks.chaos.worker DIR URL KEY SEED`` on its own directory. The
coordinator only ever kills its own children, by process handle, and starts them again on the
same directory (the kiosk resumes from its outbox).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from mocks.chaos.disk import corrupt_pending, pending_keys
from mocks.chaos.errors import ChaosWorkerError
from mocks.chaos.worker import read_told
from mocks.chaos.world import Citizen

__all__ = ["Worker", "write_jobs", "write_offset"]

_DEATH_WAIT_S = 30.0  # how long a worker armed for a power cut may take to reach an outbox write


def write_jobs(root: Path, citizens: list[Citizen], kiosks: int) -> list[Path]:
    """One directory per kiosk with its jobs: key, citizen index and persona seed (nothing personal)."""
    dirs = [root / f"kiosk-{k}" for k in range(kiosks)]
    for k, workdir in enumerate(dirs):
        workdir.mkdir(mode=0o700)
        with (workdir / "jobs.jsonl").open("w", encoding="utf-8") as fh:
            for c in citizens[k::kiosks]:
                fh.write(json.dumps({"key": c.key, "citizen": c.index, "persona": c.persona}) + "\n")
    return dirs


def write_offset(root: Path, seconds: float) -> None:
    """The kiosks' clock offset (the world clock's, plus any drift), replaced atomically."""
    tmp = root / "clock_offset.tmp"
    tmp.write_text(repr(seconds), encoding="ascii")
    os.replace(tmp, root / "clock_offset")


class Worker:
    """One kiosk process on its own directory (outbox, jobs, told lines)."""

    def __init__(self, workdir: Path, url: str, kiosk_key: str, seed: int) -> None:
        self.workdir = workdir
        self.outbox = workdir / "outbox.sqlite"
        self._args = [sys.executable, "-m", "mocks.chaos.worker", str(workdir), url, kiosk_key, str(seed)]
        self._log: IO[bytes] = (workdir / "worker.log").open("ab")
        self.proc = self._spawn()
        self.deaths_mid_write = 0
        self.jobs = len((workdir / "jobs.jsonl").read_text(encoding="utf-8").splitlines())

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self._args, stdout=self._log, stderr=subprocess.STDOUT)

    def told(self) -> int:
        return len({str(r["key"]) for r in read_told(self.workdir / "told.jsonl")})

    def _kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def kill_and_restart(self) -> None:
        self._kill()
        self.proc = self._spawn()

    def power_loss_mid_write(self) -> None:
        """Arm the worker to die inside its next outbox write; wait for it; start it again.

        A worker with nothing left to confirm never writes again: it is killed instead.
        """
        armed = self.workdir / "fault-power-loss"
        armed.touch()
        deadline = time.monotonic() + _DEATH_WAIT_S
        while self.proc.poll() is None and time.monotonic() < deadline and self.told() < self.jobs:
            time.sleep(0.05)  # waiting on a child process
        if self.proc.poll() == -signal.SIGXFSZ:
            self.deaths_mid_write += 1
        armed.unlink(missing_ok=True)
        self.kill_and_restart()

    def disk_full(self) -> None:
        """The worker's next outbox write meets a full disk (its citizen is told "not stored")."""
        (self.workdir / "fault-disk-full").touch()

    def pending(self) -> int:
        return len(pending_keys(self.outbox))

    def corrupt(self, count: int) -> list[str]:
        """Power the kiosk off, damage ``count`` of its queued items on disk, power it on."""
        self._kill()
        damaged = corrupt_pending(self.outbox, count)
        self.proc = self._spawn()
        return damaged

    def check(self) -> bool:
        """True once drained; raises when the process ended any other way."""
        code = self.proc.poll()
        if code is None:
            return False
        if code != 0 or not (self.workdir / "done").exists():
            tail = (self.workdir / "worker.log").read_text(errors="replace")[-2000:]
            raise ChaosWorkerError(f"kiosk worker {self.workdir.name} exited {code}:\n{tail}")
        return True

    def stop(self) -> None:
        if self.proc.poll() is None:
            self._kill()
        self._log.close()

"""The chaos coordinator: backend, kiosk workers, the seeded schedule, the drain, the reconciliation.

The coordinator polls the workers' told files (progress) and fires the schedule's events when
progress reaches them; it never looks at the wall clock to decide *what* happens, only to end a
timeout burst and to give up on a hung run. All processes are its own children and are stopped
on the way out, whatever happens.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from mocks.chaos.backend_proc import BackendProcess
from mocks.chaos.errors import ChaosWorkerError
from mocks.chaos.reconcile import Reconciliation, Told, ToldKind, reconcile
from mocks.chaos.schedule import ChaosEvent, EventKind, build_schedule, fault_plan
from mocks.chaos.worker import read_told
from mocks.chaos.world import Citizen, backend_dossiers, register_citizens

__all__ = ["ChaosConfig", "ChaosResult", "run_chaos"]

_KIOSK_KEY = "chaos-kiosk-key"
# A timeout burst hangs every dossier request arriving within it; longer than one client timeout
# (2 s) plus a retry, so some submissions end up queued on a timeout, not only retried inside it.
_BURST_S = 3.0
_POLL_S = 0.1


@dataclass(frozen=True, slots=True)
class ChaosConfig:
    submissions: int
    fault_rate: float
    seed: int
    kiosks: int = 3
    drain_timeout_s: float = 300.0
    run_timeout_s: float = 3600.0


@dataclass(frozen=True, slots=True)
class ChaosResult:
    config: ChaosConfig
    reconciliation: Reconciliation
    events: dict[str, int]  # fired events by kind
    outbox: dict[str, int]  # final outbox states summed over the kiosks
    elapsed_s: float
    fired: list[tuple[int, str]] = field(default_factory=list)  # (told count, event) in order

    def as_dict(self) -> dict[str, object]:
        return {
            "submissions": self.config.submissions, "fault_rate": self.config.fault_rate,
            "seed": self.config.seed, "kiosks": self.config.kiosks,
            **self.reconciliation.as_dict(), "events": self.events, "outbox": self.outbox,
            "elapsed_s": round(self.elapsed_s, 1),
        }  # fmt: skip


class _Worker:
    """One kiosk process on its own directory (outbox, jobs, told lines)."""

    def __init__(self, workdir: Path, url: str, seed: int) -> None:
        self.workdir = workdir
        self._args = [sys.executable, "-m", "mocks.chaos.worker", str(workdir), url, _KIOSK_KEY, str(seed)]
        self._log: IO[bytes] = (workdir / "worker.log").open("ab")
        self.proc = subprocess.Popen(self._args, stdout=self._log, stderr=subprocess.STDOUT)

    def told(self) -> int:
        return len({str(r["key"]) for r in read_told(self.workdir / "told.jsonl")})

    def kill_and_restart(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc = subprocess.Popen(self._args, stdout=self._log, stderr=subprocess.STDOUT)

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
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def _write_jobs(root: Path, citizens: list[Citizen], kiosks: int) -> list[Path]:
    dirs = [root / f"kiosk-{k}" for k in range(kiosks)]
    for k, workdir in enumerate(dirs):
        workdir.mkdir()
        with (workdir / "jobs.jsonl").open("w", encoding="utf-8") as fh:
            for c in citizens[k::kiosks]:
                fh.write(
                    json.dumps({"key": c.key, "citizen": c.index, "token": c.token, "dossier": c.dossier})
                )
                fh.write("\n")
    return dirs


class _Chaos:
    def __init__(self, config: ChaosConfig, backend: BackendProcess, workers: list[_Worker]) -> None:
        self.config = config
        self.backend = backend
        self.workers = workers
        self.fired: list[tuple[int, str]] = []
        self._phase = self._calm()  # the plan a burst's end restores; none before the first phase
        self._burst_until: float | None = None

    def fire(self, event: ChaosEvent, told: int) -> None:
        self.fired.append((told, event.kind.value + (f":{event.phase}" if event.phase else "")))
        if event.kind is EventKind.FAULTS:
            self._phase = fault_plan(event, self.config.fault_rate, self.config.seed)
            self.backend.set_faults(self._phase)
        elif event.kind is EventKind.TIMEOUT_BURST:
            self.backend.set_faults(fault_plan(event, self.config.fault_rate, self.config.seed))
            self._burst_until = time.monotonic() + _BURST_S
        elif event.kind is EventKind.RESTART_BACKEND:
            self.backend.restart()  # the plan in force is installed again on start
        else:
            self.workers[event.kiosk % len(self.workers)].kill_and_restart()

    def tick(self) -> None:
        if self._burst_until is not None and time.monotonic() >= self._burst_until:
            self._burst_until = None
            self.backend.set_faults(self._phase)

    def heal(self) -> None:
        self._burst_until = None
        self.backend.set_faults(self._calm())

    def _calm(self) -> dict[str, object]:
        return {"seed": self.config.seed, "rules": []}


def _wait(until: Callable[[], bool], timeout_s: float, on_tick: Callable[[], None], what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            raise ChaosWorkerError(f"gave up waiting for {what} after {timeout_s:.0f} s")
        on_tick()
        time.sleep(_POLL_S)  # polling child processes' files: nothing else to block on


def _drive(chaos: _Chaos, schedule: list[ChaosEvent], total: int) -> None:
    pending = list(schedule)
    told = 0  # read once a poll: each read parses every worker's told file

    def step() -> None:
        nonlocal told
        told = sum(w.told() for w in chaos.workers)
        while pending and pending[0].at * total <= told:
            chaos.fire(pending.pop(0), told)
        chaos.tick()
        for worker in chaos.workers:
            worker.check()

    def all_told() -> bool:
        return not pending and told >= total

    _wait(all_told, chaos.config.run_timeout_s, step, "every citizen to be told")


def _collect(dirs: list[Path]) -> tuple[list[Told], dict[str, int]]:
    told = [
        Told(str(r["key"]), int(str(r["citizen"])), ToldKind(str(r["kind"])),
             None if r["code"] is None else str(r["code"]), bool(r["resumed"]))
        for d in dirs for r in read_told(d / "told.jsonl")
    ]  # fmt: skip
    outbox: Counter[str] = Counter()
    for d in dirs:
        outbox.update(json.loads((d / "done").read_text(encoding="utf-8")))
    return told, dict(outbox)


def run_chaos(config: ChaosConfig, workdir: Path | None = None) -> ChaosResult:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kiosk-chaos-") as tmp:
        root = workdir or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        (root / "backend.toml").write_text("timeout_seconds = 3.0\n", encoding="utf-8")
        backend = BackendProcess(root / "backend.sqlite", _KIOSK_KEY, root / "backend.toml")
        workers: list[_Worker] = []
        try:
            backend.start()
            citizens = register_citizens(backend.url, _KIOSK_KEY, config.submissions, config.seed)
            dirs = _write_jobs(root, citizens, max(1, min(config.kiosks, config.submissions)))
            workers = [_Worker(d, backend.url, config.seed) for d in dirs]
            chaos = _Chaos(config, backend, workers)
            schedule = build_schedule(config.seed, config.fault_rate, len(workers))
            _drive(chaos, schedule, len(citizens))
            chaos.heal()
            (root / "drain").touch()
            _wait(lambda: all(w.check() for w in workers), config.drain_timeout_s, chaos.tick, "the drain")
            found = backend_dossiers(backend.url, _KIOSK_KEY, citizens)
        finally:
            for worker in workers:
                worker.stop()
            backend.stop()
        told, outbox = _collect(dirs)
    events = Counter(kind.split(":")[0] for _, kind in chaos.fired)
    return ChaosResult(
        config=config,
        reconciliation=reconcile(len(citizens), told, found),
        events={kind.value: events.get(kind.value, 0) for kind in EventKind},
        outbox=outbox,
        elapsed_s=time.monotonic() - started,
        fired=chaos.fired,
    )

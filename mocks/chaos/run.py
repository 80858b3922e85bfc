"""The chaos coordinator: backend, kiosk workers, the seeded schedule, the drain, the reconciliation.

The coordinator polls the workers' told files (progress) and fires the schedule's events when
progress reaches them; it never looks at the wall clock to decide *what* happens, only to end a
timeout burst, to wait for a process and to give up on a hung run. World time (the backend's
world clock and the kiosks' clocks, which follow it) moves only by the schedule's clock jumps
and outage steps. All processes are its own children and are stopped on the way out.

The run's directory holds no token and no form in clear: jobs carry an index, a key and a
persona seed; told lines carry kinds and dossier codes; outboxes are encrypted.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from mocks.chaos.errors import ChaosSetupError, ChaosWorkerError
from mocks.chaos.reconcile import Reconciliation, Told, ToldKind, reconcile
from mocks.chaos.schedule import ChaosEvent, EventKind, build_schedule, fault_plan, outage_plan
from mocks.chaos.worker import read_told
from mocks.chaos.workers import Worker, write_jobs, write_offset
from mocks.chaos.world import backend_dossiers, register_citizens
from mocks.launcher import BackendProcess, BackendProcessError

__all__ = ["ChaosConfig", "ChaosResult", "Progress", "run_chaos"]

_KIOSK_KEY = "chaos-kiosk-key"
# A timeout burst hangs every dossier request arriving within it; longer than one client timeout
# (2 s) plus a retry, so some submissions end up queued on a timeout, not only retried inside it.
_BURST_S = 3.0
_POLL_S = 0.1

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass(frozen=True, slots=True)
class ChaosConfig:
    submissions: int
    fault_rate: float
    seed: int
    kiosks: int = 3
    outage_minutes: float = 0.0
    corrupt_items: int = 0
    drain_timeout_s: float = 600.0
    run_timeout_s: float = 3600.0


@dataclass(frozen=True, slots=True)
class ChaosResult:
    config: ChaosConfig
    reconciliation: Reconciliation
    events: dict[str, int]  # fired events by kind
    outbox: dict[str, int]  # final outbox states summed over the kiosks
    elapsed_s: float
    fired: list[tuple[int, str]] = field(default_factory=list)  # (told count, event) in order
    corrupted: int = 0  # items actually damaged on disk
    deaths_mid_write: int = 0  # kiosks that died inside an outbox write (SIGXFSZ)

    def as_dict(self) -> dict[str, object]:
        cfg = self.config
        return {
            "submissions": cfg.submissions, "fault_rate": cfg.fault_rate, "seed": cfg.seed,
            "kiosks": cfg.kiosks, "outage_minutes": cfg.outage_minutes, "corrupt_items": cfg.corrupt_items,
            **self.reconciliation.as_dict(), "events": self.events, "outbox": self.outbox,
            "corrupted": self.corrupted, "deaths_mid_write": self.deaths_mid_write,
            "elapsed_s": round(self.elapsed_s, 1),
        }  # fmt: skip


class _Chaos:
    def __init__(
        self, config: ChaosConfig, root: Path, backend: BackendProcess, workers: list[Worker]
    ) -> None:
        self.config = config
        self.root = root
        self.backend = backend
        self.workers = workers
        self.fired: list[tuple[int, str]] = []
        self.damaged: list[str] = []
        self._phase: dict[str, Any] = self._calm()  # the plan in force outside bursts and outages
        self._outage = False
        self._burst_until: float | None = None
        self._drift_s = 0.0

    def fire(self, event: ChaosEvent, told: int) -> None:
        self.fired.append((told, event.kind.value + (f":{event.phase}" if event.phase else "")))
        kind, worker = event.kind, self.workers[event.kiosk % len(self.workers)]
        if kind is EventKind.FAULTS:
            self._phase = fault_plan(event, self.config.fault_rate, self.config.seed)
        elif kind is EventKind.TIMEOUT_BURST:
            self._burst_until = time.monotonic() + _BURST_S
            self.backend.set_faults(fault_plan(event, self.config.fault_rate, self.config.seed))
            return
        elif kind is EventKind.RESTART_BACKEND:
            self.backend.restart()  # the plan in force is installed again on start
        elif kind is EventKind.KILL_KIOSK:
            worker.kill_and_restart()
        elif kind is EventKind.POWER_LOSS:
            worker.power_loss_mid_write()
        elif kind is EventKind.DISK_FULL:
            worker.disk_full()
        elif kind in (EventKind.CLOCK_JUMP, EventKind.OUTAGE_STEP):
            self._advance(event.minutes * 60.0)
        elif kind is EventKind.CLOCK_DRIFT:
            self._drift_s += event.minutes * 60.0
            self._advance(0.0)
        elif kind in (EventKind.OUTAGE_START, EventKind.OUTAGE_END):
            self._outage = kind is EventKind.OUTAGE_START
        elif kind is EventKind.CORRUPT_ITEMS:
            self._corrupt(event.count)
        self._install()

    def _install(self) -> None:
        if self._burst_until is None:
            self.backend.set_faults(outage_plan(self.config.seed) if self._outage else self._phase)

    def _advance(self, seconds: float) -> None:
        """World time leaps (the backend's world clock), and the kiosks' clocks follow."""
        answer = httpx.post(
            f"{self.backend.url}/control/clock/advance", json={"seconds": seconds}, timeout=30.0
        )
        answer.raise_for_status()
        write_offset(self.root, float(answer.json()["offset_seconds"]) + self._drift_s)

    def _corrupt(self, count: int) -> None:
        for worker in sorted(self.workers, key=lambda w: -w.pending()):
            if len(self.damaged) >= count:
                return
            if worker.pending():
                self.damaged += worker.corrupt(count - len(self.damaged))

    def tick(self) -> None:
        if self._burst_until is not None and time.monotonic() >= self._burst_until:
            self._burst_until = None
            self._install()

    def heal(self) -> None:
        self._burst_until, self._outage, self._phase = None, False, self._calm()
        self._install()

    def _calm(self) -> dict[str, Any]:
        return {"seed": self.config.seed, "rules": []}


def _wait(until: Callable[[], bool], timeout_s: float, on_tick: Callable[[], None], what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            raise ChaosWorkerError(f"gave up waiting for {what} after {timeout_s:.0f} s")
        on_tick()
        time.sleep(_POLL_S)  # polling child processes' files: nothing else to block on


def _drive(chaos: _Chaos, schedule: list[ChaosEvent], total: int, progress: Progress) -> None:
    pending = list(schedule)
    told = 0  # read once a poll: each read parses every worker's told file

    def step() -> None:
        nonlocal told
        told = sum(w.told() for w in chaos.workers)
        progress("confirming", told, total)
        while pending and pending[0].at * total <= told:
            chaos.fire(pending.pop(0), told)
        chaos.tick()
        for worker in chaos.workers:
            worker.check()

    def all_told() -> bool:
        return not pending and told >= total

    _wait(all_told, chaos.config.run_timeout_s, step, "every citizen to be told")


def _collect(dirs: list[Path]) -> tuple[list[Told], dict[str, int], set[str]]:
    told = [
        Told(str(r["key"]), int(str(r["citizen"])), ToldKind(str(r["kind"])),
             None if r["code"] is None else str(r["code"]), bool(r["resumed"]))
        for d in dirs for r in read_told(d / "told.jsonl")
    ]  # fmt: skip
    outbox: Counter[str] = Counter()
    quarantined: set[str] = set()
    for d in dirs:
        done = json.loads((d / "done").read_text(encoding="utf-8"))
        quarantined.update(done.pop("quarantined_keys"))
        outbox.update(done)
    return told, dict(outbox), quarantined


def _drain(chaos: _Chaos, total: int, progress: Progress) -> None:
    chaos.heal()
    (chaos.root / "drain").touch()

    def tick() -> None:
        chaos.tick()
        progress("draining", sum((w.workdir / "done").exists() for w in chaos.workers), len(chaos.workers))

    _wait(lambda: all(w.check() for w in chaos.workers), chaos.config.drain_timeout_s, tick, "the drain")


def run_chaos(
    config: ChaosConfig, workdir: Path | None = None, progress: Progress | None = None
) -> ChaosResult:
    started = time.monotonic()
    report = progress or (lambda phase, done, total: None)
    with tempfile.TemporaryDirectory(prefix="kiosk-chaos-") as tmp:
        root = workdir or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        settings = root / "backend.toml"
        settings.write_text("timeout_seconds = 3.0\n", encoding="utf-8")
        write_offset(root, 0.0)
        backend = BackendProcess(root / "backend.sqlite", kiosk_keys=[_KIOSK_KEY], config=settings)
        workers: list[Worker] = []
        try:
            try:
                backend.start()
            except BackendProcessError as exc:
                raise ChaosSetupError(str(exc)) from None
            citizens = register_citizens(backend.url, _KIOSK_KEY, config.submissions, config.seed)
            dirs = write_jobs(root, citizens, max(1, min(config.kiosks, config.submissions)))
            workers = [Worker(d, backend.url, _KIOSK_KEY, config.seed) for d in dirs]
            chaos = _Chaos(config, root, backend, workers)
            schedule = build_schedule(
                config.seed, config.fault_rate, len(workers),
                outage_minutes=config.outage_minutes, corrupt_items=config.corrupt_items,
            )  # fmt: skip
            _drive(chaos, schedule, len(citizens), report)
            _drain(chaos, len(citizens), report)
        finally:
            for worker in workers:
                worker.stop()
            backend.stop()
        found = backend_dossiers(backend.db, citizens)
        told, outbox, quarantined = _collect(dirs)
    events = Counter(kind.split(":")[0] for _, kind in chaos.fired)
    return ChaosResult(
        config=config,
        reconciliation=reconcile(len(citizens), told, found, quarantined),
        events={kind.value: events.get(kind.value, 0) for kind in EventKind},
        outbox=outbox,
        elapsed_s=time.monotonic() - started,
        fired=chaos.fired,
        corrupted=len(chaos.damaged),
        deaths_mid_write=sum(w.deaths_mid_write for w in workers),
    )

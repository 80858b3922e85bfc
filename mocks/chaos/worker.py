"""One headless kiosk process of the chaos run: the real kiosk, assembled as ``kiosk run`` does it.

``python -m mocks.chaos.worker DIR BASE_URL KIOSK_KEY SEED`` builds the kiosk with
``reference_kiosk.app.build_kiosk`` (no window, inline services) on ``DIR`` as its state
directory and files one dossier per line of ``DIR/jobs.jsonl`` (``key``, ``citizen`` index,
``persona`` seed) the way a citizen at the kiosk would: a VNeID login through the kiosk's own
effects (approved through the control API, as the citizen's phone would), then the kiosk's own
``SubmitDossier`` effect (outbox first, then one delivery attempt), then the end of the session
(wipe and logout). What the citizen was told goes to ``DIR/told.jsonl`` (fsync'd, no personal
data). Between citizens the kiosk's sender retries whatever is due.

Nothing personal is written in clear: the persona is rebuilt in memory from its seed, the token
lives in memory and in the encrypted outbox only.

The coordinator steers it through files: ``DIR/../clock_offset`` (seconds the world clock is
ahead; the kiosk's clock follows it, as NTP would), ``DIR/fault-disk-full`` and
``DIR/fault-power-loss`` (the next submission meets a full disk, or the process dies inside the
outbox's write, see ``mocks.chaos.disk``) and ``DIR/../drain`` (deliver everything, then write
``DIR/done``). Killed and started again on the same DIR, it resumes: told jobs are skipped; a job
in the outbox without a told line was confirmed when the process died, so its citizen learns
"queued" (resumed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from mocks.chaos.disk import cap_file_size, lift_file_size_cap
from mocks.chaos.world import CASE, PDF, PROCEDURE, dossier_body
from mocks.citizens import persona
from reference_kiosk.app.compose import ClientOptions, KioskAssembly, build_kiosk
from reference_kiosk.backend.transport import RetryBudget, RetryPolicy, Timeouts
from reference_kiosk.config import KioskConfig
from reference_kiosk.documents.pipeline import Document, DocumentFormat
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.outbox import ItemState, OutboxError
from reference_kiosk.ports import Devices

__all__ = ["CLIENT_TIMEOUTS", "FollowingClock", "main", "read_told"]

# Shorter than the backend's timeout fault (3 s): a hung request becomes a client read timeout.
CLIENT_TIMEOUTS = Timeouts(connect=1.0, read=2.0, write=2.0, pool=2.0)
_RETRY = RetryPolicy(attempts=2, base_delay=0.05, max_delay=0.2, max_elapsed=3.0)
_POLL_S = 0.05
_LOGIN_TRIES = 200  # a login only fails while the backend restarts: try again for a while


def read_told(path: Path) -> list[dict[str, object]]:
    """Told lines; a torn last line (killed mid-write) is ignored: its citizen is told again."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


class FollowingClock:
    """The wall clock plus the world clock's offset, read from the coordinator's file."""

    def __init__(self, offset_file: Path) -> None:
        self._file = offset_file

    def _offset(self) -> float:
        try:
            return float(self._file.read_text(encoding="ascii"))
        except (OSError, ValueError):
            return 0.0

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self._offset())

    def monotonic(self) -> float:
        return time.monotonic()


def _name(answer: ev.Event) -> str:
    """An answer's class (and its error's class): never its content."""
    error = getattr(answer, "error", None)
    return type(answer).__name__ + (f"({type(error).__name__})" if error is not None else "")


def _documents() -> dict[str, Document]:
    """The two papers of the chaos procedure, as the kiosk's document pipeline hands them over."""
    doc = Document(PDF, DocumentFormat.PDF, (), (), hashlib.sha256(PDF).hexdigest(), ())
    return {"CT01": doc, "GT_CHO_O": doc}


class _Kiosk:
    def __init__(self, workdir: Path, kiosk: KioskAssembly, control: httpx.Client) -> None:
        self.workdir = workdir
        self.kiosk = kiosk
        self.services = kiosk.services
        self.outbox = kiosk.services.executor.outbox
        self.control = control
        self._told_fd = os.open(workdir / "told.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def tell(self, key: str, citizen: int, kind: str, code: str | None = None, resumed: bool = False) -> None:
        line = json.dumps({"key": key, "citizen": citizen, "kind": kind, "code": code, "resumed": resumed})
        os.write(self._told_fd, line.encode() + b"\n")  # one write: a kill leaves a whole line or none
        os.fsync(self._told_fd)

    def _answer(self, effect: fx.Effect) -> list[ev.Event]:
        self.services.execute([effect])
        return self.services.drain()

    def login(self, id_number: str) -> str:
        """The citizen's VNeID login through the kiosk's own effects; the token stays in memory."""
        seen: list[str] = []
        for _ in range(_LOGIN_TRIES):
            answers = self._answer(fx.StartVneid())
            started = [a for a in answers if isinstance(a, ev.VneidStarted)]
            if started and self._approve(started[0].session_id, id_number):
                answers = self._answer(fx.PollVneid(started[0].session_id))
                token = next((a.token for a in answers if isinstance(a, ev.LoggedIn)), None)
                if token is not None:
                    return token
            seen += [_name(a) for a in answers]
            time.sleep(0.2)  # the backend is restarting: a citizen would try again shortly
        raise RuntimeError(f"VNeID login kept failing: {sorted(set(seen))}")

    def _approve(self, session: str, id_number: str) -> bool:
        """The citizen's phone approves the login (the control API stands in for VNeID)."""
        try:
            answer = self.control.post(f"/control/vneid/{session}/approve", json={"id_number": id_number})
        except httpx.TransportError:
            return False
        return answer.status_code == 200

    def submit(self, job: dict[str, Any]) -> None:
        key, citizen = str(job["key"]), int(job["citizen"])
        if self.outbox.item(key) is not None:  # confirmed before this process was killed
            self.tell(key, citizen, "queued", resumed=True)
            return
        person = persona(int(job["persona"]))
        token = self.login(person.id_number)
        body = dossier_body(person)
        with self.services.executor.store.lock:
            self.services.executor.store.documents.update(_documents())
        self._arm_disk_faults()
        answers = self._answer(
            fx.SubmitDossier(key, token, PROCEDURE, CASE, body["form"], ("CT01", "GT_CHO_O"))
        )
        lift_file_size_cap()
        self.services.execute([fx.WipePersonalData()])  # the citizen leaves: wipe, then logout
        answer = answers[0] if answers else None
        if isinstance(answer, ev.SubmissionAcknowledged):
            self.tell(key, citizen, "receipt", answer.dossier.code)
        elif isinstance(answer, ev.SubmissionQueued):
            self.tell(key, citizen, "queued")
        elif isinstance(answer, ev.ErrorOccurred) and isinstance(answer.error, OutboxError):
            self.tell(key, citizen, "not_stored")  # "could not store your dossier: see staff"
        else:
            print(f"refused: {[_name(a) for a in answers]}", flush=True)  # class names only
            self.tell(key, citizen, "refused")
        self.services.flush_outbox()

    def _arm_disk_faults(self) -> None:
        for name, die in (("fault-disk-full", False), ("fault-power-loss", True)):
            armed = self.workdir / name
            if armed.exists():
                armed.unlink()  # consumed first: the restarted process must not fault again
                cap_file_size(self.outbox_path, die=die)

    @property
    def outbox_path(self) -> Path:
        return self.kiosk.config.outbox_path

    def drain(self, keys: list[str]) -> None:
        while not (self.workdir.parent / "drain").exists() or self.outbox.pending():
            self.services.flush_outbox()
            time.sleep(_POLL_S)  # a worker process on the real clock, waiting for the coordinator
        counts: dict[str, Any] = {state.value: n for state, n in self.outbox.counts().items()}
        items = [item for key in keys if (item := self.outbox.item(key)) is not None]
        counts["attempts"] = sum(item.attempts for item in items)
        counts["http_attempts"] = self.services.executor.backend.attempts  # type: ignore[attr-defined]
        for item in items:
            if item.last_error:
                counts[f"error:{item.last_error}"] = counts.get(f"error:{item.last_error}", 0) + 1
        counts["quarantined_keys"] = [i.key for i in items if i.state is ItemState.QUARANTINED]
        (self.workdir / "done").write_text(json.dumps(counts), encoding="utf-8")


def _assemble(workdir: Path, base_url: str, kiosk_key: str, seed: int) -> KioskAssembly:
    # A restarted worker draws other jitter than its predecessor, still from the seed.
    restarts = len(list(workdir.glob("start-*")))
    (workdir / f"start-{restarts}").touch()
    rng = random.Random(f"{seed}:{workdir.name}:{restarts}")
    config = KioskConfig(
        kiosk_id=f"chaos-{workdir.name}", kiosk_key=kiosk_key, backend_url=base_url,
        state_dir=workdir, outbox_path=Path("outbox.sqlite"), telemetry_path=None,
    )  # fmt: skip
    client = ClientOptions(
        timeouts=CLIENT_TIMEOUTS, retry=_RETRY, budget=RetryBudget(ratio=0.5, reserve=20.0),
        jitter_rng=rng, resend_base_s=0.2, resend_cap_s=2.0,
    )  # fmt: skip
    clock = FollowingClock(workdir.parent / "clock_offset")
    return build_kiosk(config, Devices(), clock=clock, threaded=False, rng=rng, ui=False, client=client)


def _enrol(control: httpx.Client, public_key: str) -> None:
    """Register the kiosk's signing key (idempotent), so its queued items outlive their tokens."""
    for _ in range(_LOGIN_TRIES):
        try:
            answer = control.post("/control/kiosks/signing-keys", json={"public_key": public_key})
            if answer.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)  # the backend is restarting
    raise RuntimeError("could not register the kiosk's signing key")


def run(workdir: Path, base_url: str, kiosk_key: str, seed: int) -> None:
    kiosk = _assemble(workdir, base_url, kiosk_key, seed)
    signer = kiosk.services.executor.outbox.signer
    with httpx.Client(base_url=base_url, headers={"X-Kiosk-Key": kiosk_key}, timeout=10.0) as control:
        if signer is not None:
            _enrol(control, signer.public_key_b64)
        worker = _Kiosk(workdir, kiosk, control)
        told = {str(r["key"]) for r in read_told(workdir / "told.jsonl")}
        keys = []
        with (workdir / "jobs.jsonl").open(encoding="utf-8") as jobs:
            for line in jobs:
                job = json.loads(line)
                keys.append(str(job["key"]))
                if job["key"] not in told:
                    worker.submit(job)
        worker.drain(keys)
    kiosk.close()


def main(argv: list[str] | None = None) -> int:
    workdir, base_url, kiosk_key, seed = argv if argv is not None else sys.argv[1:]
    run(Path(workdir), base_url, kiosk_key, int(seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""One headless kiosk process of the chaos run: the real outbox, sender and HTTP client.

``python -m mocks.chaos.worker DIR BASE_URL KIOSK_KEY SEED`` reads ``DIR/jobs.jsonl`` (one
confirmed submission per line: key, citizen index, token, dossier) and for each job does what the
kiosk does when a citizen presses "confirm": write it to the encrypted outbox first, then make one
delivery attempt. The citizen is told the receipt code if the backend acknowledged it, "queued"
otherwise, "refused" on a permanent 4xx; that line is appended to ``DIR/told.jsonl`` (fsync'd).
Between jobs the sender retries whatever is due, like the kiosk's background loop.

Killed and started again on the same DIR, it resumes: jobs already told are skipped; a job found
in the outbox without a told line was confirmed when the process died, so its citizen learns
"queued" (delivered later) and the sender carries on. Once every job is told and the coordinator
has created ``DIR/../drain``, it delivers everything pending and writes ``DIR/done``.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from reference_kiosk import api
from reference_kiosk.backend.http import HttpProvincialBackend
from reference_kiosk.backend.transport import RetryBudget, RetryPolicy, Timeouts
from reference_kiosk.outbox.sender import Deferred, Delivered, OutboxSender, SendResult
from reference_kiosk.outbox.store import Outbox, Submission, load_or_create_key
from reference_kiosk.ports import SystemClock

__all__ = ["CLIENT_TIMEOUTS", "main", "read_told"]

# Shorter than the backend's timeout fault (3 s): a hung request becomes a client read timeout.
CLIENT_TIMEOUTS = Timeouts(connect=1.0, read=2.0, write=2.0, pool=2.0)
_RETRY = RetryPolicy(attempts=2, base_delay=0.05, max_delay=0.2, max_elapsed=3.0)
_POLL_S = 0.05


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


class _Kiosk:
    def __init__(self, workdir: Path, sender: OutboxSender, outbox: Outbox) -> None:
        self.workdir = workdir
        self.sender = sender
        self.outbox = outbox
        self.seen: Counter[str] = Counter()  # failed delivery attempts by error class
        self._told_fd = os.open(workdir / "told.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def tell(self, key: str, citizen: int, kind: str, code: str | None = None, resumed: bool = False) -> None:
        line = json.dumps({"key": key, "citizen": citizen, "kind": kind, "code": code, "resumed": resumed})
        os.write(self._told_fd, line.encode() + b"\n")  # one write: a kill leaves a whole line or none
        os.fsync(self._told_fd)

    async def submit(self, job: dict[str, object]) -> None:
        key, citizen = str(job["key"]), int(str(job["citizen"]))
        if self.outbox.item(key) is not None:  # confirmed before this process was killed
            self.tell(key, citizen, "queued", resumed=True)
            return
        dossier = api.DossierCreate.model_validate(job["dossier"])
        self.outbox.add(key, Submission(token=str(job["token"]), dossier=dossier))
        result = await self.sender.send(key)
        self._note([result] if result is not None else [])
        if isinstance(result, Delivered):
            self.tell(key, citizen, "receipt", result.dossier.code)
        elif isinstance(result, Deferred) or result is None:
            self.tell(key, citizen, "queued")
        else:
            self.tell(key, citizen, "refused")
        self._note(await self.sender.send_due())

    def _note(self, results: list[SendResult]) -> None:
        self.seen.update(f"error:{type(r.error).__name__}" for r in results if isinstance(r, Deferred))

    async def drain(self, keys: list[str], http_attempts: Callable[[], int]) -> None:
        while not (self.workdir.parent / "drain").exists() or self.outbox.pending():
            self._note(await self.sender.send_due())
            await asyncio.sleep(_POLL_S)
        counts = {state.value: n for state, n in self.outbox.counts().items()}
        # Delivery attempts (sender level) made for this kiosk's jobs, retries after faults included.
        counts["attempts"] = sum(item.attempts for key in keys if (item := self.outbox.item(key)) is not None)
        counts["http_attempts"] = http_attempts()
        counts.update(self.seen)  # this process's only: a killed predecessor's tally died with it
        (self.workdir / "done").write_text(json.dumps(counts), encoding="utf-8")


async def _run(workdir: Path, base_url: str, kiosk_key: str, seed: int) -> None:
    clock = SystemClock()
    outbox = Outbox(workdir / "outbox.sqlite", load_or_create_key(workdir / "outbox.key"), clock)
    # A restarted worker draws other jitter than its predecessor, still from the seed.
    restarts = len(list(workdir.glob("start-*")))
    (workdir / f"start-{restarts}").touch()
    rng = random.Random(f"{seed}:{workdir.name}:{restarts}")
    backend = HttpProvincialBackend(
        base_url, kiosk_key, timeouts=CLIENT_TIMEOUTS, retry=_RETRY,
        budget=RetryBudget(ratio=0.5, reserve=20.0), rng=rng, clock=clock,
    )  # fmt: skip
    async with backend:
        kiosk = _Kiosk(workdir, OutboxSender(outbox, backend, clock, rng, base_s=0.2, cap_s=2.0), outbox)
        told = {str(r["key"]) for r in read_told(workdir / "told.jsonl")}
        keys = []
        with (workdir / "jobs.jsonl").open(encoding="utf-8") as jobs:
            for line in jobs:
                job = json.loads(line)
                keys.append(str(job["key"]))
                if job["key"] not in told:
                    await kiosk.submit(job)
        await kiosk.drain(keys, lambda: backend.attempts)
    outbox.close()


def main(argv: list[str] | None = None) -> int:
    workdir, base_url, kiosk_key, seed = argv if argv is not None else sys.argv[1:]
    asyncio.run(_run(Path(workdir), base_url, kiosk_key, int(seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A full disk at the outbox's file layer: a named error when confirming, never a dead sender.

The disk is made "full" for real in a child process: ``RLIMIT_FSIZE`` caps the size its files
may reach (SIGXFSZ ignored, so ``write`` fails with EFBIG the way it fails with ENOSPC), and the
outbox's SQLite file and WAL are truncated first so the very next write goes past the cap.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_CHILD = r"""
import asyncio, json, random, resource, signal, sqlite3, sys
from pathlib import Path
from typing import cast
from reference_kiosk.outbox import Outbox, OutboxSender, ItemState
from reference_kiosk.ports import ProvincialBackend
from tests.support.kiosk_flow import FakeClock
from tests.unit.kiosk.test_outbox import KEY, FakeBackend, submission

path = Path(sys.argv[1])
clock = FakeClock()
outbox = Outbox(path, KEY, clock)
backend = FakeBackend()
sender = OutboxSender(outbox, cast(ProvincialBackend, backend), clock, random.Random(1))
outbox.add("k1", submission())
outbox.add("k2", submission())

def disk_full() -> None:
    with sqlite3.connect(path) as other:
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16, resource.RLIM_INFINITY))

def disk_free() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

out = {}
disk_full()
try:
    outbox.add("k3", submission())
    out["add"] = "stored"
except Exception as exc:
    out["add"] = type(exc).__name__
    out["message_en"] = getattr(exc, "message_en", "")
results = asyncio.run(sender.send_due())  # the backend files both; the outbox cannot record it
out["while_full"] = [type(r).__name__ for r in results]
disk_free()
results = asyncio.run(sender.send_due())  # sent again, deduplicated by key, recorded this time
out["after"] = [type(r).__name__ for r in results]
out["stored_at_backend"] = sorted(backend.stored)
out["counts"] = {s.value: n for s, n in outbox.counts().items()}
out["k3"] = outbox.item("k3") is not None
print(json.dumps(out))
"""


def test_a_full_disk_gives_a_named_error_and_the_sender_carries_on(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "outbox.sqlite")],
        capture_output=True, text=True, timeout=60, check=False, cwd=Path(__file__).parents[3],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.splitlines()[-1])
    assert out["add"] == "OutboxStorageError"
    assert "could not store your dossier" in out["message_en"]
    assert out["k3"] is False  # not stored, and the citizen was told so
    assert out["while_full"] == ["Delivered", "Delivered"]
    assert out["after"] == ["Delivered", "Delivered"]
    assert out["stored_at_backend"] == ["k1", "k2"]
    assert out["counts"] == {"pending": 0, "delivered": 2, "rejected": 0, "quarantined": 0}

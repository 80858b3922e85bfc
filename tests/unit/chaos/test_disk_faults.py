"""The chaos run's disk faults do what they claim, on a real outbox file in a child process."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from mocks.chaos.disk import corrupt_pending, pending_keys

ROOT = Path(__file__).parents[3]
_CHILD = r"""
import sys
from pathlib import Path
from mocks.chaos.disk import cap_file_size
from reference_kiosk.outbox import Outbox
from tests.support.kiosk_flow import FakeClock
from tests.unit.kiosk.test_outbox import KEY, submission

path, mode = Path(sys.argv[1]), sys.argv[2]
outbox = Outbox(path, KEY, FakeClock())
outbox.add("before", submission())
cap_file_size(path, die=mode == "die")
try:
    outbox.add("during", submission())
    print("stored")
except Exception as exc:
    print(type(exc).__name__)
"""


def _child(path: Path, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), mode],
        capture_output=True, text=True, timeout=60, check=False, cwd=ROOT,
    )  # fmt: skip


def test_a_power_cut_kills_the_kiosk_inside_the_outbox_write_and_the_file_survives(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite"
    done = _child(path, "die")
    assert done.returncode == -signal.SIGXFSZ, done.stdout + done.stderr
    assert done.stdout == ""  # it never came back from the write
    wal = path.with_name(path.name + "-wal")
    assert 32 < wal.stat().st_size < 32 + 24 + 4096  # a torn frame: header plus part of a page
    assert pending_keys(path) == ["before"]  # recovered: the committed item, not the torn one
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_a_full_disk_refuses_the_write_with_the_outbox_s_named_error(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite"
    done = _child(path, "full")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "OutboxStorageError"
    assert pending_keys(path) == ["before"]


def test_corrupting_pending_items_changes_one_bit_of_each_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite"
    done = _child(path, "full")  # leaves one pending item, "before"
    assert done.returncode == 0
    before = path.read_bytes()
    assert corrupt_pending(path, 3) == ["before"]  # only one is pending
    after = path.read_bytes()
    assert len(after) == len(before)
    diff = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(diff) == 1
    assert bin(before[diff[0]] ^ after[diff[0]]).count("1") == 1

"""Disk faults of the chaos run, done to the kiosk's real files, never through the outbox's API.

* ``cap_file_size(sqlite, die=...)``: the next write to the outbox database fails at the file
  layer. ``RLIMIT_FSIZE`` caps how large this process's files may grow; the outbox's WAL is
  truncated first, so its very next write crosses the cap. With ``die=False`` SIGXFSZ is
  ignored and ``write`` fails with EFBIG, as with a full disk (ENOSPC): SQLite reports an I/O
  error. With ``die=True`` SIGXFSZ's default action kills the process inside that ``write``,
  after the WAL header and part of the first frame: a power cut during an outbox write.
* ``corrupt_pending(sqlite, count)``: flip one bit in the ciphertext of the oldest pending items
  of a kiosk's outbox file while that kiosk is down (what a failing flash sector does).

The outbox's table is read by column name (``key``, ``state``, ``payload``, ``created_at``):
the fault injector knows the file format, the kiosk code is not imported.
"""

from __future__ import annotations

import resource
import signal
import sqlite3
from pathlib import Path

__all__ = ["cap_file_size", "corrupt_pending", "lift_file_size_cap", "pending_keys"]

_WAL_HEADER = 32
_FRAME_HEADER = 24


def _checkpoint(sqlite: Path) -> None:
    with sqlite3.connect(sqlite) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def cap_file_size(sqlite: Path, *, die: bool) -> None:
    """Make the next outbox write fail (``die=False``) or kill this process mid-write (``die=True``)."""
    _checkpoint(sqlite)
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL if die else signal.SIG_IGN)
    # Past the WAL header and into the first frame: the write is torn, not merely refused.
    cap = _WAL_HEADER + _FRAME_HEADER + 1000 if die else 16
    resource.setrlimit(resource.RLIMIT_FSIZE, (cap, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


def lift_file_size_cap() -> None:
    hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)


def pending_keys(sqlite: Path) -> list[str]:
    if not sqlite.exists():
        return []
    with sqlite3.connect(sqlite) as conn:
        rows = conn.execute(
            "SELECT key FROM outbox WHERE state = 'pending' AND payload IS NOT NULL ORDER BY created_at"
        ).fetchall()
    conn.close()
    return [str(r[0]) for r in rows]


def corrupt_pending(sqlite: Path, count: int) -> list[str]:
    """Flip one bit in each of the ``count`` oldest pending items' ciphertext; their keys.

    Call it while no process has the file open. The WAL is checkpointed into the main file
    first, so the bytes changed are the only copy.
    """
    _checkpoint(sqlite)
    with sqlite3.connect(sqlite) as conn:
        rows = conn.execute(
            "SELECT key, payload FROM outbox WHERE state = 'pending' AND payload IS NOT NULL"
            " ORDER BY created_at LIMIT ?",
            (count,),
        ).fetchall()
    conn.close()
    raw = bytearray(sqlite.read_bytes())
    damaged = []
    for key, payload in rows:
        blob = bytes(payload)
        at = raw.find(blob[16:48])  # past the 12-byte nonce: inside the ciphertext
        if at < 0 or raw.find(blob[16:48], at + 1) >= 0:
            continue  # not exactly once in the file: leave it alone rather than guess
        raw[at + 5] ^= 0x10
        damaged.append(str(key))
    sqlite.write_bytes(bytes(raw))
    return damaged

"""SQLite storage of the simulated backend: one file, WAL mode, data survives a restart.

One connection shared by the app's worker threads behind a re-entrant lock: SQLite serialises
writers anyway, and holding our own lock means no request ever sees "database is locked". WAL
lets other processes (a benchmark, an inspector) read while the backend writes. The schema is
created idempotently; ``schema_version`` in ``meta`` leaves room for trivial migrations.

The file holds ID numbers, names, forms and scans, so at rest it is private: the database is
created 0600 (SQLite gives its ``-wal`` and ``-shm`` files the database's mode) in a 0700
directory, and ``secure_delete`` zeroes what is deleted; ``reset`` (the purge behind
``/control/reset``) ends with a truncating WAL checkpoint so no deleted row survives in the WAL.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["SCHEMA_VERSION", "Store"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS citizens (
    id_number TEXT PRIMARY KEY, subject TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL,
    date_of_birth TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vneid_sessions (
    id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, nonce TEXT NOT NULL, created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL, status TEXT NOT NULL, id_number TEXT);
CREATE TABLE IF NOT EXISTS dossier_counters (
    agency TEXT NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (agency, day));
CREATE TABLE IF NOT EXISTS dossiers (
    code TEXT PRIMARY KEY, owner TEXT NOT NULL, procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL, case_code TEXT NOT NULL, agency TEXT NOT NULL,
    channel TEXT NOT NULL, kiosk_id TEXT, status INTEGER NOT NULL, received_at TEXT NOT NULL,
    appointment_date TEXT NOT NULL, fee_due INTEGER NOT NULL, form_json TEXT NOT NULL,
    next_step_at TEXT, step INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS dossiers_owner ON dossiers (owner);
CREATE INDEX IF NOT EXISTS dossiers_next ON dossiers (next_step_at);
CREATE TABLE IF NOT EXISTS idempotency (
    kiosk_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
    dossier_code TEXT NOT NULL, PRIMARY KEY (kiosk_id, key));
CREATE TABLE IF NOT EXISTS attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT, dossier_code TEXT NOT NULL, supplement_id TEXT,
    document_code TEXT NOT NULL, filename TEXT NOT NULL, content_type TEXT NOT NULL,
    sha256 TEXT NOT NULL, size INTEGER NOT NULL, content BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT, dossier_code TEXT NOT NULL, at TEXT NOT NULL,
    from_status INTEGER, to_status INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    content TEXT NOT NULL, deadline TEXT);
CREATE INDEX IF NOT EXISTS history_dossier ON history (dossier_code);
CREATE TABLE IF NOT EXISTS supplements (
    id TEXT PRIMARY KEY, dossier_code TEXT NOT NULL, requested_at TEXT NOT NULL,
    documents_json TEXT NOT NULL, note TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY, dossier_code TEXT NOT NULL, amount INTEGER NOT NULL, vietqr TEXT NOT NULL,
    status TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, paid_at TEXT,
    receipt_number TEXT);
CREATE INDEX IF NOT EXISTS payments_dossier ON payments (dossier_code);
CREATE TABLE IF NOT EXISTS ratings (
    id TEXT PRIMARY KEY, dossier_code TEXT NOT NULL UNIQUE, agency TEXT NOT NULL,
    created_at TEXT NOT NULL, total INTEGER NOT NULL, indicators_json TEXT NOT NULL,
    convenience TEXT NOT NULL, overall TEXT NOT NULL, comment TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS revoked_tokens (
    jti TEXT PRIMARY KEY, subject TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS revoked_tokens_expiry ON revoked_tokens (expires_at);
CREATE TABLE IF NOT EXISTS lookup_failures (kiosk_id TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS lookup_failures_kiosk ON lookup_failures (kiosk_id, at);
CREATE TABLE IF NOT EXISTS vneid_accounts (
    id_number TEXT PRIMARY KEY, salt BLOB NOT NULL, password_hash BLOB NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0, locked_until TEXT);
CREATE TABLE IF NOT EXISTS vneid_otps (
    id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, id_number TEXT NOT NULL, code TEXT NOT NULL,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS vneid_otps_citizen ON vneid_otps (id_number, created_at);
"""

# Tables emptied by a reset; citizens (the population), meta's signing data and revoked tokens stay
# (the signing key survives a reset, so a logged-out token must stay refused).
_RESETTABLE = (
    "vneid_sessions", "dossier_counters", "dossiers", "idempotency", "attachments", "history",
    "supplements", "payments", "ratings", "lookup_failures", "vneid_accounts", "vneid_otps",
)  # fmt: skip
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _private_directory(folder: Path) -> None:
    """Create ``folder`` 0700, or narrow an existing one we own to 0700.

    Never the working or home directory: those hold more than this backend's files, and
    narrowing them would surprise their owner (the files inside stay 0600 either way).
    """
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        return
    keep = {Path.cwd().resolve(), Path.home().resolve(), Path("/")}
    info = folder.stat()
    if folder.resolve() not in keep and info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        folder.chmod(0o700)


def _private_files(path: Path) -> None:
    """The database 0600 before SQLite opens it; side files it left behind narrowed too."""
    _private_directory(path.parent)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))  # an empty file is a new database
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in _SIDE_FILES)):
        if candidate.exists() and stat.S_IMODE(candidate.stat().st_mode) != 0o600:
            candidate.chmod(0o600)


class Store:
    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._closed = False
        self._conn = self._connect()
        if self.get_meta("schema_version") is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))

    def _connect(self) -> sqlite3.Connection:
        if self.path != ":memory:" and not self.path.startswith("file:"):
            _private_files(Path(self.path))
        # autocommit mode: transactions are explicit (BEGIN IMMEDIATE in tx())
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA secure_delete=ON")  # deleted rows are zeroed, not left in free pages
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.executescript(_SCHEMA)
        return conn

    def open(self) -> None:
        """Reopen after ``close`` (an ASGI server may run the app's lifespan more than once)."""
        with self._lock:
            if self._closed:
                self._conn = self._connect()
                self._closed = False

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One atomic transaction, serialised with every other user of this store."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def held_if_free(self) -> Iterator[bool]:
        """Take the store's lock only if nobody holds it; yields whether it was taken (and is held,
        re-entrantly, for the block: ``tx``/``read`` inside then never wait)."""
        taken = self._lock.acquire(blocking=False)
        try:
            yield taken
        finally:
            if taken:
                self._lock.release()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    def journal_mode(self) -> str:
        with self.read() as conn:
            return str(conn.execute("PRAGMA journal_mode").fetchone()[0])

    def get_meta(self, key: str) -> str | None:
        with self.read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        with self.tx() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def reset(self) -> None:
        with self.tx() as conn:
            for table in _RESETTABLE:
                conn.execute(f"DELETE FROM {table}")  # fixed names, no user input
        self.checkpoint()

    def checkpoint(self) -> None:
        """Copy the WAL into the (securely deleted) file and truncate it: purged rows leave both."""
        with self._lock:
            busy = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:  # another process reads the database: its snapshot pins the WAL
            raise sqlite3.OperationalError("the WAL could not be truncated: another reader holds it")

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            self._closed = True

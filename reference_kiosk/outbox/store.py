"""The durable outbox: confirmed submissions in SQLite, personal data encrypted at rest.

One row per idempotency key. The citizen's token, the dossier (form values, attachments) and,
when the outbox has the kiosk's signer, the signed confirmation (``signing.Confirmation``, made
here at the moment of ``add``, which is when the citizen confirms) are one AES-256-GCM blob
(nonce || ciphertext), authenticated with the key as associated data so a blob cannot be moved
to another row. Only non-personal bookkeeping is stored in clear:
state, attempts, next attempt time, last error class name, and once delivered the dossier code
and appointment date (the encrypted blob is then dropped: nothing personal stays longer than
needed).

    PENDING --backend acknowledged--> DELIVERED
    PENDING --backend refused for good (4xx)--> REJECTED (blob kept for staff)
    PENDING --blob does not open (altered file, wrong key)--> QUARANTINED (kept, never retried,
                                                           reported to staff; others go on)

Times are wall-clock seconds from the injected Clock, because they must survive a restart.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from reference_kiosk import api
from reference_kiosk.outbox.errors import OutboxKeyError, OutboxStorageError, OutboxTamperedError
from reference_kiosk.outbox.signing import Confirmation, KioskSigner
from reference_kiosk.ports import Clock

__all__ = ["ItemState", "Outbox", "OutboxItem", "Submission", "generate_key", "load_or_create_key"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    key TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    dossier_code TEXT,
    appointment_date TEXT,
    payload BLOB
)
"""
_NONCE = 12


class ItemState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    REJECTED = "rejected"
    QUARANTINED = "quarantined"


@dataclass(frozen=True, slots=True)
class Submission:
    """What is sent: the citizen's bearer token and the dossier. Never printed.

    ``confirmation`` is the kiosk's signature over it, which lets the backend accept the
    submission after the token expired (deferred delivery, decision 0015).
    """

    token: str = field(repr=False)
    dossier: api.DossierCreate = field(repr=False)
    confirmation: Confirmation | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    key: str
    state: ItemState
    attempts: int
    created_at: float
    next_attempt_at: float
    last_error: str
    dossier_code: str | None
    appointment_date: dt.date | None


def generate_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def load_or_create_key(path: Path) -> bytes:
    """A key file for kiosks without a configured key (demo, first run): created 0600."""
    if path.exists():
        return base64.urlsafe_b64decode(path.read_text(encoding="ascii").strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(base64.urlsafe_b64encode(key).decode("ascii"))
    return key


class Outbox:
    """Thread-safe (one connection behind a lock); every write is committed before returning."""

    def __init__(
        self,
        path: Path | str,
        key: bytes,
        clock: Clock,
        *,
        random_bytes: Callable[[int], bytes] = os.urandom,
        signer: KioskSigner | None = None,
    ) -> None:
        if len(key) != 32:
            raise OutboxKeyError("the outbox key must be 32 bytes (AES-256)")
        self._aead = AESGCM(key)
        self._clock = clock
        self._random_bytes = random_bytes
        self.signer = signer
        self._lock = threading.Lock()
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # a confirmed dossier survives a power cut
        self._db.execute(_SCHEMA)

    def _now(self) -> float:
        return self._clock.now().timestamp()

    # ------------------------------------------------------------------ crypto

    def _seal(self, key: str, submission: Submission) -> bytes:
        confirmation = submission.confirmation
        plain = json.dumps(
            {
                "token": submission.token,
                "dossier": submission.dossier.model_dump(mode="json"),
                "confirmation": None if confirmation is None else confirmation.as_dict(),
            },
            ensure_ascii=False,
        ).encode("utf-8")
        nonce = self._random_bytes(_NONCE)
        return nonce + self._aead.encrypt(nonce, plain, key.encode("utf-8"))

    def _open(self, key: str, blob: bytes) -> Submission:
        if len(blob) <= _NONCE:
            raise OutboxTamperedError("an outbox item is truncated")
        try:
            plain = self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], key.encode("utf-8"))
        except InvalidTag as exc:
            raise OutboxTamperedError("an outbox item failed authentication") from exc
        try:
            data = json.loads(plain)
            signed = data.get("confirmation")  # absent in items sealed before decision 0015
            return Submission(
                token=data["token"],
                dossier=api.DossierCreate.model_validate(data["dossier"]),
                confirmation=None if signed is None else Confirmation.from_dict(signed),
            )
        except (ValueError, KeyError, TypeError):  # sealed by another version of the kiosk?
            raise OutboxTamperedError("an outbox item does not hold a submission") from None

    # ------------------------------------------------------------------ writes

    def _write(self, sql: str, args: tuple[object, ...]) -> int:
        """One committed statement; rows changed. A full disk or an I/O error is ``OutboxStorageError``."""
        with self._lock:
            try:
                return self._db.execute(sql, args).rowcount
            except sqlite3.Error as exc:
                raise OutboxStorageError(f"the outbox could not write ({type(exc).__name__})") from None

    def add(self, key: str, submission: Submission) -> bool:
        """Store a confirmed submission; False when the key is already there (a retried confirm).

        With a signer, the kiosk signs it now: this is the moment the citizen confirmed.
        Raises ``OutboxStorageError`` when it could not be stored (the citizen must be told).
        """
        now = self._now()
        if self.signer is not None and submission.confirmation is None:
            signed = self.signer.confirm(key, submission.token, submission.dossier, int(now))
            submission = Submission(submission.token, submission.dossier, signed)
        blob = self._seal(key, submission)
        changed = self._write(
            "INSERT OR IGNORE INTO outbox (key, created_at, state, next_attempt_at, payload)"
            " VALUES (?, ?, ?, ?, ?)",
            (key, now, ItemState.PENDING.value, now, blob),
        )
        return changed == 1

    def mark_delivered(self, key: str, dossier: api.Dossier) -> None:
        self._write(
            "UPDATE outbox SET state=?, dossier_code=?, appointment_date=?, payload=NULL,"
            " attempts=attempts+1, last_error='' WHERE key=?",
            (ItemState.DELIVERED.value, dossier.code, dossier.appointment_date.isoformat(), key),
        )

    def mark_retry(self, key: str, error_name: str, next_attempt_at: float) -> None:
        self._write(
            "UPDATE outbox SET attempts=attempts+1, last_error=?, next_attempt_at=? WHERE key=? AND state=?",
            (error_name, next_attempt_at, key, ItemState.PENDING.value),
        )

    def mark_rejected(self, key: str, error_name: str) -> None:
        self._write(
            "UPDATE outbox SET state=?, attempts=attempts+1, last_error=? WHERE key=?",
            (ItemState.REJECTED.value, error_name, key),
        )

    def quarantine(self, key: str, reason: str) -> None:
        """Set an unreadable pending item aside: kept as it is for staff, never sent again."""
        self._write(
            "UPDATE outbox SET state=?, last_error=? WHERE key=? AND state=?",
            (ItemState.QUARANTINED.value, reason, key, ItemState.PENDING.value),
        )

    # ------------------------------------------------------------------ reads

    def load(self, key: str) -> Submission:
        """The stored submission; ``KeyError`` once delivered, ``OutboxTamperedError`` if damaged."""
        with self._lock:
            row = self._db.execute("SELECT payload, state FROM outbox WHERE key=?", (key,)).fetchone()
        if row is None or (row[0] is None and row[1] == ItemState.DELIVERED.value):
            raise KeyError(key)
        if row[0] is None:  # only delivery drops the blob: anything else lost it
            raise OutboxTamperedError("an outbox item lost its payload")
        return self._open(key, bytes(row[0]))

    def item(self, key: str) -> OutboxItem | None:
        items = self._select("WHERE key=?", (key,))
        return items[0] if items else None

    def pending(self) -> list[OutboxItem]:
        return self._select("WHERE state=? ORDER BY created_at", (ItemState.PENDING.value,))

    def quarantined(self) -> list[OutboxItem]:
        """Items set aside as unreadable, oldest first (for staff and the health report)."""
        return self._select("WHERE state=? ORDER BY created_at", (ItemState.QUARANTINED.value,))

    def due(self) -> list[OutboxItem]:
        """Pending items whose next attempt time has come, oldest first."""
        return self._select(
            "WHERE state=? AND next_attempt_at<=? ORDER BY created_at", (ItemState.PENDING.value, self._now())
        )

    def counts(self) -> dict[ItemState, int]:
        with self._lock:
            rows = self._db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall()
        counts = dict.fromkeys(ItemState, 0)
        counts.update({ItemState(state): n for state, n in rows})
        return counts

    def _select(self, where: str, args: tuple[object, ...]) -> list[OutboxItem]:
        sql = (
            "SELECT key, state, attempts, created_at, next_attempt_at, last_error, dossier_code,"
            f" appointment_date FROM outbox {where}"
        )
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        return [
            OutboxItem(
                key=r[0],
                state=ItemState(r[1]),
                attempts=r[2],
                created_at=r[3],
                next_attempt_at=r[4],
                last_error=r[5],
                dossier_code=r[6],
                appointment_date=dt.date.fromisoformat(r[7]) if r[7] else None,
            )
            for r in rows
        ]

    def close(self) -> None:
        with self._lock:
            self._db.close()

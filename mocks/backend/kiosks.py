"""Kiosks as the backend knows them: one registered identity, its API keys, its signing keys.

* The identity is the kiosk id. Idempotency keys, dossiers' channel and look-up limits hang on
  it, so rotating a kiosk's API key (``add_key``) changes nothing a retry depends on.
* API keys (``X-Kiosk-Key``): the configured ones (``settings.kiosk_keys``, fixed at start) plus
  those added through the control API. Only their SHA-256 is stored. ``retire_others`` retires
  every other key of that kiosk, configured ones included (a retirement row by hash).
* Signing keys: Ed25519 public keys a kiosk signs deferred submissions with
  (``mocks.backend.confirmations``), by key id (the first 16 hex digits of the SHA-256 of the
  raw 32-byte key). Keys are only added: an item signed before a signing-key rotation still
  verifies with the key it names.
* Undelivered: deferred submissions the backend refused (too old, bad signature...), for staff
  (``GET /api/v1/staff/undelivered``). No personal data: kiosk, the slip's reference, procedure,
  times and the reason.

The tables live in the backend's SQLite file beside the others and survive ``/control/reset``
(a kiosk stays registered when the world is reset).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from mocks.backend.clock import from_iso, iso
from mocks.backend.errors import ConflictError, NotFoundError, ValidationFailedError
from mocks.backend.settings import KioskKey
from mocks.backend.store import Store

__all__ = ["KioskRegistry", "UndeliveredItem", "key_id_of"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kiosk_keys (
    key_sha256 TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, added_at TEXT NOT NULL, retired_at TEXT);
CREATE TABLE IF NOT EXISTS kiosk_signing_keys (
    key_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, public_key BLOB NOT NULL, added_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS undelivered (
    kiosk_id TEXT NOT NULL, idempotency_key TEXT NOT NULL, procedure_code TEXT NOT NULL,
    confirmed_at TEXT NOT NULL, reported_at TEXT NOT NULL, reason TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, idempotency_key));
CREATE INDEX IF NOT EXISTS idempotency_by_key ON idempotency (key);
"""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class UndeliveredItem:
    kiosk_id: str
    reference: str  # what the citizen's slip shows: the first 8 characters of the key, upper case
    idempotency_key: str
    procedure_code: str
    confirmed_at: dt.datetime
    reported_at: dt.datetime
    reason: str


class KioskRegistry:
    def __init__(
        self, store: Store, configured: tuple[KioskKey, ...], now: Callable[[], dt.datetime]
    ) -> None:
        self._store = store
        self._configured = configured
        self._now = now
        self._live: dict[str, str] = {}  # API key -> kiosk id, for keys seen live (kiosk_for)
        with store.tx() as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    # ------------------------------------------------------------------ API keys

    def kiosk_for(self, key: str) -> str | None:
        """The kiosk this API key names now; None for an unknown or retired key.

        Live keys are remembered (every /api/v1 call asks; only ``add_key`` changes the answer, and
        it forgets them, under the same store lock). Unknown keys are not: anyone can send those.
        """
        known = self._live.get(key)  # no lock: a hit never waits behind a dossier's commit
        if known is not None:
            return known
        with self._store.read() as conn:  # filled under the lock that add_key clears it under
            row = conn.execute(
                "SELECT kiosk_id, retired_at FROM kiosk_keys WHERE key_sha256 = ?", (_sha(key),)
            ).fetchone()
            if row is not None:
                found = None if row["retired_at"] is not None else str(row["kiosk_id"])
            else:
                found = next((k.kiosk_id for k in self._configured if k.key == key), None)
            if found is not None:
                self._live[key] = found
            return found

    def known(self, kiosk_id: str) -> bool:
        if any(k.kiosk_id == kiosk_id for k in self._configured):
            return True
        with self._store.read() as conn:
            row = conn.execute("SELECT 1 FROM kiosk_keys WHERE kiosk_id = ? LIMIT 1", (kiosk_id,)).fetchone()
        return row is not None

    def add_key(self, kiosk_id: str, key: str, *, retire_others: bool) -> None:
        """Give a registered kiosk another API key (a rotation); its identity stays the same."""
        if not self.known(kiosk_id):
            raise NotFoundError("kiosk")
        owner = self.kiosk_for(key)
        if owner is not None and owner != kiosk_id:
            raise ConflictError("kiosk_key_taken", "this key already names another kiosk")
        now = iso(self._now())
        digest = _sha(key)
        with self._store.tx() as conn:
            self._live.clear()  # a rotation may retire any live key
            conn.execute(
                "INSERT INTO kiosk_keys (key_sha256, kiosk_id, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key_sha256) DO UPDATE SET retired_at = NULL",
                (digest, kiosk_id, now),
            )
            if not retire_others:
                return
            for configured in self._configured:
                if configured.kiosk_id == kiosk_id and configured.key != key:
                    conn.execute(
                        "INSERT INTO kiosk_keys (key_sha256, kiosk_id, added_at, retired_at)"
                        " VALUES (?, ?, ?, ?) ON CONFLICT (key_sha256)"
                        " DO UPDATE SET retired_at = excluded.retired_at",
                        (_sha(configured.key), kiosk_id, now, now),
                    )
            conn.execute(
                "UPDATE kiosk_keys SET retired_at = ?"
                " WHERE kiosk_id = ? AND key_sha256 != ? AND retired_at IS NULL",
                (now, kiosk_id, digest),
            )

    # ------------------------------------------------------------------ signing keys

    def add_signing_key(self, kiosk_id: str, public_b64: str) -> str:
        """Register an Ed25519 public key (base64 of the raw 32 bytes) for a kiosk; its key id."""
        if not self.known(kiosk_id):
            raise NotFoundError("kiosk")
        try:
            raw = base64.b64decode(public_b64, validate=True)
            Ed25519PublicKey.from_public_bytes(raw)
        except (binascii.Error, ValueError):
            raise ValidationFailedError(
                "not an Ed25519 public key", {"public_key": "base64 of a raw 32-byte Ed25519 key"}
            ) from None
        key_id = key_id_of(raw)
        with self._store.tx() as conn:
            row = conn.execute(
                "SELECT kiosk_id FROM kiosk_signing_keys WHERE key_id = ?", (key_id,)
            ).fetchone()
            if row is not None and row["kiosk_id"] != kiosk_id:
                raise ConflictError("signing_key_taken", "this signing key belongs to another kiosk")
            conn.execute(
                "INSERT OR IGNORE INTO kiosk_signing_keys (key_id, kiosk_id, public_key, added_at)"
                " VALUES (?, ?, ?, ?)",
                (key_id, kiosk_id, raw, iso(self._now())),
            )
        return key_id

    def signing_key(self, kiosk_id: str, key_id: str) -> Ed25519PublicKey | None:
        with self._store.read() as conn:
            row = conn.execute(
                "SELECT public_key FROM kiosk_signing_keys WHERE key_id = ? AND kiosk_id = ?",
                (key_id, kiosk_id),
            ).fetchone()
        return None if row is None else Ed25519PublicKey.from_public_bytes(bytes(row["public_key"]))

    # ------------------------------------------------------------------ undelivered (staff)

    def report_undelivered(
        self, kiosk_id: str, idempotency_key: str, procedure_code: str, confirmed_at: dt.datetime, reason: str
    ) -> None:
        """Idempotent per (kiosk, key): a kiosk retrying a refused item adds no second line."""
        with self._store.tx() as conn:
            conn.execute(
                "INSERT INTO undelivered (kiosk_id, idempotency_key, procedure_code, confirmed_at,"
                " reported_at, reason) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (kiosk_id, idempotency_key) DO UPDATE SET reason = excluded.reason",
                (kiosk_id, idempotency_key, procedure_code, iso(confirmed_at), iso(self._now()), reason),
            )

    def undelivered(self) -> list[UndeliveredItem]:
        with self._store.read() as conn:
            rows = conn.execute("SELECT * FROM undelivered ORDER BY confirmed_at, kiosk_id").fetchall()
        return [
            UndeliveredItem(
                kiosk_id=r["kiosk_id"],
                reference=str(r["idempotency_key"])[:8].upper(),
                idempotency_key=r["idempotency_key"],
                procedure_code=r["procedure_code"],
                confirmed_at=from_iso(r["confirmed_at"]),
                reported_at=from_iso(r["reported_at"]),
                reason=r["reason"],
            )
            for r in rows
        ]

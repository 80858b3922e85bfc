"""The durable outbox: a confirmed dossier is stored (encrypted) before the first network call
and sent until the backend acknowledges it. See ``store`` and ``sender``."""

from __future__ import annotations

from reference_kiosk.outbox.errors import (
    OutboxError,
    OutboxKeyError,
    OutboxStorageError,
    OutboxTamperedError,
)
from reference_kiosk.outbox.sender import (
    Deferred,
    Delivered,
    OutboxSender,
    Quarantined,
    Rejected,
    SendResult,
)
from reference_kiosk.outbox.store import (
    ItemState,
    Outbox,
    OutboxItem,
    Submission,
    generate_key,
    load_or_create_key,
)

__all__ = [
    "Deferred",
    "Delivered",
    "ItemState",
    "Outbox",
    "OutboxError",
    "OutboxItem",
    "OutboxKeyError",
    "OutboxSender",
    "OutboxStorageError",
    "OutboxTamperedError",
    "Quarantined",
    "Rejected",
    "SendResult",
    "Submission",
    "generate_key",
    "load_or_create_key",
]

"""Named errors of the durable outbox.

    KioskError (reference_kiosk.domain.errors)
     +-- OutboxError                 the outbox cannot keep a dossier safely
          +-- OutboxKeyError         no usable encryption key configured (staff must fix)
          +-- OutboxTamperedError    a stored item does not decrypt: wrong key or altered file
          +-- OutboxStorageError     a write failed (disk full, I/O error): not stored

A citizen never loses a dossier silently: when the outbox itself fails the kiosk says so and
asks for staff, because the papers may have to be submitted at the counter.
"""

from __future__ import annotations

from reference_kiosk.domain.errors import NOT_REFUSED, KioskError, Remedy

__all__ = ["OutboxError", "OutboxKeyError", "OutboxStorageError", "OutboxTamperedError"]


class OutboxError(KioskError):
    message_vi = "Ki-ốt không lưu được hồ sơ. Vui lòng nhờ cán bộ hỗ trợ nộp hồ sơ tại quầy."
    message_en = (
        "The kiosk could not store your dossier. Please ask a staff member to help you at the counter."
    )
    remedy = Remedy.CALL_STAFF
    refusal = NOT_REFUSED


class OutboxKeyError(OutboxError):
    """Raised at start-up: the kiosk refuses to store personal data unencrypted."""

    refusal = NOT_REFUSED


class OutboxTamperedError(OutboxError):
    """A stored item failed authenticated decryption (AES-GCM tag mismatch)."""

    refusal = NOT_REFUSED


class OutboxStorageError(OutboxError):
    """SQLite could not write (disk full, I/O error). When confirming, the dossier was not stored:
    the citizen is told so (the class's message) and nothing is sent."""

    refusal = NOT_REFUSED

"""Fee payments: one dynamic VietQR per request, confirmed by the (simulated) bank, never twice.

Asking again while a request is pending returns that same request; once the fee is paid the paid
request is returned, so a citizen who taps "pay" twice is charged once. A pending request expires
after ``payment_ttl`` of world time; the next ask makes a fresh one.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from typing import Any

from mocks.backend import officials, vietqr
from mocks.backend.clock import from_iso, iso, local_date
from mocks.backend.errors import ConflictError, NotFoundError
from mocks.backend.state import Backend
from reference_kiosk.api import Dossier, DossierStatus, Payment, PaymentStatus

__all__ = ["confirm", "get", "list_for_owner", "request"]


def _model(row: Any) -> Payment:
    return Payment(
        id=row["id"], dossier_code=row["dossier_code"], amount=row["amount"], vietqr=row["vietqr"],
        status=PaymentStatus(row["status"]), expires_at=from_iso(row["expires_at"]),
        paid_at=None if row["paid_at"] is None else from_iso(row["paid_at"]),
        receipt_number=row["receipt_number"],
    )  # fmt: skip


def _expire(conn: sqlite3.Connection, now: dt.datetime, where: str = "1", args: tuple[str, ...] = ()) -> None:
    """Pending requests past their time become expired; ``where`` narrows which (no full scan)."""
    conn.execute(
        f"UPDATE payments SET status = 'expired' WHERE status = 'pending' AND expires_at <= ? AND {where}",
        (iso(now), *args),
    )  # ``where`` is one of this module's fixed clauses, never user input


def _lapsed(row: Any, now: dt.datetime) -> bool:
    return bool(row["status"] == "pending" and row["expires_at"] <= iso(now))  # ISO strings sort as times


def request(backend: Backend, dossier: Dossier) -> tuple[Payment, bool]:
    """The payment to show for this dossier, and whether it was created now."""
    with backend.store.tx() as conn:
        now = backend.clock.now()
        _expire(conn, now, "dossier_code = ?", (dossier.code,))
        rows = conn.execute(
            "SELECT * FROM payments WHERE dossier_code = ? AND status IN ('pending', 'paid') "
            "ORDER BY status = 'pending' DESC, created_at DESC",
            (dossier.code,),
        ).fetchall()
        fee_due = conn.execute("SELECT fee_due FROM dossiers WHERE code = ?", (dossier.code,)).fetchone()[0]
        pending = [r for r in rows if r["status"] == "pending"]
        if pending:
            return _model(pending[0]), False
        if fee_due <= 0:
            if rows:
                return _model(rows[0]), False
            raise ConflictError("nothing_to_pay", "this dossier has no fee to pay")
        payment_id = "PAY" + secrets.token_hex(6).upper()
        beneficiary = backend.settings.beneficiary
        payload = vietqr.build_dynamic(
            beneficiary.bank_bin, beneficiary.account, fee_due, dossier.code, bill_number=payment_id,
            merchant_name=beneficiary.name,
        )  # fmt: skip
        conn.execute(
            "INSERT INTO payments (id, dossier_code, amount, vietqr, status, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, 'pending', ?, ?)",
            (payment_id, dossier.code, fee_due, payload, iso(now), iso(now + backend.settings.payment_ttl)),
        )
        row = conn.execute("SELECT * FROM payments WHERE id = ?", (payment_id,)).fetchone()
        return _model(row), True


def _row(conn: sqlite3.Connection, payment_id: str) -> Any:
    row = conn.execute("SELECT * FROM payments WHERE id = ?", (payment_id,)).fetchone()
    if row is None:
        raise NotFoundError("payment")
    return row


def get(backend: Backend, payment_id: str, owner_id_number: str | None) -> Payment:
    """A payment, only for its dossier's owner (404 for anyone else).

    Kiosks poll this while the citizen pays: a read, and a write only for a request that has
    just lapsed (it was one write transaction and commit per poll)."""
    now = backend.clock.now()
    with backend.store.read() as conn:
        row = _row(conn, payment_id)
        owner = conn.execute("SELECT owner FROM dossiers WHERE code = ?", (row["dossier_code"],)).fetchone()
        if owner_id_number is not None and (owner is None or owner["owner"] != owner_id_number):
            raise NotFoundError("payment")
        if not _lapsed(row, now):
            return _model(row)
    with backend.store.tx() as conn:
        _expire(conn, now, "id = ?", (payment_id,))
        return _model(_row(conn, payment_id))


def list_for_owner(backend: Backend, owner_id_number: str) -> list[Payment]:
    with backend.store.tx() as conn:
        _expire(conn, backend.clock.now(), "dossier_code IN (SELECT code FROM dossiers WHERE owner = ?)",
                (owner_id_number,))  # fmt: skip
        rows = conn.execute(
            "SELECT p.* FROM payments p JOIN dossiers d ON d.code = p.dossier_code WHERE d.owner = ? "
            "ORDER BY p.created_at DESC",
            (owner_id_number,),
        ).fetchall()
        return [_model(r) for r in rows]


def confirm(backend: Backend, payment_id: str) -> Payment:
    """The bank reports the transfer: paid, receipt issued, fee cleared, processing resumes."""
    with backend.store.tx() as conn:
        now = backend.clock.now()
        _expire(conn, now, "id = ?", (payment_id,))
        row = _row(conn, payment_id)
        if row["status"] == "paid":
            return _model(row)
        if row["status"] != "pending":
            raise ConflictError("payment_expired", f"this payment is {row['status']}")
        receipt = f"BL{local_date(now):%y%m%d}-{payment_id[-6:]}"
        conn.execute(
            "UPDATE payments SET status = 'paid', paid_at = ?, receipt_number = ? WHERE id = ?",
            (iso(now), receipt, payment_id),
        )
        code = row["dossier_code"]
        conn.execute("UPDATE dossiers SET fee_due = 0 WHERE code = ?", (code,))
        status = conn.execute("SELECT status FROM dossiers WHERE code = ?", (code,)).fetchone()["status"]
        if status == DossierStatus.PAYMENT_REQUESTED:
            officials.resume(backend, conn, code, now, f"Đã thanh toán, biên lai {receipt}")
        return _model(_row(conn, payment_id))

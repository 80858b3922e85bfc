"""A finished dossier's result: what it is, where and from when to collect it, its electronic copy.

Derived, not stored: the document is the procedure's result (catalogue), the place the receiving
agency's one-stop desk, the date the day officials finished it (its first status 9 or 10 in the
history). The e-copy link carries an HMAC of the code under a per-backend key kept in ``meta``
(kept across resets), so a code alone does not open someone's result.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import secrets

from mocks.backend import dossiers
from mocks.backend.clock import local_date
from mocks.backend.errors import NotFoundError
from mocks.backend.state import Backend
from reference_kiosk.api import Dossier, DossierResult, DossierStatus

__all__ = ["E_COPY_PATH", "FINISHED", "check_key", "e_copy_key", "e_copy_page", "with_result"]

FINISHED = frozenset({DossierStatus.DONE, DossierStatus.RETURNED})
E_COPY_PATH = "/api/v1/dossiers/{code}/e-copy"
_META_KEY = "e_copy_key"


def _secret(backend: Backend) -> bytes:
    key = backend.store.get_meta(_META_KEY)
    if key is None:
        # Two first calls at once may both write; the later one wins and both read it back.
        backend.store.set_meta(_META_KEY, secrets.token_hex(32))
        key = backend.store.get_meta(_META_KEY)
    assert key is not None
    return bytes.fromhex(key)


def e_copy_key(backend: Backend, code: str) -> str:
    return hmac.new(_secret(backend), code.encode(), hashlib.sha256).hexdigest()[:32]


def check_key(backend: Backend, code: str, key: str) -> None:
    if not hmac.compare_digest(e_copy_key(backend, code), key):
        raise NotFoundError("result")


def with_result(backend: Backend, dossier: Dossier, base_url: str) -> Dossier:
    """The dossier with its result filled in once finished (unchanged before)."""
    if dossier.status not in FINISHED:
        return dossier
    done_at = next((h.at for h in dossier.history if h.to_status in FINISHED), dossier.received_at)
    procedure = backend.catalogue.get(dossier.procedure_code)
    agency = next((a for a in backend.agencies if a.id == dossier.agency), None)
    path = E_COPY_PATH.format(code=dossier.code)
    result = DossierResult(
        document=procedure.result if procedure is not None and procedure.result else dossier.procedure_name,
        place=f"Bộ phận Một cửa, {agency.name}" if agency is not None else dossier.agency,
        ready_from=local_date(done_at),
        e_copy_url=f"{base_url.rstrip('/')}{path}?k={e_copy_key(backend, dossier.code)}",
    )
    return dossier.model_copy(update={"result": result})


def e_copy_page(backend: Backend, code: str) -> str:
    """A plain page standing in for the signed electronic copy (no personal data beyond the code)."""
    with backend.store.read() as conn:
        dossier = dossiers.load(conn, code)
    if dossier is None or dossier.status not in FINISHED:
        raise NotFoundError("result")
    result = with_result(backend, dossier, "")
    assert result.result is not None
    rows = (
        ("Mã hồ sơ", dossier.code),
        ("Thủ tục", dossier.procedure_name),
        ("Kết quả", result.result.document),
        ("Nơi nhận bản giấy", result.result.place),
        ("Nhận từ ngày", result.result.ready_from.strftime("%d/%m/%Y")),
    )
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return (
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Bản điện tử kết quả</title>'
        f"<h1>Bản điện tử kết quả giải quyết thủ tục hành chính</h1><table>{cells}</table></html>"
    )

"""Attachments: base64 decoding, sha256 check, type sniffing by magic bytes, size limits, decoding.

A file name must be one plain line (text_checks.py: no path, control or bidi characters, at most
200 characters) and a request carries at most ``MAX_FILES`` files. The declared content type is
never trusted: a PDF must start with ``%PDF-`` and a JPEG with
``FF D8 FF``; anything else (or a mismatch) is 415. Sizes are checked on the encoded length
first, so an oversized upload is refused before it is decoded. Last, the file must decode
within :class:`~mocks.backend.decoding.DecodeBounds` (decoding.py): 422 ``unreadable_document``,
``image_too_large`` or ``too_many_pages`` otherwise, so nothing is stored that an official's
viewer could not open or that would exhaust it. Under ``kiosk-twin backend`` that last check runs
in a worker process (decode_pool.py), with the same bounds, budget and answers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from mocks.backend import decode_pool
from mocks.backend.decoding import (
    DEFAULT_BOUNDS,
    DecodeBounds,
    DecodeBudget,
    check_jpeg,
    check_pdf,
    decode_gate,
)
from mocks.backend.errors import (
    MissingDocumentsError,
    PayloadTooLargeError,
    TooManyAttachmentsError,
    UnsafeTextError,
    UnsupportedMediaTypeError,
    ValidationFailedError,
)
from mocks.backend.text_checks import filename_problem
from reference_kiosk.api import Attachment

__all__ = ["MAX_FILES", "StoredFile", "decode_attachments", "require_documents", "sniff"]

# Files one request may carry: the catalogue's largest case asks for 7 papers; one file each, a
# few times over, is still far below this.
MAX_FILES = 40

_MAGIC = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"))


@dataclass(frozen=True, slots=True)
class StoredFile:
    document_code: str
    filename: str
    content_type: str
    sha256: str
    content: bytes


def sniff(content: bytes) -> str | None:
    return next((kind for magic, kind in _MAGIC if content.startswith(magic)), None)


def _decode_one(
    i: int, item: Attachment, limit: int, bounds: DecodeBounds, budget: DecodeBudget
) -> StoredFile:
    where = f"attachments.{i}"
    name_problem = filename_problem(item.filename)
    if name_problem is not None:
        raise UnsafeTextError("attachment file name is not acceptable", {f"{where}.filename": name_problem})
    if len(item.content_base64) * 3 // 4 > limit + 2:
        raise PayloadTooLargeError(f"attachment {i} is larger than {limit} bytes")
    try:
        content = base64.b64decode(item.content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        problem = {f"{where}.content_base64": "not base64"}
        raise ValidationFailedError("attachment is not base64", problem) from exc
    if len(content) > limit:
        raise PayloadTooLargeError(f"attachment {i} is larger than {limit} bytes")
    digest = hashlib.sha256(content).hexdigest()
    if digest != item.sha256.lower():
        raise ValidationFailedError("attachment checksum mismatch", {f"{where}.sha256": "does not match"})
    kind = sniff(content)
    if kind is None or kind != item.content_type:
        raise UnsupportedMediaTypeError(f"attachment {i} is not a {item.content_type} (PDF or JPEG only)")
    _prove_decodes(where, kind, content, limit, bounds, budget)
    return StoredFile(item.document_code, item.filename, kind, digest, content)


def _prove_decodes(
    where: str, kind: str, content: bytes, limit: int, bounds: DecodeBounds, budget: DecodeBudget
) -> None:
    """The named 422 from decoding.py, with the attachment's field path added as its detail."""
    try:
        with decode_gate():  # a few decodes at once; the others wait (memory, not only CPU)
            pool = decode_pool.active()
            if pool is not None:  # `kiosk-twin backend`: in the worker process (decode_pool.py)
                pool.prove(kind, content, limit, bounds, budget)
            elif kind == "image/jpeg":
                check_jpeg(content, bounds, budget=budget)
            else:
                check_pdf(content, bounds, max_stream=limit, budget=budget)
    except ValidationFailedError as exc:
        exc.detail.setdefault(where, exc.message)
        raise


def decode_attachments(
    items: Sequence[Attachment],
    documents: Collection[str],
    file_limit: int,
    total_limit: int,
    bounds: DecodeBounds = DEFAULT_BOUNDS,
    max_files: int = MAX_FILES,
) -> list[StoredFile]:
    """Decoded, checked files; ``documents`` are the document codes this dossier may carry."""
    if len(items) > max_files:
        raise TooManyAttachmentsError(
            f"at most {max_files} attachments", {"attachments": f"{len(items)} files, at most {max_files}"}
        )
    unknown = {
        f"attachments.{i}.document_code": "not a document of this procedure"
        for i, item in enumerate(items)
        if item.document_code not in documents
    }
    if unknown:
        raise ValidationFailedError("unknown document codes", unknown)
    if sum(len(item.content_base64) for item in items) * 3 // 4 > total_limit + 2 * len(items):
        raise PayloadTooLargeError(f"attachments exceed {total_limit} bytes in total")
    budget = DecodeBudget(bounds)  # one for the whole request
    files = [_decode_one(i, item, file_limit, bounds, budget) for i, item in enumerate(items)]
    if sum(len(f.content) for f in files) > total_limit:
        raise PayloadTooLargeError(f"attachments exceed {total_limit} bytes in total")
    return files


def require_documents(files: Sequence[StoredFile], mandatory: Mapping[str, str]) -> None:
    """``MissingDocumentsError`` naming each mandatory paper (code: name) that no file carries."""
    carried = {f.document_code for f in files}
    missing = {code: name for code, name in mandatory.items() if code not in carried}
    if missing:
        raise MissingDocumentsError(
            "mandatory papers are missing: " + ", ".join(sorted(missing)),
            {f"documents.{code}": f"missing: {name}" for code, name in sorted(missing.items())},
        )

"""One router per resource. ``problems(...)`` documents the Problem answers a route can give."""

from __future__ import annotations

from typing import Any

from mocks.backend.decoding import DEFAULT_BOUNDS
from reference_kiosk.api import Problem

__all__ = ["UNDECODABLE_ATTACHMENT", "problems"]

_DESCRIPTIONS = {
    400: "the body is not valid JSON",
    401: "no or unknown kiosk key, or a bad citizen token",
    404: "not found (also: somebody else's)",
    409: "conflict (idempotency key reused, duplicate rating, closed request...)",
    413: "attachments too large",
    415: "attachment is not a PDF or JPEG",
    422: "invalid request; per-field messages in detail",
    429: "too many failed look-ups",
    503: "the provincial system is unavailable (maintenance window or injected fault)",
}


# The 422 of routes taking attachments: each must decode within bounds (mocks/backend/decoding.py).
UNDECODABLE_ATTACHMENT: dict[int | str, dict[str, Any]] = {
    422: {
        "model": Problem,
        "description": "invalid request; per-field messages in detail. An attachment that does not decode is "
        f"code unreadable_document, one declaring too many pixels (over {DEFAULT_BOUNDS.max_side} a side or "
        f"{DEFAULT_BOUNDS.max_pixels} in all, also an image inside a PDF) image_too_large, a PDF over "
        f"{DEFAULT_BOUNDS.max_pages} pages too_many_pages",
    }
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": Problem, "description": _DESCRIPTIONS[s]} for s in (*statuses, 400, 422)}

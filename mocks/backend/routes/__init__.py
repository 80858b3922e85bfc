"""One router per resource. ``problems(...)`` documents the Problem answers a route can give."""

from __future__ import annotations

from typing import Any

from reference_kiosk.backend.models import Problem

__all__ = ["problems"]

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


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": Problem, "description": _DESCRIPTIONS[s]} for s in (*statuses, 400, 422)}

"""``GET /staff``: the staff and volunteer console (Jinja2 page + a little JavaScript).

The page itself holds no data and needs no key: staff type their staff key once (kept in the
tab's ``sessionStorage``, never in a URL), and the script reads ``/api/v1/staff/help-calls`` and
``/api/v1/kiosks`` with it every ``POLL_MS`` and acknowledges or closes calls. Polling rather
than server-sent events: a console on a department's old PC behind a proxy keeps working, and
two seconds is fast enough for someone walking to a kiosk.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

__all__ = ["POLL_MS", "router"]

POLL_MS = 2000
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

router = APIRouter(tags=["staff"])


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )


@router.get("/staff", response_class=HTMLResponse, include_in_schema=False)
def staff_console() -> HTMLResponse:
    page = _environment().get_template("staff.html.j2").render(poll_ms=POLL_MS)
    # The page runs only its own script; nothing it fetches may be framed or sniffed.
    headers = {
        "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
    return HTMLResponse(page, headers=headers)

"""The staff and volunteer console's authority: ``X-Staff-Key``, one of ``settings.staff_keys``.

Kept apart from the kiosk key on purpose: a kiosk stands in a public hall and its key could be
lifted from its disk, and with it a kiosk may only raise its own help calls and report its own
health, never acknowledge calls or read other kiosks' state. With no staff key configured the
staff routes answer 401 to everyone. Keys are compared in constant time.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Security
from fastapi.security import APIKeyHeader

from mocks.backend.auth import BackendDep
from mocks.backend.errors import UnauthorizedError

__all__ = ["StaffDep", "staff_authority"]

_staff_key = APIKeyHeader(name="X-Staff-Key", auto_error=False, description="a staff console key")


async def staff_authority(
    backend: BackendDep, key: Annotated[str | None, Security(_staff_key)] = None
) -> None:
    given = (key or "").encode()
    # any() over every key, not a short-circuit on the first match: same time for each
    matches = [hmac.compare_digest(given, k.encode()) for k in backend.settings.staff_keys]
    if not key or not any(matches):
        raise UnauthorizedError("missing or unknown staff key")


StaffDep = Annotated[None, Depends(staff_authority)]

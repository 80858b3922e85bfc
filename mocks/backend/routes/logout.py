"""Logout: ``POST /api/v1/auth/logout`` revokes the bearer token (VNeID or CCCD login alike).

The kiosk calls it when a session ends (logout, timeout, card removal). Afterwards every citizen
route refuses the token with 401 ``token_revoked``. Idempotent: logging out twice answers 204
twice, so the kiosk may safely repeat it. A token that does not verify (signature, issuer,
audience) is 401 and nothing is stored; an expired one needs no revocation and answers 204.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from mocks.backend.auth import BackendDep, BearerDep, KioskDep
from mocks.backend.routes import problems

__all__ = ["router"]

router = APIRouter(tags=["identity"])


@router.post(
    "/api/v1/auth/logout",
    status_code=204,
    responses=problems(401),
    summary="End the citizen's session: the bearer token is refused from now on",
)
def logout(backend: BackendDep, kiosk: KioskDep, token: BearerDep) -> Response:
    backend.tokens.revoke(token)
    return Response(status_code=204)

"""``HttpProvincialBackend``: the ProvincialBackend port over httpx.

Every call carries the kiosk key (``X-Kiosk-Key``); citizen calls add the citizen's bearer
token. The transport is injectable: ``httpx.MockTransport`` around a respx router in unit tests,
``httpx.ASGITransport`` around the mock's app in contract tests, the network in production.
Request mechanics (timeouts, retries, error mapping) live in :mod:`.transport`.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping, Sequence
from types import MappingProxyType, TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from reference_kiosk import api, api_account, api_ops
from reference_kiosk.backend import errors as e
from reference_kiosk.backend.transport import (
    Requester,
    RetryBudget,
    RetryPolicy,
    Sleep,
    Timeouts,
    parse_model,
)
from reference_kiosk.ports import Clock, SystemClock

__all__ = ["API", "HttpProvincialBackend"]

API = "/api/v1"

# The backend's Problem.code for a refused POST /auth/cccd -> what the citizen is told.
# Problem codes of the VNeID account login routes -> the error the citizen sees.
_ACCOUNT_ERRORS: Mapping[str, type[e.VneidAccountError]] = MappingProxyType(
    {
        "wrong_password": e.VneidWrongPasswordError,
        "account_locked": e.VneidAccountLockedError,
        "wrong_otp": e.VneidWrongOtpError,
        "otp_expired": e.VneidOtpExpiredError,
    }
)
_CHIP_REJECTIONS: Mapping[str, type[e.ChipRejectedError]] = MappingProxyType(
    {
        "malformed": e.ChipDataUnverifiedError,
        "untrusted_signer": e.ChipDataUnverifiedError,
        "hash_mismatch": e.ChipDataUnverifiedError,
        "identity_mismatch": e.ChipDataUnverifiedError,
        "expired_document": e.ExpiredCardError,
        "unknown_citizen": e.UnknownCitizenError,
    }
)


def _seg(value: str) -> str:
    """One path segment, percent-encoded (codes carry dots and dashes; never a slash)."""
    return quote(value, safe="")


class HttpProvincialBackend:
    """The provincial system over HTTP. Use as ``async with`` or call :meth:`aclose`."""

    def __init__(
        self,
        base_url: str,
        kiosk_key: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        budget: RetryBudget | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        clock: Clock | None = None,
    ) -> None:
        # The key also names the kiosk: the backend records it as the dossier's channel.
        headers = {"X-Kiosk-Key": kiosk_key, "Accept": "application/json"}
        self._client = httpx.AsyncClient(
            base_url=base_url,
            headers=headers,
            timeout=(timeouts or Timeouts()).to_httpx(),
            transport=transport,
            follow_redirects=False,
        )
        # Unseeded by default on purpose: kiosks must not retry in lock-step. Tests pass a seed.
        self._requests = Requester(
            self._client,
            policy=retry or RetryPolicy(),
            budget=budget or RetryBudget(),
            sleep=sleep,
            rng=rng if rng is not None else random.Random(),
            monotonic=(clock or SystemClock()).monotonic,
        )

    @property
    def attempts(self) -> int:
        """HTTP attempts made so far, retries included."""
        return self._requests.attempts

    async def __aenter__(self) -> HttpProvincialBackend:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    # ------------------------------------------------------------------------ plumbing

    async def _get(
        self,
        path: str,
        template: str,
        *,
        token: str | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        return await self._requests.send(
            "GET", path, template=template, idempotent=True, headers=_auth(token, headers), params=params
        )

    async def _post(
        self,
        path: str,
        template: str,
        *,
        token: str | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool = False,
    ) -> httpx.Response:
        return await self._requests.send(
            "POST",
            path,
            template=template,
            idempotent=idempotent,
            headers=_auth(token, headers),
            json_body=body,
        )

    # ------------------------------------------------------------------------ catalogue

    async def search_procedures(
        self,
        q: str = "",
        field: str | None = None,
        agency: str | None = None,
        level: str | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> api.Page[api.ProcedureSummary]:
        """One page of summaries; an empty ``q`` browses (by field, then name)."""
        params: dict[str, Any] = {"q": q, "offset": offset, "limit": limit}
        for name, value in (("field", field), ("agency", agency), ("level", level)):
            if value is not None:
                params[name] = value
        where = f"{API}/procedures"
        response = await self._get(where, where, params=params)
        return parse_model(api.Page[api.ProcedureSummary], response, f"GET {where}")

    async def list_fields(self) -> list[api.FieldSummary]:
        """Every field of the catalogue with its procedure count (the browse chips)."""
        where = f"{API}/fields"
        response = await self._get(where, where)
        return parse_model(api.Page[api.FieldSummary], response, f"GET {where}").items

    async def get_procedure(self, code: str) -> api.Procedure:
        template = f"{API}/procedures/{{code}}"
        response = await self._get(f"{API}/procedures/{_seg(code)}", template)
        return parse_model(api.Procedure, response, f"GET {template}")

    # ------------------------------------------------------------------------ identity

    async def start_vneid_login(self) -> api.VneidSession:
        path = f"{API}/auth/vneid/sessions"
        response = await self._post(path, path)
        return parse_model(api.VneidSession, response, f"POST {path}")

    async def poll_vneid_login(self, session_id: str) -> api.VneidPoll:
        """The login request's state; :class:`~.errors.VneidLoginConsumedError` once its token went out.

        The backend hands the token out in one poll only. ``consumed`` means that poll's answer
        was lost (or somebody replays the id): the citizen must start again with a new QR code.
        """
        template = f"{API}/auth/vneid/sessions/{{id}}"
        response = await self._get(f"{API}/auth/vneid/sessions/{_seg(session_id)}", template)
        poll = parse_model(api.VneidPoll, response, f"GET {template}")
        if poll.status is api.VneidStatus.CONSUMED:
            raise e.VneidLoginConsumedError(f"GET {template} -> consumed", status=response.status_code)
        return poll

    async def login_with_cccd(self, request: api.CccdLoginRequest) -> api.CitizenLogin:
        path = f"{API}/auth/cccd"
        try:
            response = await self._post(path, path, body=request.model_dump(mode="json"))
        except e.UnauthorizedError as exc:
            # Here a 401 judges the card, not a session: name what was wrong with it.
            rejected = _CHIP_REJECTIONS.get(exc.code or "")
            if rejected is None:
                raise
            raise rejected(str(exc), status=exc.status, code=exc.code) from None
        return parse_model(api.CitizenLogin, response, f"POST {path}")

    async def vneid_password(self, id_number: str, password: str) -> api_account.OtpChallenge:
        """Check the citizen's VNeID password; the backend sends a one-time code to their phone."""
        path = f"{API}/auth/vneid/password"
        body = api_account.PasswordLogin(id_number=id_number, password=password).model_dump(mode="json")
        response = await self._account_post(path, body)
        return parse_model(api_account.OtpChallenge, response, f"POST {path}")

    async def vneid_otp(self, challenge_id: str, otp: str) -> api.CitizenLogin:
        """Answer the one-time code: the citizen's token, handed out once."""
        path = f"{API}/auth/vneid/otp"
        body = api_account.OtpAnswer(challenge_id=challenge_id, otp=otp).model_dump(mode="json")
        response = await self._account_post(path, body)
        return parse_model(api.CitizenLogin, response, f"POST {path}")

    async def _account_post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        try:
            return await self._post(path, path, body=body)
        except e.RequestRejectedError as exc:
            # Here a 401/423 judges what the citizen typed, not a session: name it.
            named = _ACCOUNT_ERRORS.get(exc.code or "")
            if named is None:
                raise
            raise named(str(exc), status=exc.status, code=exc.code) from None

    async def logout(self, token: str) -> None:
        """Revoke the citizen's token on the backend (idempotent there).

        One attempt, no retries: it runs in the background when a session ends, must not spend
        the retry budget the outbox needs, and a token that could not be revoked still expires.
        """
        path = f"{API}/auth/logout"
        await self._post(path, path, token=token)

    async def fetch_jwks(self) -> dict[str, Any]:
        """The backend's public signing keys (JWKS), for verifying citizen tokens."""
        path = "/.well-known/jwks.json"
        response = await self._get(path, path)
        try:
            body = response.json()
        except ValueError:
            raise e.MalformedResponseError(f"GET {path}: not JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("keys"), list):
            raise e.MalformedResponseError(f"GET {path}: no 'keys' list")
        return body

    # ------------------------------------------------------------------------ dossiers

    async def submit_dossier(
        self,
        token: str,
        dossier: api.DossierCreate,
        idempotency_key: str,
        *,
        confirmation: str | None = None,
    ) -> api.Dossier:
        """Retried: the backend returns the same dossier for a repeated Idempotency-Key.

        ``confirmation`` is the outbox's signed envelope (``X-Kiosk-Confirmation``): with it the
        backend files a queued dossier after the citizen's token expired (decision 0015).
        """
        path = f"{API}/dossiers"
        headers = {"Idempotency-Key": idempotency_key}
        if confirmation is not None:
            headers["X-Kiosk-Confirmation"] = confirmation
        response = await self._post(
            path,
            path,
            token=token,
            body=dossier.model_dump(mode="json"),
            headers=headers,
            idempotent=True,
        )
        return parse_model(api.Dossier, response, f"POST {path}")

    async def list_dossiers(self, token: str) -> api.Page[api.Dossier]:
        path = f"{API}/dossiers"
        response = await self._get(path, path, token=token)
        return parse_model(api.Page[api.Dossier], response, f"GET {path}")

    async def get_dossier(self, code: str, token: str) -> api.Dossier:
        template = f"{API}/dossiers/{{code}}"
        response = await self._get(f"{API}/dossiers/{_seg(code)}", template, token=token)
        return parse_model(api.Dossier, response, f"GET {template}")

    async def lookup_dossier(self, code: str, id_number: str) -> api.Dossier:
        # Anonymous look-up by code plus ID number; the backend rate-limits failures per kiosk.
        # The pair goes in the JSON body: URLs land in access logs and httpx's INFO lines.
        # A read, so safe to retry although it is a POST.
        path = f"{API}/dossiers/lookup"
        body = api.DossierLookup(code=code, id_number=id_number).model_dump(mode="json")
        response = await self._post(path, path, body=body, idempotent=True)
        return parse_model(api.Dossier, response, f"POST {path}")

    async def supply_documents(
        self, token: str, dossier_code: str, supplement_id: str, attachments: Sequence[api.Attachment]
    ) -> api.Dossier:
        """The papers for one supplement request, as the submission sends them (base64 in JSON).

        Not retried: the backend takes one answer per request, so a resend after a lost answer
        meets ``SupplementClosedError`` (the citizen then sees the dossier's status). A failure
        that leaves the papers unsent is one named error, whose message says the pages are kept.
        """
        template = f"{API}/dossiers/{{code}}/supplements/{{id}}"
        path = f"{API}/dossiers/{_seg(dossier_code)}/supplements/{_seg(supplement_id)}"
        body = [a.model_dump(mode="json") for a in attachments]
        try:
            response = await self._post(path, template, token=token, body=body)
        except e.ConflictError as exc:
            if exc.code != "supplement_closed":
                raise
            raise e.SupplementClosedError(str(exc), status=exc.status, code=exc.code) from None
        except e.RateLimitedError:
            raise  # 429 keeps its own message (wait a moment, then try again)
        except e.TransientBackendError as exc:
            raise e.SupplementNotSentError(f"{exc} ({type(exc).__name__})", status=exc.status) from None
        return parse_model(api.Dossier, response, f"POST {template}")

    # ------------------------------------------------------------------------ payments, ratings

    async def request_payment(self, token: str, dossier_code: str) -> api.Payment:
        template = f"{API}/dossiers/{{code}}/payments"
        response = await self._post(f"{API}/dossiers/{_seg(dossier_code)}/payments", template, token=token)
        return parse_model(api.Payment, response, f"POST {template}")

    async def get_payment(self, token: str, payment_id: str) -> api.Payment:
        template = f"{API}/payments/{{id}}"
        response = await self._get(f"{API}/payments/{_seg(payment_id)}", template, token=token)
        return parse_model(api.Payment, response, f"GET {template}")

    async def rate_dossier(self, token: str, dossier_code: str, rating: api.RatingCreate) -> api.Rating:
        template = f"{API}/dossiers/{{code}}/ratings"
        response = await self._post(
            f"{API}/dossiers/{_seg(dossier_code)}/ratings",
            template,
            token=token,
            body=rating.model_dump(mode="json"),
        )
        return parse_model(api.Rating, response, f"POST {template}")

    # ------------------------------------------------------------------------ help and health

    async def create_help_call(self, request: api_ops.HelpCallCreate) -> api_ops.HelpCall:
        # Not retried: the citizen waits on the answer, and a failure is said at once; asking again
        # is safe (the backend answers a kiosk's open call rather than opening a second).
        path = f"{API}/help-calls"
        response = await self._post(path, path, body=request.model_dump(mode="json"))
        return parse_model(api_ops.HelpCall, response, f"POST {path}")

    async def get_help_call(self, call_id: str) -> api_ops.HelpCall:
        template = f"{API}/help-calls/{{id}}"
        response = await self._get(f"{API}/help-calls/{_seg(call_id)}", template)
        return parse_model(api_ops.HelpCall, response, f"GET {template}")

    async def send_heartbeat(self, beat: api_ops.Heartbeat) -> api_ops.KioskStatus:
        path = f"{API}/kiosks/heartbeat"
        # Idempotent: the backend keeps only the latest heartbeat.
        response = await self._post(path, path, body=beat.model_dump(mode="json"), idempotent=True)
        return parse_model(api_ops.KioskStatus, response, f"POST {path}")


def _auth(token: str | None, headers: Mapping[str, str] | None) -> dict[str, str]:
    out = dict(headers or {})
    if token is not None:
        out["Authorization"] = f"Bearer {token}"
    return out

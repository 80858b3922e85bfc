"""``TwinControl``: the one control surface of the simulated world, for tests, BDD steps and demos.

    twin = TwinControl(BackendControl(http), card=CardControl(...), scanner=ScannerControl())
    twin.insert_card(persona(3), CardFaults(removed_after=5)); twin.pull_card()
    twin.jam_feeder(); twin.empty_feeder(); twin.load_feeder([DocumentKind.CT01, DocumentKind.BLANK])
    twin.backend.slow(SEARCH, 300); twin.backend.down(); twin.backend.lose_responses(SUBMIT)
    twin.backend.heal()
    twin.backend.approve_vneid(session_id, id_number); twin.backend.confirm_payment(payment_id)
    twin.advance(61)                   # the backend's world clock and every attached clock

The backend part speaks the control API over HTTP (any client with ``request(method, url, json=,
headers=)``: ``httpx.Client`` against uvicorn, or an in-process ASGI client), so the same object
drives an in-process twin and one on 127.0.0.1. Errors (mocks side, never shown to a citizen)::

    TwinControlError            a control call was refused, or a device is not part of this twin
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import httpx

from mocks.backend.faults import FaultPlan, FaultRule
from mocks.card.control import CardControl
from mocks.card.faults import CardFaults
from mocks.card.files import CardBuild
from mocks.citizens import Persona
from mocks.scanner.control import ScannerControl
from mocks.scanner.documents import DEFAULT_FEEDER, DocumentKind
from mocks.scanner.glass import GlassItem

__all__ = [
    "ALL_ROUTES",
    "LOGIN_CCCD",
    "SEARCH",
    "SUBMIT",
    "Advancing",
    "BackendControl",
    "ControlHttp",
    "TwinControl",
    "TwinControlError",
]

SEARCH = "GET /api/v1/procedures"
SUBMIT = "POST /api/v1/dossiers"
LOGIN_CCCD = "POST /api/v1/auth/cccd"
# Fault routes match whole paths; "every kiosk route" is every depth a kiosk call has.
ALL_ROUTES: tuple[str, ...] = tuple(
    "* " + "".join(f"/{{p{i}}}" for i in range(depth)) for depth in range(1, 8)
)


class TwinControlError(RuntimeError):
    """A control call was refused by the backend, or the twin has no such device (mocks side)."""


class ControlHttp(Protocol):
    """What the backend control needs of an HTTP client (``httpx.Client`` has it)."""

    def request(
        self, method: str, url: str, *, json: Any = None, headers: Mapping[str, str] | None = None
    ) -> httpx.Response: ...


class Advancing(Protocol):
    def advance(self, seconds: float) -> None: ...


class BackendControl:
    """The simulated provincial backend's control API: citizens, phone, bank, calendar, faults."""

    def __init__(self, http: ControlHttp, kiosk_key: str | None = None) -> None:
        self.http = http
        self.kiosk_key = kiosk_key
        self._rules: list[FaultRule] = []
        self._seed = 0

    def _call(self, method: str, url: str, body: Any = None, headers: Mapping[str, str] | None = None) -> Any:
        answer = self.http.request(method, url, json=body, headers=headers)
        if answer.status_code >= 400:
            raise TwinControlError(f"{method} {url} answered {answer.status_code}: {answer.text[:200]}")
        return answer.json() if answer.content else None

    # ------------------------------------------------------------------ people and their phones

    def register(self, who: Persona) -> None:
        """Put the citizen in the population records (VNeID and CCCD login need it)."""
        body = {"id_number": who.id_number, "full_name": who.full_name}
        self._call("POST", "/control/citizens", body | {"date_of_birth": who.date_of_birth.isoformat()})

    def approve_vneid(self, session_id: str, id_number: str) -> None:
        self._call("POST", f"/control/vneid/{session_id}/approve", {"id_number": id_number})

    def deny_vneid(self, session_id: str) -> None:
        self._call("POST", f"/control/vneid/{session_id}/deny")

    def set_vneid_password(self, who: Persona, password: str) -> None:
        """The citizen sets their VNeID account password (8-64 characters); lifts a lockout."""
        self._call("POST", "/control/vneid/accounts", {"id_number": who.id_number, "password": password})

    def sent_otp(self, who: Persona) -> str:
        """The one-time code VNeID last sent to the citizen's phone (still open)."""
        answer = self._call("POST", "/control/vneid/otp", {"id_number": who.id_number})
        return str(answer["otp"])

    def revoked_logins(self, who: Persona) -> int:
        """How many of ``who``'s logins were logged out on the backend and have not expired yet."""
        answer = self._call("POST", "/control/revocations/lookup", {"id_number": who.id_number})
        return int(answer["unexpired"])

    def enrol_signing_key(self, public_key: str) -> None:
        """Register this kiosk's confirmation-signing key (the province's one-time enrolment)."""
        if self.kiosk_key is None:
            raise TwinControlError("enrolling a kiosk's signing key needs the kiosk key")
        headers = {"X-Kiosk-Key": self.kiosk_key}
        self._call("POST", "/control/kiosks/signing-keys", {"public_key": public_key}, headers)

    def confirm_payment(self, payment_id: str) -> None:
        self._call("POST", f"/control/payments/{payment_id}/confirm")

    def force_status(self, dossier_code: str, status: int, note: str = "") -> None:
        self._call("POST", f"/control/dossiers/{dossier_code}/status", {"status": status, "note": note})

    def as_citizen(self, who: Persona) -> dict[str, str]:
        """Headers of a kiosk call made for ``who`` (a VNeID login approved on their phone)."""
        if self.kiosk_key is None:
            raise TwinControlError("asking as a citizen needs the kiosk key")
        kiosk = {"X-Kiosk-Key": self.kiosk_key}
        session = self._call("POST", "/api/v1/auth/vneid/sessions", headers=kiosk)
        self.approve_vneid(session["id"], who.id_number)
        token = self._call("GET", f"/api/v1/auth/vneid/sessions/{session['id']}", headers=kiosk)["token"]
        return kiosk | {"Authorization": f"Bearer {token}"}

    def dossiers_of(self, who: Persona) -> list[dict[str, Any]]:
        """Every dossier the backend holds for ``who``."""
        return self._listed("/api/v1/dossiers", who)

    def payments_of(self, who: Persona) -> list[dict[str, Any]]:
        return self._listed("/api/v1/payments", who)

    def _listed(self, url: str, who: Persona) -> list[dict[str, Any]]:
        """The items of a citizen's list route (a ``Page``), asked as ``who``."""
        items: list[dict[str, Any]] = self._call("GET", url, headers=self.as_citizen(who))["items"]
        return items

    def pay(self, who: Persona, dossier_code: str) -> None:
        """The bank confirms ``who``'s pending payment for the dossier (as after a VietQR transfer)."""
        pending = [
            p for p in self.payments_of(who) if p["dossier_code"] == dossier_code and p["status"] == "pending"
        ]
        if not pending:
            raise TwinControlError(f"no pending payment for dossier {dossier_code}")
        self.confirm_payment(pending[-1]["id"])

    def file_dossier(self, who: Persona, body: Mapping[str, Any], key: str | None = None) -> dict[str, Any]:
        """A dossier ``who`` filed earlier (online, or at another kiosk); returns it as the backend has it."""
        headers = self.as_citizen(who) | ({"Idempotency-Key": key} if key else {})
        dossier: dict[str, Any] = self._call("POST", "/api/v1/dossiers", dict(body), headers=headers)
        return dossier

    # ------------------------------------------------------------------ world clock

    def advance_clock(self, seconds: float) -> str:
        """Move the world clock on; returns its new time (ISO 8601)."""
        return str(self._call("POST", "/control/clock/advance", {"seconds": seconds})["now"])

    def now(self) -> str:
        return str(self._call("GET", "/control/clock")["now"])

    # ------------------------------------------------------------------ faults

    def set_faults(self, plan: FaultPlan) -> FaultPlan:
        self._rules, self._seed = list(plan.rules), plan.seed
        return FaultPlan.model_validate(self._call("PUT", "/control/faults", plan.model_dump(mode="json")))

    def add_fault(self, rule: FaultRule) -> FaultPlan:
        """Add a rule in front of the current ones (the first matching rule applies)."""
        return self.set_faults(FaultPlan(seed=self._seed, rules=[rule, *self._rules]))

    def slow(self, route: str, latency_ms: int) -> FaultPlan:
        return self.add_fault(FaultRule(route=route, latency_ms=latency_ms))

    def fail(self, route: str, status: int = 503) -> FaultPlan:
        return self.add_fault(FaultRule(route=route, error_rate=1.0, status=status))

    def time_out(self, route: str) -> FaultPlan:
        """Requests on ``route`` hang for the backend's timeout, then get a 504."""
        return self.add_fault(FaultRule(route=route, timeout=True))

    def down(self, routes: Sequence[str] = ALL_ROUTES) -> FaultPlan:
        """The whole provincial system answers 503 (the control API still works)."""
        rules = [FaultRule(route=r, error_rate=1.0, status=503) for r in routes]
        return self.set_faults(FaultPlan(seed=self._seed, rules=rules + self._rules))

    def lose_responses(
        self, route: str, rate: float = 1.0, mode: Literal["empty_504", "drop"] = "empty_504"
    ) -> FaultPlan:
        """The request runs and commits; its answer never arrives."""
        return self.add_fault(FaultRule(route=route, lost_response_rate=rate, lost_response_mode=mode))

    def heal(self) -> FaultPlan:
        return self.set_faults(FaultPlan(seed=self._seed))

    def faults(self) -> FaultPlan:
        return FaultPlan.model_validate(self._call("GET", "/control/faults"))

    def reset(self) -> None:
        """Forget dossiers, payments, ratings, logins, faults and clock offset (citizens stay)."""
        self._rules = []
        self._call("POST", "/control/reset")


@dataclass(slots=True)
class TwinControl:
    """Backend, card and scanner controls behind one object; devices are optional."""

    backend: BackendControl
    card: CardControl | None = None
    scanner: ScannerControl | None = None
    clocks: list[Advancing] = field(default_factory=list)

    def _card(self) -> CardControl:
        if self.card is None:
            raise TwinControlError("this twin has no card reader")
        return self.card

    def _scanner(self) -> ScannerControl:
        if self.scanner is None:
            raise TwinControlError("this twin has no scanner")
        return self.scanner

    # ------------------------------------------------------------------ card

    def insert_card(self, who: Persona, faults: CardFaults | None = None) -> CardBuild:
        return self._card().insert(who, faults)

    def pull_card(self) -> None:
        self._card().remove()

    def set_card_faults(self, faults: CardFaults) -> None:
        self._card().set_faults(faults)

    # ------------------------------------------------------------------ scanner

    def load_feeder(self, kinds: Iterable[DocumentKind] = DEFAULT_FEEDER) -> None:
        self._scanner().load_feeder(kinds)

    def lay_on_glass(self, item: GlassItem | None) -> None:
        """A card face or a slip in the glass's card corner (``None``: take it off)."""
        self._scanner().lay_on_glass(item)

    def empty_feeder(self) -> None:
        self._scanner().load_feeder(())

    def jam_feeder(self, on_page: int = 1) -> None:
        self._scanner().jam_on_page(on_page)

    def blank_page_next(self) -> None:
        """The next sheet fed is an empty one slipped in by mistake."""
        scanner = self._scanner()
        scanner.load_feeder((DocumentKind.BLANK, *scanner.feeder))

    def clear_scanner_faults(self) -> None:
        self._scanner().clear_faults()

    # ------------------------------------------------------------------ time

    def advance(self, seconds: float) -> None:
        """Time passes for the whole world: the backend's clock, then every attached clock."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        self.backend.advance_clock(seconds)
        for clock in self.clocks:
            clock.advance(seconds)

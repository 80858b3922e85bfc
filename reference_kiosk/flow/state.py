"""The flow's mutable state, kept in two parts so that the privacy wipe is one assignment.

``Session`` holds everything about the citizen in front of the kiosk (identity, token, form
values, dossiers, answers); ``FlowState.end_session`` replaces it with a fresh one, so nothing
personal stays reachable. ``FlowState`` holds what is not personal (screen, preferences,
timers) and the helpers every journey module uses to move between screens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from reference_kiosk import api
from reference_kiosk.config import KioskConfig
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow.account_types import AccountState
from reference_kiosk.flow.effects import BacKey, Effect, Speak, Track, WipePersonalData
from reference_kiosk.flow.events import Lang, LoginMethod
from reference_kiosk.flow.help import HelpState, status
from reference_kiosk.flow.supplement_types import SupplyState
from reference_kiosk.flow.view_frame import OfficeStatus
from reference_kiosk.flow.views import Frame, LoginPhase, LookupPhase, PayPhase, RatePhase, Screen
from reference_kiosk.ports import Clock

__all__ = ["FlowState", "Prefs", "Session"]


@dataclass(slots=True)
class Prefs:
    lang: Lang = "vi"
    large_text: bool = False
    high_contrast: bool = False
    voice: bool = False


@dataclass(slots=True)
class LoginState:
    method: LoginMethod | None = None
    phase: LoginPhase = LoginPhase.CHOOSE
    key: BacKey | None = None
    vneid_session: str | None = None
    vneid_qr: str | None = None
    vneid_deadline: float | None = None
    next_poll: float = 0.0
    verified_until: float | None = None
    error: KioskError | None = None
    staff_called: bool = False  # on the failed-login screen shown now


@dataclass(slots=True)
class SubmitState:
    procedure: api.Procedure | None = None
    case_code: str | None = None
    choosing_case: bool = False
    values: dict[str, str] = field(default_factory=dict)
    show_errors: bool = False
    pages: dict[str, list[str]] = field(default_factory=dict)
    blank: set[str] = field(default_factory=set)
    built: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (pages, bytes)
    key: str | None = None  # idempotency key, fixed at confirmation
    dossier: api.Dossier | None = None
    queued: bool = False


@dataclass(slots=True)
class PayState:
    phase: PayPhase = PayPhase.LOADING
    items: tuple[api.Dossier, ...] = ()
    payment: api.Payment | None = None
    deadline: float | None = None
    next_poll: float = 0.0


@dataclass(slots=True)
class LookupState:
    phase: LookupPhase = LookupPhase.LOADING
    dossiers: tuple[api.Dossier, ...] = ()
    detail: api.Dossier | None = None
    document_names: dict[str, str] = field(default_factory=dict)  # code -> name, from the catalogue
    slip_code: str | None = None  # read from the slip on the glass, for the code field
    slip_unread: bool = False  # the last slip read found no code: say so
    supply: SupplyState = field(default_factory=SupplyState)  # answering a supplement request


@dataclass(slots=True)
class RateState:
    phase: RatePhase = RatePhase.LOADING
    dossiers: tuple[api.Dossier, ...] = ()
    code: str | None = None
    answers: dict[int, int | api.Satisfaction] = field(default_factory=dict)


@dataclass(slots=True)
class Session:
    """Everything about one citizen's visit. Replaced wholesale at the end of the session."""

    started: bool = False
    token: str | None = None
    citizen: api.CitizenProfile | None = None
    residence: str = ""  # from the card's chip: prefills a form's current address (editable)
    login: LoginState = field(default_factory=LoginState)
    account: AccountState = field(default_factory=AccountState)  # VNeID account login
    query: str = ""
    search_field: str | None = None
    results: tuple[api.ProcedureSummary, ...] = ()  # the pages loaded so far, in order
    total: int = 0  # how many results the backend has for the query
    chips: dict[str, str] = field(default_factory=dict)
    submit_intent: bool = False
    procedure_code: str | None = None
    submit: SubmitState = field(default_factory=SubmitState)
    pay: PayState = field(default_factory=PayState)
    lookup: LookupState = field(default_factory=LookupState)
    rate: RateState = field(default_factory=RateState)
    pending: Effect | None = None  # the request whose answer the screen waits for
    polling: Effect | None = None  # a background poll in flight (VNeID, payment)
    used_card: bool = False
    scanned: bool = False
    submitted: int = 0
    queued: int = 0
    paid: int = 0
    rated: int = 0
    looked_up: int = 0


class FlowState:
    """Shared by the journey modules: screen changes, requests, telemetry, the wipe."""

    def __init__(self, clock: Clock, config: KioskConfig, new_key: Callable[[], str]) -> None:
        self.clock = clock
        self.config = config
        self.new_key = new_key
        self.prefs = Prefs(lang=config.lang, voice=config.voice)
        self.screen = Screen.WELCOME
        self.s = Session()
        self.last_input = clock.monotonic()
        self.warning = False
        self.goodbye_until: float | None = None
        self.error: KioskError | None = None
        self.error_retry: Effect | None = None
        self.staff_called = False  # on the error screen shown now
        self.goodbye_reminders = (False, False)  # (take your card, take your papers)
        self.help = HelpState()  # the kiosk's help call (not personal; reset with the session)
        self.office_hours = config.office

    # ------------------------------------------------------------------ helpers

    def now(self) -> float:
        return self.clock.monotonic()

    def deadline_for(self, expires_at: dt.datetime) -> float:
        """A backend expiry (wall time) as a monotonic deadline on the kiosk's clock."""
        return self.now() + max(0.0, (expires_at - self.clock.now()).total_seconds())

    @property
    def logged_in(self) -> bool:
        return self.s.token is not None and self.s.citizen is not None

    def channel(self) -> str:
        method = self.s.login.method if self.logged_in else None
        return {LoginMethod.CARD: "cccd", LoginMethod.VNEID: "vneid", None: "anonymous"}[method]

    def step_name(self, screen: Screen) -> str:
        if screen is Screen.LOGIN:
            method = self.s.login.method
            return f"login_{'cccd' if method is LoginMethod.CARD else 'vneid'}" if method else "login"
        steps = {Screen.PAY: "payment", Screen.RATE: "rating", Screen.ACCOUNT: "login_vneid"}
        return steps.get(screen, screen.value)

    def office_status(self) -> OfficeStatus | None:
        """None while the desk is staffed; else closed (lunch, night, day off) until when."""
        found = self.office_hours.status(self.clock.now())
        return None if found.open else found

    def frame(self) -> Frame:
        citizen = self.s.citizen
        return Frame(
            lang=self.prefs.lang,
            large_text=self.prefs.large_text,
            high_contrast=self.prefs.high_contrast,
            voice=self.prefs.voice,
            citizen_name=citizen.full_name if citizen is not None and self.logged_in else None,
            logged_in=self.logged_in,
            can_go_back=self.screen not in (Screen.WELCOME, Screen.HOME, Screen.GOODBYE, Screen.RECEIPT),
            busy=self.s.pending is not None,
            help=status(self),
            office=self.office_status(),
        )

    # ------------------------------------------------------------------ transitions

    def start_session(self) -> list[Effect]:
        if self.s.started:
            return []
        self.s.started = True
        return [Track("session_start", channel=self.channel())]

    def go(self, screen: Screen) -> list[Effect]:
        """Move to ``screen``: telemetry leave/enter, voice prompt."""
        if screen is self.screen:
            return []
        effects: list[Effect] = []
        if self.s.started and self.screen is not Screen.WELCOME:
            effects.append(Track("step_leave", self.step_name(self.screen), channel=self.channel()))
        self.screen = screen
        self.warning = False
        if self.s.started and screen not in (Screen.WELCOME, Screen.GOODBYE):
            effects.append(Track("step_enter", self.step_name(screen), channel=self.channel()))
        if self.prefs.voice:
            effects.append(Speak(f"voice.{screen.value}", self.prefs.lang))
        return effects

    def request(self, effect: Effect) -> list[Effect]:
        """Ask for something the screen waits for (its failure can be retried)."""
        self.s.pending = effect
        return [effect]

    def poll(self, effect: Effect) -> list[Effect]:
        self.s.polling = effect
        return [effect]

    def end_session(self, outcome: str, then: Screen) -> list[Effect]:
        """Close the session: telemetry, wipe outside and inside the flow, go to ``then``."""
        effects: list[Effect] = []
        if self.s.started:
            effects += self.go(Screen.GOODBYE if then is Screen.GOODBYE else Screen.WELCOME)
            effects.append(Track("session_end", channel=self.channel(), outcome=outcome))
        effects.append(WipePersonalData())
        remind_card, remind_papers = self.s.used_card, self.s.scanned
        self.s = Session()  # the wipe: the old session object becomes unreachable
        self.error = None
        self.error_retry = None
        self.staff_called = False
        self.warning = False
        self.help = HelpState()
        self.goodbye_reminders = (remind_card, remind_papers)
        if then is Screen.GOODBYE:
            self.goodbye_until = self.now() + self.config.goodbye_s
        else:
            self.reset_prefs()
        self.screen = then
        return effects

    def reset_prefs(self) -> None:
        """The next citizen starts from the kiosk's defaults."""
        self.prefs = Prefs(lang=self.config.lang, voice=self.config.voice)
        self.goodbye_until = None
        self.goodbye_reminders = (False, False)

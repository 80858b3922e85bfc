"""``KioskFlow``: the citizen session as a pure state machine (no pygame, no I/O, no threads).

    flow = KioskFlow(clock, config)
    effects = flow.handle(event)      # what the services must do next
    flow.screen, flow.view            # what the UI must show

Session-wide rules live here; each journey has its own module (login, browse, submit, scan,
pay, lookup, rate). Rules enforced here:

* Inactivity: a warning after ``inactivity_warning_s`` (120 s) without input, the end of the
  session after ``inactivity_timeout_s`` (180 s). The timer pauses while a QR waits for the
  citizen's phone (VNeID, VietQR): those have their own, bounded, countdowns.
* Logout, timeout and removing the ID card during a card session end the session: the
  ``Session`` object holding every personal value is replaced, and ``WipePersonalData`` asks
  the services to drop theirs.
* A device or backend failure shows the error screen (message in both languages, remedy);
  Retry repeats the failed request, Back returns to the screen underneath.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable

from reference_kiosk.config import KioskConfig
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.domain.privacy import mask_id_number
from reference_kiosk.flow import (
    browse,
    help,
    login,
    lookup,
    pay,
    printing,
    rate,
    submit,
    supplement,
    vneid_account,
)
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.account_types import AccountLoginChosen
from reference_kiosk.flow.effects import Effect, PollPayment, PollVneid, Speak, SubmitDossier, Track
from reference_kiosk.flow.personal import PersonalValues, personal_values
from reference_kiosk.flow.state import FlowState
from reference_kiosk.flow.views import (
    ErrorView,
    GoodbyeView,
    HomeView,
    LoginPhase,
    PayPhase,
    PayView,
    ReceiptView,
    Screen,
    TimeoutWarningView,
    View,
    WelcomeView,
)
from reference_kiosk.ports import Clock

__all__ = ["KioskFlow"]

# Answers from the services (``ev.Answer``: devices, backend, errors) and the passing of time:
# they are not the citizen's doing, so they neither reset the inactivity timer nor dismiss the
# inactivity warning. A new effect's result event subclasses ``ev.Answer``; nothing to list here.
_NOT_INPUT = (ev.Answer, ev.Tick)

Handler = Callable[[FlowState, ev.Event], list[Effect] | None]

_HANDLERS: dict[Screen, tuple[Handler, ...]] = {
    Screen.LOGIN: (login.handle,),
    Screen.ACCOUNT: (vneid_account.handle,),
    Screen.SEARCH: (browse.handle_search,),
    Screen.PROCEDURE: (browse.handle_procedure, submit.handle_procedure),
    Screen.FORM: (submit.handle_form,),
    Screen.SCAN: (supplement.handle_scan,),  # the submission's papers, or a supplement's
    Screen.REVIEW: (submit.handle_review,),
    Screen.RECEIPT: (submit.handle_receipt,),
    Screen.PAY: (pay.handle,),
    Screen.LOOKUP: (lookup.handle,),
    Screen.RATE: (rate.handle,),
}

_DISMISS: dict[Screen, Callable[[FlowState], None]] = {
    Screen.PAY: pay.on_dismiss,
    Screen.LOOKUP: lookup.on_dismiss,
    Screen.RATE: rate.on_dismiss,
}


def _uuid4() -> str:
    return str(uuid.uuid4())


class KioskFlow:
    def __init__(
        self,
        clock: Clock,
        config: KioskConfig | None = None,
        *,
        new_key: Callable[[], str] | None = None,
        can_print: bool = False,
    ) -> None:
        """``new_key`` draws idempotency keys (tests inject a deterministic one); ``can_print``:
        a printer is attached, so the receipt offers the paper slip."""
        self._st = FlowState(clock, config or KioskConfig(), new_key or _uuid4)
        self._can_print = can_print
        self._print = printing.PrintState()

    # ------------------------------------------------------------------ reading

    @property
    def screen(self) -> Screen:
        st = self._st
        if st.error is not None:
            return Screen.ERROR
        return Screen.TIMEOUT_WARNING if st.warning else st.screen

    @property
    def view(self) -> View:
        st = self._st
        if st.error is not None:
            return self._error_view(st.error)
        if st.warning:
            left = st.config.inactivity_timeout_s - (st.now() - st.last_input)
            return TimeoutWarningView(st.frame(), max(0, math.ceil(left)), st.screen)
        return self._screen_view()

    @property
    def logged_in(self) -> bool:
        return self._st.logged_in

    @property
    def personal(self) -> PersonalValues:
        """The session's personal values, for the UI to mask in screenshots that leave the kiosk."""
        return personal_values(self._st)

    # ------------------------------------------------------------------ handling

    def handle(self, event: ev.Event) -> list[Effect]:
        st = self._st
        if not isinstance(event, _NOT_INPUT):
            st.last_input = st.now()
            was_warning, st.warning = st.warning, False
            # Any touch answers "are you still there?" and does nothing else; card and logout count.
            if was_warning and not isinstance(event, ev.CardRemoved | ev.CardInserted | ev.Logout):
                return []
        handled = self._session_event(event)
        if handled is not None:
            return handled
        if st.error is not None:
            return self._on_error_screen(event)
        return self._dispatch(event)

    def _session_event(self, event: ev.Event) -> list[Effect] | None:
        st = self._st
        match event:
            case ev.Tick(now=now):
                return self._tick(now)
            case ev.ErrorOccurred(error=error):
                return self._error(error)
            case ev.LanguageChosen(lang=lang):
                st.prefs.lang = lang
                return [Speak(f"voice.{st.screen.value}", lang)] if st.prefs.voice else []
            case ev.AccessibilityToggled(option=option):
                name = option.value
                setattr(st.prefs, name, not getattr(st.prefs, name))
                return []
            case ev.Logout() if st.s.started:
                return st.end_session(self._outcome("logout"), Screen.GOODBYE)
            case ev.CardRemoved() if st.logged_in and st.s.login.method is ev.LoginMethod.CARD:
                return st.end_session(self._outcome("card_removed"), Screen.GOODBYE)
            case ev.StaffCalled():
                return self._staff_called()
            case ev.HelpCallChanged() | ev.HelpCallFailed():
                return help.answer(st, event)
            case ev.HelpDismissed():
                help.dismiss(st)
                return []
            case ev.SlipPrintChosen() if st.screen is Screen.RECEIPT and self._can_print:
                return printing.start(
                    self._print, printing.complete(submit.receipt_view(st), st), st.prefs.lang
                )
            case ev.SlipPrintChosen() if st.screen is Screen.PAY and self._can_print:
                return printing.start_payment(self._print, pay.view(st), st.prefs.lang)
            case ev.SlipPrinted() | ev.SlipPrintFailed():
                failed = printing.answer(self._print, event)
                if failed is None:
                    return []
                return [Track("error", "receipt", channel=st.channel(), error=type(failed).__name__)]
            case ev.Home() if st.screen not in (Screen.WELCOME, Screen.GOODBYE) and not self._submitting():
                st.error = None
                st.s.pending = None
                st.s.polling = None
                supplement.abandon(st)
                if st.logged_in:
                    return st.go(Screen.HOME)
                return st.end_session("abandoned", Screen.WELCOME)
        return None

    def _staff_called(self) -> list[Effect]:
        """Help from any screen; the error and failed-login screens then say it was asked for."""
        st = self._st
        if st.error is not None:
            st.staff_called = True
        elif st.screen is Screen.LOGIN:
            login.handle(st, ev.StaffCalled())  # only its record that help was asked; help.call tracks it
        return help.call(st)

    def _submitting(self) -> bool:
        """While a confirmed dossier is being sent, Home waits: the citizen must see the receipt."""
        return isinstance(self._st.s.pending, SubmitDossier) and self._st.error is None

    def _outcome(self, default: str) -> str:
        """What the visit achieved, most important first (telemetry's session outcome)."""
        s = self._st.s
        done = (
            ("submitted", s.submitted),
            ("queued", s.queued),
            ("paid", s.paid),
            ("rated", s.rated),
            ("looked_up", s.looked_up),
        )
        return next((name for name, count in done if count), default)

    def _dispatch(self, event: ev.Event) -> list[Effect]:
        st = self._st
        if st.screen is Screen.WELCOME:
            return self._welcome(event)
        if st.screen is Screen.HOME:
            return self._home(event)
        if st.screen is Screen.GOODBYE:
            if isinstance(event, ev.Continue | ev.StartTapped | ev.Back | ev.CardInserted):
                st.reset_prefs()
                st.screen = Screen.WELCOME
                if isinstance(event, ev.CardInserted):  # the next citizen did not wait for the welcome
                    return self._welcome(event)
            return []
        if st.screen is Screen.LOGIN and isinstance(event, AccountLoginChosen) and not st.logged_in:
            return vneid_account.start(st)
        if st.screen is Screen.RECEIPT and isinstance(event, ev.PayChosen):
            return pay.start_for(st, event.dossier_code)
        for handler in _HANDLERS.get(st.screen, ()):
            effects = handler(st, event)
            if effects is not None:
                return effects
        return []  # not meaningful here (a stale answer, a double tap): ignored

    def _welcome(self, event: ev.Event) -> list[Effect]:
        st = self._st
        match event:
            case ev.StartTapped():
                return login.start(st)
            case ev.LoginMethodChosen(method=method):
                return login.start(st, method)
            case ev.CardInserted():
                return login.start(st, ev.LoginMethod.CARD) + (login.handle(st, event) or [])
            case AccountLoginChosen():
                return vneid_account.start(st)
            case ev.TileChosen(tile=ev.HomeTile.LOOKUP):
                return lookup.start(st)
            case ev.TileChosen(tile=ev.HomeTile.PROCEDURES):
                return browse.start(st, submit_intent=False)
        return []

    def _home(self, event: ev.Event) -> list[Effect]:
        st = self._st
        match event:
            case ev.TileChosen(tile=ev.HomeTile.PROCEDURES):
                return browse.start(st, submit_intent=False)
            case ev.TileChosen(tile=ev.HomeTile.SUBMIT):
                return browse.start(st, submit_intent=True)
            case ev.TileChosen(tile=ev.HomeTile.LOOKUP):
                return lookup.start(st)
            case ev.TileChosen(tile=ev.HomeTile.PAY):
                return pay.start(st)
            case ev.TileChosen(tile=ev.HomeTile.RATE):
                return rate.start(st)
        return []

    # ------------------------------------------------------------------ time

    def _tick(self, now: float) -> list[Effect]:
        st = self._st
        effects = help.on_tick(st, now)  # on every screen, the welcome screen too
        if help.holds(st, now):
            st.last_input = max(st.last_input, now)  # nobody is idle while staff are on the way
        return effects + self._session_tick(now)

    def _session_tick(self, now: float) -> list[Effect]:
        st = self._st
        if st.screen is Screen.GOODBYE:
            if st.goodbye_until is not None and now >= st.goodbye_until:
                st.reset_prefs()
                st.screen = Screen.WELCOME
            return []
        if st.screen is Screen.WELCOME:
            return []
        effects: list[Effect] = []
        # Read before the journeys' ticks, which may end the wait (QR expired) on this very tick.
        waited_until = self._wait_deadline(now) if self._waiting_for_phone() else None
        if st.error is None:
            if st.screen is Screen.LOGIN:
                effects += login.on_tick(st, now)
            elif st.screen is Screen.PAY:
                effects += pay.on_tick(st, now)
            elif st.screen is Screen.ACCOUNT:
                effects += vneid_account.on_tick(st, now)
        if waited_until is not None:
            # Paused while the phone is awaited; once the QR expires, idle time counts from its
            # expiry, even when this tick comes late (a stalled loop, a clock jump).
            st.last_input = max(st.last_input, waited_until)
            if self._waiting_for_phone():
                return effects
        idle = now - st.last_input
        if idle >= st.config.inactivity_timeout_s:
            return effects + st.end_session(self._outcome("timeout"), Screen.WELCOME)
        if idle >= st.config.inactivity_warning_s and not st.warning:
            st.warning = True
            if st.prefs.voice:
                effects.append(Speak("voice.timeout_warning", st.prefs.lang))
        return effects

    def _wait_deadline(self, now: float) -> float:
        """When the current wait for the phone ends at the latest: its QR's expiry, or now."""
        st = self._st
        deadline = st.s.login.vneid_deadline if st.screen is Screen.LOGIN else st.s.pay.deadline
        return now if deadline is None else min(now, deadline)

    def _waiting_for_phone(self) -> bool:
        st = self._st
        if st.error is not None or st.warning:
            return False
        if st.screen is Screen.LOGIN:
            return st.s.login.phase is LoginPhase.VNEID_QR
        return st.screen is Screen.PAY and st.s.pay.phase is PayPhase.QR

    # ------------------------------------------------------------------ errors

    def _error(self, error: KioskError) -> list[Effect]:
        st = self._st
        failed = st.s.pending or st.s.polling
        st.s.pending = None
        st.s.polling = None
        effects: list[Effect] = [
            Track("error", st.step_name(st.screen), channel=st.channel(), error=type(error).__name__)
        ]
        in_place = (
            (st.screen is Screen.LOGIN and not st.logged_in and login.on_error(st, error))
            or (st.screen is Screen.LOOKUP and lookup.on_error(st, error))
            or (st.screen is Screen.ACCOUNT and vneid_account.on_error(st, error))
        )
        if not in_place:
            st.error = error
            st.error_retry = failed
            st.staff_called = False
        return effects

    def _on_error_screen(self, event: ev.Event) -> list[Effect]:
        st = self._st
        match event:
            case ev.Retry() if st.error_retry is not None:
                effect = st.error_retry
                st.error, st.error_retry = None, None
                if isinstance(effect, PollVneid | PollPayment):
                    return st.poll(effect)
                return st.request(effect)
            case ev.Back() | ev.Continue() | ev.Retry():
                st.error, st.error_retry = None, None
                dismiss = _DISMISS.get(st.screen)
                if dismiss is not None:
                    dismiss(st)
                return []
        if isinstance(event, _NOT_INPUT):
            return self._dispatch(event)  # a late answer still updates the screen underneath
        return []

    def _error_view(self, error: KioskError) -> ErrorView:
        st = self._st
        return ErrorView(
            frame=st.frame(),
            error_name=type(error).__name__,
            message_vi=error.message_vi,
            message_en=error.message_en,
            remedy=error.remedy,
            can_retry=st.error_retry is not None,
            staff_called=st.staff_called,
        )

    # ------------------------------------------------------------------ views

    def _screen_view(self) -> View:
        st = self._st
        match st.screen:
            case Screen.WELCOME:
                p = st.prefs
                return WelcomeView(st.frame(), p.lang, p.large_text, p.high_contrast, p.voice)
            case Screen.HOME:
                citizen = st.s.citizen
                return HomeView(
                    frame=st.frame(),
                    citizen_name=citizen.full_name if citizen else "",
                    masked_id=mask_id_number(citizen.id_number) if citizen else "",
                    tiles=tuple(ev.HomeTile),
                    pending_outbox=st.s.queued,
                )
            case Screen.GOODBYE:
                left = (st.goodbye_until or st.now()) - st.now()
                card, papers = st.goodbye_reminders
                return GoodbyeView(st.frame(), card, papers, max(0, math.ceil(left)))
        view = _VIEWS[st.screen](st)
        if isinstance(view, ReceiptView):
            return printing.decorate(printing.complete(view, st), self._print, self._can_print)
        if isinstance(view, PayView):
            return printing.decorate_pay(view, self._print, self._can_print)
        return view


_VIEWS: dict[Screen, Callable[[FlowState], View]] = {
    Screen.LOGIN: login.view,
    Screen.ACCOUNT: vneid_account.view,
    Screen.SEARCH: browse.search_view,
    Screen.PROCEDURE: browse.procedure_view,
    Screen.FORM: submit.form_view,
    Screen.SCAN: supplement.scan_view,
    Screen.REVIEW: submit.review_view,
    Screen.RECEIPT: submit.receipt_view,
    Screen.PAY: pay.view,
    Screen.LOOKUP: lookup.view,
    Screen.RATE: rate.view,
}

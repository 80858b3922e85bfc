"""Login journey: chip ID card (with BAC keypad when needed) or VNeID QR.

CHOOSE --card--> PLACE_CARD --CardInserted--> READING --CardRead--> VERIFYING --LoggedIn--> VERIFIED
                                               |  ^ BacKeyRequired / BacEntered
                                               v  |
                                             ENTER_BAC
With ``card_on_glass`` the card lies on the scanner glass, over the reader: READING scans its print
for the key (app/glass.py) and only an unread print leads to ENTER_BAC, with its notice.
READING / VERIFYING --error--> FAILED: Retry, or for a refused card (see refusal.py) VNeID / call staff
CHOOSE --vneid--> VNEID_STARTING --VneidStarted--> VNEID_QR --poll...--> LoggedIn -> VERIFIED
                                                      |-> VNEID_DENIED / VNEID_EXPIRED (reload)
VERIFIED --Continue or verified_s--> HOME
"""

from __future__ import annotations

from reference_kiosk import api
from reference_kiosk.domain.errors import CardPulledError, KioskError, Situation
from reference_kiosk.domain.privacy import mask_id_number
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import BacKey, Effect, LoginWithCard, PollVneid, ReadCard, StartVneid, Track
from reference_kiosk.flow.refusal import LoginOffer, offers, refusal
from reference_kiosk.flow.state import FlowState, LoginState
from reference_kiosk.flow.views import LoginPhase, LoginView, Screen

__all__ = ["handle", "on_error", "on_tick", "start", "view"]

P = LoginPhase


def start(st: FlowState, method: ev.LoginMethod | None = None) -> list[Effect]:
    """Enter the login screen (from welcome), optionally with a method already chosen."""
    effects = st.start_session() + st.go(Screen.LOGIN)
    st.s.login = LoginState()
    if method is not None:
        effects += _choose(st, method)
    return effects


def _choose(st: FlowState, method: ev.LoginMethod) -> list[Effect]:
    st.s.login = LoginState(method=method)
    st.s.polling = None  # a poll still in flight belongs to the previous QR
    if method is ev.LoginMethod.CARD:
        st.s.login.phase = P.PLACE_CARD
        return []
    st.s.login.phase = P.VNEID_STARTING
    return st.request(StartVneid())


def _read(st: FlowState) -> list[Effect]:
    st.s.login.phase = P.READING
    st.s.login.error = None
    st.s.login.staff_called = False  # a new attempt: its failure gets its own staff button
    st.s.used_card = True
    return st.request(ReadCard(st.s.login.key))


def handle(st: FlowState, event: ev.Event) -> list[Effect] | None:
    lg = st.s.login
    match event:
        case ev.LoginMethodChosen(method=method) if not st.logged_in:
            return _switched(st, method) + _choose(st, method)
        case ev.CardInserted() if lg.method in (None, ev.LoginMethod.CARD) and lg.phase in (
            P.CHOOSE,
            P.PLACE_CARD,
            P.FAILED,
        ):
            lg.method = ev.LoginMethod.CARD
            return _read(st)
        case ev.CardRemoved() if lg.method is ev.LoginMethod.CARD and lg.phase is not P.VERIFIED:
            return _card_removed(st)
        case ev.BacKeyRequired(notice=notice) if lg.phase is P.READING:
            st.s.pending = None
            lg.phase = P.ENTER_BAC
            lg.error = notice  # the card's print was not read from the glass: say so above the keypad
            return []
        case ev.BacEntered(id_number=id_number, date_of_birth=dob) if lg.phase is P.ENTER_BAC:
            lg.key = BacKey(id_number, dob)
            return _read(st)
        case ev.CardRead(request=request) if lg.phase is P.READING:
            lg.phase = P.VERIFYING
            return st.request(LoginWithCard(request))
        case ev.CardReadFailed(error=error) if lg.phase is P.READING:
            return _card_failed(st, error)
        case ev.VneidStarted() if lg.phase is P.VNEID_STARTING:
            return _vneid_started(st, event)
        case ev.VneidPolled(status=status, session_id=sid) if lg.phase is P.VNEID_QR and sid in (
            "",
            lg.vneid_session,
        ):
            return _vneid_polled(st, status)
        case ev.VneidReload() if lg.method is ev.LoginMethod.VNEID and lg.phase is not P.VERIFIED:
            return _choose(st, ev.LoginMethod.VNEID)
        case ev.LoggedIn() if lg.phase in (P.VERIFYING, P.VNEID_QR):
            return _logged_in(st, event)
        case ev.Continue() if lg.phase is P.VERIFIED:
            return _home(st)
        case ev.Retry() if _offered(st, LoginOffer.RETRY):
            return _retry(st)
        case ev.StaffCalled() if _offered(st, LoginOffer.CALL_STAFF):
            return _staff_called(st)
        case ev.Back():
            return _back(st)
    return None


def _card_removed(st: FlowState) -> list[Effect]:
    st.s.pending = None
    lg = st.s.login
    # Pulled during the read (or the read already failed for that reason): say so on the
    # place-card screen, or the citizen sees the read silently start over.
    pulled = lg.error is not None and lg.error.situation is Situation.CARD_PULLED
    lg.error = CardPulledError() if lg.phase is P.READING or pulled else None
    lg.phase = P.PLACE_CARD
    return []


def _card_failed(st: FlowState, error: KioskError) -> list[Effect]:
    st.s.pending = None
    lg = st.s.login
    if error.situation is Situation.NO_CARD:
        lg.phase = P.PLACE_CARD
        return []
    lg.phase = P.FAILED
    lg.error = error
    # The class name only: a card the kiosk refused is counted by its verdict (ChipDataAlteredError...).
    return [Track("error", st.step_name(st.screen), channel=st.channel(), error=type(error).__name__)]


def _offered(st: FlowState, offer: LoginOffer) -> bool:
    lg = st.s.login
    return lg.phase is P.FAILED and offer in offers(lg.method, lg.error)


def _switched(st: FlowState, method: ev.LoginMethod) -> list[Effect]:
    """Telemetry of a refused card's citizen moving on to VNeID: close the card step, open VNeID's.

    Without it the whole visit to the login screen would count as a VNeID login, and a staff call
    made on the card step would be lost.
    """
    lg = st.s.login
    if lg.phase is not P.FAILED or lg.method is method or lg.method is None:
        return []
    channel = st.channel()
    return [
        Track("step_leave", st.step_name(Screen.LOGIN), channel=channel),
        Track("step_enter", f"login_{'cccd' if method is ev.LoginMethod.CARD else 'vneid'}", channel=channel),
    ]


def _staff_called(st: FlowState) -> list[Effect]:
    lg = st.s.login
    if lg.staff_called:
        return []
    lg.staff_called = True
    return [Track("help", st.step_name(Screen.LOGIN), channel=st.channel())]


def _retry(st: FlowState) -> list[Effect]:
    lg = st.s.login
    if lg.method is ev.LoginMethod.VNEID:
        return _choose(st, ev.LoginMethod.VNEID)
    # A wrong ID number / date of birth also fails here: ask for them again.
    lg.key = None
    return _read(st)


def _vneid_started(st: FlowState, event: ev.VneidStarted) -> list[Effect]:
    st.s.pending = None
    lg = st.s.login
    lg.phase = P.VNEID_QR
    lg.vneid_session = event.session_id
    lg.vneid_qr = event.qr_payload
    lg.vneid_deadline = st.deadline_for(event.expires_at)
    lg.next_poll = st.now() + st.config.vneid_poll_s
    return []


def _vneid_polled(st: FlowState, status: api.VneidStatus) -> list[Effect]:
    st.s.polling = None
    lg = st.s.login
    if status is api.VneidStatus.DENIED:
        lg.phase = P.VNEID_DENIED
    elif status is api.VneidStatus.EXPIRED:
        lg.phase = P.VNEID_EXPIRED
    else:
        lg.next_poll = st.now() + st.config.vneid_poll_s
    return []


def _logged_in(st: FlowState, event: ev.LoggedIn) -> list[Effect]:
    st.s.pending = None
    st.s.polling = None
    st.s.token = event.token
    st.s.citizen = event.citizen
    st.s.residence = event.residence
    lg = st.s.login
    lg.method = event.method
    lg.phase = P.VERIFIED
    lg.key = None  # the BAC input has served its purpose
    lg.vneid_qr = None
    lg.verified_until = st.now() + st.config.verified_s
    return []


def _home(st: FlowState) -> list[Effect]:
    st.s.login.verified_until = None
    return st.go(Screen.HOME)


def _back(st: FlowState) -> list[Effect]:
    lg = st.s.login
    if lg.phase is P.VERIFIED:
        return _home(st)
    if lg.phase is P.CHOOSE:
        return st.end_session("abandoned", Screen.WELCOME)
    st.s.login = LoginState()
    st.s.pending = None
    st.s.polling = None
    return []


def on_tick(st: FlowState, now: float) -> list[Effect]:
    lg = st.s.login
    if lg.phase is P.VERIFIED and lg.verified_until is not None and now >= lg.verified_until:
        return _home(st)
    if lg.phase is not P.VNEID_QR or lg.vneid_session is None:
        return []
    if lg.vneid_deadline is not None and now >= lg.vneid_deadline:
        lg.phase = P.VNEID_EXPIRED
        st.s.polling = None
        return []
    if st.s.polling is None and now >= lg.next_poll:
        return st.poll(PollVneid(lg.vneid_session))
    return []


def on_error(st: FlowState, error: KioskError) -> bool:
    """Login failures are shown in place (with their ways forward), not on the error screen."""
    st.s.login.phase = P.FAILED
    st.s.login.error = error
    return True


def view(st: FlowState) -> LoginView:
    lg = st.s.login
    countdown = None
    if lg.phase is P.VNEID_QR and lg.vneid_deadline is not None:
        countdown = max(0, round(lg.vneid_deadline - st.now()))
    citizen = st.s.citizen if lg.phase is P.VERIFIED else None
    # Errors show on the failure screen, a pulled card's notice on the place-card screen, and an
    # unread card print above the keypad.
    error = lg.error if lg.phase in (P.FAILED, P.PLACE_CARD, P.ENTER_BAC) else None
    failed = lg.phase is P.FAILED
    return LoginView(
        frame=st.frame(),
        method=lg.method,
        phase=lg.phase,
        countdown_s=countdown,
        qr_payload=lg.vneid_qr if lg.phase is P.VNEID_QR else None,
        masked_id=mask_id_number(citizen.id_number) if citizen else None,
        citizen_name=citizen.full_name if citizen else None,
        error_vi=error.message_vi if error else None,
        error_en=error.message_en if error else None,
        offers=offers(lg.method, lg.error) if failed else (),
        refusal=refusal(lg.error) if failed and lg.method is ev.LoginMethod.CARD else None,
        staff_called=failed and lg.staff_called,
        card_on_glass=st.config.card_on_glass,
    )

"""VNeID account login: ID number + password, then the one-time code sent to the citizen's phone.

WELCOME / LOGIN --AccountLoginChosen--> CREDENTIALS --AccountCredentialsEntered--> CHECKING
CHECKING --OtpSent--> OTP --OtpEntered--> VERIFYING --LoggedIn--> LOGIN (VERIFIED, as the QR login)
CHECKING --wrong password--> CREDENTIALS (with the message)   --locked--> LOCKED (use the card)
VERIFYING --wrong code--> OTP (with the message)   --expired / tried out--> CREDENTIALS
OTP --the code's time runs out--> CREDENTIALS (with the message)

The password lives only in the one ``LoginWithPassword`` effect; the session keeps neither it nor
the code. The login ends like the other two: ``LoggedIn`` carries the token, the services
remember it and revoke it at logout (decision 0010), telemetry counts it on the VNeID channel.
Errors show on this screen (like the login screen's), never on the error screen.
"""

from __future__ import annotations

from reference_kiosk.domain.errors import AccountNumberError, KioskError, OtpTimedOutError, Situation
from reference_kiosk.flow import events as ev
from reference_kiosk.flow import login
from reference_kiosk.flow.account_types import (
    AccountCredentialsEntered,
    AccountPhase,
    AccountState,
    LoginWithOtp,
    LoginWithPassword,
    OtpEntered,
    OtpSent,
)
from reference_kiosk.flow.account_view import AccountView
from reference_kiosk.flow.effects import Effect
from reference_kiosk.flow.state import FlowState
from reference_kiosk.flow.views import Screen

__all__ = ["handle", "on_error", "on_tick", "start", "view"]

P = AccountPhase
ID_DIGITS = 12


def start(st: FlowState) -> list[Effect]:
    effects = st.start_session()
    st.s.account = AccountState()
    st.s.pending = None
    st.s.polling = None
    return effects + st.go(Screen.ACCOUNT)


def handle(st: FlowState, event: ev.Event) -> list[Effect] | None:
    acc = st.s.account
    match event:
        case AccountCredentialsEntered(id_number=number, password=password) if acc.phase is P.CREDENTIALS:
            if len(number) != ID_DIGITS or not number.isdigit() or not password:
                acc.error = AccountNumberError()
                return []
            acc.phase, acc.error = P.CHECKING, None
            return st.request(LoginWithPassword(number, password))
        case OtpSent() if acc.phase is P.CHECKING:
            st.s.pending = None
            acc.phase, acc.error = P.OTP, None
            acc.challenge_id, acc.digits = event.challenge_id, event.digits
            acc.otp_deadline = st.deadline_for(event.expires_at)
            return []
        case OtpEntered(otp=otp) if acc.phase is P.OTP and acc.challenge_id is not None:
            acc.phase, acc.error = P.VERIFYING, None
            return st.request(LoginWithOtp(acc.challenge_id, otp))
        case ev.LoggedIn() if acc.phase is P.VERIFYING:
            return _logged_in(st, event)
        case ev.LoginMethodChosen(method=method):  # locked, or changed their mind: card or QR
            return login.start(st, method)
        case ev.Back() | ev.Retry():
            return _back(st)
    return None


def _logged_in(st: FlowState, event: ev.LoggedIn) -> list[Effect]:
    """Show the same "logged in" confirmation as the card and QR logins, then home."""
    st.s.account = AccountState()
    effects = st.go(Screen.LOGIN)
    st.s.login.phase = login.P.VERIFYING  # where the login screen accepts LoggedIn
    return effects + (login.handle(st, event) or [])


def _back(st: FlowState) -> list[Effect]:
    acc = st.s.account
    if acc.phase in (P.OTP, P.VERIFYING, P.LOCKED) or acc.error is not None:
        st.s.account = AccountState()  # start again with the number and password
        st.s.pending = None
        return []
    st.s.pending = None
    return login.start(st)  # the choice of login methods


def on_error(st: FlowState, error: KioskError) -> bool:
    """Shown in place with the way forward: type again, wait for a new code, or use the card."""
    acc = st.s.account
    acc.error = error
    st.s.pending = None
    if error.situation is Situation.ACCOUNT_LOCKED:
        acc.phase = P.LOCKED
    elif error.situation is Situation.WRONG_CODE and acc.challenge_id is not None:
        acc.phase = P.OTP  # the same code may be typed again, until VNeID says it is used up
    else:
        acc.phase = P.CREDENTIALS
        acc.challenge_id, acc.otp_deadline = None, None
    return True


def on_tick(st: FlowState, now: float) -> list[Effect]:
    acc = st.s.account
    if acc.phase is P.OTP and acc.otp_deadline is not None and now >= acc.otp_deadline:
        on_error(st, OtpTimedOutError())
    return []


def view(st: FlowState) -> AccountView:
    acc = st.s.account
    countdown = None
    if acc.phase is P.OTP and acc.otp_deadline is not None:
        countdown = max(0, round(acc.otp_deadline - st.now()))
    return AccountView(
        frame=st.frame(),
        phase=acc.phase,
        otp_digits=acc.digits,
        countdown_s=countdown,
        error_vi=acc.error.message_vi if acc.error else None,
        error_en=acc.error.message_en if acc.error else None,
    )

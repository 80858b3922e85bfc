"""Pay journey: the citizen's fee requests, a VietQR with countdown, polling until paid.

LOADING --DossiersLoaded--> LIST --PayChosen--> REQUESTING --PaymentQrReceived--> QR
QR --poll: paid--> PAID    QR --poll: expired / countdown over--> EXPIRED
QR --PaymentCancelled / Back--> CANCELLED          (any end state) --Continue--> HOME
"""

from __future__ import annotations

from reference_kiosk import api
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import Effect, ListDossiers, PollPayment, RequestPayment
from reference_kiosk.flow.state import FlowState, PayState
from reference_kiosk.flow.views import FeeItem, LookupPhase, PayPhase, PayView, Screen

__all__ = ["handle", "on_dismiss", "on_tick", "start", "start_for", "view"]

P = PayPhase


def start(st: FlowState) -> list[Effect]:
    if st.s.token is None:
        return []
    st.s.pay = PayState()
    if st.s.lookup.phase is LookupPhase.PAYING:  # from the home tile: not on the status screen's behalf
        st.s.lookup.phase = LookupPhase.LOADING
    return st.go(Screen.PAY) + st.request(ListDossiers(st.s.token))


def start_for(st: FlowState, dossier_code: str) -> list[Effect]:
    """Straight from a receipt: pay this dossier's fee."""
    if st.s.token is None:
        return []
    st.s.pay = PayState(phase=P.REQUESTING)
    return st.go(Screen.PAY) + st.request(RequestPayment(st.s.token, dossier_code))


def handle(st: FlowState, event: ev.Event) -> list[Effect] | None:
    pay = st.s.pay
    match event:
        case ev.DossiersLoaded(dossiers=dossiers) if pay.phase is P.LOADING:
            st.s.pending = None
            pay.items = tuple(d for d in dossiers if d.fee_due > 0)
            pay.phase = P.LIST
            return []
        case ev.PayChosen(dossier_code=code) if pay.phase is P.LIST and st.s.token is not None:
            pay.phase = P.REQUESTING
            return st.request(RequestPayment(st.s.token, code))
        case ev.PaymentQrReceived(payment=payment) if pay.phase is P.REQUESTING:
            st.s.pending = None
            pay.payment = payment
            pay.phase = P.QR
            pay.deadline = st.deadline_for(payment.expires_at)
            pay.next_poll = st.now() + st.config.payment_poll_s
            return []
        case ev.PaymentStatusChanged(payment=payment) if pay.phase in (P.QR, P.EXPIRED) and _same(
            pay, payment
        ):
            # A late answer may still say "paid" after the local countdown ran out.
            return _status(st, payment)
        case ev.PaymentCancelled() if pay.phase is P.QR:
            # The one-time QR simply lapses at the bank; the fee stays due on the dossier.
            pay.phase = P.CANCELLED
            st.s.polling = None
            return []
        case ev.Back() if pay.phase is P.QR:
            pay.phase = P.CANCELLED
            st.s.polling = None
            return []
        case ev.Continue() | ev.Back():
            st.s.pending = None
            st.s.polling = None
            if st.s.lookup.phase is LookupPhase.PAYING:  # came from the status screen: back there
                from reference_kiosk.flow import lookup  # lookup starts this journey: imported late

                return lookup.back_from_pay(st) or st.go(Screen.HOME)
            return st.go(Screen.HOME)
    return None


def _same(pay: PayState, payment: api.Payment) -> bool:
    return pay.payment is not None and pay.payment.id == payment.id


def _status(st: FlowState, payment: api.Payment) -> list[Effect]:
    pay = st.s.pay
    st.s.polling = None
    pay.payment = payment
    if payment.status is api.PaymentStatus.PAID:
        pay.phase = P.PAID
        st.s.paid += 1
    elif payment.status is api.PaymentStatus.EXPIRED:
        pay.phase = P.EXPIRED
    elif payment.status is api.PaymentStatus.CANCELLED:
        pay.phase = P.CANCELLED
    else:
        pay.next_poll = st.now() + st.config.payment_poll_s
    return []


def on_dismiss(st: FlowState) -> None:
    """The error screen was closed without retrying: back to the list of fees."""
    if st.s.pay.phase is P.REQUESTING:
        st.s.pay.phase = P.LIST


def on_tick(st: FlowState, now: float) -> list[Effect]:
    pay = st.s.pay
    if pay.phase is not P.QR or pay.payment is None or st.s.token is None:
        return []
    if pay.deadline is not None and now >= pay.deadline:
        pay.phase = P.EXPIRED
        return []
    if st.s.polling is None and now >= pay.next_poll:
        return st.poll(PollPayment(st.s.token, pay.payment.id))
    return []


def view(st: FlowState) -> PayView:
    pay = st.s.pay
    payment = pay.payment
    countdown = None
    if pay.phase is P.QR and pay.deadline is not None:
        countdown = max(0, round(pay.deadline - st.now()))
    return PayView(
        frame=st.frame(),
        phase=pay.phase,
        items=tuple(FeeItem(d.code, d.procedure_name, d.fee_due) for d in pay.items),
        dossier_code=payment.dossier_code if payment else None,
        amount=payment.amount if payment else 0,
        qr_payload=payment.vietqr if payment and pay.phase is P.QR else None,
        countdown_s=countdown,
        receipt_number=payment.receipt_number if payment and pay.phase is P.PAID else None,
        paid_at=payment.paid_at if payment and pay.phase is P.PAID else None,
    )

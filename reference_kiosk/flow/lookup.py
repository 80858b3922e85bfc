"""Look-up journey: the citizen's dossiers (logged in) or one dossier by code + ID number.

logged in:  LOADING --DossiersLoaded--> LIST --DossierChosen--> LOADING --DossierLoaded--> DETAIL
anonymous:  ENTER_CODE --LookupByCode--> LOADING --DossierLoaded--> DETAIL | NOT_FOUND
            ENTER_CODE --SlipScanWanted--> (ReadSlipCode) --SlipCodeRead--> ENTER_CODE, code filled in
logged in:  DETAIL --SupplyChosen--> answering a supplement request (``flow.supplement``)

A detail with supplement requests also loads its procedure (in the background, the screen does not
wait): the requests name papers by code, the catalogue gives their names.
"""

from __future__ import annotations

from reference_kiosk import api
from reference_kiosk.domain.errors import KioskError, Situation
from reference_kiosk.flow import events as ev
from reference_kiosk.flow import pay, supplement
from reference_kiosk.flow.effects import Effect, GetDossier, ListDossiers, LoadProcedure, LookupDossier
from reference_kiosk.flow.slip_types import ReadSlipCode, SlipCodeRead, SlipScanWanted
from reference_kiosk.flow.state import FlowState, LookupState
from reference_kiosk.flow.views import (
    DossierDetail,
    DossierSummary,
    LookupPhase,
    LookupView,
    Screen,
    SupplementView,
    TimelineEntry,
)
from reference_kiosk.flow.views_dossier import ResultView

__all__ = ["back_from_pay", "handle", "on_dismiss", "on_error", "start", "summary", "view"]

P = LookupPhase


def start(st: FlowState) -> list[Effect]:
    effects = st.start_session() + st.go(Screen.LOOKUP)
    if st.s.token is None:
        st.s.lookup = LookupState(phase=P.ENTER_CODE)
        return effects
    st.s.lookup = LookupState(phase=P.LOADING)
    return effects + st.request(ListDossiers(st.s.token))


def handle(st: FlowState, event: ev.Event) -> list[Effect] | None:
    lk = st.s.lookup
    if supplement.owns(st):
        return supplement.handle(st, event)
    match event:
        case ev.DossiersLoaded(dossiers=dossiers) if lk.phase is P.LOADING and lk.detail is None:
            st.s.pending = None
            lk.dossiers = dossiers
            lk.phase = P.LIST
            return []
        case ev.DossierChosen(code=code) if lk.phase is P.LIST and st.s.token is not None:
            lk.phase = P.LOADING
            return st.request(GetDossier(st.s.token, code))
        case ev.LookupByCode(code=code, id_number=id_number) if lk.phase in (P.ENTER_CODE, P.NOT_FOUND):
            lk.phase = P.LOADING
            # The ID number travels in the effect only; the flow does not keep it.
            return st.request(LookupDossier(code.strip(), id_number.strip()))
        case SlipScanWanted() if lk.phase in (P.ENTER_CODE, P.NOT_FOUND):
            lk.slip_unread = False
            return st.request(ReadSlipCode())
        case SlipCodeRead(code=code) if lk.phase in (P.ENTER_CODE, P.NOT_FOUND):
            st.s.pending = None
            lk.slip_code, lk.slip_unread = code, code is None
            return []
        case ev.DossierLoaded(dossier=dossier) if lk.phase is P.LOADING:
            st.s.pending = None
            lk.detail, lk.document_names = dossier, {}
            lk.phase = P.DETAIL
            st.s.looked_up += 1
            return [LoadProcedure(dossier.procedure_code)] if dossier.supplement_requests else []
        case ev.ProcedureLoaded(procedure=proc) if lk.detail is not None:
            if proc.code == lk.detail.procedure_code:
                docs = [*proc.documents, *(d for case in proc.cases for d in case.documents)]
                lk.document_names = {d.code: d.name for d in docs}
            return []
        case ev.PayChosen(dossier_code=code) if _can_pay(st, code):
            # Paid from the status screen; the pay journey brings the citizen back here (issue 13.6).
            lk.phase = P.PAYING
            return pay.start_for(st, code)
        case ev.SupplyChosen() if lk.phase is P.DETAIL:
            return supplement.start(st, event)
        case ev.Back():
            return _back(st)
    return None


def _can_pay(st: FlowState, code: str) -> bool:
    lk = st.s.lookup
    shown = lk.detail if lk.phase is P.DETAIL else None
    return shown is not None and shown.code == code and shown.fee_due > 0 and st.s.token is not None


def back_from_pay(st: FlowState) -> list[Effect] | None:
    """After paying from the status screen: the same dossier again, fresh (its fee notice gone)."""
    lk = st.s.lookup
    if lk.phase is not P.PAYING or lk.detail is None or st.s.token is None:
        return None
    lk.phase = P.LOADING
    return st.go(Screen.LOOKUP) + st.request(GetDossier(st.s.token, lk.detail.code))


def _back(st: FlowState) -> list[Effect]:
    lk = st.s.lookup
    st.s.pending = None
    if lk.phase in (P.DETAIL, P.NOT_FOUND) or (lk.phase is P.LOADING and lk.dossiers):
        lk.detail = None
        lk.phase = P.LIST if st.logged_in else P.ENTER_CODE
        return []
    if st.logged_in:
        return st.go(Screen.HOME)
    return st.end_session("looked_up" if st.s.looked_up else "abandoned", Screen.WELCOME)


def on_error(st: FlowState, error: KioskError) -> bool:
    """An unknown code (or code and ID number that do not match) is said in place."""
    if error.situation is Situation.NOT_FOUND and st.s.lookup.phase is P.LOADING:
        st.s.lookup.phase = P.NOT_FOUND
        return True
    if error.situation is Situation.SETTLED and supplement.on_settled(st):
        return True
    # The detail is shown already; only the papers' names failed to load: codes stay.
    return st.s.lookup.phase is P.DETAIL


def on_dismiss(st: FlowState) -> None:
    """The error screen was closed without retrying: back to where the citizen chose."""
    lk = st.s.lookup
    if lk.phase is P.LOADING and (lk.dossiers or not st.logged_in):
        lk.phase = P.LIST if st.logged_in else P.ENTER_CODE
    supplement.on_dismiss(st)


def summary(d: api.Dossier) -> DossierSummary:
    return DossierSummary(
        code=d.code,
        procedure_name=d.procedure_name,
        status=d.status,
        received_at=d.received_at,
        appointment_date=d.appointment_date,
        fee_due=d.fee_due,
        rated=d.rated,
        procedure_name_en=d.procedure_name_en,
    )


def _detail(d: api.Dossier, names: dict[str, str]) -> DossierDetail:
    return DossierDetail(
        summary=summary(d),
        timeline=tuple(TimelineEntry(h.at, h.to_status, h.actor, h.action, h.content) for h in d.history),
        supplements=tuple(
            SupplementView(
                s.requested_at, tuple(names.get(c, c) for c in s.documents), s.note, s.status, s.id
            )
            for s in d.supplement_requests
            if s.status == "requested"  # a supplied request is settled: its notice goes
        ),
        result=None
        if d.result is None
        else ResultView(d.result.document, d.result.place, d.result.ready_from, d.result.e_copy_url),
    )


def view(st: FlowState) -> LookupView:
    lk = st.s.lookup
    return LookupView(
        frame=st.frame(),
        phase=lk.phase,
        dossiers=tuple(summary(d) for d in lk.dossiers),
        detail=_detail(lk.detail, lk.document_names)
        if lk.detail is not None and lk.phase is P.DETAIL
        else None,
        slip_code=lk.slip_code,
        slip_unread=lk.slip_unread,
        supply=supplement.view(st),
    )

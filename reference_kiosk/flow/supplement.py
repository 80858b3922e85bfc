"""Supplement journey: answer a supplement request from the dossier's status screen (issue 13.6).

    LOOKUP DETAIL --SupplyChosen--> SCAN (SUPPLYING: exactly the papers the request asks for)
    SCAN --Continue, papers built--> LOOKUP SUPPLY_REVIEW --SupplyConfirmed--> SUPPLY_SENDING
    SUPPLY_SENDING --SupplementSent--> SUPPLIED --Continue/Back--> (GetDossier) DETAIL, notice gone
    SUPPLY_SENDING --SupplementClosedError (settled)--> SUPPLY_CLOSED --Continue/Back--> DETAIL
    SUPPLY_SENDING --other error--> error screen (Retry resends the same papers; Back: the review)

Only a logged-in citizen answers a request: the backend takes supplements on the citizen's token.
The scanning steps are the submission's (``flow.scan``) on this journey's own ``SupplyState``,
so the submit journey's pages are never touched. Nothing is queued in the outbox (see
``SupplyDocuments``): the pages stay in the services until the session ends, for a resend.
"""

from __future__ import annotations

from reference_kiosk import api
from reference_kiosk.flow import events as ev
from reference_kiosk.flow import scan
from reference_kiosk.flow.effects import Effect, GetDossier, SupplyDocuments
from reference_kiosk.flow.state import FlowState
from reference_kiosk.flow.supplement_types import SupplyState
from reference_kiosk.flow.views import LookupPhase, ScanView, Screen
from reference_kiosk.flow.views_dossier import SuppliedPaper, SupplyView

__all__ = [
    "abandon",
    "handle",
    "handle_scan",
    "on_dismiss",
    "on_settled",
    "owns",
    "scan_view",
    "start",
    "view",
]

P = LookupPhase
_OWN = (P.SUPPLYING, P.SUPPLY_REVIEW, P.SUPPLY_SENDING, P.SUPPLIED, P.SUPPLY_CLOSED)


def owns(st: FlowState) -> bool:
    """Whether the look-up is in the middle of answering a supplement request."""
    return st.s.lookup.phase in _OWN


def _open_request(st: FlowState, dossier_code: str, request_id: str) -> api.SupplementRequest | None:
    lk = st.s.lookup
    shown = lk.detail if lk.phase is P.DETAIL else None
    if shown is None or shown.code != dossier_code or st.s.token is None:
        return None
    return next(
        (r for r in shown.supplement_requests if r.id == request_id and r.status == "requested"), None
    )


def start(st: FlowState, event: ev.SupplyChosen) -> list[Effect] | None:
    """From the status screen: scan what this open request asks for (None: not offered here)."""
    request = _open_request(st, event.dossier_code, event.request_id)
    if request is None:
        return None
    lk = st.s.lookup
    lk.supply = SupplyState(event.dossier_code, request.id, tuple(dict.fromkeys(request.documents)))
    lk.phase = P.SUPPLYING
    return st.go(Screen.SCAN)


def _documents(st: FlowState) -> list[api.DocumentRequirement]:
    """Exactly the papers asked for, every one needed; named from the catalogue once it answered."""
    lk = st.s.lookup
    return [api.DocumentRequirement(code=c, name=lk.document_names.get(c, c)) for c in lk.supply.documents]


# ---------------------------------------------------------------------------- scan screen


def handle_scan(st: FlowState, event: ev.Event) -> list[Effect] | None:
    """The scan screen: the supplement's papers while one is being answered, else the submission's."""
    lk = st.s.lookup
    if lk.phase is not P.SUPPLYING:
        return scan.handle(st, event)
    if isinstance(event, ev.ProcedureLoaded) and lk.detail is not None:
        if event.procedure.code == lk.detail.procedure_code:  # names arrive late: show them
            docs = [*event.procedure.documents, *(d for c in event.procedure.cases for d in c.documents)]
            lk.document_names = {d.code: d.name for d in docs}
        return []
    return scan.handle_papers(st, event, lk.supply, _documents(st), back=_back_to_detail, done=_review)


def scan_view(st: FlowState) -> ScanView:
    if st.s.lookup.phase is not P.SUPPLYING:
        return scan.view(st)
    return scan.view_papers(st, st.s.lookup.supply, _documents(st))


def _back_to_detail(st: FlowState) -> list[Effect]:
    """Back out of answering: the status screen again, the request still open."""
    lk = st.s.lookup
    lk.supply = SupplyState()
    lk.phase = P.DETAIL
    return st.go(Screen.LOOKUP)


def _review(st: FlowState) -> list[Effect]:
    st.s.lookup.phase = P.SUPPLY_REVIEW
    return st.go(Screen.LOOKUP)


# ---------------------------------------------------------------------------- look-up screen


def handle(st: FlowState, event: ev.Event) -> list[Effect] | None:
    """Review, send, confirmation (the look-up screen's SUPPLY_* phases)."""
    lk = st.s.lookup
    sup = lk.supply
    match event:
        case ev.SupplyConfirmed() if lk.phase is P.SUPPLY_REVIEW and st.s.token is not None:
            if sup.dossier_code is None:
                return []
            lk.phase = P.SUPPLY_SENDING
            codes = tuple(c for c in sup.documents if c in sup.built)
            return st.request(SupplyDocuments(st.s.token, sup.dossier_code, sup.request_id, codes))
        case ev.SupplementSent(dossier_code=code, request_id=rid, dossier=dossier) if (
            lk.phase is P.SUPPLY_SENDING and code == sup.dossier_code and rid == sup.request_id
        ):
            st.s.pending = None
            lk.detail = dossier
            lk.phase = P.SUPPLIED
            return []
        case ev.Back() if lk.phase is P.SUPPLY_REVIEW:
            lk.phase = P.SUPPLYING  # back to the papers: add a page, rescan one
            return st.go(Screen.SCAN)
        case ev.Continue() | ev.Back() if lk.phase in (P.SUPPLIED, P.SUPPLY_CLOSED):
            return _reload(st)
    return [] if lk.phase in _OWN else None


def _reload(st: FlowState) -> list[Effect]:
    """The dossier afresh from the backend: its status moved and the answered notice is gone."""
    lk = st.s.lookup
    code = lk.supply.dossier_code or (lk.detail.code if lk.detail is not None else None)
    lk.supply = SupplyState()
    if code is None or st.s.token is None:
        lk.phase = P.LIST if st.logged_in else P.ENTER_CODE
        return []
    lk.phase = P.LOADING
    return st.request(GetDossier(st.s.token, code))


def on_settled(st: FlowState) -> bool:
    """The request had been answered already (a lost answer's resend, a second kiosk): say so in place."""
    if st.s.lookup.phase is not P.SUPPLY_SENDING:
        return False
    st.s.lookup.phase = P.SUPPLY_CLOSED
    return True


def abandon(st: FlowState) -> None:
    """Home in the middle of answering: the request stays open, the scan screen is the submission's again."""
    lk = st.s.lookup
    if owns(st):
        lk.supply = SupplyState()
        lk.phase = P.DETAIL


def on_dismiss(st: FlowState) -> None:
    """The error screen closed without a retry while sending: the review again, papers kept."""
    if st.s.lookup.phase is P.SUPPLY_SENDING:
        st.s.lookup.phase = P.SUPPLY_REVIEW


def view(st: FlowState) -> SupplyView | None:
    lk = st.s.lookup
    sup = lk.supply
    if lk.phase not in _OWN or sup.dossier_code is None:
        return None
    names = {d.code: d.name for d in _documents(st)}
    papers = tuple(SuppliedPaper(c, names[c], *sup.built[c]) for c in sup.documents if c in sup.built)
    detail = lk.detail
    return SupplyView(
        dossier_code=sup.dossier_code,
        procedure_name=detail.procedure_name if detail is not None else "",
        papers=papers,
        status=detail.status if detail is not None and lk.phase is P.SUPPLIED else None,
        procedure_name_en=detail.procedure_name_en if detail is not None else "",
    )

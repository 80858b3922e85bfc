"""Find a procedure: search with field chips, then the procedure detail.

Search is diacritics-insensitive on the backend side; the flow only forwards what was typed
and drops answers to queries that are no longer on screen.
"""

from __future__ import annotations

from reference_kiosk import api
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import Effect, LoadFields, LoadProcedure, SearchProcedures
from reference_kiosk.flow.state import FlowState
from reference_kiosk.flow.views import (
    CaseOption,
    Chip,
    DocumentLine,
    FeeLine,
    ProcedureSummary,
    ProcedureView,
    Screen,
    SearchView,
)

__all__ = ["fee_online", "handle_procedure", "handle_search", "procedure_view", "search_view", "start"]


def start(st: FlowState, submit_intent: bool) -> list[Effect]:
    effects = st.start_session() + st.go(Screen.SEARCH)
    st.s.submit_intent = submit_intent
    st.s.query, st.s.search_field = "", None
    # Browse offers every field of the catalogue, not only those of the first page of results.
    return [*effects, LoadFields(), *st.request(SearchProcedures("", None))]


def _search(st: FlowState) -> list[Effect]:
    return st.request(SearchProcedures(st.s.query, st.s.search_field))


def _more(st: FlowState) -> list[Effect]:
    """The next page of the same query (``MoreResultsWanted``), unless all are loaded or one is coming."""
    if len(st.s.results) >= st.s.total or isinstance(st.s.pending, SearchProcedures):
        return []
    return st.request(SearchProcedures(st.s.query, st.s.search_field, offset=len(st.s.results)))


def handle_search(st: FlowState, event: ev.Event) -> list[Effect] | None:
    match event:
        case ev.SearchChanged(text=text):
            st.s.query = text
            return _search(st)
        case ev.FieldChipChosen(field=field):
            st.s.search_field = None if field == st.s.search_field else field
            return _search(st)
        case ev.MoreResultsWanted():
            return _more(st)
        case ev.SearchResultsLoaded(query=query, field=field, results=results, total=total, offset=offset):
            if (query, field) != (st.s.query, st.s.search_field):
                return []  # an older answer overtaken by further typing
            if offset not in (0, len(st.s.results)):
                return []  # a page that no longer follows what is shown
            st.s.pending = None
            st.s.results = results if offset == 0 else st.s.results + results
            st.s.total = max(total, len(st.s.results))
            for proc in results:
                st.s.chips.setdefault(proc.field, proc.field_name)
            return []
        case ev.FieldsLoaded(fields=fields):
            st.s.chips = {f.code: f.name for f in fields} | st.s.chips
            return []
        case ev.ProcedureChosen(code=code):
            st.s.procedure_code = code
            st.s.submit.procedure = None
            return st.go(Screen.PROCEDURE) + st.request(LoadProcedure(code))
        case ev.Back():
            st.s.pending = None
            if st.logged_in:
                return st.go(Screen.HOME)
            return st.end_session("abandoned", Screen.WELCOME)
    return None


def handle_procedure(st: FlowState, event: ev.Event) -> list[Effect] | None:
    match event:
        case ev.ProcedureLoaded(procedure=proc) if proc.code == st.s.procedure_code:
            st.s.pending = None
            st.s.submit.procedure = proc
            return []
        case ev.Back():
            st.s.pending = None
            st.s.submit.choosing_case = False
            return st.go(Screen.SEARCH)
    return None


def fee_online(proc: api.Procedure) -> int:
    return proc.fee_online()


def can_submit(st: FlowState, proc: api.Procedure) -> bool:
    return st.logged_in and proc.kiosk_available and proc.online_level is not api.OnlineLevel.INFORMATION


def search_view(st: FlowState) -> SearchView:
    chips = tuple(Chip(code, label, code == st.s.search_field) for code, label in st.s.chips.items())
    results = tuple(
        ProcedureSummary(
            code=p.code,
            name=p.name,
            name_en=p.name_en,
            field_name=p.field_name,
            agency_name=p.agency_name,
            processing_days=p.processing_days,
            fee_online=p.fee_online,
        )
        for p in st.s.results
    )
    return SearchView(
        frame=st.frame(),
        query=st.s.query,
        chips=chips,
        results=results,
        loading=isinstance(st.s.pending, SearchProcedures),
        submit_intent=st.s.submit_intent,
        total=st.s.total,
    )


def procedure_view(st: FlowState) -> ProcedureView:
    sub = st.s.submit
    proc = sub.procedure
    if proc is None:
        return ProcedureView(frame=st.frame(), loading=True, code=st.s.procedure_code or "")
    return ProcedureView(
        frame=st.frame(),
        loading=False,
        code=proc.code,
        name=proc.name,
        name_en=proc.name_en,
        field_name=proc.field_name,
        agency_name=proc.agency_name,
        processing_days=proc.processing_days,
        steps=tuple(proc.steps),
        legal_basis=tuple(proc.legal_basis),
        result=proc.result,
        fees=tuple(FeeLine(f.label, f.kind, f.in_person, f.online, f.per) for f in proc.fees),
        documents=tuple(
            DocumentLine(d.code, d.name, d.mandatory, d.originals, d.copies) for d in proc.documents
        ),
        cases=tuple(CaseOption(c.code, c.name, c.code == sub.case_code) for c in proc.cases),
        can_submit=can_submit(st, proc),
        choosing_case=sub.choosing_case,
    )

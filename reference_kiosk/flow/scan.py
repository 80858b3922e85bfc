"""Scan the required papers: one paper at a time, pages appended, rescan, blank-page warning.

Page images stay in the services (the flow keeps their ids only). On Continue every paper with
pages is built into one upload-ready document, one after the other, then the review opens.

The same steps scan the papers a supplement request asks for (``flow.supplement``): a journey
hands ``handle_papers``/``view_papers`` its ``Papers`` (where pages are kept), the papers to
scan, and where Back and the end of building lead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from reference_kiosk import api
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import BuildDocument, Effect, ScanPage
from reference_kiosk.flow.state import FlowState
from reference_kiosk.flow.submit import documents
from reference_kiosk.flow.views import ScanItem, ScanItemStatus, ScanView, Screen

__all__ = ["Papers", "handle", "handle_papers", "view", "view_papers"]

Step = Callable[[FlowState], list[Effect]]


class Papers(Protocol):
    """Where a journey keeps its scanned pages (``SubmitState``, ``SupplyState``)."""

    pages: dict[str, list[str]]
    blank: set[str]
    built: dict[str, tuple[int, int]]  # code -> (pages, bytes)


def handle(st: FlowState, event: ev.Event) -> list[Effect] | None:
    """The submission's papers: Back to the e-form, then the review."""
    sub = st.s.submit
    return handle_papers(
        st, event, sub, documents(sub), back=lambda s: s.go(Screen.FORM), done=lambda s: s.go(Screen.REVIEW)
    )


def view(st: FlowState) -> ScanView:
    return view_papers(st, st.s.submit, documents(st.s.submit))


def _busy(st: FlowState) -> bool:
    return isinstance(st.s.pending, ScanPage | BuildDocument)


def handle_papers(
    st: FlowState,
    event: ev.Event,
    papers: Papers,
    docs: Sequence[api.DocumentRequirement],
    *,
    back: Step,
    done: Step,
) -> list[Effect] | None:
    known = {d.code for d in docs}
    match event:
        case ev.ScanRequested(document_code=code) if code in known and not _busy(st):
            return st.request(ScanPage(code))
        case ev.RescanRequested(document_code=code) if code in known and not _busy(st):
            papers.pages[code] = []
            papers.blank.discard(code)
            papers.built.pop(code, None)
            return st.request(ScanPage(code))
        case ev.PageScanned(document_code=code, page_id=page_id, blank=blank) if st.s.pending == ScanPage(
            code
        ):
            st.s.pending = None
            st.s.scanned = True
            papers.pages.setdefault(code, []).append(page_id)
            papers.built.pop(code, None)  # pages changed: build it again
            if blank:
                papers.blank.add(code)
            return []
        case ev.KeepBlankPage(document_code=code):
            papers.blank.discard(code)
            return []
        case ev.Continue() if _can_continue(papers, docs) and not _busy(st):
            return _build_next(st, papers, docs, done)
        case ev.DocumentBuilt(document_code=code, pages=pages, size_bytes=size) if (
            isinstance(st.s.pending, BuildDocument) and st.s.pending.document_code == code
        ):
            st.s.pending = None
            papers.built[code] = (pages, size)
            return _build_next(st, papers, docs, done)
        case ev.Back() if not _busy(st):
            return back(st)
    return None


def _can_continue(papers: Papers, docs: Sequence[api.DocumentRequirement]) -> bool:
    if papers.blank:
        return False
    return all(papers.pages.get(d.code) for d in docs if d.mandatory)


def _build_next(
    st: FlowState, papers: Papers, docs: Sequence[api.DocumentRequirement], done: Step
) -> list[Effect]:
    for doc in docs:
        pages = papers.pages.get(doc.code)
        if pages and doc.code not in papers.built:
            return st.request(BuildDocument(doc.code, tuple(pages)))
    return done(st)


def _status(st: FlowState, papers: Papers, code: str) -> ScanItemStatus:
    pending = st.s.pending
    if isinstance(pending, ScanPage) and pending.document_code == code:
        return ScanItemStatus.SCANNING
    if isinstance(pending, BuildDocument) and pending.document_code == code:
        return ScanItemStatus.BUILDING
    if code in papers.built:
        return ScanItemStatus.READY
    return ScanItemStatus.SCANNED if papers.pages.get(code) else ScanItemStatus.PENDING


def view_papers(st: FlowState, papers: Papers, docs: Sequence[api.DocumentRequirement]) -> ScanView:
    pending = st.s.pending
    items = tuple(
        ScanItem(
            document_code=d.code,
            name=d.name,
            mandatory=d.mandatory,
            pages=len(papers.pages.get(d.code, [])),
            page_ids=tuple(papers.pages.get(d.code, [])),
            status=_status(st, papers, d.code),
            blank_warning=d.code in papers.blank,
        )
        for d in docs
    )
    return ScanView(
        frame=st.frame(),
        checklist=items,
        current=pending.document_code if isinstance(pending, ScanPage | BuildDocument) else None,
        can_continue=_can_continue(papers, docs) and not _busy(st),
    )

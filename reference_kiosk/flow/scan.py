"""Scan the required papers: one paper at a time, pages appended, rescan, blank-page warning.

Page images stay in the services (the flow keeps their ids only). On Continue every paper with
pages is built into one upload-ready document, one after the other, then the review opens.
"""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import BuildDocument, Effect, ScanPage
from reference_kiosk.flow.state import FlowState
from reference_kiosk.flow.submit import documents
from reference_kiosk.flow.views import ScanItem, ScanItemStatus, ScanView, Screen

__all__ = ["handle", "view"]


def _known(st: FlowState, code: str) -> bool:
    return code in {d.code for d in documents(st.s.submit)}


def _busy(st: FlowState) -> bool:
    return isinstance(st.s.pending, ScanPage | BuildDocument)


def handle(st: FlowState, event: ev.Event) -> list[Effect] | None:
    sub = st.s.submit
    match event:
        case ev.ScanRequested(document_code=code) if _known(st, code) and not _busy(st):
            return st.request(ScanPage(code))
        case ev.RescanRequested(document_code=code) if _known(st, code) and not _busy(st):
            sub.pages[code] = []
            sub.blank.discard(code)
            sub.built.pop(code, None)
            return st.request(ScanPage(code))
        case ev.PageScanned(document_code=code, page_id=page_id, blank=blank) if st.s.pending == ScanPage(
            code
        ):
            st.s.pending = None
            st.s.scanned = True
            sub.pages.setdefault(code, []).append(page_id)
            sub.built.pop(code, None)  # pages changed: build it again
            if blank:
                sub.blank.add(code)
            return []
        case ev.KeepBlankPage(document_code=code):
            sub.blank.discard(code)
            return []
        case ev.Continue() if _can_continue(st) and not _busy(st):
            return _build_next(st)
        case ev.DocumentBuilt(document_code=code, pages=pages, size_bytes=size) if (
            isinstance(st.s.pending, BuildDocument) and st.s.pending.document_code == code
        ):
            st.s.pending = None
            sub.built[code] = (pages, size)
            return _build_next(st)
        case ev.Back() if not _busy(st):
            return st.go(Screen.FORM)
    return None


def _can_continue(st: FlowState) -> bool:
    sub = st.s.submit
    if sub.blank:
        return False
    return all(sub.pages.get(d.code) for d in documents(sub) if d.mandatory)


def _build_next(st: FlowState) -> list[Effect]:
    sub = st.s.submit
    for doc in documents(sub):
        pages = sub.pages.get(doc.code)
        if pages and doc.code not in sub.built:
            return st.request(BuildDocument(doc.code, tuple(pages)))
    return st.go(Screen.REVIEW)


def _status(st: FlowState, code: str) -> ScanItemStatus:
    pending = st.s.pending
    if isinstance(pending, ScanPage) and pending.document_code == code:
        return ScanItemStatus.SCANNING
    if isinstance(pending, BuildDocument) and pending.document_code == code:
        return ScanItemStatus.BUILDING
    if code in st.s.submit.built:
        return ScanItemStatus.READY
    return ScanItemStatus.SCANNED if st.s.submit.pages.get(code) else ScanItemStatus.PENDING


def view(st: FlowState) -> ScanView:
    sub = st.s.submit
    pending = st.s.pending
    items = tuple(
        ScanItem(
            document_code=d.code,
            name=d.name,
            mandatory=d.mandatory,
            pages=len(sub.pages.get(d.code, [])),
            page_ids=tuple(sub.pages.get(d.code, [])),
            status=_status(st, d.code),
            blank_warning=d.code in sub.blank,
        )
        for d in documents(sub)
    )
    return ScanView(
        frame=st.frame(),
        checklist=items,
        current=pending.document_code if isinstance(pending, ScanPage | BuildDocument) else None,
        can_continue=_can_continue(st) and not _busy(st),
    )

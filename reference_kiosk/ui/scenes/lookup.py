"""Look up dossiers: the citizen's list, or a code plus ID number without login; timeline, supplements.

A logged-in citizen answers a supplement request from here: the papers are scanned on the scan
screen, then reviewed, sent and confirmed here (the SUPPLY_* phases, drawn by ``_supply``).
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.slip_types import SlipScanWanted
from reference_kiosk.flow.views import DossierDetail, LookupPhase, LookupView, Screen, View
from reference_kiosk.flow.views_dossier import ResultView, SupplyView
from reference_kiosk.i18n import Translator
from reference_kiosk.ui import paging
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.history import timeline_rows
from reference_kiosk.ui.keyboard import TextBuffer, letter_keyboard, numeric_keypad, shown_id
from reference_kiosk.ui.paging import Block, Pager
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, procedure_name, text_block
from reference_kiosk.ui.widgets import (
    Button,
    Local,
    QrCode,
    Spinner,
    TextField,
    Timeline,
    UiContext,
    Widget,
    button_height,
)

__all__ = ["LookupScene", "status_text"]

P = LookupPhase


def status_text(t: Translator, status: int) -> str:
    return t(f"status.{int(status)}")


class LookupScene(Scene):
    screen = Screen.LOOKUP

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self.code = TextBuffer(telex_mode=False, max_len=30)
        self.id_number = TextBuffer(telex_mode=False, max_len=12, allowed="0123456789")
        self.focus = "code"
        self.list_pager = Pager("dossiers")
        self.detail_pager = Pager("detail")
        self._slip_code: str | None = None  # the slip code already put in the code field

    def leave(self) -> None:
        self.code.clear()
        self.id_number.clear()
        super().leave()

    def set_view(self, view: View, ctx: UiContext) -> None:
        if isinstance(view, LookupView) and view.phase is not getattr(self.view, "phase", None):
            self.detail_pager.reset()  # a dossier opens on its first page (its newest step)
        if isinstance(view, LookupView) and view.phase not in (P.ENTER_CODE, P.NOT_FOUND, P.LOADING):
            self.id_number.clear()  # the typed ID number is not kept once the answer came
        if isinstance(view, LookupView) and view.slip_code and view.slip_code != self._slip_code:
            self._slip_code = view.slip_code  # read from the slip on the glass: typed for the citizen
            self.code.clear()
            self.code.type_text(view.slip_code)
            self.focus = "id"
        super().set_view(view, ctx)

    def animating(self) -> bool:
        return isinstance(self.view, LookupView) and self.view.phase in (P.LOADING, P.SUPPLY_SENDING)

    def build(self, view: LookupView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx, keyboard=view.phase in (P.ENTER_CODE, P.NOT_FOUND))
        col = Column(area, th.px(20))
        out.append(text_block(ctx, col, t(f"lookup.title.{view.phase.value}"), "title", Weight.BOLD))
        if view.phase in (P.ENTER_CODE, P.NOT_FOUND):
            if view.phase is P.NOT_FOUND:
                out.append(text_block(ctx, col, t("lookup.not_found"), "body", color="danger"))
            out += self._entry(ctx, col)
        elif view.phase is P.LOADING:
            out.append(Spinner(rect=col.take(th.px(240)), phase=self.phase))
        elif view.phase is P.LIST:
            if not view.dossiers:
                out.append(text_block(ctx, col, t("lookup.none"), "body", color="muted"))
            rows = pygame.Rect(area.x, col.y, area.width, area.bottom - col.y)
            blocks = [
                paging.row_block(
                    ctx, rows.width, ev.DossierChosen(d.code), procedure_name(d, t),
                    f"{d.code} · {t.date(d.received_at.date())}\n{status_text(t, d.status)}",
                )
                for d in view.dossiers
            ]  # fmt: skip
            out += self.list_pager.layout(ctx, rows, blocks, gap=th.px(20))
        elif view.supply is not None:
            if view.phase is P.SUPPLY_SENDING:
                out.append(text_block(ctx, col, t("lookup.supply.sending"), "body", color="muted"))
                out.append(Spinner(rect=col.take(th.px(240)), phase=self.phase))
            else:
                rows = pygame.Rect(area.x, col.y, area.width, area.bottom - col.y)
                blocks = _supply(ctx, rows.width, view.phase, view.supply)
                out += self.detail_pager.layout(ctx, rows, blocks, gap=th.px(16))
        elif view.detail is not None:
            rows = pygame.Rect(area.x, col.y, area.width, area.bottom - col.y)
            blocks = self._detail(view.detail, ctx, rows.width, logged_in=view.frame.logged_in)
            out += self.detail_pager.layout(ctx, rows, blocks, gap=th.px(16))
        return out

    def _entry(self, ctx: UiContext, col: Column) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out: list[Widget] = []
        shown = (("code", self.code.text.upper()), ("id", shown_id(self.id_number.text)))
        for name, value in shown:
            out.append(
                TextField(
                    rect=col.take(th.px(150)),
                    label=t(f"lookup.field.{name}"),
                    value=value,
                    focused=self.focus == name,
                    placeholder=t(f"lookup.field.{name}.placeholder"),
                    action=Local("focus", name),
                )
            )
        ready = bool(self.code.text) and len(self.id_number.text) == 12
        out.append(
            Button(rect=col.take(th.px(150)), label=t("lookup.search"), action=Local("submit"), enabled=ready)
        )
        # The appointment slip laid on the glass fills the code from its QR (issue 15.4).
        if isinstance(self.view, LookupView) and self.view.slip_unread:
            out.append(text_block(ctx, col, t("lookup.slip_unread"), "small", color="danger"))
        slip = t("lookup.read_slip")  # as tall as its words: the label wraps with large text
        slip_h = button_height(ctx, [slip], col.rect.width, th.px(120))
        out.append(Button(rect=col.take(slip_h), label=slip, action=SlipScanWanted()))
        keys = self.side.copy() if self.side is not None else col.rect.copy()
        if self.side is None:
            keys.y, keys.height = col.y + th.px(10), min(th.px(560), col.remaining - th.px(10))
        else:
            keys.height = min(keys.height, th.px(700))
        if self.focus == "id":
            centre = keys.centerx
            keys.width = min(keys.width, th.px(760))
            keys.x = centre - keys.width // 2
            out += numeric_keypad(ctx, keys)
        else:
            out += letter_keyboard(ctx, keys, telex_mode=False)
        return out

    def _detail(self, detail: DossierDetail, ctx: UiContext, width: int, *, logged_in: bool) -> list[Block]:
        """The dossier's facts, then its history newest first, one row per step (paged)."""
        t = ctx.t
        s = detail.summary
        blocks = [
            paging.text_block(ctx, width, procedure_name(s, t), "body", Weight.SEMIBOLD),
            paging.text_block(ctx, width, f"{t('receipt.code')}: {s.code}", "small", color="muted"),
            paging.text_block(
                ctx,
                width,
                f"{t('lookup.status')}: {status_text(t, s.status)}",
                "body",
                Weight.BOLD,
                "primary",
            ),
            paging.text_block(ctx, width, t("receipt.appointment", date=t.date(s.appointment_date)), "small"),
        ]
        if detail.result is not None:
            blocks += _official_names(ctx, width)  # once, above the first Vietnamese-only names
            blocks += _result(ctx, width, detail.result)
        if s.fee_due:
            text = t("lookup.fee_due", amount=t.money(s.fee_due))
            if logged_in:  # paying needs the citizen's login (the anonymous look-up keeps no ID number)
                pay = ev.PayChosen(s.code)  # beside the amount: the newest step keeps its room on page 1
                blocks.append(
                    paging.text_and_button(
                        ctx, width, text, t("lookup.pay_now"), pay, style="success", color="warning"
                    )
                )
            else:
                blocks.append(paging.text_block(ctx, width, text, "small", color="warning"))
        if detail.supplements and detail.result is None:
            blocks += _official_names(ctx, width)  # the papers' names, right below it
        for sup in detail.supplements:
            asked = ", ".join(sup.documents)
            text = t(
                "lookup.supplement", date=t.date(sup.requested_at.date()), documents=asked, note=sup.note
            )
            notice = paging.text_block(ctx, width, text, "small", Weight.SEMIBOLD, "danger")
            blocks.append(replace(notice, keep_with_next=True))  # on the page of what answers it
            if logged_in and sup.request_id:  # the backend takes a supplement on the citizen's login
                blocks.append(
                    _button(ctx, t("lookup.supply_now"), ev.SupplyChosen(s.code, sup.request_id), width=width)
                )
            else:
                blocks.append(paging.text_block(ctx, width, t("lookup.supply.login"), "small", color="muted"))
        blocks.append(paging.heading(ctx, width, t("lookup.timeline")))
        entries = tuple(reversed(timeline_rows(t, detail.timeline)))  # newest first
        for i, entry in enumerate(entries):
            blocks.append(_step(ctx, width, entry, current=i == 0, continues=i < len(entries) - 1))
        return blocks

    def on_local(self, action: Local) -> list[ev.Event]:
        for pager in (self.list_pager, self.detail_pager):
            if pager.owns(action):
                return pager.turn(action)
        if action.name == "focus":
            self.focus = action.arg
            return []
        if action.name == "submit":
            return self._submit()
        buf = self.code if self.focus == "code" else self.id_number
        buf.handle(action)
        return []

    def on_text(self, text: str) -> list[ev.Event]:
        buf = self.code if self.focus == "code" else self.id_number
        buf.type_text(text)
        return []

    def on_key(self, key: str) -> list[ev.Event]:
        if key == "backspace":
            (self.code if self.focus == "code" else self.id_number).backspace()
        elif key == "enter":
            out = self._submit()
            self.rebuild()
            return out
        self.rebuild()
        return []

    def _submit(self) -> list[ev.Event]:
        if not self.code.text or len(self.id_number.text) != 12:
            return []
        return [ev.LookupByCode(self.code.text.strip().upper(), self.id_number.text)]


def _button(ctx: UiContext, label: str, action: ev.Event, style: str = "primary", width: int = 0) -> Block:
    """A full-width button row, as tall as its label needs (large text wraps long labels)."""
    height = ctx.theme.px(130) if not width else button_height(ctx, [label], width, ctx.theme.px(130))

    def build(rect: pygame.Rect) -> list[Widget]:
        return [Button(rect=rect, label=label, action=action, style=style)]

    return Block(height, build)


def _supply(ctx: UiContext, width: int, phase: LookupPhase, supply: SupplyView) -> list[Block]:
    """Answering a supplement request: the review before sending, then what became of it."""
    t = ctx.t
    head = [
        paging.text_block(ctx, width, procedure_name(supply, t), "body", Weight.SEMIBOLD),
        paging.text_block(ctx, width, f"{t('receipt.code')}: {supply.dossier_code}", "small", color="muted"),
    ]
    if phase is P.SUPPLY_REVIEW:
        blocks = [
            *head,
            *_official_names(ctx, width),
            paging.heading(ctx, width, t("lookup.supply.review")),
        ]
        for paper in supply.papers:
            size = t.number(round(paper.size_bytes / 1024))
            text = t("review.document", name=paper.name, pages=paper.pages, kb=size)
            blocks.append(paging.text_block(ctx, width, text, "small"))
        blocks.append(_button(ctx, t("lookup.supply.send"), ev.SupplyConfirmed(), "success", width))
        blocks.append(_button(ctx, t("lookup.supply.rescan"), ev.Back(), "secondary", width))
        return blocks
    if phase is P.SUPPLIED:
        said = t("lookup.supply.done", code=supply.dossier_code)
        status = f"{t('lookup.status')}: {status_text(t, supply.status)}" if supply.status is not None else ""
        blocks = [paging.text_block(ctx, width, said, "body", Weight.BOLD, "success"), *head]
        if status:
            blocks.append(paging.text_block(ctx, width, status, "body", Weight.BOLD, "primary"))
    else:  # SUPPLY_CLOSED: answered before (a lost answer's resend, another kiosk)
        closed = t("lookup.supply.closed")
        blocks = [paging.text_block(ctx, width, closed, "body", Weight.SEMIBOLD, "warning"), *head]
    blocks.append(_button(ctx, t("lookup.supply.see_status"), ev.Continue(), "primary", width))
    return blocks


def _official_names(ctx: UiContext, width: int) -> list[Block]:
    """On English screens, once, above papers' and results' names: the official data has them in
    Vietnamese only, and a made-up translation could name the wrong paper."""
    if ctx.t.lang != "en":
        return []
    note = paging.text_block(ctx, width, ctx.t("lookup.official_names"), "small", color="muted")
    return [replace(note, keep_with_next=True)]


def _result(ctx: UiContext, width: int, result: ResultView) -> list[Block]:
    """What the dossier produced, where and from when to collect it, and the e-copy as a QR."""
    t = ctx.t
    side = ctx.theme.px(320)

    def qr(rect: pygame.Rect) -> list[Widget]:
        return [
            QrCode(rect=pygame.Rect(rect.x, rect.y, min(side, rect.width), side), payload=result.e_copy_url)
        ]

    return [
        paging.text_block(
            ctx, width, t("lookup.result", document=result.document), "body", Weight.BOLD, "success"
        ),
        paging.text_block(
            ctx,
            width,
            t("lookup.result.collect", place=result.place, date=t.date(result.ready_from)),
            "small",
        ),
        paging.text_block(ctx, width, t("lookup.result.e_copy"), "small", color="muted"),
        Block(side, qr),
    ]


def _step(
    ctx: UiContext, width: int, entry: tuple[str, str, str], *, current: bool, continues: bool
) -> Block:
    height = Timeline.entry_height(ctx, width, entry)

    def build(rect: pygame.Rect) -> list[Widget]:
        return [Timeline(rect=rect, entries=(entry,), current=current, continues=continues)]

    return Block(height, build)

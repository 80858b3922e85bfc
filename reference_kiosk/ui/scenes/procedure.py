"""Procedure detail: steps, time limit, fees, required papers; submit (choosing the case if several)."""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import FeeLine, ProcedureView, Screen, View
from reference_kiosk.ui import paging
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.paging import Block, Pager
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, text_block
from reference_kiosk.ui.widgets import Button, Local, Spinner, UiContext, Widget

__all__ = ["ProcedureScene"]


class ProcedureScene(Scene):
    screen = Screen.PROCEDURE

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self.details = Pager("details")
        self.cases = Pager("cases")

    def leave(self) -> None:
        self.details.reset()
        self.cases.reset()
        super().leave()

    def set_view(self, view: View, ctx: UiContext) -> None:
        if getattr(self.view, "code", None) != getattr(view, "code", None):
            self.details.reset()  # another procedure starts on its first page
        super().set_view(view, ctx)

    def on_local(self, action: Local) -> list[ev.Event]:
        for pager in (self.details, self.cases):
            if pager.owns(action):
                return pager.turn(action)
        return []

    def animating(self) -> bool:
        return isinstance(self.view, ProcedureView) and self.view.loading

    def build(self, view: ProcedureView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx)
        col = Column(area, th.px(18))
        if view.loading:
            out.append(text_block(ctx, col, t("common.loading"), "body", color="muted"))
            out.append(Spinner(rect=col.take(th.px(240)), phase=self.phase))
            return out
        name = view.name_en if t.lang == "en" and view.name_en else view.name
        out.append(text_block(ctx, col, name, "title", Weight.BOLD))
        gap = th.px(14)
        rows = pygame.Rect(area.x, col.y, area.width, area.bottom - col.y)
        if view.choosing_case:
            out.append(text_block(ctx, col, t("procedure.choose_case"), "body"))
            rows = pygame.Rect(area.x, col.y, area.width, area.bottom - col.y)
            blocks = [paging.row_block(ctx, rows.width, ev.CaseChosen(c.code), c.name) for c in view.cases]
            return out + self.cases.layout(ctx, rows, blocks, gap=gap)
        # The submit button is placed first (bottom of the content): the details page above it.
        button = area.copy()
        button.height = th.px(170)
        button.bottom = area.bottom
        if view.can_submit:
            out.append(Button(rect=button, label=t("procedure.submit"), action=ev.StartSubmission()))
        else:
            out.append(Button(rect=button, label=t("procedure.login_to_submit"), enabled=False))
        rows.height = button.y - th.px(20) - rows.y
        out += self.details.layout(ctx, rows, self._blocks(view, ctx, rows.width), gap=gap)
        return out

    def _blocks(self, view: ProcedureView, ctx: UiContext, width: int) -> list[Block]:
        t = ctx.t
        days = t("common.working_days", days=t.number(view.processing_days))
        facts = (
            f"{t('procedure.agency')}: {view.agency_name}",
            f"{t('procedure.field')}: {view.field_name}",
            f"{t('procedure.time_limit')}: {days}",
        )
        blocks = [paging.text_block(ctx, width, fact, "small", color="muted") for fact in facts]
        blocks += self._section(
            ctx, width, t("procedure.fees"), [self._fee(ctx, f) for f in view.fees] or [t("common.free")]
        )
        docs = [
            t("procedure.document", name=d.name, originals=d.originals, copies=d.copies)
            + ("" if d.mandatory else f" ({t('procedure.optional')})")
            for d in view.documents
        ]
        blocks += self._section(ctx, width, t("procedure.documents"), docs)
        blocks += self._section(
            ctx, width, t("procedure.steps"), [f"{i}. {s}" for i, s in enumerate(view.steps, 1)]
        )
        if view.result:
            blocks += self._section(ctx, width, t("procedure.result"), [view.result])
        return blocks

    @staticmethod
    def _fee(ctx: UiContext, fee: FeeLine) -> str:
        amount = ctx.t.money(fee.online) if fee.online else ctx.t("common.free")
        return f"{fee.label}: {amount}"

    @staticmethod
    def _section(ctx: UiContext, width: int, title: str, lines: list[str]) -> list[Block]:
        space = ctx.theme.px(10)
        out = [paging.text_block(ctx, width, title, "body", Weight.BOLD, "primary", space_before=space)]
        for line in lines:
            out.append(
                paging.text_block(ctx, width, f"• {line}" if not line[:1].isdigit() else line, "small")
            )
        return out

"""Procedure detail: steps, time limit, fees, required papers; submit (choosing the case if several)."""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import FeeLine, ProcedureView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, Scene, list_row, text_block
from reference_kiosk.ui.widgets import Button, Spinner, UiContext, Widget

__all__ = ["ProcedureScene"]


class ProcedureScene(Scene):
    screen = Screen.PROCEDURE

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
        if view.choosing_case:
            out.append(text_block(ctx, col, t("procedure.choose_case"), "body"))
            for case in view.cases:
                row = list_row(ctx, col, ev.CaseChosen(case.code), case.name)
                if row is not None:
                    out.append(row)
            return out
        # The submit button is placed first (bottom of the content) so long details never push it away.
        button = area.copy()
        button.height = th.px(170)
        button.bottom = area.bottom
        if view.can_submit:
            out.append(Button(rect=button, label=t("procedure.submit"), action=ev.StartSubmission()))
        else:
            out.append(Button(rect=button, label=t("procedure.login_to_submit"), enabled=False))
        col.rect = col.rect.copy()
        col.rect.height -= button.height + th.px(20)
        days = t("common.working_days", days=t.number(view.processing_days))
        facts = (
            f"{t('procedure.agency')}: {view.agency_name}",
            f"{t('procedure.field')}: {view.field_name}",
            f"{t('procedure.time_limit')}: {days}",
        )
        for fact in facts:
            out.append(text_block(ctx, col, fact, "small", color="muted"))
        out += self._section(
            ctx, col, t("procedure.fees"), [self._fee(ctx, f) for f in view.fees] or [t("common.free")]
        )
        docs = [
            t("procedure.document", name=d.name, originals=d.originals, copies=d.copies)
            + ("" if d.mandatory else f" ({t('procedure.optional')})")
            for d in view.documents
        ]
        out += self._section(ctx, col, t("procedure.documents"), docs)
        out += self._section(
            ctx, col, t("procedure.steps"), [f"{i}. {s}" for i, s in enumerate(view.steps, 1)]
        )
        if view.result:
            out += self._section(ctx, col, t("procedure.result"), [view.result])
        return out

    @staticmethod
    def _fee(ctx: UiContext, fee: FeeLine) -> str:
        amount = ctx.t.money(fee.online) if fee.online else ctx.t("common.free")
        return f"{fee.label}: {amount}"

    @staticmethod
    def _section(ctx: UiContext, col: Column, title: str, lines: list[str]) -> list[Widget]:
        out: list[Widget] = []
        if col.remaining < ctx.font("body").get_linesize() * 2:
            return out
        col.y += ctx.theme.px(10)
        out.append(text_block(ctx, col, title, "body", Weight.BOLD, color="primary"))
        for line in lines:
            if col.remaining < ctx.font("small").get_linesize():
                break
            out.append(text_block(ctx, col, f"• {line}" if not line[:1].isdigit() else line, "small"))
        return out

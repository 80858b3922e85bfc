"""Review before confirming: the form, the papers, the fee; confirm sends the dossier (once)."""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import ReviewView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, Scene, procedure_name, text_block
from reference_kiosk.ui.widgets import Button, UiContext, Widget

__all__ = ["ReviewScene"]


class ReviewScene(Scene):
    screen = Screen.REVIEW

    def animating(self) -> bool:
        return isinstance(self.view, ReviewView) and self.view.submitting

    def build(self, view: ReviewView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx)
        col = Column(area, th.px(14))
        out.append(text_block(ctx, col, t("review.title"), "title", Weight.BOLD))
        out.append(text_block(ctx, col, procedure_name(view, t), "body", Weight.SEMIBOLD))
        if view.case_name:
            out.append(text_block(ctx, col, view.case_name, "small", color="muted"))
        button = area.copy()
        button.height = th.px(170)
        button.bottom = area.bottom
        col.rect = col.rect.copy()
        col.rect.height -= button.height + th.px(20)
        col.y += th.px(10)
        out.append(text_block(ctx, col, t("review.form"), "body", Weight.BOLD, color="primary"))
        for f in view.fields:
            label = f.label_en if t.lang == "en" and f.label_en else f.label
            if col.remaining > th.px(60):
                out.append(text_block(ctx, col, f"{label}: {f.value or '—'}", "small"))
        col.y += th.px(10)
        out.append(text_block(ctx, col, t("review.documents"), "body", Weight.BOLD, color="primary"))
        for d in view.documents:
            if col.remaining > th.px(60):
                size = t.number(round(d.size_bytes / 1024))
                out.append(
                    text_block(ctx, col, t("review.document", name=d.name, pages=d.pages, kb=size), "small")
                )
        col.y += th.px(10)
        fee = t.money(view.fee_online) if view.fee_online else t("common.free")
        out.append(text_block(ctx, col, f"{t('review.fee')}: {fee}", "body", Weight.SEMIBOLD))
        label = t("review.submitting") if view.submitting else t("review.confirm")
        out.append(
            Button(
                rect=button,
                label=label,
                action=ev.ReviewConfirmed(),
                enabled=not view.submitting,
                style="success",
            )
        )
        return out

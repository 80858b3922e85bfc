"""Review before confirming: the form, the papers, the fee; confirm sends the dossier (once).

Everything the citizen confirms is on some page above "Xác nhận": with large text the form and
the papers page (``Pager``) instead of being dropped; the fee stays above the button on every page.
"""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import ReviewView, Screen
from reference_kiosk.ui import paging
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.paging import Block, Pager
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, procedure_name, text_block
from reference_kiosk.ui.widgets import Button, Local, UiContext, Widget

__all__ = ["ReviewScene"]


class ReviewScene(Scene):
    screen = Screen.REVIEW

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self.pager = Pager("review")

    def leave(self) -> None:
        self.pager.reset()
        super().leave()

    def animating(self) -> bool:
        return isinstance(self.view, ReviewView) and self.view.submitting

    def on_local(self, action: Local) -> list[ev.Event]:
        return self.pager.turn(action) if self.pager.owns(action) else []

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
        # The fee stays right above "Xác nhận" on every page: nobody confirms without seeing it.
        fee = t.money(view.fee_online) if view.fee_online else t("common.free")
        fee_block = paging.text_block(ctx, area.width, f"{t('review.fee')}: {fee}", "body", Weight.SEMIBOLD)
        fee_rect = pygame.Rect(area.x, button.y - th.px(14) - fee_block.height, area.width, fee_block.height)
        out += fee_block.build(fee_rect)
        rows = pygame.Rect(area.x, col.y, area.width, fee_rect.y - th.px(20) - col.y)
        out += self.pager.layout(ctx, rows, self._blocks(view, ctx, rows.width), gap=th.px(14))
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

    @staticmethod
    def _blocks(view: ReviewView, ctx: UiContext, width: int) -> list[Block]:
        th, t = ctx.theme, ctx.t
        space = th.px(10)
        blocks = [
            paging.text_block(
                ctx, width, t("review.form"), "body", Weight.BOLD, "primary", space_before=space
            )
        ]
        for f in view.fields:
            label = f.label_en if t.lang == "en" and f.label_en else f.label
            blocks.append(paging.text_block(ctx, width, f"{label}: {f.value or '—'}", "small"))
        blocks.append(
            paging.text_block(
                ctx, width, t("review.documents"), "body", Weight.BOLD, "primary", space_before=space
            )
        )
        for d in view.documents:
            size = t.number(round(d.size_bytes / 1024))
            text = t("review.document", name=d.name, pages=d.pages, kb=size)
            blocks.append(paging.text_block(ctx, width, text, "small"))
        return blocks

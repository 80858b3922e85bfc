"""Goodbye: take your ID card and papers; back to the welcome screen by itself."""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import GoodbyeView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, Scene, text_block
from reference_kiosk.ui.widgets import Button, UiContext, Widget

__all__ = ["GoodbyeScene"]


class GoodbyeScene(Scene):
    screen = Screen.GOODBYE

    def build(self, view: GoodbyeView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx, home=False, lang=False)
        col = Column(area, th.px(30))
        col.y += th.px(120)
        out.append(text_block(ctx, col, t("goodbye.title"), "huge", Weight.BOLD, align="center"))
        for remind, key in ((view.remind_card, "goodbye.card"), (view.remind_papers, "goodbye.papers")):
            if remind:
                out.append(
                    text_block(ctx, col, t(key), "title", Weight.SEMIBOLD, color="warning", align="center")
                )
        out.append(text_block(ctx, col, t("goodbye.privacy"), "body", color="muted", align="center"))
        out.append(
            text_block(
                ctx,
                col,
                t("goodbye.seconds", seconds=view.seconds_left),
                "small",
                color="muted",
                align="center",
            )
        )
        col.y += th.px(40)
        out.append(Button(rect=col.take(th.px(180)), label=t("common.done"), action=ev.Continue()))
        return out

    def on_key(self, key: str) -> list[ev.Event]:
        return [ev.Continue()] if key == "enter" else []

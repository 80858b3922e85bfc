"""The error screen: what went wrong in the citizen's language, and a way forward (retry, staff, later)."""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import ErrorView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, Scene, text_block
from reference_kiosk.ui.widgets import Button, UiContext, Widget

__all__ = ["ErrorScene"]


class ErrorScene(Scene):
    screen = Screen.ERROR
    overlay = False  # opaque: nothing of the screen beneath distracts from the message

    def build(self, view: ErrorView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx)
        short = th.landscape  # a short screen keeps less air around the message (large text fits)
        col = Column(area, th.px(20 if short else 30))
        col.y += th.px(0 if short else 60)
        out.append(text_block(ctx, col, t("error.title"), "title", Weight.BOLD, color="danger"))
        message = view.message_en if t.lang == "en" else view.message_vi
        out.append(text_block(ctx, col, message, "body"))
        out.append(
            text_block(ctx, col, t(f"remedy.{view.remedy.value}"), "body", Weight.SEMIBOLD, color="primary")
        )
        col.y += th.px(10 if short else 30)
        if view.can_retry:
            out.append(Button(rect=col.take(th.px(180)), label=t("common.retry"), action=ev.Retry()))
        out.append(
            Button(rect=col.take(th.px(160)), label=t("error.dismiss"), action=ev.Back(), style="secondary")
        )
        # Once asked, the help panel above the footer says what became of the call (sent, on the
        # way, not sent, nobody on duty): this screen no longer promises anything itself.
        if not view.staff_called:
            call = Button(rect=col.take(th.px(160)), label=t("error.call_staff"), action=ev.StaffCalled())
            out.append(call)
        out.append(text_block(ctx, col, t("error.code", name=view.error_name), "small", color="muted"))
        return out

    def on_key(self, key: str) -> list[ev.Event]:
        return [ev.Retry()] if key == "enter" else []

"""The receipt: dossier code, appointment date and a tracking QR; or a local receipt when offline.

The paper slip is the flow's ``PrintSlip`` effect (the scene only asks with ``SlipPrintChosen``);
how the printing went is part of the view, shown under the code, which never leaves the screen.
"""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import PrintStatus, ReceiptView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, Scene, procedure_name, text_block
from reference_kiosk.ui.widgets import Button, QrCode, Size, UiContext, Widget

__all__ = ["ReceiptScene"]


class ReceiptScene(Scene):
    screen = Screen.RECEIPT

    def build(self, view: ReceiptView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx, home=False)
        col = Column(area, th.px(20))
        if view.offline:
            # Above the buttons (print, done): body text first, small text when it would not fit.
            buttons_top = area.bottom - th.px(160) - (th.px(180) if view.can_print else 0)
            for size in ("body", "small"):
                col = Column(area, th.px(20))
                offline = self._offline(view, ctx, col, size)
                if col.y - col.gap <= buttons_top:
                    break
            out += offline
        else:
            out.append(text_block(ctx, col, t("receipt.title"), "title", Weight.BOLD, color="success"))
            out.append(text_block(ctx, col, procedure_name(view, t), "body", Weight.SEMIBOLD))
            out.append(text_block(ctx, col, t("receipt.code"), "small", color="muted"))
            code = view.dossier_code or ""
            # One unbreakable word: the title size unless it would run off the screen (large text).
            fits = ctx.font("title", Weight.BOLD).size(code)[0] <= col.rect.width
            code_size: Size = "title" if fits else "body"
            out.append(text_block(ctx, col, code, code_size, Weight.BOLD, align="center"))
            out += self._print_notice(view, ctx, col)
            if view.appointment_date is not None:
                when = t("receipt.appointment", date=t.date(view.appointment_date))
                out.append(text_block(ctx, col, when, "body"))
            if view.tracking_qr:
                buttons_h = th.px(160) + (th.px(180) if view.can_print else 0)
                room = col.remaining - buttons_h - ctx.font("small").get_linesize() - 3 * col.gap
                out.append(QrCode(rect=col.take(min(th.px(420), room)), payload=view.tracking_qr))
                out.append(text_block(ctx, col, t("receipt.qr_hint"), "small", color="muted", align="center"))
        buttons = pygame.Rect(area.x, area.bottom - th.px(160), area.width, th.px(160))
        if view.can_print and view.print_status is not PrintStatus.PRINTING:
            rect = buttons.move(0, -buttons.height - th.px(20))
            label = t("receipt.print")
            out.append(Button(rect=rect, label=label, action=ev.SlipPrintChosen(), style="secondary"))
        if view.fee_due and view.dossier_code:
            half = (area.width - th.px(24)) // 2
            pay = t("receipt.pay", amount=t.money(view.fee_due))
            out.append(
                Button(
                    rect=pygame.Rect(buttons.x, buttons.y, half, buttons.height),
                    label=pay,
                    action=ev.PayChosen(view.dossier_code),
                )
            )
            buttons = pygame.Rect(buttons.x + half + th.px(24), buttons.y, half, buttons.height)
        out.append(Button(rect=buttons, label=t("common.done"), action=ev.Continue(), style="secondary"))
        return out

    def _offline(self, view: ReceiptView, ctx: UiContext, col: Column, size: Size) -> list[Widget]:
        """The local receipt: what happens next, the procedure and the reference to keep."""
        t = ctx.t
        # Promise to send the code only to a citizen who gave a phone number to send it to.
        note = t("receipt.offline.note" if view.phone_given else "receipt.offline.note.no_phone")
        return [
            text_block(ctx, col, t("receipt.offline.title"), "title", Weight.BOLD, color="warning"),
            text_block(ctx, col, note, size),
            text_block(ctx, col, procedure_name(view, t), size, Weight.SEMIBOLD),
            text_block(ctx, col, t("receipt.local_reference"), "small", color="muted"),
            text_block(ctx, col, view.local_reference, "huge", Weight.BOLD, align="center"),
            *self._print_notice(view, ctx, col),
        ]

    def _print_notice(self, view: ReceiptView, ctx: UiContext, col: Column) -> list[Widget]:
        """How the slip went: printing, printed, or why not (the code above stays readable)."""
        t = ctx.t
        notice = {
            PrintStatus.PRINTING: t("receipt.printing"),
            PrintStatus.PRINTED: t("receipt.printed"),
            PrintStatus.FAILED: view.print_error_en if t.lang == "en" else view.print_error_vi,
        }.get(view.print_status, "")
        if not notice:
            return []
        color = "warning" if view.print_status is PrintStatus.FAILED else "muted"
        return [text_block(ctx, col, notice, "small", color=color)]

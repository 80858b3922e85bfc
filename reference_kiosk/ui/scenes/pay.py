"""Pay a fee: the citizen's fee requests, then a VietQR with amount and countdown, then the result."""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import PayPhase, PayView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, Scene, list_row, text_block
from reference_kiosk.ui.widgets import Button, Countdown, QrCode, Spinner, UiContext, Widget

__all__ = ["PayScene"]

P = PayPhase


class PayScene(Scene):
    screen = Screen.PAY

    def animating(self) -> bool:
        return isinstance(self.view, PayView) and self.view.phase in (P.LOADING, P.REQUESTING)

    def build(self, view: PayView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx)
        col = Column(area, th.px(22))
        out.append(text_block(ctx, col, t(f"pay.title.{view.phase.value}"), "title", Weight.BOLD))
        if view.phase in (P.LOADING, P.REQUESTING):
            out.append(Spinner(rect=col.take(th.px(240)), phase=self.phase))
        elif view.phase is P.LIST:
            out += self._list(view, ctx, col)
        elif view.phase is P.QR:
            out += self._qr(view, ctx, col)
        elif view.phase is P.PAID:
            out += self._paid(view, ctx, col)
        else:  # expired or cancelled
            out.append(text_block(ctx, col, t(f"pay.{view.phase.value}"), "body"))
            out.append(Button(rect=col.take(th.px(160)), label=t("common.ok"), action=ev.Continue()))
        return out

    @staticmethod
    def _list(view: PayView, ctx: UiContext, col: Column) -> list[Widget]:
        t = ctx.t
        if not view.items:
            return [text_block(ctx, col, t("pay.nothing"), "body", color="muted")]
        rows = (
            list_row(
                ctx, col, ev.PayChosen(i.dossier_code), i.procedure_name, i.dossier_code, t.money(i.amount)
            )
            for i in view.items
        )
        return [row for row in rows if row is not None]

    def _qr(self, view: PayView, ctx: UiContext, col: Column) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        code = t("pay.for_dossier", code=view.dossier_code or "")
        out: list[Widget] = [
            text_block(ctx, col, t("pay.scan_hint"), "body"),
            text_block(ctx, col, t.money(view.amount), "huge", Weight.BOLD, color="primary", align="center"),
            text_block(ctx, col, code, "small", color="muted", align="center"),
        ]
        below = th.px(140) * 2 + col.gap * 3  # countdown and cancel button stay on screen
        qr = col.take(min(th.px(600), col.remaining - below))
        out.append(QrCode(rect=qr, payload=view.qr_payload or "-"))
        left = view.countdown_s or 0
        label = t("common.seconds_left", time=f"{left // 60}:{left % 60:02d}")
        out.append(
            Countdown(rect=col.take(th.px(140)), label=label, seconds=left, total=self.env.pay_total_s)
        )
        cancel = Button(
            rect=col.take(th.px(140)), label=t("pay.cancel"), action=ev.PaymentCancelled(), style="danger"
        )
        return [*out, cancel]

    @staticmethod
    def _paid(view: PayView, ctx: UiContext, col: Column) -> list[Widget]:
        t = ctx.t
        out: list[Widget] = [
            text_block(ctx, col, t("pay.paid_amount", amount=t.money(view.amount)), "body", color="success"),
            text_block(
                ctx, col, t("pay.receipt_number", number=view.receipt_number or ""), "body", Weight.SEMIBOLD
            ),
        ]
        if view.paid_at is not None:
            out.append(
                text_block(ctx, col, t("pay.paid_at", when=t.datetime(view.paid_at)), "small", color="muted")
            )
        if view.can_print:  # a printed receipt for the citizen's records (issue 13.8)
            status = view.print_status
            if status in ("printed", "failed"):
                color = "success" if status == "printed" else "danger"
                out.append(text_block(ctx, col, t(f"pay.receipt.{status}"), "small", color=color))
            out.append(
                Button(
                    rect=col.take(ctx.theme.px(140)),
                    label=t("pay.receipt.print"),
                    action=ev.SlipPrintChosen(),
                    enabled=status != "printing",
                    style="secondary",
                )
            )
        out.append(Button(rect=col.take(ctx.theme.px(160)), label=t("common.done"), action=ev.Continue()))
        return out

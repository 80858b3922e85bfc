"""The failed-login part of the login screen: what went wrong and the ways forward the flow offers.

A card that retrying cannot fix (expired, refused, unreadable) gets "Log in with VNeID" first and
"Call a staff member"; once called, the button becomes a note of where help is at this site and
what to bring. Any other failure gets Retry, as before.
"""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.refusal import LoginOffer, Refusal
from reference_kiosk.flow.views import LoginView
from reference_kiosk.ui.drawing import Size
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, text_block
from reference_kiosk.ui.widgets import Button, UiContext, Widget

__all__ = ["failed_widgets"]

# Literal keys (not built from the enum) so the catalogue test finds every one of them.
_BRING = {
    Refusal.EXPIRED: "login.help.bring.expired",
    Refusal.CARD_CHECK: "login.help.bring.card_check",
    Refusal.UNKNOWN_CITIZEN: "login.help.bring.unknown_citizen",
    Refusal.NOT_A_CARD: "login.help.bring.not_a_card",
    Refusal.KIOSK_READER: "login.help.bring.kiosk_reader",
}
_LABEL = {
    LoginOffer.RETRY: "common.retry",
    LoginOffer.VNEID: "login.offer.vneid",
    LoginOffer.CALL_STAFF: "error.call_staff",
}
_SIZES: tuple[Size, ...] = ("body", "small")
_ACTION: dict[LoginOffer, ev.Event] = {
    LoginOffer.RETRY: ev.Retry(),
    LoginOffer.VNEID: ev.LoginMethodChosen(ev.LoginMethod.VNEID),
    LoginOffer.CALL_STAFF: ev.StaffCalled(),
}


def failed_widgets(view: LoginView, ctx: UiContext, col: Column) -> list[Widget]:
    th, t = ctx.theme, ctx.t
    message = (view.error_en if t.lang == "en" else view.error_vi) or t("error.generic")
    out: list[Widget] = [text_block(ctx, col, message, "body", color="danger")]
    col.y += th.px(20)
    for i, offer in enumerate(view.offers):
        if offer is LoginOffer.CALL_STAFF and view.staff_called:
            out += _help_note(view, ctx, col)
            continue
        style = "primary" if i == 0 else "secondary"
        out.append(
            Button(rect=col.take(th.px(160)), label=t(_LABEL[offer]), action=_ACTION[offer], style=style)
        )
    return out


def _help_note(view: LoginView, ctx: UiContext, col: Column) -> list[Widget]:
    """Where the staff are and what to bring: the kiosk knows it, nothing is fetched.

    In body size when it fits above the footer, else in small size (landscape with large text).
    """
    out: list[Widget] = []
    for size in _SIZES:
        trial = Column(col.rect, col.gap)
        trial.y = col.y
        out = _note_blocks(view, ctx, trial, size)
        if trial.y - trial.gap <= col.rect.bottom:
            break
    col.y = trial.y
    return out


def _note_blocks(view: LoginView, ctx: UiContext, col: Column, size: Size) -> list[Widget]:
    t = ctx.t
    # Whether staff took the call is the help panel's to say (it knows; this screen does not).
    out: list[Widget] = [text_block(ctx, col, t("login.help.where"), size)]
    if view.refusal is not None:
        out.append(text_block(ctx, col, t(_BRING[view.refusal]), size, Weight.SEMIBOLD, color="primary"))
    return out

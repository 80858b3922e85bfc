"""VNeID account login: ID number (keypad), password (masked, letter keyboard), then the SMS code.

What is typed stays in this scene's buffers (never in the flow) and is cleared when the screen
is left or the phase changes; the password is shown as dots only.
"""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.account_types import AccountCredentialsEntered, AccountPhase, OtpEntered
from reference_kiosk.flow.account_view import AccountView
from reference_kiosk.flow.views import Screen, View
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.keyboard import TextBuffer, shown_id
from reference_kiosk.ui.keypad import keypad, letters
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, text_block
from reference_kiosk.ui.widgets import Button, Countdown, Local, Spinner, TextField, UiContext, Widget

__all__ = ["AccountScene", "dots"]

P = AccountPhase
_DIGITS = "0123456789"


def dots(password: str) -> str:
    return "•" * len(password)


class AccountScene(Scene):
    screen = Screen.ACCOUNT

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self._id = TextBuffer(telex_mode=False, max_len=12, allowed=_DIGITS)
        self._password = TextBuffer(telex_mode=False, max_len=64)
        self._otp = TextBuffer(telex_mode=False, max_len=8, allowed=_DIGITS)
        self._focus = "id"
        self._shown_phase: AccountPhase | None = None

    def _clear(self) -> None:
        for buf in (self._id, self._password, self._otp):
            buf.clear()
        self._focus = "id"

    def leave(self) -> None:
        self._clear()
        super().leave()

    def set_view(self, view: View, ctx: UiContext) -> None:
        if isinstance(view, AccountView) and view.phase is not self._shown_phase:
            if view.phase is not P.OTP:
                self._password.clear()  # a password lives only until it is sent
            self._otp.clear()
            if view.phase is P.CREDENTIALS and self._shown_phase in (None, P.LOCKED, P.OTP):
                self._id.clear()  # a new attempt (maybe by someone else): nothing typed is kept
            if view.phase is P.CREDENTIALS:
                self._focus = "password" if len(self._id.text) == 12 else "id"
            self._shown_phase = view.phase
        super().set_view(view, ctx)

    def animating(self) -> bool:
        return isinstance(self.view, AccountView) and self.view.phase in (P.CHECKING, P.VERIFYING)

    def build(self, view: AccountView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        typing = view.phase in (P.CREDENTIALS, P.OTP)
        out, area = self.chrome(ctx, keyboard=typing)
        col = Column(area, th.px(24))
        out.append(text_block(ctx, col, t(f"account.title.{view.phase.value}"), "title", Weight.BOLD))
        notice = view.error_en if ctx.t.lang == "en" else view.error_vi
        if notice:
            out.append(text_block(ctx, col, notice, "body", color="danger"))
        if view.phase is P.CREDENTIALS:
            out += self._credentials(ctx, col)
        elif view.phase is P.OTP:
            out += self._code(view, ctx, col)
        elif view.phase is P.LOCKED:
            card = ev.LoginMethodChosen(ev.LoginMethod.CARD)
            out.append(Button(rect=col.take(th.px(160)), label=t("account.use_card"), action=card))
        else:
            out.append(text_block(ctx, col, t(f"account.{view.phase.value}"), "body"))
            out.append(Spinner(rect=col.take(th.px(220)), phase=self.phase))
        return out

    def _credentials(self, ctx: UiContext, col: Column) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out: list[Widget] = []
        for name, shown in (("id", shown_id(self._id.text)), ("password", dots(self._password.text))):
            out.append(
                TextField(
                    rect=col.take(th.px(140)),
                    label=t(f"account.{name}"),
                    value=shown,
                    focused=self._focus == name,
                    placeholder=t(f"account.{name}.placeholder"),
                    action=Local("focus", name),
                )
            )
        submit = Button(rect=col.take(th.px(130)), label=t("common.continue"), action=Local("submit"))
        keys = (
            keypad(ctx, col, self.side, th.px(560))[0]
            if self._focus == "id"
            else letters(ctx, col, self.side, th.px(560), shift=self._password.shift)
        )
        return [*out, submit, *keys]

    def _code(self, view: AccountView, ctx: UiContext, col: Column) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out: list[Widget] = [text_block(ctx, col, t("account.otp_hint", digits=view.otp_digits), "body")]
        left = view.countdown_s or 0
        label = t("common.seconds_left", time=f"{left // 60}:{left % 60:02d}")
        out.append(Countdown(rect=col.take(th.px(110)), label=label, seconds=left, total=300))
        out.append(
            TextField(
                rect=col.take(th.px(140)),
                label=t("account.otp"),
                value=self._otp.text,
                focused=True,
                placeholder="",
                action=Local("focus", "otp"),
            )
        )
        out.append(Button(rect=col.take(th.px(130)), label=t("common.continue"), action=Local("submit")))
        out += keypad(ctx, col, self.side, th.px(480))[0]
        return out

    # ------------------------------------------------------------------ input

    def _buffer(self) -> TextBuffer:
        if isinstance(self.view, AccountView) and self.view.phase is P.OTP:
            return self._otp
        return self._id if self._focus == "id" else self._password

    def on_local(self, action: Local) -> list[ev.Event]:
        if action.name == "focus":
            self._focus = action.arg
            return []
        if action.name == "submit":
            return self._submit()
        buf = self._buffer()
        buf.handle(action)
        if buf is self._id and len(self._id.text) == 12:
            self._focus = "password"  # move on by itself: one less thing to find
        return []

    def on_text(self, text: str) -> list[ev.Event]:
        for char in text:
            self._buffer().press(char)
            if self._focus == "id" and len(self._id.text) == 12:
                self._focus = "password"
        self.rebuild()
        return []

    def on_key(self, key: str) -> list[ev.Event]:
        if key == "backspace":
            return self.on_local(Local("backspace"))
        if key == "enter":
            return self._submit()
        return []

    def _submit(self) -> list[ev.Event]:
        view = self.view
        if not isinstance(view, AccountView):
            return []
        if view.phase is P.OTP:
            code, self._otp.raw = self._otp.text, ""  # sent once; a wrong one is typed afresh
            return [OtpEntered(code)] if code else []
        if view.phase is not P.CREDENTIALS:
            return []
        if len(self._id.text) == 12 and not self._password.text:
            self._focus = "password"
            self.rebuild()
            return []
        password, self._password.raw = self._password.text, ""  # kept only until it is sent
        return [AccountCredentialsEntered(self._id.text, password)]

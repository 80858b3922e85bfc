"""The e-form: fields prefilled from the identity (read-only), the rest typed; errors in plain words.

Tapping a field opens it with the right keyboard (letters with Telex, or the keypad for dates,
phone and ID numbers); select fields show their options as chips. Every change is sent to the
flow at once (``FormFieldEdited``), which validates it.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from reference_kiosk.domain.fields import FIELD_KINDS
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import FieldView, FormView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.keyboard import TextBuffer, letter_keyboard, numeric_keypad, shown_id
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, chip_rows, procedure_name, text_block
from reference_kiosk.ui.widgets import Button, Local, TextField, UiContext, Widget

__all__ = ["FormScene"]

_NUMERIC: dict[str, str] = {name: kind.keys for name, kind in FIELD_KINDS.items() if kind.keys is not None}


class FormScene(Scene):
    screen = Screen.FORM

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self.focus: str | None = None
        self.buffer = TextBuffer(max_len=200)
        self.first = 0  # index of the first field on the page shown
        self._shown = 1

    def leave(self) -> None:
        self.buffer.clear()
        self.focus = None
        super().leave()

    def _field(self, view: FormView, name: str | None) -> FieldView | None:
        return next((f for f in view.fields if f.name == name), None)

    def build(self, view: FormView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx, keyboard=self.focus is not None)
        col = Column(area, th.px(18))
        out.append(text_block(ctx, col, procedure_name(view, t), "title", Weight.BOLD))
        if view.case_name:
            out.append(text_block(ctx, col, view.case_name, "small", color="muted"))
        focused = self._field(view, self.focus)
        if focused is not None:
            return out + self._editing(view, focused, ctx, col)
        button = area.copy()
        button.height = th.px(150)
        button.bottom = area.bottom
        paging = button.move(0, -button.height - th.px(16))
        col.rect = col.rect.copy()
        col.rect.height = paging.y - th.px(16) - col.rect.y
        self.first = min(self.first, max(0, len(view.fields) - 1))
        shown = 0
        for spec in view.fields[self.first :]:
            widgets = self._field_widgets(view, spec, ctx, col)
            if widgets is None:
                break  # the rest are on the next page
            out += widgets
            shown += 1
        half = (paging.width - th.px(20)) // 2
        if self.first > 0:
            rect = pygame.Rect(paging.x, paging.y, half, paging.height)
            out.append(
                Button(rect=rect, label=t("form.previous"), action=Local("page", "-"), style="secondary")
            )
        if self.first + shown < len(view.fields):
            rect = pygame.Rect(paging.right - half, paging.y, half, paging.height)
            out.append(Button(rect=rect, label=t("form.more"), action=Local("page", "+"), style="secondary"))
        out.append(Button(rect=button, label=t("common.continue"), action=ev.Continue()))
        self._shown = max(1, shown)
        return out

    def _label(self, spec: FieldView, ctx: UiContext) -> str:
        label = spec.label_en if ctx.t.lang == "en" and spec.label_en else spec.label
        return label if spec.required else f"{label} ({ctx.t('form.optional')})"

    def _error(self, view: FormView, spec: FieldView, ctx: UiContext) -> str:
        if not view.show_errors:
            return ""
        return (spec.error_en if ctx.t.lang == "en" else spec.error_vi) or ""

    def _field_widgets(
        self, view: FormView, spec: FieldView, ctx: UiContext, col: Column
    ) -> list[Widget] | None:
        """The field's widgets, or None when it does not fit in what is left of the page."""
        th = ctx.theme
        error = self._error(view, spec, ctx)
        height = th.px(150) + (ctx.font("small").get_linesize() if error else 0)
        if spec.options:
            height = ctx.font("small").get_linesize() + th.px(230)
        if col.remaining < height:
            return None
        if spec.options:
            out: list[Widget] = [
                text_block(ctx, col, self._label(spec, ctx), "small", Weight.MEDIUM, color="muted")
            ]
            chips: list[tuple[str, ev.Event, bool]] = [
                (o, ev.FormFieldEdited(spec.name, o), spec.value == o) for o in spec.options
            ]
            out += chip_rows(ctx, col, chips, max_rows=2)
            if error:
                out.append(text_block(ctx, col, error, "small", color="danger"))
            return out
        return [
            TextField(
                rect=col.take(height),
                label=self._label(spec, ctx),
                value=spec.value,
                read_only=spec.read_only,
                error=error,
                placeholder=ctx.t("form.date_placeholder") if spec.type == "date" else "",
                action=None if spec.read_only else Local("focus", spec.name),
            )
        ]

    def _editing(self, view: FormView, spec: FieldView, ctx: UiContext, col: Column) -> list[Widget]:
        th = ctx.theme
        error = self._error(view, spec, ctx) or (spec.error_en if ctx.t.lang == "en" else spec.error_vi) or ""
        out: list[Widget] = [
            TextField(
                rect=col.take(th.px(150) + ctx.font("small").get_linesize()),
                label=self._label(spec, ctx),
                value=shown_id(self.buffer.text) if spec.type == "id_number" else self.buffer.text,
                focused=True,
                error=error if self.buffer.text else "",
            )
        ]
        done = col.take(th.px(140))
        out.append(Button(rect=done, label=ctx.t("form.done"), action=Local("done")))
        keys = self.side.copy() if self.side is not None else col.rect.copy()
        if self.side is None:
            keys.y, keys.height = col.y + th.px(20), min(th.px(600), col.remaining - th.px(20))
        else:
            keys.height = min(keys.height, th.px(700))
        if spec.type in _NUMERIC:
            centre = keys.centerx
            keys.width = min(keys.width, th.px(760))
            keys.x = centre - keys.width // 2
            out += numeric_keypad(ctx, keys, "/" if spec.type == "date" else "")
        else:
            out += letter_keyboard(ctx, keys, self.buffer.telex_mode)
        return out

    def on_local(self, action: Local) -> list[ev.Event]:
        view = self.view
        if action.name == "focus":
            spec = self._field(view, action.arg)
            if spec is not None and not spec.read_only:
                self.focus = spec.name
                numeric = _NUMERIC.get(spec.type)
                # Telex would turn "example" into "ẽample": e-mail addresses are typed as they are.
                telex_mode = numeric is None and spec.type != "email"
                # A masked ID number cannot be edited digit by digit: it is typed again from empty.
                raw = "" if "*" in spec.value else spec.value
                self.buffer = TextBuffer(raw=raw, telex_mode=telex_mode, allowed=numeric, max_len=200)
            return []
        if action.name == "done":
            self.focus = None
            return []
        if action.name == "page":
            step = self._shown if action.arg == "+" else -self._shown
            self.first = max(0, self.first + step)
            return []
        return self._edited(lambda: self.buffer.handle(action))

    def _edited(self, change: Callable[[], object]) -> list[ev.Event]:
        if self.focus is None:
            return []
        before = self.buffer.text
        change()
        return [ev.FormFieldEdited(self.focus, self.buffer.text)] if self.buffer.text != before else []

    def on_text(self, text: str) -> list[ev.Event]:
        return self._edited(lambda: self.buffer.type_text(text))

    def on_key(self, key: str) -> list[ev.Event]:
        if key == "enter":
            out: list[ev.Event] = [] if self.focus is not None else [ev.Continue()]
            self.focus = None
        elif key == "backspace":
            out = self._edited(self.buffer.backspace)
        else:
            return []
        self.rebuild()
        return out

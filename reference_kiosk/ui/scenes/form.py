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
from reference_kiosk.ui import paging
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.keyboard import TextBuffer, letter_keyboard, numeric_keypad, shown_id
from reference_kiosk.ui.paging import Block, Pager
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, chip_rows, procedure_name, text_block
from reference_kiosk.ui.widgets import Button, Local, TextField, UiContext, Widget, heading_size

__all__ = ["FormScene"]

_NUMERIC: dict[str, str] = {name: kind.keys for name, kind in FIELD_KINDS.items() if kind.keys is not None}


class FormScene(Scene):
    screen = Screen.FORM

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self.focus: str | None = None
        self.buffer = TextBuffer(max_len=200)
        self.picking: str | None = None  # the select field whose option picker is open
        self.pager = Pager("fields")
        self.options_pager = Pager("options")

    def leave(self) -> None:
        self.buffer.clear()
        self.focus = None
        self.picking = None
        self.pager.reset()
        super().leave()

    def _field(self, view: FormView, name: str | None) -> FieldView | None:
        return next((f for f in view.fields if f.name == name), None)

    def build(self, view: FormView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx, keyboard=self.focus is not None)
        col = Column(area, th.px(18))
        picking = self._field(view, self.picking)
        if picking is not None:
            return out + self._picker(picking, ctx, col)
        name = procedure_name(view, t)  # a long name in smaller type: the fields keep their room
        out.append(text_block(ctx, col, name, heading_size(ctx, name, area.width), Weight.BOLD))
        if view.case_name:
            out.append(text_block(ctx, col, view.case_name, "small", color="muted"))
        focused = self._field(view, self.focus)
        if focused is not None:
            return out + self._editing(view, focused, ctx, col)
        button = area.copy()
        button.height = th.px(150)
        button.bottom = area.bottom
        rows = pygame.Rect(area.x, col.y, area.width, button.y - th.px(16) - col.y)
        blocks = [self._field_block(view, spec, ctx, rows.width) for spec in view.fields]
        out += self.pager.layout(ctx, rows, blocks, gap=th.px(18))
        out.append(Button(rect=button, label=t("common.continue"), action=ev.Continue()))
        return out

    def _label(self, spec: FieldView, ctx: UiContext) -> str:
        label = spec.label_en if ctx.t.lang == "en" and spec.label_en else spec.label
        return label if spec.required else f"{label} ({ctx.t('form.optional')})"

    def _error(self, view: FormView, spec: FieldView, ctx: UiContext) -> str:
        if not view.show_errors:
            return ""
        return (spec.error_en if ctx.t.lang == "en" else spec.error_vi) or ""

    def _field_block(self, view: FormView, spec: FieldView, ctx: UiContext, width: int) -> Block:
        """One field as a row: a text box, inline option chips (when all fit), or a picker opener."""
        th = ctx.theme
        error = self._error(view, spec, ctx)
        small = ctx.font("small").get_linesize()
        label = self._label(spec, ctx)
        if spec.options and _chips_fit(ctx, width, spec.options):
            heading = paging.text_block(ctx, width, label, "small", Weight.MEDIUM, "muted")
            chips = th.px(100)
            err = paging.text_block(ctx, width, error, "small", color="danger") if error else None

            def build_chips(rect: pygame.Rect) -> list[Widget]:
                out = heading.build(rect)
                col = Column(pygame.Rect(rect.x, rect.y + heading.height, rect.width, chips), 0)
                options: list[tuple[str, ev.Event, bool]] = [
                    (o, ev.FormFieldEdited(spec.name, o), spec.value == o) for o in spec.options
                ]
                out += chip_rows(ctx, col, options, max_rows=1)
                if err is not None:
                    out += err.build(
                        pygame.Rect(rect.x, rect.y + heading.height + chips, rect.width, err.height)
                    )
                return out

            return Block(heading.height + chips + (err.height if err else 0), build_chips)
        # The box is 150 design px; its label and its error as many lines as they wrap to.
        label_h = TextField.label_height(ctx, width, label)
        height = th.px(150) + label_h - small + (TextField.label_height(ctx, width, error) if error else 0)
        placeholder = ctx.t("form.date_placeholder") if spec.type == "date" else ""
        if spec.options:
            action: Local | None = Local("pick", spec.name)
            placeholder = ctx.t("form.choose")
        else:
            action = None if spec.read_only else Local("focus", spec.name)
        value = spec.value

        def build_field(rect: pygame.Rect) -> list[Widget]:
            return [
                TextField(
                    rect=rect, label=label, value=value, read_only=spec.read_only, error=error,
                    placeholder=placeholder, action=action,
                )
            ]  # fmt: skip

        return Block(height, build_field)

    def _picker(self, spec: FieldView, ctx: UiContext, col: Column) -> list[Widget]:
        """Every option of a long select field, paged; choosing one (or Close) returns to the form."""
        th, t = ctx.theme, ctx.t
        out: list[Widget] = [text_block(ctx, col, self._label(spec, ctx), "title", Weight.BOLD)]
        close = col.rect.copy()
        close.height = th.px(140)
        close.bottom = col.rect.bottom
        out.append(Button(rect=close, label=t("paging.close"), action=Local("unpick"), style="secondary"))
        rows = pygame.Rect(col.rect.x, col.y, col.rect.width, close.y - th.px(16) - col.y)
        blocks = [
            paging.row_block(ctx, rows.width, Local("choose", o), o, trailing="✓" if o == spec.value else "")
            for o in spec.options
        ]
        return out + self.options_pager.layout(ctx, rows, blocks, gap=th.px(14))

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
            out += letter_keyboard(ctx, keys, self.buffer.telex_mode, shift=self.buffer.shift)
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
        if self.pager.owns(action):
            return self.pager.turn(action)
        if self.options_pager.owns(action):
            return self.options_pager.turn(action)
        if action.name == "pick":
            self.picking = action.arg
            self.options_pager.reset()
            return []
        if action.name == "unpick":
            self.picking = None
            return []
        if action.name == "choose" and self.picking is not None:
            name, self.picking = self.picking, None
            return [ev.FormFieldEdited(name, action.arg)]
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


def _chips_fit(ctx: UiContext, width: int, options: tuple[str, ...]) -> bool:
    """All options as chips on one row (short choices such as Nam / Nữ stay one tap away)."""
    th = ctx.theme
    font = ctx.font("small", Weight.MEDIUM)
    used = sum(font.size(o)[0] + th.px(64) for o in options) + th.px(16) * (len(options) - 1)
    return used <= width

"""Find a procedure: the query typed on the on-screen keyboard, field chips, the results list."""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import Screen, SearchView, View
from reference_kiosk.ui import paging
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.keyboard import TextBuffer, letter_keyboard
from reference_kiosk.ui.paging import Block, Pager
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, chip_rows, text_block
from reference_kiosk.ui.widgets import Button, Local, TextField, UiContext, Widget

__all__ = ["SearchScene"]


class SearchScene(Scene):
    screen = Screen.SEARCH

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self.buffer = TextBuffer(max_len=60)
        self.pager = Pager("results")
        self.fields_pager = Pager("fields")
        self.choosing_field = False  # the browse list of every field is open
        self.typing = True  # the keyboard is shown (hidden while the citizen turns result pages)

    def enter(self, view: View, ctx: UiContext) -> None:
        if isinstance(view, SearchView):
            self.buffer.raw = view.query  # coming back to the list keeps the query
        super().enter(view, ctx)

    def leave(self) -> None:
        self.buffer.clear()
        self.pager.reset()
        self.choosing_field = False
        self.typing = True
        super().leave()

    def animating(self) -> bool:
        return isinstance(self.view, SearchView) and self.view.loading

    def build(self, view: SearchView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx, keyboard=self.typing)
        keyboard = self.side
        if not self.typing:  # turning pages of results: the keyboard gives them its room
            keyboard = None
        elif keyboard is None:  # portrait: the keyboard under the results
            keyboard = area.copy()
            keyboard.height = th.px(560)
            keyboard.bottom = area.bottom
            area.height -= keyboard.height + th.px(24)
        else:
            keyboard.height = min(keyboard.height, th.px(700))
        col = Column(area, th.px(20))
        title = "search.title.submit" if view.submit_intent else "search.title"
        out.append(text_block(ctx, col, t(title), "title", Weight.BOLD))
        out.append(
            TextField(
                rect=col.take(th.px(150)),
                label=t("search.query"),
                value=self.buffer.text,
                focused=self.typing,
                placeholder=t("search.placeholder"),
                action=None if self.typing else Local("type"),
            )
        )
        keys = (
            letter_keyboard(ctx, keyboard, self.buffer.telex_mode, shift=self.buffer.shift)
            if keyboard is not None
            else []
        )
        if self.choosing_field:
            return out + self._fields(view, ctx, col) + keys
        selected = next((c for c in view.chips if c.selected), None)
        chips: list[tuple[str, ev.Event | Local, bool]] = [
            (t("search.all_fields"), ev.FieldChipChosen(None), selected is None)
        ]
        if selected is not None:
            chips.append((selected.label, ev.FieldChipChosen(None), True))
        if view.chips:
            chips.append((t("search.fields"), Local("fields"), False))
        out += chip_rows(ctx, col, chips, max_rows=1)  # type: ignore[arg-type]
        total = max(view.total, len(view.results))
        if view.loading and not view.results:
            out.append(text_block(ctx, col, t("common.loading"), "body", color="muted"))
        elif not view.results:
            out.append(text_block(ctx, col, t("search.no_results"), "body", color="muted"))
        else:
            out.append(text_block(ctx, col, t("search.count", count=total), "small", color="muted"))
        rows = pygame.Rect(area.x, col.y, area.width, area.bottom - col.y)
        blocks = self._results(view, ctx, rows.width)
        if keyboard is not None and not self.pager.first_fits(ctx, rows, blocks, th.px(20), total):
            # Large text: no whole result fits above the keyboard. Rather than a row drawn over the
            # page controls, one tap puts the keyboard away and shows the results (paged).
            show = rows.copy()
            show.height = th.px(130)
            out.append(Button(rect=show, label=t("search.show_results"), action=Local("results")))
            return out + keys
        out += self.pager.layout(
            ctx, rows, blocks, gap=th.px(20), total=total, loading_text=t("common.loading")
        )
        return out + keys

    @staticmethod
    def _results(view: SearchView, ctx: UiContext, width: int) -> list[Block]:
        t = ctx.t
        out: list[Block] = []
        for proc in view.results:
            days = t("common.days", days=t.number(proc.processing_days))
            name = proc.name_en if t.lang == "en" and proc.name_en else proc.name
            fee = t.money(proc.fee_online) if proc.fee_online else t("common.free")
            action = ev.ProcedureChosen(proc.code)
            out.append(paging.row_block(ctx, width, action, name, f"{proc.agency_name} · {days}", fee))
        return out

    def _fields(self, view: SearchView, ctx: UiContext, col: Column) -> list[Widget]:
        """Every field of the catalogue, paged (browse); choosing one filters the list."""
        th, t = ctx.theme, ctx.t
        close = col.rect.copy()
        close.height = th.px(130)
        close.bottom = col.rect.bottom
        done = Local("fields_done")
        out: list[Widget] = [Button(rect=close, label=t("paging.close"), action=done, style="secondary")]
        rows = pygame.Rect(col.rect.x, col.y, col.rect.width, close.y - th.px(16) - col.y)
        blocks = [
            paging.row_block(
                ctx, rows.width, Local("field", c.code), c.label, trailing="✓" if c.selected else ""
            )
            for c in view.chips
        ]
        return out + self.fields_pager.layout(ctx, rows, blocks, gap=th.px(14))

    def on_local(self, action: Local) -> list[ev.Event]:
        if self.pager.owns(action):
            self.typing = False
            return self.pager.turn(action, ev.MoreResultsWanted())
        if action.name in ("type", "results"):
            self.typing = action.name == "type"
            return []
        if self.fields_pager.owns(action):
            return self.fields_pager.turn(action)
        if action.name in ("fields", "fields_done"):
            self.choosing_field = action.name == "fields"
            self.fields_pager.reset()
            return []
        if action.name == "field":
            self.choosing_field = False
            self.pager.reset()
            return [ev.FieldChipChosen(action.arg)]
        before = self.buffer.text
        self.buffer.handle(action)
        if self.buffer.text == before:
            return []
        self.pager.reset()  # a new query starts on its first page
        return [ev.SearchChanged(self.buffer.text)]

    def on_text(self, text: str) -> list[ev.Event]:
        self.typing = True
        before = self.buffer.text
        self.buffer.type_text(text)
        if self.buffer.text == before:
            return []
        self.pager.reset()  # a new query starts on its first page
        return [ev.SearchChanged(self.buffer.text)]

    def on_key(self, key: str) -> list[ev.Event]:
        if key == "backspace":
            out = self.on_local(Local("backspace"))
            self.rebuild()
            return out
        return []

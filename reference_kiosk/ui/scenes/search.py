"""Find a procedure: the query typed on the on-screen keyboard, field chips, the results list."""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import Screen, SearchView, View
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.keyboard import TextBuffer, letter_keyboard
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, chip_rows, list_row, text_block
from reference_kiosk.ui.widgets import Local, TextField, UiContext, Widget

__all__ = ["SearchScene"]


class SearchScene(Scene):
    screen = Screen.SEARCH

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self.buffer = TextBuffer(max_len=60)

    def enter(self, view: View, ctx: UiContext) -> None:
        if isinstance(view, SearchView):
            self.buffer.raw = view.query  # coming back to the list keeps the query
        super().enter(view, ctx)

    def leave(self) -> None:
        self.buffer.clear()
        super().leave()

    def animating(self) -> bool:
        return isinstance(self.view, SearchView) and self.view.loading

    def build(self, view: SearchView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx, keyboard=True)
        keyboard = self.side
        if keyboard is None:  # portrait: the keyboard under the results
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
                focused=True,
                placeholder=t("search.placeholder"),
            )
        )
        chips: list[tuple[str, ev.Event, bool]] = [
            (t("search.all_fields"), ev.FieldChipChosen(None), not any(c.selected for c in view.chips))
        ]
        chips += [
            (c.label, ev.FieldChipChosen(None if c.selected else c.code), c.selected) for c in view.chips
        ]
        out += chip_rows(ctx, col, chips, max_rows=2)
        if view.loading:
            out.append(text_block(ctx, col, t("common.loading"), "body", color="muted"))
        elif not view.results:
            out.append(text_block(ctx, col, t("search.no_results"), "body", color="muted"))
        else:
            out.append(
                text_block(ctx, col, t("search.count", count=len(view.results)), "small", color="muted")
            )
        out += self._results(view, ctx, col)
        out += letter_keyboard(ctx, keyboard, self.buffer.telex_mode)
        return out

    @staticmethod
    def _results(view: SearchView, ctx: UiContext, col: Column) -> list[Widget]:
        """As many result rows as fit (the keyboard stays; a narrower query shows the rest)."""
        t = ctx.t
        out: list[Widget] = []
        for proc in view.results:
            days = t("common.days", days=t.number(proc.processing_days))
            row = list_row(
                ctx,
                col,
                ev.ProcedureChosen(proc.code),
                proc.name_en if t.lang == "en" and proc.name_en else proc.name,
                f"{proc.agency_name} · {days}",
                t.money(proc.fee_online) if proc.fee_online else t("common.free"),
            )
            if row is None:
                break
            out.append(row)
        return out

    def on_local(self, action: Local) -> list[ev.Event]:
        before = self.buffer.text
        self.buffer.handle(action)
        return [ev.SearchChanged(self.buffer.text)] if self.buffer.text != before else []

    def on_text(self, text: str) -> list[ev.Event]:
        before = self.buffer.text
        self.buffer.type_text(text)
        return [ev.SearchChanged(self.buffer.text)] if self.buffer.text != before else []

    def on_key(self, key: str) -> list[ev.Event]:
        if key == "backspace":
            out = self.on_local(Local("backspace"))
            self.rebuild()
            return out
        return []

"""The scene base: widgets rebuilt from the view model, hit-testing, chrome (header and footer).

    enter(view, ctx) -> handle(ui_event) -> [flow events] -> update(dt) -> draw(surface) -> leave()

``draw`` has no side effects. Scene-local state (what is being typed, which field has focus)
lives in the scene and is dropped by ``leave``; everything else comes from the view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pygame
from babel.dates import format_datetime

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.view_frame import HelpPhase, HelpStatus
from reference_kiosk.flow.views import Frame, Screen, View
from reference_kiosk.i18n import Translator
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.input import FlowInput, KeyPressed, Tap, TextTyped, UiEvent
from reference_kiosk.ui.redaction import Redactor
from reference_kiosk.ui.widgets import Button, Local, Size, Spinner, Text, UiContext, Widget, wrap

__all__ = [
    "Column",
    "Scene",
    "SceneEnv",
    "TextSizeToggle",
    "help_panel",
    "opening_time",
    "procedure_name",
    "text_block",
]

ThumbnailSource = Callable[[str], bytes | None]


class SceneEnv:
    """What scenes may use besides the view: page thumbnails and countdown totals.

    Devices are not here: scenes ask the flow, whose effects reach the devices (see ``app``).
    """

    def __init__(
        self, thumbnail: ThumbnailSource | None = None, vneid_total_s: int = 300, pay_total_s: int = 900
    ) -> None:
        self.thumbnail: ThumbnailSource = thumbnail or (lambda _page_id: None)
        self.vneid_total_s = vneid_total_s
        self.pay_total_s = pay_total_s


class Column:
    """Top-down layout inside a rectangle."""

    def __init__(self, rect: pygame.Rect, gap: int) -> None:
        self.rect = rect
        self.gap = gap
        self.y = rect.y

    def take(self, height: int) -> pygame.Rect:
        r = pygame.Rect(self.rect.x, self.y, self.rect.width, height)
        self.y += height + self.gap
        return r

    @property
    def remaining(self) -> int:
        return self.rect.bottom - self.y


def procedure_name(view: Any, t: Any) -> str:
    """The procedure's name in the screen's language: English when the catalogue has one."""
    english: str = getattr(view, "procedure_name_en", "")
    return english if t.lang == "en" and english else str(view.procedure_name)


def text_block(
    ctx: UiContext,
    col: Column,
    text: str,
    size: Size = "body",
    weight: Weight = Weight.REGULAR,
    color: str = "text",
    align: Any = "left",
) -> Text:
    font = ctx.font(size, weight)
    height = font.get_linesize() * len(wrap(text, font, col.rect.width))
    return Text(rect=col.take(height), label=text, size=size, weight=weight, color=color, align=align)


class Scene:
    screen: ClassVar[Screen]
    overlay: ClassVar[bool] = False  # drawn over the scene beneath (timeout warning, error)

    def __init__(self, env: SceneEnv) -> None:
        self.env = env
        self.view: Any = None
        self.ctx: UiContext | None = None
        self.widgets: list[Widget] = []
        self.phase = 0.0  # animation phase for spinners, advanced by update()
        self.dirty = True  # widgets changed since the last draw (a key typed, a field focused)
        self.side: pygame.Rect | None = None  # landscape: where the keyboard goes (see chrome)

    # ------------------------------------------------------------------ lifecycle

    def enter(self, view: View, ctx: UiContext) -> None:
        self.set_view(view, ctx)

    def leave(self) -> None:
        """Drop scene-local state (it may hold what the citizen typed)."""
        self.widgets = []
        self.view = None

    def set_view(self, view: View, ctx: UiContext) -> None:
        self.view, self.ctx = view, ctx
        self.rebuild()

    def rebuild(self) -> None:
        assert self.ctx is not None
        self.widgets = self.build(self.view, self.ctx)
        self.dirty = True

    def build(self, view: Any, ctx: UiContext) -> list[Widget]:
        raise NotImplementedError

    # ------------------------------------------------------------------ input

    def handle(self, event: UiEvent) -> list[ev.Event]:
        match event:
            case Tap(x=x, y=y):
                target = self.hit(x, y)
                return self.activate(target) if target is not None else []
            case KeyPressed(key="back") if self.frame.can_go_back:
                return [ev.Back()]
            case KeyPressed(key=key):
                return self.on_key(key)
            case TextTyped(text=text):
                out = self.on_text(text)
                self.rebuild()
                return out
            case FlowInput(event=flow_event):
                return [flow_event]
        return []

    def hit(self, x: int, y: int) -> Widget | None:
        for widget in reversed(self.widgets):
            if widget.interactive and widget.rect.collidepoint(x, y):
                return widget
        return None

    def activate(self, widget: Widget) -> list[ev.Event]:
        action = widget.action
        if isinstance(action, Local):
            out = self.on_local(action)
            self.rebuild()
            return out
        if action is None:
            return []
        if self.frame.busy and not isinstance(
            action, ev.Logout | ev.Home | ev.LanguageChosen | ev.StaffCalled | ev.HelpDismissed
        ):
            return []  # an answer is on its way: a second tap would repeat the request
        return [action]

    def on_local(self, action: Local) -> list[ev.Event]:
        return []

    def on_key(self, key: str) -> list[ev.Event]:
        return []

    def on_text(self, text: str) -> list[ev.Event]:
        return []

    # ------------------------------------------------------------------ time and drawing

    @property
    def frame(self) -> Frame:
        frame = getattr(self.view, "frame", None)
        return frame if isinstance(frame, Frame) else Frame()

    def update(self, dt: float) -> bool:
        """Advance animations; True while something moves (the app then redraws every frame)."""
        if self.frame.busy or self.animating():
            self.phase = (self.phase + dt) % 1.0
            if self.animating():
                self.rebuild()  # spinners are widgets built with the current phase
            return True
        return False

    def animating(self) -> bool:
        return False

    def shown(self, redact: Redactor | None = None) -> list[Widget]:
        return self.widgets if redact is None else [widget.redacted(redact) for widget in self.widgets]

    def draw(self, surface: pygame.Surface, redact: Redactor | None = None) -> None:
        """Draw the widgets; with ``redact``, as a screenshot may show them (personal values masked)."""
        assert self.ctx is not None
        if not self.overlay:
            surface.fill(self.ctx.color("background"))
        for widget in self.shown(redact):
            widget.draw(surface, self.ctx)
        if self.frame.busy and not self.animating():  # a scene with its own spinner needs no second one
            th = self.ctx.theme
            size = th.px(160)
            rect = pygame.Rect(th.width - size - th.px(30), th.height - th.px(420), size, size)
            Spinner(rect=rect, phase=self.phase).draw(surface, self.ctx)

    # ------------------------------------------------------------------ chrome

    def chrome(
        self,
        ctx: UiContext,
        *,
        home: bool = True,
        lang: bool = True,
        keyboard: bool = False,
        help_in_header: bool = False,
    ) -> tuple[list[Widget], pygame.Rect]:
        """Header (title, name, language, logout) and footer (back, help, home); returns the content area.

        With ``keyboard`` on a landscape screen the column moves left and ``self.side`` is the
        area right of it, where the keyboard goes; otherwise ``self.side`` is None.
        "Cần hỗ trợ" is in the footer, its panel just above it; a screen whose content uses the
        whole height (the welcome) asks for it in the header and places ``help_panel`` itself.
        """
        th = ctx.theme
        x0, width = th.column
        if keyboard and th.landscape:
            x0 = 0
        pad = th.px(36)
        header_h, footer_h = th.px(170), th.px(190)
        out = self._header(ctx, x0, width, header_h, lang, help_in_header)
        out += self._footer(ctx, x0, width, footer_h, home, not help_in_header)
        panel_h = 0
        if not help_in_header:
            # The help panel sits above the footer and takes its height from the content, never over
            # it; a short (landscape) screen gets it in smaller type, so the content keeps its room.
            size: Size = "small" if th.landscape else "body"
            _, panel_h = help_panel(
                ctx, self.frame.help, pygame.Rect(x0 + pad, 0, width - 2 * pad, 0), size=size
            )
            top = th.height - footer_h - panel_h
            panel_area = pygame.Rect(x0 + pad, top, width - 2 * pad, 0)
            out += help_panel(ctx, self.frame.help, panel_area, size=size)[0]
        content = pygame.Rect(
            x0 + pad, header_h + pad, width - 2 * pad, th.height - footer_h - header_h - 2 * pad - panel_h
        )
        self.side = None
        if keyboard and th.landscape:
            self.side = pygame.Rect(content.right + 2 * pad, content.y, 0, content.height)
            self.side.width = th.width - self.side.x - pad
        return out, content

    def _header(
        self, ctx: UiContext, x0: int, width: int, height: int, lang: bool, help_button: bool = False
    ) -> list[Widget]:
        th, t, frame = ctx.theme, ctx.t, self.frame
        pad, btn_h, btn_w = th.px(36), th.px(120), th.px(230)
        out: list[Widget] = [_Bar(rect=pygame.Rect(0, 0, th.width, height))]
        right = x0 + width - pad
        if frame.logged_in:
            right -= btn_w
            rect = pygame.Rect(right, (height - btn_h) // 2, btn_w, btn_h)
            logout = Button(
                rect=rect, label=t("chrome.logout"), action=ev.Logout(), style="danger", font_px=th.px(36)
            )
            out.append(logout)
            right -= th.px(20)
        if lang:
            other: ev.Lang = "en" if frame.lang == "vi" else "vi"
            right -= btn_w
            rect = pygame.Rect(right, (height - btn_h) // 2, btn_w, btn_h)
            choose = ev.LanguageChosen(other)
            out.append(
                Button(
                    rect=rect, label=t(f"lang.{other}"), action=choose, style="secondary", font_px=th.px(36)
                )
            )
        right -= th.px(150) + th.px(20)
        size_toggle = pygame.Rect(right, (height - btn_h) // 2, th.px(150), btn_h)
        out.append(
            TextSizeToggle(
                rect=size_toggle,
                label=t("chrome.large_text"),
                action=ev.AccessibilityToggled(ev.A11yOption.LARGE_TEXT),
                selected=frame.large_text,
            )
        )
        if help_button:
            right -= th.px(250) + th.px(20)
            rect = pygame.Rect(right, (height - btn_h) // 2, th.px(250), btn_h)
            out.append(self._help_button(ctx, rect, "secondary"))  # light on the dark header band
        title = pygame.Rect(
            x0 + pad, th.px(30 if frame.citizen_name else 55), right - (x0 + pad) - th.px(20), th.px(60)
        )
        # Chrome text does not grow with "large text": it must stay on one line beside the buttons.
        out.append(_Label(rect=title, label=t("app.title"), font=ctx.fonts.get(th.px(38), Weight.BOLD)))
        if frame.citizen_name:
            rect = pygame.Rect(title.x, th.px(100), title.width, th.px(50))
            out.append(_Label(rect=rect, label=frame.citizen_name, font=ctx.fonts.get(th.px(30))))
        return out

    def _footer(
        self, ctx: UiContext, x0: int, width: int, height: int, home: bool, help_button: bool = True
    ) -> list[Widget]:
        th, t, frame = ctx.theme, ctx.t, self.frame
        pad, fb_w, fb_h = th.px(36), th.px(300), th.px(130)
        y = th.height - height + (height - fb_h) // 2
        out: list[Widget] = []
        if frame.can_go_back:
            rect = pygame.Rect(x0 + pad, y, fb_w, fb_h)
            out.append(Button(rect=rect, label=t("chrome.back"), action=ev.Back(), style="secondary"))
        if home:
            rect = pygame.Rect(x0 + width - pad - fb_w, y, fb_w, fb_h)
            label = t("chrome.home" if frame.logged_in else "chrome.cancel")
            out.append(Button(rect=rect, label=label, action=ev.Home(), style="secondary"))
        if help_button:  # "Cần hỗ trợ" between them
            help_w = min(th.px(330), width - 2 * pad - 2 * (fb_w + th.px(24)))
            out.append(self._help_button(ctx, pygame.Rect(x0 + (width - help_w) // 2, y, help_w, fb_h)))
        return out

    def _help_button(self, ctx: UiContext, rect: pygame.Rect, style: str = "primary") -> Button:
        """On every screen with chrome; its text fixed like the header's, ringed once help was asked."""
        called = self.frame.help.phase is not HelpPhase.NONE
        return Button(
            rect=rect, label=ctx.t("help.button"), action=ev.StaffCalled(), style=style,
            selected=called, font_px=ctx.theme.px(36),
        )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class _Label(Widget):
    """One line of header text in a fixed font, cut to fit rather than wrapped."""

    font: pygame.font.Font

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        text = self.label
        while len(text) > 1 and self.font.size(text)[0] > self.rect.width:
            text = text[:-2] + "…"
        surface.blit(self.font.render(text, True, ctx.color("on_primary")), self.rect.topleft)


@dataclass(frozen=True, slots=True, kw_only=True)
class TextSizeToggle(Widget):
    """The persistent "large text" switch in every header: a big "A" over its name, ringed when on.

    Its glyph and caption keep a fixed size (like the rest of the header) so the control stays
    where the citizen found it when the text grows.
    """

    selected: bool = False

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        th = ctx.theme
        radius = th.px(20)
        pygame.draw.rect(surface, ctx.color("secondary"), self.rect, border_radius=radius)
        if self.selected:
            pygame.draw.rect(surface, ctx.color("accent"), self.rect, th.px(8), border_radius=radius)
        ink = ctx.color("on_secondary")
        glyph = ctx.fonts.get(th.px(56), Weight.BOLD).render("A" if self.selected else "A+", True, ink)
        caption_font = ctx.fonts.get(th.px(24), Weight.SEMIBOLD)
        caption = caption_font.render(self.label, True, ink)
        top = self.rect.centery - (glyph.get_height() + caption.get_height()) // 2
        surface.blit(glyph, glyph.get_rect(midtop=(self.rect.centerx, top)))
        surface.blit(caption, caption.get_rect(midtop=(self.rect.centerx, top + glyph.get_height())))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Bar(Widget):
    """The header band."""

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        pygame.draw.rect(surface, ctx.color("primary"), self.rect)
        stripe = pygame.Rect(
            self.rect.x, self.rect.bottom - ctx.theme.px(8), self.rect.width, ctx.theme.px(8)
        )
        pygame.draw.rect(surface, ctx.color("accent"), stripe)


def chip_rows(
    ctx: UiContext, col: Column, chips: list[tuple[str, ev.Event, bool]], max_rows: int = 3
) -> list[Widget]:
    """Chips laid out left to right, wrapping onto new rows (at most ``max_rows``)."""
    from reference_kiosk.ui.widgets import Chip

    th = ctx.theme
    font = ctx.font("small", Weight.MEDIUM)
    height, gap = th.px(100), th.px(16)
    out: list[Widget] = []
    x, rows = col.rect.x, 1
    row = col.take(height)
    for label, action, selected in chips:
        width = min(col.rect.width, font.size(label)[0] + th.px(64))
        if x + width > col.rect.right:
            if rows == max_rows:
                break
            rows += 1
            row = col.take(height)
            x = col.rect.x
        out.append(
            Chip(rect=pygame.Rect(x, row.y, width, height), label=label, action=action, selected=selected)
        )
        x += width + gap
    return out


GridItem = tuple[str, ev.Event, str, bool]  # label, action, style, selected


def button_grid(
    ctx: UiContext, col: Column, items: list[GridItem], per_row: int, minimum: int
) -> list[Widget]:
    """Buttons ``per_row`` to a row, every row as tall as its longest label needs."""
    from reference_kiosk.ui.widgets import button_height

    gap = ctx.theme.px(16)
    width = (col.rect.width - gap * (per_row - 1)) // per_row
    height = button_height(ctx, [item[0] for item in items], width, minimum)
    out: list[Widget] = []
    row = col.rect
    for i, (label, action, style, selected) in enumerate(items):
        if i % per_row == 0:
            row = col.take(height)
        rect = pygame.Rect(row.x + (i % per_row) * (width + gap), row.y, width, height)
        out.append(Button(rect=rect, label=label, action=action, style=style, selected=selected))
    return out


def list_row(
    ctx: UiContext, col: Column, action: ev.Event, label: str, subtitle: str = "", trailing: str = ""
) -> Widget | None:
    """A row as tall as its wrapped text needs (at least 150 design px), or None when it no longer fits."""
    from reference_kiosk.ui.widgets import ListRow

    height = max(ctx.theme.px(150), ListRow.height_for(ctx, col.rect.width, label, subtitle, trailing))
    if col.remaining < height:
        return None
    return ListRow(rect=col.take(height), label=label, subtitle=subtitle, trailing=trailing, action=action)


def help_panel(
    ctx: UiContext, status: HelpStatus, area: pygame.Rect, *, closable: bool = True, size: Size = "body"
) -> tuple[list[Widget], int]:
    """What became of the help call, as widgets from ``area.top`` down, and their height.

    Empty while nobody asked. It never says staff are coming unless the backend said so. A panel
    that waits for nothing (not sent, nobody on duty) has a Close button when ``closable``; it
    also goes by itself after a minute (``flow.help.SHOWN_S``).
    """
    if status.phase is HelpPhase.NONE:
        return [], 0
    th, t = ctx.theme, ctx.t
    lines = [t(f"help.{status.phase.value}", staff=status.staff or t("help.someone"))]
    if status.phase is HelpPhase.OFF_HOURS:
        lines.append(t("help.next_opening", when=opening_time(t, status.next_opening)))
        if status.hotline:
            lines.append(t("help.hotline", hotline=status.hotline))
    gap = th.px(16)
    col = Column(pygame.Rect(area.x, area.y + gap, area.width, 0), gap)
    color = "success" if status.phase is HelpPhase.ACKNOWLEDGED else "text"
    if size != "body":  # a short or full screen: one paragraph wastes no half-empty lines
        lines = [" ".join(lines)]
    out: list[Widget] = [text_block(ctx, col, line, size, Weight.SEMIBOLD, color=color) for line in lines]
    if closable and status.phase in (HelpPhase.UNSENT, HelpPhase.OFF_HOURS):
        close = col.take(th.px(110))
        close.width = th.px(300)
        out.append(Button(rect=close, label=t("help.dismiss"), action=ev.HelpDismissed(), style="secondary"))
    return out, col.y - area.y


_OPENING_FORMAT = {"vi": "HH:mm, EEEE dd/MM/yyyy", "en": "HH:mm, EEEE d MMM yyyy"}


def opening_time(t: Translator, when: dt.datetime | None) -> str:
    """The opening as "07:30, Thứ Hai 24/03/2025": the weekday matters to someone reading it on a Saturday."""
    if when is None:
        return "—"
    return format_datetime(when, format=_OPENING_FORMAT.get(t.lang, _OPENING_FORMAT["en"]), locale=t.lang)

"""Widgets: immutable, positioned pieces of a screen that know how to draw themselves.

A scene rebuilds its widgets from the view model whenever the view changes, so widgets hold no
state. A widget with an ``action`` is a touch target: tapping it sends the action (a flow event,
or a ``Local`` action the scene handles itself, such as a keyboard key). ``label`` is the visible
text the headless driver taps by; ``texts()`` is everything the widget shows.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field, replace

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.ui.drawing import Align, Size, UiContext, draw_text, wrap
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.redaction import Redactor

__all__ = [
    "Action",
    "Align",
    "Button",
    "Chip",
    "Countdown",
    "ListRow",
    "Local",
    "Panel",
    "QrCode",
    "Size",
    "Spinner",
    "Text",
    "TextField",
    "Thumbnail",
    "Tile",
    "Timeline",
    "UiContext",
    "Widget",
    "button_height",
    "draw_text",
    "heading_size",
    "wrap",
]


@dataclass(frozen=True, slots=True)
class Local:
    """An action the scene handles itself (a key press, focusing a field, switching a mode)."""

    name: str
    arg: str = ""


Action = ev.Event | Local


@dataclass(frozen=True, slots=True, kw_only=True)
class Widget:
    rect: pygame.Rect
    label: str = ""
    action: Action | None = None
    enabled: bool = True

    @property
    def interactive(self) -> bool:
        return self.action is not None and self.enabled

    def texts(self) -> list[str]:
        return [self.label] if self.label else []

    def redacted(self, redact: Redactor) -> Widget:
        """This widget as a screenshot may show it: every text of ``texts()`` passed through ``redact``."""
        return replace(self, label=redact.text(self.label)) if self.label else self

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class Text(Widget):
    size: Size = "body"
    weight: Weight = Weight.REGULAR
    color: str = "text"
    align: Align = "left"

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        draw_text(
            surface,
            ctx.font(self.size, self.weight),
            self.label,
            self.rect,
            ctx.color(self.color),
            self.align,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Panel(Widget):
    color: str = "surface"
    border: str | None = "border"

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        radius = ctx.theme.px(20)
        pygame.draw.rect(surface, ctx.color(self.color), self.rect, border_radius=radius)
        if self.border:
            pygame.draw.rect(
                surface, ctx.color(self.border), self.rect, ctx.theme.px(2), border_radius=radius
            )


_BUTTON_COLORS = {
    "primary": ("primary", "on_primary"),
    "secondary": ("secondary", "on_secondary"),
    "danger": ("danger", "on_primary"),
    "success": ("success", "on_primary"),
}


def heading_size(ctx: UiContext, text: str, width: int, most_lines: int = 2) -> Size:
    """The title size for a heading that wraps to at most ``most_lines`` lines ``width`` wide, else
    the body size: a procedure's long name in title type leaves a short screen no room for its content."""
    lines = len(wrap(text, ctx.font("title", Weight.BOLD), width))
    return "title" if lines <= most_lines else "body"


def button_height(ctx: UiContext, labels: list[str], width: int, minimum: int) -> int:
    """Height a row of buttons ``width`` wide needs so that every label fits (at least ``minimum``)."""
    font = ctx.font("body", Weight.SEMIBOLD)
    inner = width - ctx.theme.px(32)
    lines = max((len(wrap(label, font, inner)) for label in labels), default=1)
    return max(minimum, lines * font.get_linesize() + ctx.theme.px(24))


@dataclass(frozen=True, slots=True, kw_only=True)
class Button(Widget):
    style: str = "primary"
    selected: bool = False
    font_px: int | None = None  # a fixed size (header buttons do not grow with "large text")

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        fill, ink = _BUTTON_COLORS.get(self.style, _BUTTON_COLORS["secondary"])
        bg, fg = ctx.color(fill), ctx.color(ink)
        if not self.enabled:
            bg, fg = ctx.color("border"), ctx.color("muted")
        radius = ctx.theme.px(24)
        pygame.draw.rect(surface, bg, self.rect, border_radius=radius)
        if fill == "secondary" and self.enabled:  # a light fill is no edge: stroke it (WCAG 3:1)
            pygame.draw.rect(surface, ctx.color("border"), self.rect, ctx.theme.px(3), border_radius=radius)
        if self.selected:
            pygame.draw.rect(surface, ctx.color("accent"), self.rect, ctx.theme.px(8), border_radius=radius)
        inner = self.rect.inflate(-ctx.theme.px(32), -ctx.theme.px(12))
        font = (
            ctx.fonts.get(self.font_px, Weight.SEMIBOLD)
            if self.font_px
            else ctx.font("body", Weight.SEMIBOLD)
        )
        draw_text(surface, font, self.label, inner, fg, "center", "middle")


@dataclass(frozen=True, slots=True, kw_only=True)
class Tile(Widget):
    """A large home-screen choice: a coloured band, a title and one line of explanation."""

    sublabel: str = ""
    glyph: str = ""

    def texts(self) -> list[str]:
        return [t for t in (self.label, self.sublabel) if t]

    def redacted(self, redact: Redactor) -> Widget:
        return replace(self, label=redact.text(self.label), sublabel=redact.text(self.sublabel))

    @staticmethod
    def height_for(ctx: UiContext, width: int, label: str, sublabel: str) -> int:
        """The height that shows every wrapped line of title and hint ``width`` wide (as ``draw``)."""
        th = ctx.theme
        body_w = width - th.px(150) - th.px(36) - th.px(24)
        title, small = ctx.font("title", Weight.BOLD), ctx.font("small")
        lines = len(wrap(label, title, body_w)) * title.get_linesize()
        lines += len(wrap(sublabel, small, body_w)) * small.get_linesize() if sublabel else 0
        return th.px(30) + lines + th.px(8) + th.px(20)

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        th = ctx.theme
        radius = th.px(28)
        pygame.draw.rect(surface, ctx.color("surface"), self.rect, border_radius=radius)
        pygame.draw.rect(surface, ctx.color("border"), self.rect, th.px(3), border_radius=radius)
        band = pygame.Rect(self.rect.x, self.rect.y, th.px(150), self.rect.height)
        pygame.draw.rect(surface, ctx.color("primary"), band, border_radius=radius)
        draw_text(
            surface,
            ctx.font("huge", Weight.BOLD),
            self.glyph,
            band,
            ctx.color("on_primary"),
            "center",
            "middle",
        )
        body = pygame.Rect(band.right + th.px(36), self.rect.y + th.px(30), 0, 0)
        body.width = self.rect.right - body.x - th.px(24)
        body.height = self.rect.bottom - body.y - th.px(20)
        used = draw_text(surface, ctx.font("title", Weight.BOLD), self.label, body, ctx.color("text"))
        sub = body.move(0, used + th.px(8))
        draw_text(surface, ctx.font("small"), self.sublabel, sub, ctx.color("muted"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Chip(Widget):
    selected: bool = False

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        radius = self.rect.height // 2
        bg = ctx.color("primary" if self.selected else "secondary")
        fg = ctx.color("on_primary" if self.selected else "on_secondary")
        pygame.draw.rect(surface, bg, self.rect, border_radius=radius)
        if not self.selected:  # a light fill is no edge: stroke it (WCAG 3:1)
            pygame.draw.rect(surface, ctx.color("border"), self.rect, ctx.theme.px(3), border_radius=radius)
        inner = self.rect.inflate(-ctx.theme.px(24), 0)
        draw_text(surface, ctx.font("small", Weight.MEDIUM), self.label, inner, fg, "center", "middle")


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRow(Widget):
    """A tappable row: title (the label), a muted subtitle and a right-aligned value."""

    subtitle: str = ""
    trailing: str = ""
    trailing_color: str = "primary"

    def texts(self) -> list[str]:
        return [t for t in (self.label, self.subtitle, self.trailing) if t]

    def redacted(self, redact: Redactor) -> Widget:
        label, subtitle, trailing = (redact.text(t) for t in (self.label, self.subtitle, self.trailing))
        return replace(self, label=label, subtitle=subtitle, trailing=trailing)

    @staticmethod
    def height_for(ctx: UiContext, width: int, label: str, subtitle: str = "", trailing: str = "") -> int:
        """The height that shows every wrapped line of title and subtitle (the same geometry as draw)."""
        th = ctx.theme
        title, small = ctx.font("body", Weight.SEMIBOLD), ctx.font("small")
        text_w = width - th.px(40) - (title.size(trailing)[0] + th.px(20) if trailing else 0)
        lines = len(wrap(label, title, text_w)) * title.get_linesize()
        if subtitle:
            lines += len(wrap(subtitle, small, text_w)) * small.get_linesize()
        return lines + th.px(36)

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        th = ctx.theme
        pygame.draw.rect(surface, ctx.color("surface"), self.rect, border_radius=th.px(18))
        pygame.draw.rect(surface, ctx.color("border"), self.rect, th.px(2), border_radius=th.px(18))
        inner = self.rect.inflate(-th.px(40), -th.px(24))
        # The same text width as height_for: the gap before the value only when there is one.
        trailing_w = (
            ctx.font("body", Weight.SEMIBOLD).size(self.trailing)[0] + th.px(20) if self.trailing else 0
        )
        text_rect = pygame.Rect(inner.x, inner.y, inner.width - trailing_w, inner.height)
        title, small = ctx.font("body", Weight.SEMIBOLD), ctx.font("small")
        needed = len(wrap(self.label, title, text_rect.width)) * title.get_linesize()
        if self.subtitle:
            needed += len(wrap(self.subtitle, small, text_rect.width)) * small.get_linesize()
        text_rect.y += max(0, (inner.height - needed) // 2)  # short rows: text centred vertically
        used = draw_text(surface, ctx.font("body", Weight.SEMIBOLD), self.label, text_rect, ctx.color("text"))
        draw_text(surface, ctx.font("small"), self.subtitle, text_rect.move(0, used), ctx.color("muted"))
        if self.trailing:
            font = ctx.font("body", Weight.SEMIBOLD)
            draw_text(surface, font, self.trailing, inner, ctx.color(self.trailing_color), "right", "middle")


@dataclass(frozen=True, slots=True, kw_only=True)
class TextField(Widget):
    """A labelled input box; ``label`` is the field's name, ``value`` what is typed so far."""

    value: str = ""
    focused: bool = False
    error: str = ""
    read_only: bool = False
    placeholder: str = ""

    def texts(self) -> list[str]:
        return [t for t in (self.label, self.value or self.placeholder, self.error) if t]

    def redacted(self, redact: Redactor) -> Widget:
        # The value is what the citizen typed or what their identity pre-filled.
        return replace(
            self, label=redact.text(self.label), value=redact.field(self.value), error=redact.text(self.error)
        )

    @staticmethod
    def label_height(ctx: UiContext, width: int, label: str) -> int:
        """The label's wrapped lines (a long label with large text takes two)."""
        small = ctx.font("small", Weight.MEDIUM)
        return len(wrap(label, small, width)) * small.get_linesize()

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        th = ctx.theme
        small = ctx.font("small", Weight.MEDIUM)
        above = self.label_height(ctx, self.rect.width, self.label)
        draw_text(
            surface,
            small,
            self.label,
            pygame.Rect(self.rect.x, self.rect.y, self.rect.width, above),
            ctx.color("muted"),
        )
        box = pygame.Rect(self.rect.x, self.rect.y + above, self.rect.width, 0)
        below = self.label_height(ctx, self.rect.width, self.error) if self.error else 0
        box.height = self.rect.bottom - box.y - below
        fill = ctx.color("secondary" if self.read_only else "surface")
        pygame.draw.rect(surface, fill, box, border_radius=th.px(14))
        ring = "danger" if self.error else ("accent" if self.focused else "border")
        pygame.draw.rect(
            surface, ctx.color(ring), box, th.px(6 if self.focused else 3), border_radius=th.px(14)
        )
        inner = box.inflate(-th.px(32), 0)
        shown = self.value or self.placeholder
        color = ctx.color("text" if self.value else "muted")
        font = ctx.font("body")
        while shown and font.size(shown)[0] > inner.width:  # keep the end of a long value visible
            shown = shown[1:]
        img = font.render(shown + ("|" if self.focused and self.value else ""), True, color)
        surface.blit(img, (inner.x, box.centery - img.get_height() // 2))
        if self.error:
            draw_text(
                surface,
                small,
                self.error,
                pygame.Rect(self.rect.x, box.bottom, self.rect.width, below),
                ctx.color("danger"),
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Countdown(Widget):
    """Seconds left as a number and a shrinking bar (the label carries the "mm:ss" text)."""

    seconds: int = 0
    total: int = 1

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        th = ctx.theme
        bar = pygame.Rect(self.rect.x, self.rect.bottom - th.px(24), self.rect.width, th.px(24))
        pygame.draw.rect(surface, ctx.color("secondary"), bar, border_radius=bar.height // 2)
        done = bar.copy()
        done.width = round(bar.width * max(0.0, min(1.0, self.seconds / max(1, self.total))))
        color = "warning" if self.seconds <= self.total // 5 else "primary"
        if done.width:
            pygame.draw.rect(surface, ctx.color(color), done, border_radius=bar.height // 2)
        text = pygame.Rect(self.rect.x, self.rect.y, self.rect.width, bar.y - self.rect.y)
        draw_text(
            surface, ctx.font("title", Weight.BOLD), self.label, text, ctx.color("text"), "center", "middle"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class QrCode(Widget):
    """A QR code drawn module by module from segno's matrix, on a white quiet zone."""

    payload: str = ""
    matrix: tuple[tuple[int, ...], ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        import segno

        qr = segno.make(self.payload, error="m", micro=False)
        object.__setattr__(self, "matrix", tuple(tuple(row) for row in qr.matrix))

    def texts(self) -> list[str]:
        return []  # the payload is not text a citizen reads

    def redacted(self, redact: Redactor) -> Widget:
        return self  # session and payment references, nothing about the person

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        n = len(self.matrix) + 8  # 4-module quiet zone each side
        side = min(self.rect.width, self.rect.height)
        module = max(1, side // n)
        size = module * n
        x0 = self.rect.centerx - size // 2
        y0 = self.rect.centery - size // 2
        pygame.draw.rect(surface, (255, 255, 255), (x0, y0, size, size))
        for r, row in enumerate(self.matrix):
            for c, dark in enumerate(row):
                if dark:
                    pygame.draw.rect(
                        surface, (0, 0, 0), (x0 + (c + 4) * module, y0 + (r + 4) * module, module, module)
                    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Thumbnail(Widget):
    """A scanned page's preview (PNG bytes from the services), scaled to fit; a frame when absent."""

    png: bytes | None = None
    image: pygame.Surface | None = field(init=False, default=None)

    def redacted(self, redact: Redactor) -> Widget:
        return replace(self, png=None)  # a scanned paper (a CCCD's face, a household book): blank frame

    def __post_init__(self) -> None:
        if self.png:
            img = pygame.image.load(io.BytesIO(self.png), "page.png")
            if img.get_bitsize() not in (24, 32):  # a grey or palette PNG: smoothscale needs 24/32 bits
                img = img.convert(32, 0)
            w, h = img.get_size()
            k = min(self.rect.width / w, self.rect.height / h)
            object.__setattr__(self, "image", pygame.transform.smoothscale(img, (int(w * k), int(h * k))))

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        pygame.draw.rect(surface, ctx.color("secondary"), self.rect, border_radius=ctx.theme.px(8))
        if self.image is not None:
            surface.blit(self.image, self.image.get_rect(center=self.rect.center))
        pygame.draw.rect(
            surface, ctx.color("border"), self.rect, ctx.theme.px(2), border_radius=ctx.theme.px(8)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline(Widget):
    """Status history as given (the look-up shows it newest first): (when, what, detail) per entry.

    Every entry is drawn whole inside the rectangle, which must be ``height_for`` tall: the
    look-up pages entries (``ui.paging``) instead of letting them run past the screen.
    ``current``: the first entry is the dossier's state now (a filled dot); ``continues``:
    older entries follow on the next page (the line runs on to the bottom).
    """

    entries: tuple[tuple[str, str, str], ...] = ()
    current: bool = False
    continues: bool = False

    def texts(self) -> list[str]:
        return [t for entry in self.entries for t in entry if t]

    def redacted(self, redact: Redactor) -> Widget:
        entries = tuple((redact.text(a), redact.text(b), redact.text(c)) for a, b, c in self.entries)
        return replace(self, entries=entries)

    @staticmethod
    def _text_width(ctx: UiContext, width: int) -> int:
        return width - ctx.theme.px(24) - ctx.theme.px(44)

    @staticmethod
    def entry_height(ctx: UiContext, width: int, entry: tuple[str, str, str]) -> int:
        """How tall one entry is drawn ``width`` wide (every wrapped line of it)."""
        small, bold = ctx.font("small"), ctx.font("body", Weight.SEMIBOLD)
        text_w = Timeline._text_width(ctx, width)
        when, what, detail = entry
        lines = len(wrap(when, small, text_w)) * small.get_linesize()
        lines += len(wrap(what, bold, text_w)) * bold.get_linesize()
        if detail:
            lines += len(wrap(detail, small, text_w)) * small.get_linesize()
        return lines + ctx.theme.px(24)

    @classmethod
    def height_for(cls, ctx: UiContext, width: int, entries: tuple[tuple[str, str, str], ...]) -> int:
        return sum(cls.entry_height(ctx, width, e) for e in entries)

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        th = ctx.theme
        x = self.rect.x + th.px(24)
        y = self.rect.y
        small, bold = ctx.font("small"), ctx.font("body", Weight.SEMIBOLD)
        text_x = x + th.px(44)
        width = self._text_width(ctx, self.rect.width)
        for i, (when, what, detail) in enumerate(self.entries):
            height = self.entry_height(ctx, self.rect.width, (when, what, detail))
            more = i < len(self.entries) - 1 or self.continues
            if more:  # the line to the next (older) entry, under the dots
                bottom = y + height if i < len(self.entries) - 1 else self.rect.bottom
                pygame.draw.line(surface, ctx.color("border"), (x, y + th.px(28)), (x, bottom), th.px(4))
            dot = "primary" if i == 0 and self.current else "border"
            pygame.draw.circle(surface, ctx.color(dot), (x, y + th.px(28)), th.px(16))
            top = y
            for text, font, color in ((when, small, "muted"), (what, bold, "text"), (detail, small, "text")):
                if text:
                    lines = len(wrap(text, font, width)) * font.get_linesize()
                    draw_text(surface, font, text, pygame.Rect(text_x, top, width, lines), ctx.color(color))
                    top += lines
            y += height


@dataclass(frozen=True, slots=True, kw_only=True)
class Spinner(Widget):
    """Busy indicator: eight dots, one highlighted; ``phase`` (0..1) comes from the scene's update."""

    phase: float = 0.0

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        r = min(self.rect.width, self.rect.height) // 2 - ctx.theme.px(10)
        lit = int(self.phase * 8) % 8
        for i in range(8):
            angle = 2 * math.pi * i / 8
            pos = (self.rect.centerx + r * math.cos(angle), self.rect.centery + r * math.sin(angle))
            color = ctx.color("primary" if i == lit else "border")
            pygame.draw.circle(surface, color, pos, ctx.theme.px(9))

"""What a screen actually draws, measured from the pixels and the rendered strings, not the layout.

The layout code decides where widgets go and how much text fits; this module does not trust it.
Each widget is drawn alone onto a transparent canvas larger than the screen, through fonts that
record every string they render, and then:

* ``ink``        the drawn pixels' bounding box must lie inside the widget's own rectangle
                 (text or a child drawn past its box, e.g. a timeline drawn over "Quay lại");
* ``off_screen`` ... and inside the screen;
* ``text_cut``   every word the widget says it shows (``texts()``) must have been rendered
                 (a wrapped text whose last lines were dropped, a label cut to fit);
* ``overlap``    no two widgets' rectangles cross unless one contains the other, and no
                 widget's ink lands on a touch target that is not its own;
* ``covered``    the centre of every touch target hits that target (nothing on top of it);
* ``too_small``  every touch target is at least 15 mm in both directions;
* ``orphan_heading`` no section heading (``paging.Heading``) is followed by nothing but the
                 page controls: its section must start on the same page.

Chrome labels that hold their own font (the header's title and name, cut with "…" on purpose)
are checked for ink only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy
import pygame

from reference_kiosk.ui.fonts import FontBook, Weight
from reference_kiosk.ui.paging import PAGE_ACTION, Heading
from reference_kiosk.ui.widgets import Local, TextField, UiContext, Widget

__all__ = ["Finding", "InkMemo", "RecordingFontBook", "inspect_widgets"]

MARGIN = 600  # canvas margin around the screen, so ink drawn off screen is still seen
TOLERANCE = 2  # anti-aliasing may bleed a pixel or two past a rounded rectangle


@dataclass(frozen=True, slots=True)
class Finding:
    screen: str  # the audit's name for the screen and state
    kind: str  # ink, off_screen, text_cut, overlap, covered, too_small
    widget: str  # the widget's class and label
    detail: str

    def as_json(self) -> dict[str, str]:
        return {"screen": self.screen, "kind": self.kind, "widget": self.widget, "detail": self.detail}


class _RecordingFont(pygame.font.Font):
    """A font that notes every string it renders (the audit's witness of what was drawn)."""

    log: list[str]

    def render(
        self, text: Any, antialias: Any, color: Any, bgcolor: Any = None, wraplength: int = 0
    ) -> pygame.Surface:
        self.log.append(str(text))
        return super().render(text, antialias, color, bgcolor, wraplength)


class RecordingFontBook(FontBook):
    """The kiosk's fonts, each recording into one shared log."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[str] = []
        self._recording: dict[tuple[Weight, int], _RecordingFont] = {}

    def get(self, size: int, weight: Weight = Weight.REGULAR) -> pygame.font.Font:
        from reference_kiosk.ui.fonts import font_path

        key = (weight, size)
        font = self._recording.get(key)
        if font is None:
            if not pygame.font.get_init():
                pygame.font.init()
            font = _RecordingFont(font_path(weight), size)
            font.log = self.log
            self._recording[key] = font
        return font


def _name(widget: Widget) -> str:
    label = " ".join(widget.texts())[:60]
    return f"{type(widget).__name__}({label!r})"


def _words(texts: Sequence[str]) -> Counter[str]:
    return Counter(word for text in texts for word in text.split())


def _checked_texts(widget: Widget) -> list[str]:
    """The texts a widget must show whole (a text field's typed value may scroll by design)."""
    if isinstance(widget, TextField):
        return [t for t in (widget.label, widget.error) if t]
    return widget.texts()


def _owns_font(widget: Widget) -> bool:
    return isinstance(getattr(widget, "font", None), pygame.font.Font)


class _Canvas:
    def __init__(self, size: tuple[int, int]) -> None:
        self.surface = pygame.Surface((size[0] + 2 * MARGIN, size[1] + 2 * MARGIN), pygame.SRCALPHA)
        self.dirty: pygame.Rect | None = None

    def ink(self, widget: Widget, ctx: UiContext) -> pygame.Rect | None:
        """Where ``widget`` puts pixels, in screen coordinates (None: it draws nothing)."""
        if self.dirty is not None:
            self.surface.fill((0, 0, 0, 0), self.dirty)
        moved = replace(widget, rect=widget.rect.move(MARGIN, MARGIN))
        moved.draw(self.surface, ctx)
        # numpy over the alpha plane (Surface.get_bounding_rect takes a third of a second here),
        # read row after row as the pixels lie in memory; the columns only within the rows inked.
        alpha = pygame.surfarray.pixels_alpha(self.surface).T
        try:
            rows = numpy.flatnonzero(alpha.any(axis=1))
            if rows.size == 0:
                self.dirty = None
                return None
            cols = numpy.flatnonzero(alpha[rows[0] : rows[-1] + 1].any(axis=0))
        finally:
            del alpha  # the pixel view locks the surface
        x, y = int(cols[0]), int(rows[0])
        box = pygame.Rect(x, y, int(cols[-1]) - x + 1, int(rows[-1]) - y + 1)
        self.dirty = box
        return box.move(-MARGIN, -MARGIN)


class InkMemo:
    """What each widget drew (ink box, rendered strings), kept across the screens of one walk.

    A widget is an immutable value: the same value drawn with the same theme and language puts
    the same pixels and strings, so it is measured once (the header and footer, a page seen
    again). Every check still runs on every screen with the remembered measures.
    """

    def __init__(self) -> None:
        self._drawn: dict[tuple[object, ...], tuple[tuple[int, int, int, int] | None, tuple[str, ...]]] = {}

    def measure(
        self, canvas: _Canvas, book: RecordingFontBook, widget: Widget, ctx: UiContext
    ) -> tuple[pygame.Rect | None, tuple[str, ...]]:
        key = (type(widget), repr(widget), ctx.theme, ctx.t.lang)
        known = self._drawn.get(key)
        if known is None:
            book.log.clear()
            ink = canvas.ink(widget, ctx)
            known = (None if ink is None else (ink.x, ink.y, ink.width, ink.height), tuple(book.log))
            self._drawn[key] = known
        box, log = known
        return (None if box is None else pygame.Rect(box)), log


def inspect_widgets(
    name: str,
    widgets: Sequence[Widget],
    ctx: UiContext,
    size: tuple[int, int],
    min_target: int,
    memo: InkMemo | None = None,
) -> list[Finding]:
    """Every geometry problem of one screen (``widgets`` in drawing order); ``memo`` remembers
    what widgets drew on earlier screens of the same walk."""
    book = RecordingFontBook()
    audit_ctx = UiContext(theme=ctx.theme, fonts=book, t=ctx.t)
    canvas = _Canvas(size)
    screen = pygame.Rect((0, 0), size)
    memo = memo if memo is not None else InkMemo()
    out: list[Finding] = []
    inks: list[pygame.Rect | None] = []
    for widget in widgets:
        ink, log = memo.measure(canvas, book, widget, audit_ctx)
        inks.append(ink)
        out += _own_box(name, widget, ink, screen, min_target)
        if not _owns_font(widget):
            missing = _words(_checked_texts(widget)) - _words(log)
            if missing:
                shown = " ".join(sorted(missing))[:80]
                out.append(Finding(name, "text_cut", _name(widget), f"not drawn: {shown}"))
    out += _overlaps(name, widgets, inks)
    out += _covered(name, widgets)
    out += _orphan_headings(name, widgets)
    return out


def _orphan_headings(name: str, widgets: Sequence[Widget]) -> list[Finding]:
    """A heading after which (in drawing order: the chrome comes first) only the page controls
    come: the page turns and shows its section, but this page shows a title over nothing."""
    turns = [w.rect for w in widgets if isinstance(w.action, Local) and w.action.name == PAGE_ACTION]

    def control(w: Widget) -> bool:  # a page button, or the "Trang 1/2" between them
        if isinstance(w.action, Local) and w.action.name == PAGE_ACTION:
            return True
        return not w.interactive and any(r.top <= w.rect.centery <= r.bottom for r in turns)

    out: list[Finding] = []
    for i, w in enumerate(widgets):
        if isinstance(w, Heading) and all(control(after) for after in widgets[i + 1 :]):
            out.append(Finding(name, "orphan_heading", _name(w), "nothing of its section on this page"))
    return out


def _own_box(
    name: str, widget: Widget, ink: pygame.Rect | None, screen: pygame.Rect, min_target: int
) -> list[Finding]:
    out: list[Finding] = []
    box = widget.rect.inflate(2 * TOLERANCE, 2 * TOLERANCE)
    if not screen.contains(widget.rect) or (ink is not None and not screen.contains(ink)):
        out.append(Finding(name, "off_screen", _name(widget), f"box {tuple(widget.rect)} ink {_t(ink)}"))
    elif ink is not None and not box.contains(ink):
        out.append(
            Finding(name, "ink", _name(widget), f"drawn at {_t(ink)} outside its box {tuple(widget.rect)}")
        )
    if widget.interactive and min(widget.rect.size) < min_target:
        out.append(Finding(name, "too_small", _name(widget), f"{tuple(widget.rect.size)} < {min_target} px"))
    return out


def _t(rect: pygame.Rect | None) -> tuple[int, ...] | None:
    return tuple(rect) if rect is not None else None


def _overlaps(name: str, widgets: Sequence[Widget], inks: Sequence[pygame.Rect | None]) -> list[Finding]:
    out: list[Finding] = []
    for i, a in enumerate(widgets):
        for j in range(i + 1, len(widgets)):
            b = widgets[j]
            if a.rect.colliderect(b.rect) and not (a.rect.contains(b.rect) or b.rect.contains(a.rect)):
                out.append(Finding(name, "overlap", _name(a), f"crosses {_name(b)}"))
        ink = inks[i]
        if ink is None:
            continue
        for b in widgets:
            if b is a or not b.interactive or a.rect.contains(b.rect) or b.rect.contains(a.rect):
                continue
            if ink.colliderect(b.rect) and not a.rect.colliderect(b.rect):
                out.append(Finding(name, "overlap", _name(a), f"draws over {_name(b)}"))
    return out


def _covered(name: str, widgets: Sequence[Widget]) -> list[Finding]:
    """A touch target whose centre would hit a later (upper) widget that is not inside it."""
    out: list[Finding] = []
    for i, w in enumerate(widgets):
        if not w.interactive:
            continue
        centre = w.rect.center
        for upper in widgets[i + 1 :]:
            if upper.interactive and upper.rect.collidepoint(centre) and not w.rect.contains(upper.rect):
                out.append(Finding(name, "covered", _name(w), f"its centre hits {_name(upper)}"))
                break
    return out

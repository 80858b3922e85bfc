"""One way to show a list that may not fit: whole rows on pages, with large page controls.

Every list of the kiosk (search results, browse, select options, the dossier timeline,
procedure details, the review, look-up lists) goes through ``Pager``: nothing is ever cut off
silently, because what does not fit on a page is on the next one, and the controls say so:

    [ Trang trước ]   Trang 2/5   [ Xem thêm ]

A scene keeps one ``Pager`` per list (the page shown is scene-local state, like a typed text)
and describes its rows as ``Block``s: a measured height and a function that builds the row's
widgets in the rectangle it is given. Rows are never split or shrunk. When the flow has loaded
only part of a long list (``total`` larger than the rows given), turning past the last loaded
page asks the flow for more (``turn`` returns the scene's "more" event).

A section heading (``heading``) keeps with its first row: a page never ends on a heading with
its section on the next page (the citizen would see "Quá trình xử lý" over empty space); it
moves to the next page with its row. Headings are drawn as ``Heading`` widgets, so a check of
the screen (the ui-audit) can tell them from other text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.ui.drawing import Size, UiContext, wrap
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.widgets import Button, ListRow, Local, Text, Tile, Widget, button_height

__all__ = [
    "PAGE_ACTION",
    "Block",
    "Heading",
    "Pager",
    "TileSpec",
    "heading",
    "row_block",
    "text_and_button",
    "text_block",
    "tile_rows",
]

PAGE_ACTION = "page"  # Local(PAGE_ACTION, "<pager name>:+" or ":-")


@dataclass(frozen=True, slots=True)
class Block:
    """One row of a list: how tall it is, and its widgets once placed."""

    height: int
    build: Callable[[pygame.Rect], list[Widget]]
    keep_with_next: bool = False  # a heading: never the last row of a page when a row follows


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading(Text):
    """A section heading's text: drawn as any ``Text``, marked so checks can find headings."""


class Pager:
    """The page shown of one list, and its layout (see the module docstring).

    A page is remembered by its first row, not by its number: when the next rows arrive from
    the backend, the page being read keeps its rows and the next one starts right after it.
    """

    def __init__(self, name: str = "list") -> None:
        self.name = name
        self._starts = [0]  # the first row of each page turned to so far
        self._end = 0  # one past the last row shown (from the last layout)
        self._loaded = 0  # rows loaded so far (from the last layout)
        self._total = 0  # rows of the whole list (from the last layout)

    @property
    def page(self) -> int:
        return len(self._starts) - 1

    def reset(self) -> None:
        self._starts = [0]

    def owns(self, action: Local) -> bool:
        return action.name == PAGE_ACTION and action.arg.rpartition(":")[0] == self.name

    def turn(self, action: Local, more: ev.Event | None = None) -> list[ev.Event]:
        """Turn a page; to rows not loaded yet, ``more`` is what the flow must hear."""
        if not action.arg.endswith("+"):
            if len(self._starts) > 1:
                self._starts.pop()
            return []
        if self._end >= self._total:
            return []
        self._starts.append(self._end)
        return [more] if more is not None and self._end >= self._loaded else []

    def first_fits(
        self, ctx: UiContext, area: pygame.Rect, blocks: Sequence[Block], gap: int, total: int | None = None
    ) -> bool:
        """Whether ``layout`` can show the page's first row whole in ``area`` (a row is never split:
        one taller than the room left by the controls would be drawn over them)."""
        heights = [b.height for b in blocks]
        if (
            max(total or 0, len(blocks)) == len(blocks)
            and sum(heights) + gap * (len(heights) - 1) <= area.height
        ):
            return True
        start = self._starts[-1]
        if start >= len(blocks):
            return True  # past the loaded rows: one line says they are on their way
        return heights[start] <= area.height - gap - self.controls_height(ctx, area.width)

    def controls_height(self, ctx: UiContext, width: int) -> int:
        t = ctx.t
        third = (width - 2 * ctx.theme.px(16)) // 3
        labels = [t("paging.previous"), t("paging.next")]
        return button_height(ctx, labels, third, ctx.theme.px(130))

    def layout(
        self,
        ctx: UiContext,
        area: pygame.Rect,
        blocks: Sequence[Block],
        *,
        gap: int,
        total: int | None = None,
        loading_text: str = "",
    ) -> list[Widget]:
        """The widgets of the page shown: its rows from the top of ``area``, controls at its bottom.

        ``total``: how many rows the whole list has, when more than ``blocks`` (the rest is
        still to be loaded). Controls appear only when there is more than one page.
        """
        heights = [b.height for b in blocks]
        self._loaded = len(blocks)
        self._total = max(total or 0, len(blocks))
        if self._total == len(blocks) and sum(heights) + gap * max(0, len(heights) - 1) <= area.height:
            self._starts, self._end = [0], len(blocks)
            return self._rows(area, blocks, range(len(blocks)), gap)
        while len(self._starts) > 1 and self._starts[-1] >= self._total:
            self._starts.pop()  # the list became shorter (a new query)
        controls = area.copy()
        controls.height = self.controls_height(ctx, area.width)
        controls.bottom = area.bottom
        room = area.copy()
        room.height = controls.y - gap - area.y
        start = self._starts[-1]
        end = self._page_end(blocks, start, room.height, gap)
        self._end = end
        if start < len(blocks):
            out = self._rows(room, blocks, range(start, end), gap)
            shown = end - start
        else:  # past the loaded rows: the next ones are on their way
            font = ctx.font("body")
            line = pygame.Rect(room.x, room.y, room.width, font.get_linesize())
            out = [Text(rect=line, label=loading_text, color="muted")]
            shown = max(1, start // max(1, len(self._starts) - 1))
        if self._total == len(blocks):  # all loaded: count the pages as they will be laid out
            pages, at = self.page + 1, end
            while at < len(blocks):
                pages, at = pages + 1, self._page_end(blocks, at, room.height, gap)
        else:  # the rest is not loaded yet: as many rows a page as this one
            pages = self.page + math.ceil((self._total - start) / max(1, shown))
        return out + self._controls(ctx, controls, max(pages, self.page + 1))

    def _page_end(self, blocks: Sequence[Block], start: int, room: int, gap: int) -> int:
        """One past the last row of the page starting at ``start`` (at least one row a page)."""
        end, used = start, 0
        while end < len(blocks) and (end == start or used + gap + blocks[end].height <= room):
            used += blocks[end].height + (gap if end > start else 0)
            end += 1
        # Keep-with-next: headings ending the page go to the next one with their first row
        # (unless they are all the page holds: then nothing would ever move forward).
        while end - 1 > start and end < self._total and blocks[end - 1].keep_with_next:
            end -= 1
        return end

    @staticmethod
    def _rows(area: pygame.Rect, blocks: Sequence[Block], indices: range, gap: int) -> list[Widget]:
        out: list[Widget] = []
        y = area.y
        for i in indices:
            block = blocks[i]
            out += block.build(pygame.Rect(area.x, y, area.width, block.height))
            y += block.height + gap
        return out

    def _controls(self, ctx: UiContext, rect: pygame.Rect, pages: int) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        gap = th.px(16)
        third = (rect.width - 2 * gap) // 3
        prev = pygame.Rect(rect.x, rect.y, third, rect.height)
        nxt = pygame.Rect(rect.right - third, rect.y, third, rect.height)
        status = pygame.Rect(prev.right + gap, rect.y, nxt.x - prev.right - 2 * gap, rect.height)
        font = ctx.font("small")
        label = t("paging.status", page=self.page + 1, pages=max(pages, self.page + 1))
        lines = len(wrap(label, font, status.width))
        status.height = min(rect.height, lines * font.get_linesize())
        status.centery = rect.centery
        return [
            Button(
                rect=prev, label=t("paging.previous"), action=Local(PAGE_ACTION, f"{self.name}:-"),
                style="secondary", enabled=self.page > 0,
            ),
            Text(rect=status, label=label, size="small", color="muted", align="center"),
            Button(
                rect=nxt, label=t("paging.next"), action=Local(PAGE_ACTION, f"{self.name}:+"),
                style="secondary", enabled=self._end < self._total,
            ),
        ]  # fmt: skip


def text_block(
    ctx: UiContext,
    width: int,
    text: str,
    size: Size = "body",
    weight: Weight = Weight.REGULAR,
    color: str = "text",
    *,
    space_before: int = 0,
) -> Block:
    """A wrapped text as a row (as tall as its lines), optionally with space above it."""
    font = ctx.font(size, weight)
    height = font.get_linesize() * len(wrap(text, font, width))

    def build(rect: pygame.Rect) -> list[Widget]:
        box = pygame.Rect(rect.x, rect.y + space_before, rect.width, height)
        return [Text(rect=box, label=text, size=size, weight=weight, color=color)]

    return Block(height + space_before, build)


def heading(ctx: UiContext, width: int, text: str, *, space_before: int = 0) -> Block:
    """A section heading as a row ("Quá trình xử lý"): bold, in the primary colour, kept on the
    page of the row that follows it."""
    font = ctx.font("body", Weight.BOLD)
    height = font.get_linesize() * len(wrap(text, font, width))

    def build(rect: pygame.Rect) -> list[Widget]:
        box = pygame.Rect(rect.x, rect.y + space_before, rect.width, height)
        return [Heading(rect=box, label=text, weight=Weight.BOLD, color="primary")]

    return Block(height + space_before, build, keep_with_next=True)


def row_block(
    ctx: UiContext, width: int, action: ev.Event | Local, label: str, subtitle: str = "", trailing: str = ""
) -> Block:
    """A tappable list row as tall as its wrapped text needs (at least 150 design px)."""
    height = max(ctx.theme.px(150), ListRow.height_for(ctx, width, label, subtitle, trailing))

    def build(rect: pygame.Rect) -> list[Widget]:
        return [ListRow(rect=rect, label=label, subtitle=subtitle, trailing=trailing, action=action)]

    return Block(height, build)


def text_and_button(
    ctx: UiContext,
    width: int,
    text: str,
    label: str,
    action: ev.Event,
    *,
    style: str = "primary",
    color: str = "text",
) -> Block:
    """A short statement and the button that acts on it side by side ("Cần thanh toán: 10.000 ₫
    [Thanh toán ngay]"), as tall as the taller of the two: one row where two would take the
    room a short screen needs for what follows."""
    th = ctx.theme
    gap = th.px(24)
    half = (width - gap) // 2
    font = ctx.font("small")
    text_h = font.get_linesize() * len(wrap(text, font, half))
    height = max(text_h, button_height(ctx, [label], half, th.px(130)))

    def build(rect: pygame.Rect) -> list[Widget]:
        said = pygame.Rect(rect.x, rect.centery - text_h // 2, half, text_h)
        button = pygame.Rect(rect.right - half, rect.y, half, rect.height)
        return [
            Text(rect=said, label=text, size="small", color=color),
            Button(rect=button, label=label, action=action, style=style),
        ]

    return Block(height, build)


TileSpec = tuple[str, str, str, ev.Event]  # label, hint, glyph, action


def tile_rows(
    ctx: UiContext, area: pygame.Rect, tiles: Sequence[TileSpec], gap: int, *, tallest: int = 230
) -> list[Block]:
    """Large choices (home, login) one a row, as tall as their words and at most ``tallest``
    design px when all fit; else two or three a row; pages beyond that (large text on a short
    or narrow screen: whole-width tiles on pages)."""
    th = ctx.theme

    def arrange(per_row: int) -> tuple[int, list[int]]:
        width = (area.width - gap * (per_row - 1)) // per_row
        needed = [Tile.height_for(ctx, width, label, hint) for label, hint, _, _ in tiles]
        rows = [needed[i : i + per_row] for i in range(0, len(tiles), per_row)]
        heights = [max(th.px(150), *row) for row in rows]
        if per_row == 1:
            spare = (area.height - gap * (len(rows) - 1)) // max(1, len(rows))
            heights = [max(h, min(th.px(tallest), spare)) for h in heights]
        return width, heights

    for per_row in (1, 2, 3):
        width, heights = arrange(per_row)
        if sum(heights) + gap * (len(heights) - 1) <= area.height:
            break
    else:  # nothing fits (large text on a narrow screen): whole-width tiles, paged
        per_row = 1
        width, heights = arrange(1)
    blocks: list[Block] = []
    for r, height in enumerate(heights):
        chunk = tiles[r * per_row : (r + 1) * per_row]

        def build(rect: pygame.Rect, chunk: Sequence[TileSpec] = chunk) -> list[Widget]:
            return [
                Tile(
                    rect=pygame.Rect(rect.x + i * (width + gap), rect.y, width, rect.height),
                    label=label, sublabel=hint, glyph=glyph, action=action,
                )
                for i, (label, hint, glyph, action) in enumerate(chunk)
            ]  # fmt: skip

        blocks.append(Block(height, build))
    return blocks

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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.ui.drawing import Size, UiContext, wrap
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.widgets import Button, ListRow, Local, Text, Widget, button_height

__all__ = ["PAGE_ACTION", "Block", "Pager", "row_block", "split_pages", "text_block"]

PAGE_ACTION = "page"  # Local(PAGE_ACTION, "<pager name>:+" or ":-")


@dataclass(frozen=True, slots=True)
class Block:
    """One row of a list: how tall it is, and its widgets once placed."""

    height: int
    build: Callable[[pygame.Rect], list[Widget]]


def split_pages(heights: Sequence[int], room: int, gap: int) -> list[range]:
    """Indices of the rows on each page, greedily; a row taller than a page gets a page to itself."""
    pages: list[range] = []
    start, used = 0, 0
    for i, h in enumerate(heights):
        need = h if i == start else used + gap + h
        if i > start and need > room:
            pages.append(range(start, i))
            start, used = i, h
        else:
            used = need
    if start < len(heights) or not pages:
        pages.append(range(start, len(heights)))
    return pages


class Pager:
    """The page shown of one list, and its layout (see the module docstring)."""

    def __init__(self, name: str = "list") -> None:
        self.name = name
        self.page = 0
        self._pages = 1  # pages of the rows loaded so far (from the last layout)
        self._more = False  # the list has rows beyond those loaded

    def reset(self) -> None:
        self.page = 0

    def owns(self, action: Local) -> bool:
        return action.name == PAGE_ACTION and action.arg.rpartition(":")[0] == self.name

    def turn(self, action: Local, more: ev.Event | None = None) -> list[ev.Event]:
        """Turn a page; past the loaded rows of a longer list, ``more`` is what the flow must hear."""
        step = 1 if action.arg.endswith("+") else -1
        last = self._pages if self._more else self._pages - 1
        self.page = max(0, min(last, self.page + step))
        if self.page >= self._pages and more is not None:
            return [more]
        return []

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
        total = max(total or 0, len(blocks))
        self._more = total > len(blocks)
        if not self._more and sum(heights) + gap * max(0, len(heights) - 1) <= area.height:
            self._pages, self.page = 1, 0
            return self._rows(area, blocks, range(len(blocks)), gap)
        controls = area.copy()
        controls.height = self.controls_height(ctx, area.width)
        controls.bottom = area.bottom
        room = area.copy()
        room.height = controls.y - gap - area.y
        pages = split_pages(heights, room.height, gap)
        self._pages = len(pages)
        self.page = min(self.page, self._pages if self._more else self._pages - 1)
        shown = len(pages[0]) or 1
        pages_total = self._pages + math.ceil((total - len(blocks)) / shown)
        if self.page < self._pages:
            out = self._rows(room, blocks, pages[self.page], gap)
        else:  # past the loaded rows: the next ones are on their way
            font = ctx.font("body")
            out = [
                Text(
                    rect=pygame.Rect(room.x, room.y, room.width, font.get_linesize()),
                    label=loading_text,
                    color="muted",
                )
            ]
        return out + self._controls(ctx, controls, pages_total)

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
        last = self._pages if self._more else self._pages - 1
        return [
            Button(
                rect=prev, label=t("paging.previous"), action=Local(PAGE_ACTION, f"{self.name}:-"),
                style="secondary", enabled=self.page > 0,
            ),
            Text(rect=status, label=label, size="small", color="muted", align="center"),
            Button(
                rect=nxt, label=t("paging.next"), action=Local(PAGE_ACTION, f"{self.name}:+"),
                style="secondary", enabled=self.page < last,
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


def row_block(
    ctx: UiContext, width: int, action: ev.Event | Local, label: str, subtitle: str = "", trailing: str = ""
) -> Block:
    """A tappable list row as tall as its wrapped text needs (at least 150 design px)."""
    height = max(ctx.theme.px(150), ListRow.height_for(ctx, width, label, subtitle, trailing))

    def build(rect: pygame.Rect) -> list[Widget]:
        return [ListRow(rect=rect, label=label, subtitle=subtitle, trailing=trailing, action=action)]

    return Block(height, build)

"""Scan the required papers: checklist, a preview of the last page, rescan, the blank-page warning."""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import ScanItem, ScanItemStatus, ScanView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.paging import Block, Pager
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, text_block
from reference_kiosk.ui.widgets import (
    Button,
    Local,
    Panel,
    Text,
    Thumbnail,
    UiContext,
    Widget,
    button_height,
    wrap,
)

__all__ = ["ScanScene"]

_BUSY = (ScanItemStatus.SCANNING, ScanItemStatus.BUILDING)


class ScanScene(Scene):
    screen = Screen.SCAN

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self.pager = Pager("papers")

    def animating(self) -> bool:
        return isinstance(self.view, ScanView) and any(i.status in _BUSY for i in self.view.checklist)

    def build(self, view: ScanView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx)
        col = Column(area, th.px(20))
        out.append(text_block(ctx, col, t("scan.title"), "title", Weight.BOLD))
        out.append(text_block(ctx, col, t("scan.hint"), "small", color="muted"))
        button = area.copy()
        button.height = th.px(160)
        button.bottom = area.bottom
        rows = pygame.Rect(area.x, col.y, area.width, button.y - th.px(20) - col.y)
        busy = any(i.status in _BUSY for i in view.checklist)
        blocks = [self._block(item, ctx, rows.width, busy) for item in view.checklist]
        out += self.pager.layout(ctx, rows, blocks, gap=th.px(20))  # many papers: pages, none dropped
        out.append(
            Button(rect=button, label=t("common.continue"), action=ev.Continue(), enabled=view.can_continue)
        )
        return out

    def on_local(self, action: Local) -> list[ev.Event]:
        return self.pager.turn(action) if self.pager.owns(action) else []

    def leave(self) -> None:
        self.pager.reset()
        super().leave()

    def _texts(self, item: ScanItem, ctx: UiContext) -> list[tuple[str, Weight, str]]:
        t = ctx.t
        name = item.name if item.mandatory else f"{item.name} ({t('procedure.optional')})"
        status = t(f"scan.status.{item.status.value}", pages=item.pages)
        color = "success" if item.status is ScanItemStatus.READY else "muted"
        texts = [(name, Weight.SEMIBOLD, "text"), (status, Weight.REGULAR, color)]
        if item.blank_warning:
            texts.append((t("scan.blank"), Weight.SEMIBOLD, "warning"))
        return texts

    def _block(self, item: ScanItem, ctx: UiContext, width: int, busy: bool) -> Block:
        """One paper as a row as tall as its wrapped texts, its buttons and its preview need."""
        th = ctx.theme
        text_w = width - th.px(36) - th.px(150) - th.px(20)
        font_h = sum(
            len(wrap(text, ctx.font("small", weight), text_w)) * ctx.font("small", weight).get_linesize()
            for text, weight, _ in self._texts(item, ctx)
        )
        buttons = button_height(
            ctx, [ctx.t("scan.more"), ctx.t("scan.rescan")], (text_w - th.px(20)) // 2, th.px(120)
        )
        height = max(th.px(200), font_h + th.px(16) + buttons) + th.px(30)
        return Block(height, lambda rect: self._item(item, ctx, rect, busy, buttons))

    def _item(
        self, item: ScanItem, ctx: UiContext, rect: pygame.Rect, busy: bool, buttons: int
    ) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out: list[Widget] = [Panel(rect=rect, border="warning" if item.blank_warning else "border")]
        inner = rect.inflate(-th.px(36), -th.px(30))
        thumb = pygame.Rect(inner.right - th.px(150), inner.y, th.px(150), th.px(200))
        png = self.env.thumbnail(item.page_ids[-1]) if item.page_ids else None
        out.append(Thumbnail(rect=thumb, png=png))
        y = inner.y
        for text, weight, color in self._texts(item, ctx):
            font = ctx.font("small", weight)
            height = len(wrap(text, font, thumb.x - inner.x - th.px(20))) * font.get_linesize()
            box = pygame.Rect(inner.x, y, thumb.x - inner.x - th.px(20), height)
            out.append(Text(rect=box, label=text, size="small", weight=weight, color=color))
            y += height
        half = (thumb.x - inner.x - th.px(40)) // 2
        first = pygame.Rect(inner.x, inner.bottom - buttons, half, buttons)
        second = first.move(half + th.px(20), 0)
        code = item.document_code
        if item.blank_warning:
            out.append(
                Button(rect=first, label=t("scan.keep"), action=ev.KeepBlankPage(code), style="secondary")
            )
            out.append(Button(rect=second, label=t("scan.rescan"), action=ev.RescanRequested(code)))
        elif item.pages:
            out.append(
                Button(
                    rect=first,
                    label=t("scan.more"),
                    action=ev.ScanRequested(code),
                    style="secondary",
                    enabled=not busy,
                )
            )
            out.append(
                Button(
                    rect=second,
                    label=t("scan.rescan"),
                    action=ev.RescanRequested(code),
                    style="secondary",
                    enabled=not busy,
                )
            )
        else:
            first.width = second.right - first.x
            out.append(
                Button(rect=first, label=t("scan.scan"), action=ev.ScanRequested(code), enabled=not busy)
            )
        return out

"""Scan the required papers: checklist, a preview of the last page, rescan, the blank-page warning."""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import ScanItem, ScanItemStatus, ScanView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, Scene, text_block
from reference_kiosk.ui.widgets import Button, Panel, Text, Thumbnail, UiContext, Widget

__all__ = ["ScanScene"]

_BUSY = (ScanItemStatus.SCANNING, ScanItemStatus.BUILDING)


class ScanScene(Scene):
    screen = Screen.SCAN

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
        col.rect = col.rect.copy()
        col.rect.height -= button.height + th.px(20)
        busy = any(i.status in _BUSY for i in view.checklist)
        for item in view.checklist:
            height = th.px(350 if item.blank_warning else 300)
            if col.remaining < height:
                break
            out += self._item(item, ctx, col.take(height), busy)
        out.append(
            Button(rect=button, label=t("common.continue"), action=ev.Continue(), enabled=view.can_continue)
        )
        return out

    def _item(self, item: ScanItem, ctx: UiContext, rect: pygame.Rect, busy: bool) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out: list[Widget] = [Panel(rect=rect, border="warning" if item.blank_warning else "border")]
        inner = rect.inflate(-th.px(36), -th.px(30))
        thumb = pygame.Rect(inner.right - th.px(150), inner.y, th.px(150), th.px(200))
        png = self.env.thumbnail(item.page_ids[-1]) if item.page_ids else None
        out.append(Thumbnail(rect=thumb, png=png))
        text = pygame.Rect(inner.x, inner.y, thumb.x - inner.x - th.px(20), th.px(85))
        name = item.name if item.mandatory else f"{item.name} ({t('procedure.optional')})"
        out.append(Text(rect=text, label=name, size="small", weight=Weight.SEMIBOLD))
        status = t(f"scan.status.{item.status.value}", pages=item.pages)
        color = "success" if item.status is ScanItemStatus.READY else "muted"
        out.append(Text(rect=text.move(0, th.px(90)), label=status, size="small", color=color))
        if item.blank_warning:
            warn = pygame.Rect(inner.x, inner.y + th.px(135), text.width, th.px(50))
            out.append(
                Text(rect=warn, label=t("scan.blank"), size="small", weight=Weight.SEMIBOLD, color="warning")
            )
        half = (thumb.x - inner.x - th.px(40)) // 2
        first = pygame.Rect(inner.x, inner.bottom - th.px(120), half, th.px(120))
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

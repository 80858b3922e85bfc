"""Welcome / attract: language, large text, high contrast, voice; start, or look up without login."""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.view_frame import OfficeStatus
from reference_kiosk.flow.views import Screen, WelcomeView
from reference_kiosk.i18n import Translator
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import (
    Column,
    GridItem,
    Scene,
    button_grid,
    help_panel,
    opening_time,
    text_block,
)
from reference_kiosk.ui.widgets import Button, UiContext, Widget

__all__ = ["WelcomeScene", "closed_notice"]


class WelcomeScene(Scene):
    screen = Screen.WELCOME

    def build(self, view: WelcomeView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx, home=False, lang=False, help_in_header=True)
        col = Column(area, th.px(22))
        col.y += th.px(20)
        out.append(text_block(ctx, col, t("welcome.title"), "huge", Weight.BOLD, align="center"))
        office = view.frame.office
        where = pygame.Rect(col.rect.x, col.y, col.rect.width, 0)
        # The welcome is full: no Close button (the panel goes by itself), and smaller text.
        panel, panel_h = help_panel(ctx, view.frame.help, where, closable=False, size="small")
        if panel:  # what became of a help call, where the notice or the subtitle would be
            out += panel
            col.y += panel_h
        elif office is not None:  # out of hours: say so, and what still works (docs/decisions/0021)
            notice = closed_notice(t, office)
            out.append(text_block(ctx, col, notice, "small", Weight.SEMIBOLD, align="center"))
        elif not th.landscape:  # a short screen keeps the title and the choices only
            out.append(text_block(ctx, col, t("welcome.subtitle"), "body", color="muted", align="center"))
        col.y += th.px(16)
        langs: tuple[ev.Lang, ...] = ("vi", "en")
        choices: list[GridItem] = [
            (
                t(f"lang.{lang}"),
                ev.LanguageChosen(lang),
                "primary" if view.lang == lang else "secondary",
                view.lang == lang,
            )
            for lang in langs
        ]
        out += button_grid(ctx, col, choices, 2, th.px(140))
        col.y += th.px(20)
        toggles = (
            (ev.A11yOption.LARGE_TEXT, view.large_text),
            (ev.A11yOption.HIGH_CONTRAST, view.high_contrast),
            (ev.A11yOption.VOICE, view.voice),
        )
        switches: list[GridItem] = [
            (
                f"{t(f'a11y.{o.value}')}: {t('toggle.on' if on else 'toggle.off')}",
                ev.AccessibilityToggled(o),
                "secondary",
                on,
            )
            for o, on in toggles
        ]
        large = th.text_scale > 1.0  # large text: side by side, so the whole screen still fits
        out += button_grid(
            ctx, col, switches, 3 if th.landscape else (2 if large else 1), th.px(120)
        )  # side by side when short
        col.y += th.px(16)
        out.append(Button(rect=col.take(th.px(200)), label=t("welcome.start"), action=ev.StartTapped()))
        out.append(text_block(ctx, col, t("welcome.card_hint"), "body", color="muted", align="center"))
        col.y += th.px(20)
        tiles = (ev.HomeTile.LOOKUP, ev.HomeTile.PROCEDURES)
        others: list[GridItem] = [
            (t(f"welcome.{x.value}"), ev.TileChosen(x), "secondary", False) for x in tiles
        ]
        out += button_grid(ctx, col, others, 2 if th.landscape or large else 1, th.px(140))
        return out

    def on_key(self, key: str) -> list[ev.Event]:
        return [ev.StartTapped()] if key == "enter" else []


def closed_notice(t: Translator, office: OfficeStatus) -> str:
    """The welcome's out-of-hours sentence (closed until when, what still works), translated."""
    when = opening_time(t, office.next_opening)
    return f"{t(f'welcome.closed.{office.state.value}', when=when)} {t('welcome.closed.still_works')}"

"""Rate the officials: one question at a time on large buttons (Decision 766 indicators), once per dossier."""

from __future__ import annotations

from reference_kiosk import api
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import IndicatorView, RatePhase, RateView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, Scene, list_row, text_block
from reference_kiosk.ui.widgets import Button, Spinner, UiContext, Widget

__all__ = ["RateScene"]

P = RatePhase
_SCORES = (2, 1, 0)
_LEVELS = (api.Satisfaction.VERY_SATISFIED, api.Satisfaction.SATISFIED, api.Satisfaction.DISSATISFIED)


class RateScene(Scene):
    screen = Screen.RATE

    def animating(self) -> bool:
        return isinstance(self.view, RateView) and self.view.phase in (P.LOADING, P.SENDING)

    def build(self, view: RateView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx)
        col = Column(area, th.px(24))
        out.append(text_block(ctx, col, t(f"rate.title.{view.phase.value}"), "title", Weight.BOLD))
        if view.phase in (P.LOADING, P.SENDING):
            out.append(Spinner(rect=col.take(th.px(240)), phase=self.phase))
        elif view.phase is P.CHOOSE:
            if not view.dossiers:
                out.append(text_block(ctx, col, t("rate.nothing"), "body", color="muted"))
            rows = (
                list_row(ctx, col, ev.DossierChosen(d.code), d.procedure_name, d.code) for d in view.dossiers
            )
            out += [row for row in rows if row is not None]
            out.append(
                Button(
                    rect=col.take(th.px(140)),
                    label=t("rate.later"),
                    action=ev.RatingRefused(),
                    style="secondary",
                )
            )
        elif view.phase is P.ANSWER:
            out += self._question(view, ctx, col)
        else:
            out.append(text_block(ctx, col, t("rate.thanks"), "body", color="success"))
            out.append(Button(rect=col.take(th.px(160)), label=t("common.done"), action=ev.Continue()))
        return out

    def _question(self, view: RateView, ctx: UiContext, col: Column) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        total = len(view.indicators)
        current = next((i for i in view.indicators if i.answer is None), None)
        out: list[Widget] = []
        if current is None:
            out.append(text_block(ctx, col, t("rate.all_answered"), "body"))
            out.append(
                Button(
                    rect=col.take(th.px(200)),
                    label=t("rate.send"),
                    action=ev.RatingSubmitted(),
                    enabled=view.can_submit,
                    style="success",
                )
            )
        else:
            done = sum(1 for i in view.indicators if i.answer is not None)
            out.append(
                text_block(ctx, col, t("rate.progress", n=done + 1, total=total), "small", color="muted")
            )
            out.append(text_block(ctx, col, t(f"rate.q{current.number}"), "body", Weight.SEMIBOLD))
            out += self._choices(current, ctx, col)
        answered = [i for i in view.indicators if i.answer is not None]
        if answered:
            last = answered[-1]
            out.append(
                text_block(
                    ctx,
                    col,
                    f"{t('rate.last_answer')}: {self._answer_text(last, ctx)}",
                    "small",
                    color="muted",
                )
            )
        out.append(
            Button(
                rect=col.take(th.px(130)), label=t("rate.later"), action=ev.RatingRefused(), style="secondary"
            )
        )
        return out

    def _choices(self, ind: IndicatorView, ctx: UiContext, col: Column) -> list[Widget]:
        th = ctx.theme
        values: tuple[int | api.Satisfaction, ...] = _SCORES if ind.number <= 7 else _LEVELS
        styles = ("success", "secondary", "danger")
        return [
            Button(
                rect=col.take(th.px(190)),
                label=self._value_text(ind.number, value, ctx),
                action=ev.RatingAnswered(ind.number, value),
                style=style,
            )
            for value, style in zip(values, styles, strict=True)
        ]

    @staticmethod
    def _value_text(number: int, value: int | api.Satisfaction, ctx: UiContext) -> str:
        if isinstance(value, api.Satisfaction):
            return ctx.t(f"rate.level.{value.value}")
        return ctx.t(f"rate.score.{value}")

    def _answer_text(self, ind: IndicatorView, ctx: UiContext) -> str:
        assert ind.answer is not None
        return self._value_text(ind.number, ind.answer, ctx)

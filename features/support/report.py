"""The BDD HTML report: every scenario's steps, outcome, duration and a screenshot after each ``When``.

``features/conftest.py`` feeds a ``Recorder`` from pytest-bdd's step hooks; at the end of the
session ``render(recorder, out_dir)`` writes ``index.html`` (Jinja2) beside the screenshots.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

__all__ = ["Recorder", "ScenarioRecord", "StepRecord", "render"]

TEMPLATE = Path(__file__).with_name("report.html.j2")


@dataclass(slots=True)
class StepRecord:
    keyword: str
    name: str
    outcome: str = "passed"
    duration_s: float = 0.0
    screenshot: str | None = None  # relative to the report
    error: str | None = None


@dataclass(slots=True)
class ScenarioRecord:
    nodeid: str
    feature: str
    name: str
    tags: tuple[str, ...]
    steps: list[StepRecord] = field(default_factory=list)
    outcome: str = "passed"
    duration_s: float = 0.0


@dataclass(slots=True)
class Recorder:
    scenarios: list[ScenarioRecord] = field(default_factory=list)

    def current(self, nodeid: str) -> ScenarioRecord | None:
        return next((s for s in reversed(self.scenarios) if s.nodeid == nodeid), None)

    def totals(self) -> dict[str, int]:
        out = {"passed": 0, "failed": 0, "skipped": 0}
        for s in self.scenarios:
            out[s.outcome] = out.get(s.outcome, 0) + 1
        return out


# The report speaks the testers' language, like the scenarios (the CSS classes keep pytest's words).
OUTCOME_VI = {"passed": "đạt", "failed": "lỗi", "skipped": "bỏ qua", "running": "đang chạy"}


def render(recorder: Recorder, out_dir: Path, devices: str) -> Path:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True, undefined=jinja2.StrictUndefined
    )
    by_feature: dict[str, list[ScenarioRecord]] = {}
    for s in recorder.scenarios:
        by_feature.setdefault(s.feature, []).append(s)
    html = env.get_template(TEMPLATE.name).render(
        features=by_feature,
        totals=recorder.totals(),
        duration_s=sum(s.duration_s for s in recorder.scenarios),
        devices=devices,
        outcome_vi=OUTCOME_VI,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(html, encoding="utf-8")
    return path

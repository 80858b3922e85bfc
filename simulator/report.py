"""HTML reports with matplotlib plots (PNG files beside the HTML), from saved results.

``write_run`` saves what a run produced (records.parquet, summary.json) and renders report.html;
``render_run`` renders again from a results directory (``kiosk-sim report DIR``). Templates live
in simulator/templates/.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from simulator.errors import SimulatorError
from simulator.metrics import HEADLINE

__all__ = ["TEMPLATE_DIR", "render_html", "render_run", "write_run"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"  # inside the package: wheels carry it
RECORDS, RECORDS_CSV, SUMMARY, HTML = "records.parquet", "records.csv", "summary.json", "report.html"


def render_html(template: str, out: Path, **context: Any) -> Path:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(), undefined=StrictUndefined
    )
    env.filters["num"] = _num
    out.write_text(env.get_template(template).render(**context), encoding="utf-8")
    return out


def _num(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.{digits}f}"


def write_run(
    out: Path,
    summary: Mapping[str, Any],
    records: pd.DataFrame | None,
    meta: Mapping[str, Any],
    csv: bool = False,
) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / SUMMARY).write_text(
        json.dumps({**summary, "meta": meta}, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    if records is not None:
        (out / (RECORDS if csv else RECORDS_CSV)).unlink(missing_ok=True)  # no stale other format
        if csv:
            records.to_csv(out / RECORDS_CSV, index=False)
        else:
            records.to_parquet(out / RECORDS, index=False)
    return render_run(out)


def _read_records(out: Path) -> pd.DataFrame | None:
    if (out / RECORDS).exists():
        return pd.read_parquet(out / RECORDS)
    if (out / RECORDS_CSV).exists():
        text = ("site", "purpose", "field", "channel", "outcome", "kiosk_outcome", "kiosk_step")
        df = pd.read_csv(out / RECORDS_CSV, dtype=dict.fromkeys(text, str), keep_default_na=False)
        for col in ("counter_wait_min", "counter_service_min", "kiosk_wait_min", "kiosk_time_min"):
            df[col] = pd.to_numeric(df[col], errors="coerce")  # empty cells are NaN
        return df
    return None


def render_run(out: Path) -> Path:
    try:
        data = json.loads((out / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SimulatorError(f"{out} holds no readable {SUMMARY}: {exc}") from None
    plots: list[dict[str, str]] = []
    records = _read_records(out)
    if records is not None:
        from simulator.plots import run_plots

        plots = run_plots(records, data, out)
    columns = {**data["sites"], "total": data["total"]}
    names = [n for n in HEADLINE if any(n in c for c in columns.values())]
    extra = sorted({n for c in columns.values() for n in c} - set(names))
    return render_html(
        "run.html.j2",
        out / HTML,
        data=data,
        meta=data.get("meta", {}),
        columns=columns,
        headline=names,
        extra=extra,
        plots=plots,
    )

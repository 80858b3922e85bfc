"""matplotlib (Agg) figures for run reports: waits by hour, utilisation, adoption, channel share."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["run_plots"]


def _figure() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(plt: Any, fig: Any, out: Path, name: str) -> str:
    fig.tight_layout()
    fig.savefig(out / name, dpi=110)
    plt.close(fig)
    return name


def waits_by_hour(df: pd.DataFrame, out: Path) -> str:
    plt = _figure()
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=False)
    for ax, col, title in zip(
        axes, ("counter_wait_min", "kiosk_wait_min"), ("counter wait", "kiosk wait"), strict=True
    ):
        sub = df[df[col].notna()]
        if len(sub):
            table = sub.groupby(["hour", "site"], observed=True)[col].mean().unstack("site")
            table.plot(ax=ax, marker="o")
        ax.set_title(f"mean {title} by hour of arrival")
        ax.set_xlabel("hour of day")
        ax.set_ylabel("minutes")
    return _save(plt, fig, out, "waits_by_hour.png")


def utilisation(summary: Mapping[str, Any], out: Path) -> str:
    plt = _figure()
    sites = summary["sites"]
    kinds = ("utilisation_counters", "utilisation_kiosks", "utilisation_helpers")
    means = pd.DataFrame(
        {k.removeprefix("utilisation_"): [(sites[s].get(k) or {}).get("mean") for s in sites] for k in kinds},
        index=list(sites),
    ).astype(float)
    errs = pd.DataFrame(
        {
            k.removeprefix("utilisation_"): [(sites[s].get(k) or {}).get("half_width") for s in sites]
            for k in kinds
        },
        index=list(sites),
    ).astype(float)
    fig, ax = plt.subplots(figsize=(max(6, 0.5 * len(sites) + 4), 3.6))
    means.plot.bar(ax=ax, yerr=errs.fillna(0), capsize=3)
    ax.set_ylabel("utilisation (busy / open capacity)")
    ax.set_title("utilisation by site (mean, 95% CI)")
    ax.set_ylim(0, 1.05)
    return _save(plt, fig, out, "utilisation.png")


def adoption(df: pd.DataFrame, out: Path) -> str:
    plt = _figure()
    reps = max(1, df["replication"].nunique())
    sessions = df[df["kiosk_outcome"].isin(["completed", "abandoned", "failed", "no_help"])]
    weekly = sessions.groupby(["week", "site"], observed=True).size().unstack("site").fillna(0) / reps
    fig, ax = plt.subplots(figsize=(10, 3.6))
    if len(weekly):
        weekly.plot(ax=ax, marker="o")
    ax.set_xlabel("week since start")
    ax.set_ylabel("kiosk users per week")
    ax.set_title("kiosk adoption over the weeks (mean over replications)")
    return _save(plt, fig, out, "adoption.png")


def channel_share(df: pd.DataFrame, out: Path) -> str:
    plt = _figure()
    counts = df.groupby(["site", "channel"], observed=True).size().unstack("channel").fillna(0)
    share = counts.div(counts.sum(axis=1), axis=0)
    fig, ax = plt.subplots(figsize=(max(6, 0.4 * len(share) + 4), 3.6))
    share.plot.bar(ax=ax, stacked=True)
    ax.set_ylabel("share of arrivals")
    ax.set_title("served at the kiosk, at the counter, or not served ('none')")
    return _save(plt, fig, out, "channel_share.png")


def dossiers(df: pd.DataFrame, out: Path) -> str:
    plt = _figure()
    reps = max(1, df["replication"].nunique())
    d = df[df["dossier"]]
    table = d.groupby(["field", "channel"], observed=True).size().unstack("channel").fillna(0) / reps
    fig, ax = plt.subplots(figsize=(8, 3.6))
    if len(table):
        table.plot.barh(ax=ax)
    ax.set_xlabel("dossiers received (mean per replication)")
    ax.set_title("dossiers by field and channel")
    return _save(plt, fig, out, "dossiers.png")


def run_plots(df: pd.DataFrame, summary: Mapping[str, Any], out: Path) -> list[dict[str, str]]:
    return [
        {"file": waits_by_hour(df, out), "caption": "Mean waits by hour of arrival, per site."},
        {"file": utilisation(summary, out), "caption": "Utilisation of counters, kiosks and helpers."},
        {"file": adoption(df, out), "caption": "Kiosk users per week: awareness grows with outreach."},
        {"file": channel_share(df, out), "caption": "Kiosk versus counter share of arrivals."},
        {"file": dossiers(df, out), "caption": "Dossiers received by field and channel."},
    ]

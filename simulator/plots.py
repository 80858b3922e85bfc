"""matplotlib (Agg) figures for run reports: waits by hour, utilisation, adoption, channel share."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["run_plots"]

MAX_LINES = 8  # more sites than this: plot all sites together, or distributions across sites


def _group(df: pd.DataFrame) -> pd.Series:
    """Per-site lines for a few sites; one "all sites" line for a province-wide rollout."""
    if df["site"].nunique() <= MAX_LINES:
        return df["site"]
    return pd.Series("all sites", index=df.index, name="site")


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
            table = sub.groupby([sub["hour"], _group(sub)], observed=True)[col].mean().unstack("site")
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
    fig, ax = plt.subplots(figsize=(max(6, 0.5 * min(len(sites), MAX_LINES) + 4), 3.6))
    if len(sites) <= MAX_LINES:
        means.plot.bar(ax=ax, yerr=errs.fillna(0), capsize=3, rot=0)
        ax.set_title("utilisation by site (mean, 95% CI)")
    else:
        data = [means[c].dropna().to_numpy() for c in means.columns]
        ax.boxplot(data, tick_labels=list(means.columns))
        ax.set_title(f"utilisation across the {len(sites)} sites (site means)")
    ax.set_ylabel("utilisation (busy / open capacity)")
    ax.set_ylim(0, 1.05)
    return _save(plt, fig, out, "utilisation.png")


def adoption(df: pd.DataFrame, out: Path) -> str:
    plt = _figure()
    reps = max(1, df["replication"].nunique())
    sessions = df[df["kiosk_outcome"].isin(["completed", "abandoned", "failed", "no_help"])]
    weekly = sessions.groupby([sessions["week"], _group(sessions)], observed=True).size().unstack("site")
    weekly = weekly.fillna(0) / reps
    fig, ax = plt.subplots(figsize=(10, 3.6))
    if len(weekly):
        weekly.plot(ax=ax, marker="o")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("week since start")
    ax.set_ylabel("kiosk users per week")
    ax.set_title("kiosk adoption over the weeks (mean over replications)")
    return _save(plt, fig, out, "adoption.png")


def channel_share(df: pd.DataFrame, out: Path) -> str:
    plt = _figure()
    counts = df.groupby([_group(df), df["channel"]], observed=True).size().unstack("channel").fillna(0)
    share = counts.div(counts.sum(axis=1), axis=0)
    fig, ax = plt.subplots(figsize=(max(6, 0.4 * len(share) + 4), 3.6))
    share.plot.bar(ax=ax, stacked=True, rot=0)
    ax.set_ylabel("share of arrivals")
    ax.set_title("served at the kiosk, at the counter, or not served ('none')")
    ax.legend(title="channel", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(plt, fig, out, "channel_share.png")


def dossiers(df: pd.DataFrame, out: Path) -> str:
    """Counter and kiosk dossiers side by side, each on its own scale (kiosk counts are small)."""
    plt = _figure()
    reps = max(1, df["replication"].nunique())
    d = df[df["dossier"]]
    table = d.groupby(["field", "channel"], observed=True).size().unstack("channel").fillna(0) / reps
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
    for ax, channel, colour in zip(axes, ("counter", "kiosk"), ("#1f77b4", "#ff7f0e"), strict=True):
        if channel in table:
            table[channel].plot.barh(ax=ax, color=colour)
        ax.set_title(f"dossiers received at the {channel}")
        ax.set_xlabel("mean per replication")
    return _save(plt, fig, out, "dossiers.png")


def run_plots(df: pd.DataFrame, summary: Mapping[str, Any], out: Path) -> list[dict[str, str]]:
    return [
        {"file": waits_by_hour(df, out), "caption": "Mean waits by hour of arrival, per site."},
        {"file": utilisation(summary, out), "caption": "Utilisation of counters, kiosks and helpers."},
        {"file": adoption(df, out), "caption": "Kiosk users per week: awareness grows with outreach."},
        {"file": channel_share(df, out), "caption": "Kiosk versus counter share of arrivals."},
        {"file": dossiers(df, out), "caption": "Dossiers received by field and channel."},
    ]

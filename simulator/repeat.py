"""Repeated sites (``repeat = N`` with an id like ``commune-{n:02d}``) expanded into one table per site.

Expansion happens on the raw TOML data before overrides and parsing, so that one copy can be changed
on its own: in the file with ``[sites.per_site.commune-05]`` (keys replacing the template's), on the
command line with ``--set sites.commune-05.kiosks=2``, or in a sweep grid.
"""

from __future__ import annotations

import copy
from typing import Any

from simulator.errors import ScenarioError

__all__ = ["MAX_REPEAT", "expand_repeats"]

MAX_REPEAT = 1000


def expand_repeats(raw: dict[str, Any]) -> None:
    """Replace every repeated [[sites]] table by its copies, in place (a no-op once expanded)."""
    sites = raw.get("sites")
    if not isinstance(sites, list) or not any(isinstance(s, dict) and "repeat" in s for s in sites):
        return
    out: list[Any] = []
    for i, site in enumerate(sites):
        if isinstance(site, dict) and "repeat" in site:
            out.extend(_copies(site, f"sites[{i}]"))
        else:
            out.append(site)
    raw["sites"] = out


def _copies(site: dict[str, Any], key: str) -> list[dict[str, Any]]:
    repeat, site_id = site["repeat"], site.get("id")
    if isinstance(repeat, bool) or not isinstance(repeat, int) or not 1 <= repeat <= MAX_REPEAT:
        raise ScenarioError(f"{key}.repeat", f"must be a whole number from 1 to {MAX_REPEAT}, got {repeat!r}")
    if not isinstance(site_id, str) or not site_id:
        raise ScenarioError(f"{key}.id", f"must be a non-empty string, got {site_id!r}")
    if repeat > 1 and "{n" not in site_id:
        raise ScenarioError(f"{key}.id", "a repeated site needs {n} in its id, e.g. 'commune-{n:02d}'")
    per_site = site.get("per_site", {})
    if not isinstance(per_site, dict) or not all(isinstance(v, dict) for v in per_site.values()):
        raise ScenarioError(
            f"{key}.per_site", "must hold one table per site id, e.g. [sites.per_site.commune-05]"
        )
    template = {k: v for k, v in site.items() if k not in ("repeat", "per_site")}
    copies = []
    for n in range(1, repeat + 1):
        try:
            this_id = site_id.format(n=n)
        except (KeyError, IndexError, ValueError):
            raise ScenarioError(
                f"{key}.id", f"{site_id!r} is not a valid id pattern like 'commune-{{n:02d}}'"
            ) from None
        one = copy.deepcopy(template)
        one["id"] = this_id
        for name, value in per_site.get(this_id, {}).items():
            if name in ("id", "repeat", "per_site"):
                raise ScenarioError(f"{key}.per_site.{this_id}.{name}", "cannot be changed for one copy")
            one[name] = copy.deepcopy(value)
        copies.append(one)
    unknown = sorted(set(per_site) - {c["id"] for c in copies})
    if unknown:
        first, last = copies[0]["id"], copies[-1]["id"]
        raise ScenarioError(
            f"{key}.per_site.{unknown[0]}", f"no copy has this id (ids run {first} .. {last})"
        )
    return copies

"""The pilot sites and the agencies behind them, as data (data/sites.json, data/agencies.json).

Agency identifiers follow the provincial pattern ``000.00.NN.H36`` but are illustrative: the
province letter code H36 for Lang Son is unverified, and levels changed on 1 Jul 2025 when
districts were abolished. Both are data so a re-organisation is an edit, not a code change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mocks.backend.catalogue_errors import SitesError
from reference_kiosk.api import Agency, Site

__all__ = ["load_agencies", "load_sites", "site_of_kiosk"]

_DATA_DIR = Path(__file__).resolve().parent / "data"


def _read_list(path: Path, key: str) -> list[Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SitesError(f"cannot read {path}: {exc}") from exc
    items = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise SitesError(f"{path}: expected an object with a {key!r} list")
    return items


def load_agencies(path: Path | str | None = None) -> list[Agency]:
    """Every agency, validated; identifiers are unique."""
    source = Path(path) if path is not None else _DATA_DIR / "agencies.json"
    agencies: list[Agency] = []
    for i, item in enumerate(_read_list(source, "agencies")):
        try:
            agencies.append(Agency.model_validate(item))
        except ValidationError as exc:
            raise SitesError(f"{source.name} agency #{i}: {exc.errors()[0]['msg']}") from exc
    ids = [a.id for a in agencies]
    if len(set(ids)) != len(ids):
        raise SitesError(f"{source.name}: duplicate agency identifiers")
    return agencies


def load_sites(path: Path | str | None = None, agencies_path: Path | str | None = None) -> list[Site]:
    """Every site, validated; each names known agencies and owns distinct kiosk ids."""
    source = Path(path) if path is not None else _DATA_DIR / "sites.json"
    known = {a.id for a in load_agencies(agencies_path)}
    sites: list[Site] = []
    kiosks: set[str] = set()
    for i, item in enumerate(_read_list(source, "sites")):
        try:
            site = Site.model_validate(item)
        except ValidationError as exc:
            raise SitesError(f"{source.name} site #{i}: {exc.errors()[0]['msg']}") from exc
        unknown = [a for a in site.agencies if a not in known]
        if unknown:
            raise SitesError(f"site {site.id}: unknown agencies {unknown}")
        if kiosks & set(site.kiosks):
            raise SitesError(f"site {site.id}: kiosk id used by another site")
        kiosks.update(site.kiosks)
        sites.append(site)
    return sites


def site_of_kiosk(sites: list[Site], kiosk_id: str) -> Site | None:
    """The site a kiosk stands at, or None for an unknown kiosk."""
    return next((s for s in sites if kiosk_id in s.kiosks), None)

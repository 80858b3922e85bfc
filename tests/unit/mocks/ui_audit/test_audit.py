"""kiosk-twin ui-audit finds nothing cut off, hidden or unreachable, in every language, size and orientation.

Each of the 8 combinations walks every screen against the in-process twin (``run_audit``): the
VNeID account login, the covering sample of procedures (the 16-option "Quan hệ với chủ hộ" paged
in its picker, the longest names, the most papers), search paged through the API, every field,
a submission (its papers scanned on every page of the checklist), a dossier with 8 history
steps. ``kiosk-twin ui-audit --all --full`` walks the whole catalogue.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mocks.commands.ui_audit import COMBINATIONS
from mocks.commands.ui_audit.audit import AuditOptions, run_audit

_CASES = [
    pytest.param(lang, large, landscape, id=f"{lang}-{'large' if large else 'normal'}-{shape}")
    for lang, large, landscape in COMBINATIONS
    for shape in ["landscape" if landscape else "portrait"]
]


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "large", "landscape"), _CASES)
def test_no_screen_cuts_anything_off(tmp_path: Path, lang: str, large: bool, landscape: bool) -> None:
    options = AuditOptions(lang=lang, large_text=large, landscape=landscape, shots=False, sample_size=0)
    report = run_audit(options, tmp_path / "work", tmp_path / "shots").as_json()
    assert report["screens"] > 40  # the walk went everywhere, not just to the welcome screen
    assert report["problems"] == 0, json.dumps(report, ensure_ascii=False, indent=1)[:4000]

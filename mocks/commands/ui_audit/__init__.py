"""``kiosk-twin ui-audit``: walk every screen of the kiosk against the twin, report what is cut off.

    kiosk-twin ui-audit --lang vi --large-text --out reports/out/audit --json
    kiosk-twin ui-audit --all --out reports/out/audit --json      # the 8 combinations

Prints ``{"screens": N, "clipped": [...], "unreachable_options": [...], "problems": N}`` (with
``--all``, one such object per combination and their sum). Exit code 0 with no problems, 1 with
problems, 2 on bad arguments. Screenshots (redacted) go under ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

__all__ = ["COMBINATIONS", "EXIT_CODES", "configure", "run"]

EXIT_CODES = ((0, "no problems"), (1, "problems found"))
COMBINATIONS = tuple(
    (lang, large, landscape)
    for lang in ("vi", "en")
    for large in (False, True)
    for landscape in (False, True)
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="the screens' language")
    parser.add_argument("--large-text", action="store_true", help="with large text switched on")
    parser.add_argument("--landscape", action="store_true", help="a 1920x1080 screen instead of 1080x1920")
    parser.add_argument(
        "--all", action="store_true", help="every language, text size and orientation (8 runs)"
    )
    parser.add_argument(
        "--full", action="store_true", help="every procedure of the catalogue (default: a covering sample)"
    )
    parser.add_argument("--out", type=Path, required=True, help="where the screenshots go")
    parser.add_argument("--json", action="store_true", help="print the report as JSON (default: a summary)")
    parser.add_argument("--no-screenshots", action="store_true", help="check only, save no PNG (faster)")


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # --json: stdout holds the report only
    from mocks.commands.ui_audit.audit import AuditOptions, run_audit
    from mocks.commands.ui_audit.geometry import Finding
    from mocks.commands.ui_audit.walk import AuditResult
    from reference_kiosk.ui.driver import WidgetNotFoundError

    combos = COMBINATIONS if args.all else ((args.lang, args.large_text, args.landscape),)
    reports = {}
    for lang, large, landscape in combos:
        name = f"{lang}-{'large' if large else 'normal'}-{'landscape' if landscape else 'portrait'}"
        options = AuditOptions(
            lang=lang, large_text=large, landscape=landscape, full=args.full, shots=not args.no_screenshots
        )
        with tempfile.TemporaryDirectory(prefix="ui-audit-") as work:
            try:
                result = run_audit(options, Path(work), args.out / name)
            except WidgetNotFoundError as exc:  # the walk could not go on: a finding, not a crash
                result = AuditResult(clipped=[Finding(name, "journey", "walk", str(exc)[:300])])
                print(f"{name}: the walk stopped: {exc}", file=sys.stderr)
        reports[name] = result.as_json()
        print(f"{name}: {result.screens} screens, {reports[name]['problems']} problems", file=sys.stderr)
    problems = sum(r["problems"] for r in reports.values())
    if args.json:
        single = next(iter(reports.values()))
        print(
            json.dumps(
                single if len(reports) == 1 else reports | {"problems": problems},
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        for name, r in reports.items():
            print(f"{name}: {r['screens']} screens, {r['problems']} problems")
    return 0 if problems == 0 else 1

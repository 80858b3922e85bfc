"""``run_audit(options)``: the whole walk, in one world, for one language, text size and orientation.

Which procedures are walked: ``full`` walks every procedure of the catalogue and every page of
every search (the ``--full`` flag; long at province size, a benchmark rather than a test);
otherwise a sample that still covers every kind of select field and every list kind (see
``sample``), the first pages of the whole catalogue with its count, one query in full, plus
the procedure that is submitted, looked up (8 history steps) and paid.
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mocks.card.pki import MockPki
from mocks.citizens import persona
from mocks.commands.ui_audit.geometry import Finding
from mocks.commands.ui_audit.journeys import Journeys
from mocks.commands.ui_audit.walk import AuditClock, AuditResult, Walker
from mocks.world import WorldOptions, start_world
from reference_kiosk.app import build_kiosk
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow.views import Screen
from reference_kiosk.ui.driver import KioskDriver, WidgetNotFoundError

__all__ = ["AuditOptions", "run_audit", "sample"]

START = dt.datetime(2025, 4, 1, 1, 0, tzinfo=dt.UTC)  # 08:00 in Lang Son, a working Tuesday
SUBMITTED = "1.004222"  # permanent residence registration: a form with the 16-option select
HISTORY_STEPS = 8


@dataclass(frozen=True, slots=True)
class AuditOptions:
    lang: str = "vi"
    large_text: bool = False
    landscape: bool = False
    full: bool = False
    sample_size: int = 2  # procedures walked besides the covering ones (without ``full``)
    shots: bool = True
    seed: int = 7


def _no_wait(seconds: float) -> None:
    """Device delays are modelled, never waited for."""


def sample(details: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """A few procedures covering each kind of list and field: the longest select (a paged
    picker), the shortest (inline choices), the longest names in both languages, the most
    papers and steps (paged details), the most form fields (a paged form), and ``size`` more."""

    def options(p: dict[str, Any]) -> list[int]:
        return [len(f.get("options", [])) for f in p["form"] if f.get("type") == "select"]

    with_select = [p for p in details if options(p)]
    picks = [
        max(with_select, key=lambda p: max(options(p))),
        min(with_select, key=lambda p: min(options(p))),
        max(details, key=lambda p: len(p["name"])),
        max(details, key=lambda p: len(p.get("name_en", ""))),
        max(details, key=lambda p: len(p["documents"]) + len(p["steps"])),
        max(details, key=lambda p: len(p["form"])),
    ]
    chosen = {p["code"]: p for p in picks}
    rest = [p for p in details if p["code"] not in chosen]
    for p in random.Random(0).sample(rest, max(0, min(len(rest), size))):
        chosen[p["code"]] = p
    return list(chosen.values())


def run_audit(options: AuditOptions, workdir: Path, out_dir: Path) -> AuditResult:
    size = (1920, 1080) if options.landscape else (1080, 1920)
    citizen = persona(options.seed)
    clock = AuditClock(START)
    world_options = WorldOptions(clock_start=START)
    with ExitStack() as stack:
        world = stack.enter_context(
            start_world(
                "inprocess", workdir, pki=MockPki(), citizen=citizen, options=world_options, sleep=_no_wait
            )
        )
        world.twin.backend.register(citizen)
        config = KioskConfig(
            backend_url=world.url, kiosk_key=world.kiosk_key, kiosk_id=world.kiosk_id, width=size[0],
            height=size[1], outbox_path=workdir / "outbox.sqlite3", outbox_key=bytes(32),
            telemetry_path=None, trust_store=world.trust_store,
        )  # fmt: skip
        kiosk = build_kiosk(config, world.devices, clock=clock, transport=world.transport, threaded=False)
        stack.callback(kiosk.close)
        driver = KioskDriver(kiosk.app, clock)
        walker = Walker(driver, world, options.lang, out_dir, shots=options.shots)
        try:
            _walk(walker, options, citizen, lambda: world.twin.insert_card(citizen))
        except WidgetNotFoundError as exc:  # the walk cannot go on: a finding, and the ones so far
            walker.result.clipped.append(Finding(str(driver.scene), "journey", "walk", str(exc)[:300]))
        return walker.result


def _walk(w: Walker, options: AuditOptions, citizen: Any, insert: Any) -> None:
    j = Journeys(w)
    summaries = w.catalogue()
    details = [w.api(f"/api/v1/procedures/{p['code']}") for p in summaries]
    fields = {p["field"]: p["field_name"] for p in summaries}
    walked = details if options.full else sample(details, options.sample_size)
    if SUBMITTED not in {p["code"] for p in walked}:
        walked += [p for p in details if p["code"] == SUBMITTED]
    w.welcome(options.large_text)
    w.tap("welcome.lookup")
    w.look("lookup_enter_code")
    w.tap("chrome.cancel")
    w.welcome(options.large_text)  # a cancelled session resets language and text size
    j.account(citizen, options.large_text)
    w.login(citizen.id_number, citizen.date_of_birth, insert)
    w.tap("home.tile.submit")
    # The whole catalogue, page by page, only with --full (1,500 procedures at large text is
    # a thousand pages); otherwise its first pages and its count, and one query in full.
    w.search("", limit_pages=None if options.full else 3)
    w.search("dang ky" if options.full else "thuong tru")
    w.browse(fields)
    code: str | None = None
    for proc in sorted(walked, key=lambda p: p["code"] != SUBMITTED):
        if not w.open_procedure(proc):
            w.home()
            w.tap("home.tile.submit")
            continue
        w.details(proc["code"])
        if j.open_form(proc):
            j.form_pages(proc["code"])
            j.options(proc["code"], proc["form"])
            if code is None and proc["code"] == SUBMITTED:
                code = j.submit(proc["code"], proc["form"])
        w.home()
        w.tap("home.tile.submit")
    if code is None:
        w.result.clipped.append(Finding("receipt", "journey", "submission", f"{SUBMITTED} was not submitted"))
    else:
        j.lookup(code, HISTORY_STEPS)
    _ends(w)


def _ends(w: Walker) -> None:
    """Pay and rate lists, the inactivity warning, an error, goodbye."""
    for tile, name in (("home.tile.pay", "pay_list"), ("home.tile.rate", "rate_choose")):
        w.home()
        w.tap(tile)
        w.look(name)
    w.home()
    for _ in range(60):  # until the inactivity warning shows (its delay is configurable)
        if w.k.scene is Screen.TIMEOUT_WARNING:
            break
        w.k.advance(5)
    w.look("timeout_warning")
    w.tap("timeout.still_here")
    w.world.twin.backend.fail("GET /api/v1/procedures")
    w.tap("home.tile.procedures")
    if w.k.scene is Screen.ERROR:
        w.look("error")
    w.world.twin.backend.heal()
    w.home()
    w.tap("chrome.logout")
    w.look("goodbye")

"""Catalogues: every key the UI uses exists in vi and en; formatting per locale."""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from pathlib import Path

import pytest

from reference_kiosk import api
from reference_kiosk.domain.errors import Remedy
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import LoginPhase, LookupPhase, PayPhase, RatePhase, ScanItemStatus, Screen
from reference_kiosk.i18n import catalogue, translator

UI = Path(__file__).resolve().parents[4] / "reference_kiosk" / "ui"
KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


def namespaces() -> set[str]:
    return {key.split(".")[0] for key in catalogue("vi")}


def literal_keys() -> set[str]:
    """String constants in ui/ that look like catalogue keys (first segment a known namespace)."""
    known = namespaces()
    found: set[str] = set()
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_fstrings = {
            id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values
        }
        for node in ast.walk(tree):
            if id(node) in in_fstrings:
                continue  # a piece of an f-string key: those are listed in dynamic_keys()
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and KEY.match(value) and value.split(".")[0] in known:
                found.add(value)
    return found


def dynamic_keys() -> set[str]:
    """Keys the scenes build from enum values."""
    keys = {f"lang.{lang}" for lang in ("vi", "en")}
    keys |= {f"a11y.{o.value}" for o in ev.A11yOption}
    keys |= {f"home.tile.{t.value}" for t in ev.HomeTile} | {f"home.tile.{t.value}.hint" for t in ev.HomeTile}
    keys |= {"welcome.lookup", "welcome.procedures"}
    keys |= {f"login.title.{p.value}" for p in LoginPhase}
    keys |= {f"login.method.{m.value}" for m in ev.LoginMethod} | {
        f"login.method.{m.value}.hint" for m in ev.LoginMethod
    }
    keys |= {f"login.bac.{n}{s}" for n in ("id", "dob") for s in ("", ".placeholder", ".invalid")}
    keys |= {"login.vneid_denied", "login.vneid_expired"}
    keys |= {f"scan.status.{s.value}" for s in ScanItemStatus}
    keys |= {f"pay.title.{p.value}" for p in PayPhase} | {"pay.expired", "pay.cancelled"}
    keys |= {f"lookup.title.{p.value}" for p in LookupPhase}
    keys |= {f"lookup.field.{n}{s}" for n in ("code", "id") for s in ("", ".placeholder")}
    keys |= {f"status.{int(s)}" for s in api.DossierStatus}
    keys |= {f"rate.title.{p.value}" for p in RatePhase} | {f"rate.q{i}" for i in range(1, 10)}
    keys |= {f"rate.level.{s.value}" for s in api.Satisfaction} | {f"rate.score.{i}" for i in (0, 1, 2)}
    keys |= {f"remedy.{r.value}" for r in Remedy}
    keys |= {f"voice.{s.value}" for s in Screen}
    return keys


def test_the_scan_finds_the_keys_of_the_scenes() -> None:
    keys = literal_keys()
    assert {"welcome.start", "review.confirm", "keyboard.mode.telex", "chrome.logout"} <= keys
    assert len(keys) > 80


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_key_used_by_the_ui_is_translated(lang: str) -> None:
    messages = catalogue(lang)
    missing = sorted((literal_keys() | dynamic_keys()) - set(messages))
    assert missing == []


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    assert set(vi) == set(en)
    fields = string.Formatter()
    for key in vi:
        names_vi = {f for _, f, _, _ in fields.parse(vi[key]) if f}
        names_en = {f for _, f, _, _ in fields.parse(en[key]) if f}
        assert names_vi == names_en, key


def test_vietnamese_is_really_vietnamese() -> None:
    t = translator("vi")
    assert t("welcome.start") == "Chạm để bắt đầu"
    assert t("home.greeting", name="Mai") == "Xin chào, Mai"
    assert t("no.such.key") == "no.such.key"  # a gap shows, it does not crash


def test_money_dates_and_numbers_follow_the_locale() -> None:
    vi, en = translator("vi"), translator("en")
    assert vi.money(20000) == "20.000\xa0₫"
    assert en.money(20000) == "₫20,000"
    assert vi.number(1234.5) == "1.234,5"
    assert en.number(1234.5) == "1,234.5"
    assert vi.date(dt.date(2025, 4, 10)) == "10/04/2025"
    assert en.date(dt.date(2025, 4, 10)) == "10 Apr 2025"
    # shown in Vietnam's time: 08:05 UTC is 15:05 in Lang Son
    assert vi.datetime(dt.datetime(2025, 4, 1, 8, 5, tzinfo=dt.UTC)) == "15:05 01/04/2025"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="fr"):
        translator("fr")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_key_is_written_twice_in_a_catalogue(lang: str) -> None:
    # Babel keeps the last of two same msgids silently, so an edit to the first one would be lost.
    po = UI.parent / "i18n" / "locale" / lang / "LC_MESSAGES" / "kiosk.po"
    ids = re.findall(r'^msgid "(.+)"$', po.read_text(encoding="utf-8"), flags=re.MULTILINE)
    twice = sorted({key for key in ids if ids.count(key) > 1})
    assert twice == [], f"{po.name} ({lang}) has these keys twice: {twice}"

"""The status timeline speaks the screen's language: every action code the mock backend writes has a label."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from reference_kiosk import api
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import LookupPhase, LookupView, TimelineEntry
from reference_kiosk.i18n import translator
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.history import ACTIONS, ACTORS, action_label, actor_label, timeline_rows
from reference_kiosk.ui.widgets import Timeline
from tests.support.kiosk_flow import ID_NUMBER, dossier
from tests.support.ui_world import ScriptedWorld

MOCK_BACKEND = Path(__file__).resolve().parents[4] / "mocks" / "backend"
VI, EN = translator("vi"), translator("en")
AT = dt.datetime(2025, 4, 1, 8, 5, tzinfo=dt.UTC)

# lifecycle.move(conn, code, at, to_status, actor, action, ...) and
# lifecycle.record(conn, code, at, from_status, to_status, actor, action, ...)
_POSITIONS = {"move": (4, 5), "record": (5, 6)}


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def emitted_codes() -> tuple[set[str], set[str]]:
    """The action and actor string literals of every history write in mocks/backend (by parsing it)."""
    actions: set[str] = set()
    actors: set[str] = set()
    for path in MOCK_BACKEND.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            keywords = {k.arg: k.value for k in node.keywords}
            if name in _POSITIONS:
                actor_at, action_at = _POSITIONS[name]
                args = node.args
                action = _literal(args[action_at] if len(args) > action_at else keywords.get("action"))
                actor = _literal(args[actor_at] if len(args) > actor_at else keywords.get("actor"))
                actions |= {action} if action else set()
                actors |= {actor} if actor else set()
            elif name == "request_supplement" and _literal(keywords.get("actor")):
                actors.add(str(_literal(keywords.get("actor"))))
    return actions, actors


def test_the_scan_finds_the_backend_s_history_writes() -> None:
    actions, actors = emitted_codes()
    assert {"submitted", "accepted", "payment requested", "result returned"} <= actions
    assert {"kiosk", "one_stop_desk", "official"} <= actors


def test_every_action_and_actor_the_mock_backend_writes_has_a_label() -> None:
    actions, actors = emitted_codes()
    assert sorted(actions - set(ACTIONS)) == []
    assert sorted(actors - set(ACTORS)) == []


@pytest.mark.parametrize("code", sorted(ACTIONS))
def test_each_action_reads_as_words_in_both_languages(code: str) -> None:
    vi, en = action_label(VI, code), action_label(EN, code)
    assert VI.has(ACTIONS[code])
    assert EN.has(ACTIONS[code])
    assert code not in vi.casefold()  # English codes never reach a Vietnamese screen
    assert vi != en
    assert vi != action_label(VI, "no such code")  # each has its own words, not the fallback


def test_unknown_codes_fall_back_to_a_generic_label_and_an_unknown_role_is_left_out() -> None:
    assert action_label(VI, "escalated to province") == "Cập nhật hồ sơ"
    assert action_label(EN, "escalated to province") == "Dossier updated"
    assert actor_label(VI, "province_inspector") is None
    assert action_label(VI, "  Payment_Requested ") == VI(ACTIONS["payment requested"])


def test_rows_say_who_did_what_then_the_backend_s_own_note() -> None:
    entries = (
        TimelineEntry(AT, api.DossierStatus.NEW, "kiosk", "submitted", "Nộp trực tuyến tại kiosk LS-01"),
        TimelineEntry(AT, api.DossierStatus.DONE, "robot", "quantum leap", ""),
    )
    assert timeline_rows(VI, entries) == (
        ("15:05 01/04/2025", "Mới đăng ký", "Ki-ốt: Nộp hồ sơ · Nộp trực tuyến tại kiosk LS-01"),
        ("15:05 01/04/2025", VI("status.9"), "Cập nhật hồ sơ"),
    )
    assert timeline_rows(EN, entries)[0][2] == "Kiosk: Dossier submitted · Nộp trực tuyến tại kiosk LS-01"


def every_step_dossier() -> api.Dossier:
    base = dossier()
    history = [
        api.HistoryEntry(
            at=AT, from_status=None, to_status=api.DossierStatus.PROCESSING, actor=actor, action=code
        )
        for code, actor in zip(
            sorted(ACTIONS), ["kiosk", "official", "one_stop_desk", "control"] * 3, strict=False
        )
    ]
    return base.model_copy(update={"history": history, "supplement_requests": []})


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_lookup_screen_shows_no_raw_code(
    kiosk: KioskDriver, world: ScriptedWorld, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    answer = world.answer

    def with_history(effect: fx.Effect) -> ev.Event | None:
        return (
            ev.DossierLoaded(every_step_dossier()) if isinstance(effect, fx.LookupDossier) else answer(effect)
        )

    monkeypatch.setattr(world, "answer", with_history)
    t = translator(lang)
    if lang == "en":
        kiosk.tap("English")
    kiosk.tap(t("welcome.lookup"))
    kiosk.type("H36.1-250401-0001")
    kiosk.tap(t("lookup.field.id"))
    kiosk.type(ID_NUMBER)
    kiosk.tap(t("lookup.search"))
    kiosk.settle()
    view = kiosk.view
    assert isinstance(view, LookupView)
    assert view.phase is LookupPhase.DETAIL
    details: list[str] = []
    for _ in range(len(ACTIONS)):  # the history pages: every step is on some page
        steps = [w for w in kiosk.widgets() if isinstance(w, Timeline)]
        details += [detail for step in steps for _, _, detail in step.entries]
        if t("paging.next") not in kiosk.labels():
            break
        kiosk.tap(t("paging.next"))
    assert len(details) == len(ACTIONS)
    history = every_step_dossier().history
    newest_first = reversed(history)
    assert details == [f"{actor_label(t, h.actor)}: {t(ACTIONS[h.action])}" for h in newest_first]
    if lang == "vi":
        assert not [code for code in ACTIONS for detail in details if code in detail.casefold()]

"""After the session ends nothing personal is reachable from the UI: scenes, widgets, buffers, caches."""

from __future__ import annotations

from typing import Any

import pytest

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import Screen
from reference_kiosk.ui.driver import KioskDriver
from tests.support.kiosk_flow import FULL_NAME, ID_NUMBER, PERSONA_STRINGS
from tests.support.ui_world import ScriptedWorld, log_in_by_card

MASKED = "*********345"


def reachable_strings(obj: Any, seen: set[int] | None = None, depth: int = 0) -> list[str]:
    """Every string reachable from ``obj`` through attributes, slots and containers (bounded depth)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 8:
        return []
    seen.add(id(obj))
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, bytes | int | float | bool | type(None)):
        return []
    out: list[str] = []
    if isinstance(obj, dict):
        items: list[Any] = [*obj.keys(), *obj.values()]
    elif isinstance(obj, list | tuple | set | frozenset):
        items = list(obj)
    else:
        items = list(getattr(obj, "__dict__", {}).values())
        for klass in type(obj).__mro__:
            for slot in getattr(klass, "__slots__", ()):
                if hasattr(obj, slot):
                    items.append(getattr(obj, slot))
    for item in items:
        if type(item).__module__.startswith(("pygame", "builtins")) and not isinstance(
            item, str | dict | list | tuple | set | frozenset
        ):
            continue
        out += reachable_strings(item, seen, depth + 1)
    return out


def log_in_and_type(kiosk: KioskDriver) -> None:
    log_in_by_card(kiosk)
    assert FULL_NAME in kiosk.screen_text()
    assert MASKED in " ".join(kiosk.screen_text())


def leaks(kiosk: KioskDriver) -> list[str]:
    app = kiosk.app
    found = reachable_strings([app.stack, app._view, app._contexts, app.input]) + kiosk.screen_text()
    return sorted({s for s in found for p in (*PERSONA_STRINGS, MASKED) if p in s})


@pytest.mark.parametrize("how", ["logout", "timeout", "card_removed"])
def test_nothing_personal_remains_in_the_ui(kiosk: KioskDriver, world: ScriptedWorld, how: str) -> None:
    log_in_and_type(kiosk)
    kiosk.tap("Thủ tục hành chính")
    kiosk.type("thuong tru")
    assert leaks(kiosk), "the detector must see the name in the header while logged in"
    if how == "logout":
        kiosk.tap("Đăng xuất")
    elif how == "timeout":
        kiosk.advance(91)
    else:
        kiosk.send(ev.CardRemoved("r0"))
    kiosk.advance(11)  # past the goodbye screen
    assert kiosk.scene is Screen.WELCOME
    assert leaks(kiosk) == []
    assert world.wiped >= 1


def test_the_full_id_number_is_never_on_screen(kiosk: KioskDriver) -> None:
    log_in_and_type(kiosk)
    for tile in ("Nộp hồ sơ", "Tra cứu hồ sơ"):
        kiosk.tap(tile)
        kiosk.settle()
        assert not any(ID_NUMBER in text for text in kiosk.screen_text())
        kiosk.tap("Trang chủ")

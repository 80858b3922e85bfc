"""After logout, timeout or card removal no persona value is reachable from the flow."""

from __future__ import annotations

import datetime as dt
import gc
import types
from collections.abc import Callable

import pytest

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import WipePersonalData
from reference_kiosk.flow.machine import KioskFlow
from reference_kiosk.flow.views import Screen
from tests.support.kiosk_flow import DOB, PERSONA_STRINGS, FlowDriver, dossier
from tests.unit.kiosk.flow.test_submit import fill_form, scan_all, to_form

_OPAQUE = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType)


def reachable_persona_values(flow: KioskFlow) -> set[str]:
    """Walk everything the flow references (not classes, modules or code) looking for the persona."""
    found: set[str] = set()
    seen: set[int] = set()
    stack: list[object] = [flow]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, _OPAQUE):
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            found.update(p for p in PERSONA_STRINGS if p in obj)
            continue
        if isinstance(obj, dt.date) and not isinstance(obj, dt.datetime) and obj == DOB:
            found.add("date_of_birth")
        stack.extend(gc.get_referents(obj))
        if hasattr(obj, "__slots__"):
            stack.extend(getattr(obj, name) for name in _slots(type(obj)) if hasattr(obj, name))
    return found


def _slots(cls: type) -> list[str]:
    return [s for c in cls.__mro__ for s in getattr(c, "__slots__", ())]


def full_session(kiosk: FlowDriver) -> None:
    to_form(kiosk)
    fill_form(kiosk)
    scan_all(kiosk)
    kiosk.send(ev.ReviewConfirmed(), ev.SubmissionAcknowledged("key-0001", dossier()), ev.Continue())
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP), ev.DossiersLoaded((dossier(),)))


def _logout(kiosk: FlowDriver) -> None:
    kiosk.send(ev.Logout())
    assert kiosk.screen is Screen.GOODBYE


def _timeout(kiosk: FlowDriver) -> None:
    kiosk.advance(90)
    assert kiosk.screen is Screen.WELCOME


def _card_removed(kiosk: FlowDriver) -> None:
    kiosk.send(ev.CardRemoved("r0"))
    assert kiosk.screen is Screen.GOODBYE


@pytest.mark.parametrize("end", [_logout, _timeout, _card_removed], ids=["logout", "timeout", "card_removed"])
def test_no_persona_value_reachable_after_the_session(
    kiosk: FlowDriver, end: Callable[[FlowDriver], None]
) -> None:
    full_session(kiosk)
    kiosk.flow.view  # noqa: B018 - views are built on demand; make sure building one leaves nothing behind
    before = reachable_persona_values(kiosk.flow)
    assert before >= {
        "Hoàng Thị Mai",
        "020190012345",
        "eyJ.persona-token.sig",
        "date_of_birth",
    }  # walker works
    effects_before = len(kiosk.effects)
    end(kiosk)
    assert WipePersonalData() in kiosk.effects[effects_before:]
    assert reachable_persona_values(kiosk.flow) == set()
    assert kiosk.flow.view.frame.citizen_name is None


def test_bac_digits_are_forgotten_when_the_login_is_abandoned(kiosk: FlowDriver) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted())
    kiosk.send(ev.BacKeyRequired(), ev.BacEntered("020190012345", DOB))
    assert "020190012345" in reachable_persona_values(kiosk.flow)
    kiosk.advance(90)
    assert reachable_persona_values(kiosk.flow) == set()


def test_anonymous_lookup_keeps_the_id_number_only_while_asking(kiosk: FlowDriver) -> None:
    kiosk.send(ev.TileChosen(ev.HomeTile.LOOKUP), ev.LookupByCode("H36.1-250401-0001", "020190012345"))
    assert reachable_persona_values(kiosk.flow) == {"020190012345"}  # in the request, for a retry
    kiosk.send(ev.DossierLoaded(dossier()))
    assert reachable_persona_values(kiosk.flow) == set()

"""Less typing (issue 13): a form's current address is suggested from the chip's place of residence."""

from __future__ import annotations

import base64

from mocks.card.files import dg13
from mocks.citizens import persona
from reference_kiosk import api
from reference_kiosk.app.executor import _residence
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import FormView, Screen
from tests.support.kiosk_flow import TOKEN, FlowDriver, citizen, procedure, view_of

HOME = "Số 12/3, phường Đông Kinh, tỉnh Lạng Sơn"


def _with_current_address() -> api.Procedure:
    proc = procedure(cases=1)
    field = api.FormField(
        name="current_address", label="Nơi cư trú hiện tại", label_en="Current residence", prefill="address"
    )
    return proc.model_copy(update={"form": (*proc.form, field)})


def _to_form(kiosk: FlowDriver, residence: str) -> dict[str, object]:
    proc = _with_current_address()
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted("r0"))
    kiosk.send(ev.CardRead(api.CccdLoginRequest(sod="U09E", dg1="REcx", dg13="REcxMw==")))
    kiosk.send(ev.LoggedIn(ev.LoginMethod.CARD, TOKEN, citizen(), residence), ev.Continue())
    kiosk.send(ev.TileChosen(ev.HomeTile.SUBMIT), ev.SearchResultsLoaded("", None, (proc.summary(),)))
    kiosk.send(ev.ProcedureChosen(proc.code), ev.ProcedureLoaded(proc), ev.StartSubmission())
    assert kiosk.screen is Screen.FORM
    return {f.name: f for f in view_of(kiosk, FormView).fields}


def test_the_current_address_is_prefilled_from_the_chip_and_stays_editable(kiosk: FlowDriver) -> None:
    fields = _to_form(kiosk, HOME)
    address = fields["current_address"]
    assert (address.value, address.read_only) == (HOME, False)  # type: ignore[attr-defined]
    assert fields["address"].value == ""  # type: ignore[attr-defined]  # "Nơi ở mới": never the old one
    kiosk.send(ev.FormFieldEdited("current_address", "Thôn Nà Phái, xã Đồng Đăng"))
    assert {f.name: f.value for f in view_of(kiosk, FormView).fields}[
        "current_address"
    ] == "Thôn Nà Phái, xã Đồng Đăng"
    assert HOME in kiosk.flow.personal.texts  # masked in screenshots like the other personal values


def test_no_residence_no_suggestion(kiosk: FlowDriver) -> None:
    assert _to_form(kiosk, "")["current_address"].value == ""  # type: ignore[attr-defined]


def test_the_residence_is_read_from_a_real_dg13_and_a_bad_one_costs_only_the_suggestion() -> None:
    who = persona(7)
    encoded = base64.b64encode(dg13(who)).decode()
    assert _residence(encoded) == who.residence
    assert _residence(base64.b64encode(b"\x6d\x03\x30\x01\x02").decode()) == ""

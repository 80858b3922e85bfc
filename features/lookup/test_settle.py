"""Steps of settling a dossier's notices from its status screen (fee due, supplement requested)."""

from __future__ import annotations

from pytest_bdd import scenarios, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin
from reference_kiosk.flow import events as ev

scenarios("settle.feature")


@when("người dân chọn hồ sơ đó")
def _(kiosk: Kiosk, dossier_code: str) -> None:
    kiosk.tap_action(ev.DossierChosen(dossier_code))


@when("ngân hàng xác nhận đã nhận tiền")
def _(twin: Twin, dossier_code: str) -> None:
    twin.pay(dossier_code)

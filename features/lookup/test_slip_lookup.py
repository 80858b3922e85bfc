"""Steps of the look-up by the appointment slip on the glass (issue 15.4)."""

from __future__ import annotations

from pytest_bdd import scenarios, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin
from mocks.citizens import Persona
from mocks.scanner.glass import Placement
from mocks.scanner.slip import slip_on_glass
from reference_kiosk.config import KioskConfig

scenarios("slip_lookup.feature")


@when("người dân mở màn hình tra cứu")
def _(kiosk: Kiosk) -> None:
    kiosk.tap("welcome.lookup")


def _lay_slip(twin: Twin, code: str, damaged: bool) -> None:
    link = KioskConfig().tracking_payload(code)  # what the kiosk prints on the slip
    twin.lay_card_on_glass(slip_on_glass(code, link, Placement(90.0), damaged=damaged))


@when("người dân đặt phiếu hẹn của hồ sơ đó lên mặt kính")
def _(twin: Twin, dossier_code: str) -> None:
    _lay_slip(twin, dossier_code, damaged=False)


@when("người dân đặt phiếu hẹn bị rách của hồ sơ đó lên mặt kính")
def _(twin: Twin, dossier_code: str) -> None:
    _lay_slip(twin, dossier_code, damaged=True)


@when("người dân nhập số định danh của mình rồi tra cứu")
def _(kiosk: Kiosk, citizen: Persona) -> None:
    kiosk.tap("lookup.field.id")
    kiosk.type(citizen.id_number)
    kiosk.tap("lookup.search")

"""Steps of the look-up feature."""

from __future__ import annotations

from pytest_bdd import parsers, scenarios, when

from features.support.kiosk import Kiosk
from mocks.citizens import Persona
from reference_kiosk.flow import events as ev

scenarios("lookup.feature")


@when("người dân chọn hồ sơ đó")
def _(kiosk: Kiosk, dossier_code: str) -> None:
    kiosk.tap_action(ev.DossierChosen(dossier_code))


@when("người dân tra cứu hồ sơ đó bằng số định danh của mình")
def _(kiosk: Kiosk, dossier_code: str, citizen: Persona) -> None:
    kiosk.look_up(dossier_code, citizen.id_number)


@when(parsers.parse('người dân tra cứu hồ sơ "{code}" bằng số định danh của mình'))
def _(kiosk: Kiosk, code: str, citizen: Persona) -> None:
    kiosk.look_up(code, citizen.id_number)

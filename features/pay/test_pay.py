"""Steps of the pay feature: the bank is played through the twin."""

from __future__ import annotations

from pytest_bdd import scenarios, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin

scenarios("pay.feature")


@when("người dân mở khoản cần thanh toán của hồ sơ đó")
def _(kiosk: Kiosk, dossier_code: str) -> None:
    kiosk.open_payment(dossier_code)


@when("ngân hàng xác nhận đã nhận tiền")
def _(twin: Twin, dossier_code: str) -> None:
    twin.pay(dossier_code)

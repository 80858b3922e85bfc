"""Steps of the VNeID account login feature: the citizen's password and phone are played through the twin."""

from __future__ import annotations

from pytest_bdd import given, parsers, scenarios, then, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin

scenarios("vneid_account.feature")


@given(parsers.parse('người dân có tài khoản VNeID với mật khẩu "{password}"'))
def _(twin: Twin, password: str) -> None:
    twin.control.backend.set_vneid_password(twin.citizen, password)


@when(parsers.parse('người dân gõ số định danh và mật khẩu "{password}"'))
def _(kiosk: Kiosk, twin: Twin, password: str) -> None:
    kiosk.type(twin.citizen.id_number)  # the keypad moves on to the password by itself
    kiosk.type(password)


@when(parsers.parse('người dân nhập số định danh và mật khẩu "{password}"'))
def _(kiosk: Kiosk, twin: Twin, password: str) -> None:
    kiosk.type(twin.citizen.id_number)
    kiosk.type(password)
    kiosk.tap("common.continue")


@when(parsers.parse('người dân nhập lại mật khẩu "{password}" {times:d} lần'))
def _(kiosk: Kiosk, password: str, times: int) -> None:
    for _ in range(times):  # the number stays typed after a wrong password
        kiosk.type(password)
        kiosk.tap("common.continue")


@when("người dân nhập mã OTP vừa nhận trên điện thoại")
def _(kiosk: Kiosk, twin: Twin) -> None:
    kiosk.type(twin.control.backend.sent_otp(twin.citizen))
    kiosk.tap("common.continue")


@when(parsers.parse('người dân nhập mã OTP "{otp}"'))
def _(kiosk: Kiosk, otp: str) -> None:
    kiosk.type(otp)
    kiosk.tap("common.continue")


@then("phiên tài khoản VNeID đã bị thu hồi trên hệ thống tỉnh")
def _(twin: Twin) -> None:
    assert twin.revoked_logins() == 1

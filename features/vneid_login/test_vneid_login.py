"""Steps of the VNeID login feature: the citizen's phone is played through the twin."""

from __future__ import annotations

from pytest_bdd import scenarios, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin

scenarios("vneid_login.feature")


@when("người dân xác nhận đăng nhập trên điện thoại")
def _(kiosk: Kiosk, twin: Twin) -> None:
    twin.approve_vneid(kiosk.vneid_session())


@when("người dân từ chối đăng nhập trên điện thoại")
def _(kiosk: Kiosk, twin: Twin) -> None:
    twin.deny_vneid(kiosk.vneid_session())

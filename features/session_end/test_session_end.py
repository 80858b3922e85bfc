"""Steps of the session-end feature."""

from __future__ import annotations

from pytest_bdd import scenarios, then

from features.support.kiosk import Kiosk
from features.support.twin import Twin

scenarios("session_end.feature")


@then("ki-ốt không còn ở phiên của người dân")
def _(kiosk: Kiosk) -> None:
    assert not kiosk.view.frame.logged_in, kiosk.texts()


@then("phiên đăng nhập đã bị thu hồi trên hệ thống tỉnh")
def _(twin: Twin) -> None:
    assert twin.revoked_logins() == 1

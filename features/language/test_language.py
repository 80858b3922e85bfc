"""Steps of the language and accessibility feature."""

from __future__ import annotations

from pytest_bdd import scenarios, then

from features.support.kiosk import Kiosk

scenarios("language.feature")


@then("chữ trên màn hình lớn hơn bình thường")
def _(kiosk: Kiosk) -> None:
    assert kiosk.view.frame.large_text
    assert kiosk.view.frame.high_contrast

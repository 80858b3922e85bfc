"""Steps of the rating feature."""

from __future__ import annotations

from pytest_bdd import scenarios, then, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin

scenarios("rate.feature")

CONFLICT = 409


@when("người dân đánh giá hồ sơ đó")
def _(kiosk: Kiosk, dossier_code: str) -> None:
    kiosk.rate(dossier_code)


@then("hệ thống tỉnh từ chối đánh giá hồ sơ đó lần nữa")
def _(twin: Twin, dossier_code: str) -> None:
    assert twin.rate_again(dossier_code) == CONFLICT

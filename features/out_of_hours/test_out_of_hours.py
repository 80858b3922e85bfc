"""Steps of the out-of-hours feature: the world's time, a whole submission, the desk left alone."""

from __future__ import annotations

import datetime as dt

from pytest_bdd import given, parsers, scenarios, then, when

from features.help.desk import StaffDesk, travel_to
from features.support.kiosk import Kiosk
from features.support.world import World

scenarios("out_of_hours.feature")

VIETNAM = dt.timezone(dt.timedelta(hours=7))


@given(parsers.parse("bây giờ là {hour:d}:{minute:d} ngày {day:d}/{month:d}/{year:d}"))
def _(world: World, hour: int, minute: int, day: int, month: int, year: int) -> None:
    travel_to(world, dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM))


@when(parsers.parse('người dân nộp hồ sơ "{procedure}" sau khi tìm "{query}"'))
def _(kiosk: Kiosk, procedure: str, query: str) -> None:
    kiosk.open_form(query, procedure)
    kiosk.fill_form()
    kiosk.scan_all()
    kiosk.tap("Xác nhận và nộp hồ sơ")


@then("bàn hỗ trợ không nhận yêu cầu nào")
def _(world: World) -> None:
    assert StaffDesk(world).open_calls() == []

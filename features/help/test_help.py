"""Steps of the help feature: the staff desk's side, through the backend's staff API."""

from __future__ import annotations

from pytest_bdd import parsers, scenarios, then, when

from features.help.desk import StaffDesk
from features.support.kiosk import Kiosk
from features.support.twin import Twin
from features.support.world import World
from tests.support.backend import KIOSK_ID

scenarios("help.feature")


@when(parsers.parse('cán bộ "{staff}" nhận yêu cầu trên bàn hỗ trợ'))
def _(world: World, staff: str) -> None:
    StaffDesk(world).acknowledge(staff)


@when("cán bộ đóng yêu cầu trên bàn hỗ trợ")
def _(world: World) -> None:
    StaffDesk(world).close()


@when("hệ thống tỉnh hoạt động trở lại")
def _(twin: Twin) -> None:
    twin.control.backend.heal()


@then(parsers.parse('bàn hỗ trợ có {count:d} yêu cầu đang mở từ màn hình "{screen}" của ki-ốt này'))
def _(world: World, count: int, screen: str) -> None:
    calls = StaffDesk(world).open_calls()
    assert [(c["kiosk_id"], c["screen"]) for c in calls] == [(KIOSK_ID, screen)] * count, calls


@then(parsers.parse("bàn hỗ trợ có {count:d} yêu cầu đang mở"))
def _(world: World, count: int) -> None:
    assert len(StaffDesk(world).open_calls()) == count


@then("chữ của khung hỗ trợ nằm gọn trong màn hình")
def _(kiosk: Kiosk) -> None:
    assert kiosk.overflowing() == []

"""Steps of the submit-with-scanning feature: scanner faults and backend faults at submission."""

from __future__ import annotations

from pytest_bdd import given, parsers, scenarios, then, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin

scenarios("submit.feature")


@given(parsers.parse("khay nạp giấy sẽ kẹt ở tờ thứ {sheet:d}"))
def _(twin: Twin, sheet: int) -> None:
    twin.control.jam_feeder(sheet)


@given("khay nạp giấy không có tờ nào")
def _(twin: Twin) -> None:
    twin.control.empty_feeder()


@given("tờ tiếp theo trong khay nạp là một tờ giấy trắng")
def _(twin: Twin) -> None:
    twin.control.blank_page_next()


@when(parsers.parse('người dân mở tờ khai "{procedure}" sau khi tìm "{query}"'))
def _(kiosk: Kiosk, procedure: str, query: str) -> None:
    kiosk.open_form(query, procedure)


@when("người dân điền tờ khai")
def _(kiosk: Kiosk) -> None:
    kiosk.fill_form()


@when("người dân quét đủ giấy tờ")
def _(kiosk: Kiosk) -> None:
    kiosk.scan_all()


@when(parsers.parse('người dân quét giấy tờ "{document_code}"'))
def _(kiosk: Kiosk, document_code: str) -> None:
    kiosk.scan(document_code)


@when("hệ thống tỉnh ngừng hoạt động")
def _(twin: Twin) -> None:
    twin.control.backend.down()


@when(parsers.parse('hệ thống tỉnh làm mất câu trả lời khi "{route}"'))
def _(twin: Twin, route: str) -> None:
    twin.control.backend.lose_responses(twin.route(route))


@when("hệ thống tỉnh hoạt động trở lại")
def _(twin: Twin) -> None:
    twin.control.backend.heal()


@when("ki-ốt gửi lại các hồ sơ đang chờ")
def _(kiosk: Kiosk) -> None:
    kiosk.send_queued()


@then("ki-ốt không còn hồ sơ nào chờ gửi")
def _(kiosk: Kiosk) -> None:
    assert kiosk.queued() == 0

"""Steps of the chip login feature (card faults are set before the card is laid on the reader)."""

from __future__ import annotations

from dataclasses import replace

from pytest_bdd import given, parsers, scenarios, then, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin
from mocks.card.faults import CardFaults
from mocks.citizens import Persona
from tests.support.backend import START

scenarios("chip_login.feature")


@given(parsers.parse("thẻ sẽ bị rút ra sau {count:d} lệnh APDU"), target_fixture="card_faults")
def _(count: int) -> CardFaults:
    return CardFaults(removed_after=count)


@given("thẻ của người dân đã hết hạn", target_fixture="card_holder")
def _(citizen: Persona) -> Persona:
    # A CCCD expires on a renewal birthday (25, 40, 60), so ID number + date of birth still open
    # its chip; the card here expired at 25 and was never renewed.
    at_25 = citizen.date_of_birth.replace(year=citizen.date_of_birth.year + 25)
    issued = citizen.date_of_birth.replace(year=citizen.date_of_birth.year + 16)
    assert at_25 < START.date(), "the persona is too young for an expired card"
    return replace(citizen, date_of_issue=issued, date_of_expiry=at_25)


@given(parsers.parse("dữ liệu nhóm DG{group:d} trên chip đã bị sửa"), target_fixture="card_faults")
def _(group: int) -> CardFaults:
    return replace(CardFaults(), tampered=frozenset({group}))


@when("người dân nhập đúng số định danh và ngày sinh")
def _(kiosk: Kiosk, citizen: Persona) -> None:
    kiosk.enter_bac(citizen.id_number, citizen.date_of_birth)


@when("người dân xác nhận đăng nhập trên điện thoại")
def _(kiosk: Kiosk, twin: Twin) -> None:
    twin.approve_vneid(kiosk.vneid_session())


@when(parsers.parse('người dân nhập số định danh với ngày sinh "{ddmmyyyy}"'))
def _(kiosk: Kiosk, citizen: Persona, ddmmyyyy: str) -> None:
    kiosk.enter_bac_typed(citizen.id_number, ddmmyyyy)


@then("màn hình hiển thị tên của người dân")
def _(kiosk: Kiosk, citizen: Persona) -> None:
    assert kiosk.shows(citizen.full_name), kiosk.texts()


@then("màn hình không hiển thị số định danh đầy đủ")
def _(kiosk: Kiosk, citizen: Persona) -> None:
    assert not kiosk.shows(citizen.id_number), kiosk.texts()


@then("ki-ốt chưa đăng nhập")
def _(kiosk: Kiosk) -> None:
    assert not kiosk.view.frame.logged_in, kiosk.texts()


@then("đầu đọc không còn thẻ")
def _(twin: Twin) -> None:
    assert not twin.card_on_reader()

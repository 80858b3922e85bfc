"""Steps of the card-on-the-glass login (issue 15): print faults are set before the card is laid down."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin
from mocks.card.faults import CardFaults
from mocks.card.printed import CardFace, PrintFaults, card_on_glass
from mocks.citizens import Persona
from reference_kiosk.app.glass import GlassLogin
from reference_kiosk.documents.mrz_ocr import ocr_b_font

pytestmark = pytest.mark.skipif(ocr_b_font() is None, reason="needs the Debian package fonts-ocr-b")

scenarios("glass_login.feature")

FACES = {"trước": CardFace.FRONT, "sau": CardFace.BACK}


@pytest.fixture
def print_faults() -> list[str]:
    return []


@given(parsers.parse('bản in trên thẻ có lỗi "{fault}"'))
def _(print_faults: list[str], fault: str) -> None:
    PrintFaults.parse([fault])  # an unknown name fails here, naming the known ones
    print_faults.append(fault)


@when(parsers.parse("người dân đặt thẻ lên mặt kính, mặt {face}"))
def _(twin: Twin, card_holder: Persona, card_faults: CardFaults, print_faults: list[str], face: str) -> None:
    # The reader sits under the glass's card corner: one gesture lays the card on both.
    twin.lay_card_on_glass(card_on_glass(card_holder, FACES[face], PrintFaults.parse(print_faults)))
    twin.insert_card(card_faults, card_holder)


@then("màn hình hiển thị tên của người dân")
def _(kiosk: Kiosk, citizen: Persona) -> None:
    assert kiosk.shows(citizen.full_name), kiosk.texts()


@then("ki-ốt chưa đăng nhập")
def _(kiosk: Kiosk) -> None:
    assert not kiosk.view.frame.logged_in, kiosk.texts()


@when("người dân nhập đúng số định danh và ngày sinh")
def _(kiosk: Kiosk, citizen: Persona) -> None:
    kiosk.enter_bac(citizen.id_number, citizen.date_of_birth)


@then(parsers.parse("thẻ được mở bằng mã {code}"))
def _(kiosk: Kiosk, code: str) -> None:
    owners = [getattr(h, "__self__", None) for h in kiosk.services.executor.handlers.values()]
    glass = next(o for o in owners if isinstance(o, GlassLogin))
    assert glass.last_keyed_from == code

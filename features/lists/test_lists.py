"""Steps of the lists feature: options in a paged picker, a second page of results, the newest step first."""

from __future__ import annotations

from pytest_bdd import given, parsers, scenarios, then, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin
from reference_kiosk.flow import events as ev
from reference_kiosk.flow import views as vw
from reference_kiosk.ui.widgets import Timeline

scenarios("lists.feature")


@given(parsers.parse("hồ sơ đó đã qua {steps:d} bước xử lý"))
def _(twin: Twin, dossier_code: str, steps: int) -> None:
    for i in range(steps):
        twin.control.backend.force_status(dossier_code, 4 if i % 2 else 2, f"Bước {i + 1}")


@when(parsers.parse('người dân mở tờ khai "{procedure}" sau khi tìm "{query}"'))
def _(kiosk: Kiosk, procedure: str, query: str) -> None:
    kiosk.open_form(query, procedure)


@when(parsers.parse('người dân chọn "{option}" ở mục "{field}"'))
def _(kiosk: Kiosk, option: str, field: str) -> None:
    kiosk.choose(field, option)


@when("người dân ghi nhớ các thủ tục ở trang đầu", target_fixture="first_page")
def _(kiosk: Kiosk) -> set[str]:
    return kiosk.procedures_shown()


@when("người dân chọn hồ sơ đó")
def _(kiosk: Kiosk, dossier_code: str) -> None:
    kiosk.tap_action(ev.DossierChosen(dossier_code))


@then(parsers.parse('tờ khai ghi "{option}" ở mục "{field}"'))
def _(kiosk: Kiosk, option: str, field: str) -> None:
    view = kiosk.view
    assert isinstance(view, vw.FormView), kiosk.screen
    assert [f.value for f in view.fields if f.label == field] == [option]


@then("trang này có những thủ tục chưa có ở trang đầu")
def _(kiosk: Kiosk, first_page: set[str]) -> None:
    shown = kiosk.procedures_shown()
    assert shown, kiosk.texts()
    assert not shown & first_page


@then("bước xử lý mới nhất đứng đầu lịch sử")
def _(kiosk: Kiosk) -> None:
    steps = [w for w in kiosk.driver.widgets() if isinstance(w, Timeline)]
    assert steps, kiosk.texts()
    top_entry = steps[0].entries[0]  # the first step drawn, at the top of the history
    assert "Bước 8" in " ".join(top_entry), top_entry


@then("chữ trên màn hình không tràn khỏi ô của nó")
def _(kiosk: Kiosk) -> None:
    assert kiosk.overflowing() == []

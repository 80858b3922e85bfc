"""Steps of settling a dossier's notices from its status screen (fee due, supplement requested)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, scenarios, then, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin
from reference_kiosk.flow import events as ev
from reference_kiosk.flow import views as vw

scenarios("settle.feature")

SUPPLEMENT_REQUESTED, PROCESSING = 5, 4
SUPPLY_ROUTE = "POST /api/v1/dossiers/{code}/supplements/{id}"


def _on_backend(twin: Twin, dossier_code: str) -> dict[str, Any]:
    return next(d for d in twin.dossiers() if d["code"] == dossier_code)


@given("cán bộ đã yêu cầu bổ sung giấy tờ cho hồ sơ đó")
def _(twin: Twin, dossier_code: str) -> None:
    twin.control.backend.force_status(dossier_code, SUPPLEMENT_REQUESTED)


@when("người dân chọn hồ sơ đó")
def _(kiosk: Kiosk, dossier_code: str) -> None:
    kiosk.tap_action(ev.DossierChosen(dossier_code))


@when("ngân hàng xác nhận đã nhận tiền")
def _(twin: Twin, dossier_code: str) -> None:
    twin.pay(dossier_code)


@when("người dân quét đủ giấy tờ")
def _(kiosk: Kiosk) -> None:
    kiosk.scan_all()


@when("hệ thống tỉnh gặp sự cố khi nhận giấy tờ bổ sung")
def _(twin: Twin) -> None:
    twin.control.backend.fail(SUPPLY_ROUTE, 503)  # only there: the steps below still read the records


@when("hệ thống tỉnh hoạt động trở lại")
def _(twin: Twin) -> None:
    twin.control.backend.heal()


@then("ki-ốt chỉ hỏi đúng những giấy tờ cán bộ yêu cầu bổ sung")
def _(kiosk: Kiosk, twin: Twin, dossier_code: str) -> None:
    [request] = _on_backend(twin, dossier_code)["supplement_requests"]
    view = kiosk.view
    assert isinstance(view, vw.ScanView), kiosk.screen
    assert [i.document_code for i in view.checklist] == request["documents"]


@then("hệ thống tỉnh đã nhận giấy tờ bổ sung và tiếp tục xử lý hồ sơ đó")
def _(twin: Twin, dossier_code: str) -> None:
    dossier = _on_backend(twin, dossier_code)
    assert dossier["status"] == PROCESSING
    assert [r["status"] for r in dossier["supplement_requests"]] == ["supplied"]


@then("hồ sơ đó trên hệ thống tỉnh vẫn chờ giấy tờ bổ sung")
def _(twin: Twin, dossier_code: str) -> None:
    dossier = _on_backend(twin, dossier_code)
    assert dossier["status"] == SUPPLEMENT_REQUESTED
    assert [r["status"] for r in dossier["supplement_requests"]] == ["requested"]

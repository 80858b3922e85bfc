"""Steps of the result feature: the QR is read back from the screen's pixels, not from its widget."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import zxingcpp
from PIL import Image
from pytest_bdd import given, scenarios, then, when

from features.support.kiosk import Kiosk
from features.support.twin import Twin
from reference_kiosk.flow import events as ev

scenarios("result.feature")

PROCESSING = 4


@given("hồ sơ đó đang được xử lý")
def _(twin: Twin, dossier_code: str) -> None:
    twin.control.backend.force_status(dossier_code, PROCESSING)


@when("người dân chọn hồ sơ đó")
@when("người dân chọn hồ sơ đó để đánh giá")
def _(kiosk: Kiosk, dossier_code: str) -> None:
    kiosk.tap_action(ev.DossierChosen(dossier_code))


@then("mã QR trên màn hình mở bản điện tử của hồ sơ đó")
def _(kiosk: Kiosk, twin: Twin, dossier_code: str, tmp_path: Path) -> None:
    shot = kiosk.driver.screenshot(tmp_path / "status.png")
    found = zxingcpp.read_barcodes(Image.open(shot).convert("L"))
    urls = [b.text for b in found if "/e-copy" in b.text]
    assert len(urls) == 1, [b.text for b in found]
    parts = urlsplit(urls[0])
    page = twin.control.backend.http.request("GET", f"{parts.path}?{parts.query}")
    assert page.status_code == 200
    assert dossier_code in page.text

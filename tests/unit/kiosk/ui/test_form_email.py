"""Typing in the e-form: an e-mail is typed as it is (Telex would turn "example" into "ẽample"),
and a typed ID number is masked on screen like a prefilled one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reference_kiosk import api
from reference_kiosk.flow.views import FormView
from tests.support import ui_world
from tests.support.kiosk_flow import procedure
from tests.support.ui_gallery import Gallery

HEAD_ID = "020187001234"


def with_email(cases: int = 2, online: api.OnlineLevel = api.OnlineLevel.FULL) -> api.Procedure:
    base = procedure(cases, online)
    email = api.FormField(name="email", label="Thư điện tử", label_en="E-mail", type="email", required=False)
    head = api.FormField(
        name="head_id", label="Số định danh chủ hộ", label_en="Head's ID", type="id_number", required=False
    )
    return base.model_copy(update={"form": [*base.form, email, head]})


@pytest.fixture
def gallery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Gallery]:
    monkeypatch.setattr(ui_world, "procedure", with_email)
    shown = Gallery(tmp_path, "vi")
    try:
        yield shown
    finally:
        shown.kiosk.app.close()


def to_form(gallery: Gallery) -> None:
    gallery.choose_language()
    gallery.login_card()
    k = gallery.kiosk
    gallery.tap("home.tile.submit")
    k.type("thuong tru")
    k.settle()
    k.tap("Đăng ký thường trú")
    k.settle()
    gallery.tap("procedure.submit")
    k.tap("Trường hợp 1")
    k.settle()


def test_an_email_address_keeps_its_letters(gallery: Gallery) -> None:
    to_form(gallery)
    k = gallery.kiosk
    gallery.reach("Thư điện tử (không bắt buộc)")
    for key in "cong.dan@example.vn":
        k.tap(key)  # the on-screen keys, "@" included
    gallery.tap("form.done")
    view = k.view
    assert isinstance(view, FormView)
    assert next(f.value for f in view.fields if f.name == "email") == "cong.dan@example.vn"


def test_a_typed_id_number_is_masked_on_screen(gallery: Gallery) -> None:
    to_form(gallery)
    k = gallery.kiosk
    gallery.reach("Số định danh chủ hộ (không bắt buộc)")
    k.type(HEAD_ID)
    assert HEAD_ID not in " ".join(k.screen_text())
    gallery.tap("form.done")
    assert HEAD_ID not in " ".join(k.screen_text())
    assert k.app.flow._st.s.submit.values["head_id"] == HEAD_ID  # the flow keeps it for the dossier

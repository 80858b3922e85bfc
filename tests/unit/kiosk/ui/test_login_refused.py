"""The failed-login screen through the real UI: a refused card gets VNeID and staff, a hiccup gets Retry."""

from __future__ import annotations

import pytest

from reference_kiosk.backend import errors as be
from reference_kiosk.config import KioskConfig
from reference_kiosk.devices.icao import errors as ie
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow import KioskFlow
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import LoginPhase, LoginView, Screen
from reference_kiosk.i18n import translator
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.widgets import Button, Text
from tests.support.kiosk_flow import DOB, ID_NUMBER, FakeClock
from tests.support.ui_world import ScriptedWorld

VI, EN = translator("vi"), translator("en")


def fail_login(kiosk: KioskDriver, world: ScriptedWorld, error: KioskError, lang: str = "vi") -> None:
    """Card, keypad, Continue; the backend answers the chip login with ``error``."""
    world.login_error = error
    if lang == "en":
        kiosk.tap("English")
    t = translator(lang)
    kiosk.tap(t("welcome.start"))
    kiosk.tap(t("login.method.card"))
    kiosk.send(ev.CardInserted("r0"))
    kiosk.settle()
    kiosk.type(ID_NUMBER + DOB.strftime("%d%m%Y"))
    kiosk.tap(t("common.continue"))
    kiosk.settle()
    view = kiosk.view
    assert isinstance(view, LoginView)
    assert view.phase is LoginPhase.FAILED, kiosk.screen_text()


def buttons(kiosk: KioskDriver) -> list[str]:
    """The labels of the screen's own buttons, top to bottom (header and footer chrome left out)."""
    keys = ("chrome.back", "chrome.cancel", "chrome.home", "help.button")
    chrome = {t(k) for t in (VI, EN) for k in keys} | {"English", "Tiếng Việt"}
    found = [w for w in kiosk.widgets() if isinstance(w, Button) and w.label not in chrome]
    return [w.label for w in sorted(found, key=lambda w: w.rect.y)]


def test_an_expired_card_offers_vneid_first_then_staff_and_no_retry(
    kiosk: KioskDriver, world: ScriptedWorld
) -> None:
    fail_login(kiosk, world, be.ExpiredCardError(code="expired_document"))
    assert buttons(kiosk) == ["Đăng nhập bằng VNeID", "Gọi cán bộ hỗ trợ"]
    assert "Thử lại" not in kiosk.labels()
    assert be.ExpiredCardError.message_vi in kiosk.screen_text()
    first = kiosk.find("Đăng nhập bằng VNeID")
    assert isinstance(first, Button)
    assert first.style == "primary"


def test_calling_staff_says_where_help_is_and_what_to_bring(kiosk: KioskDriver, world: ScriptedWorld) -> None:
    fail_login(kiosk, world, be.ExpiredCardError())
    kiosk.tap("Gọi cán bộ hỗ trợ")
    text = kiosk.screen_text()
    assert VI("help.acknowledged", staff="Chị Lan") in text  # what the (scripted) staff desk answered
    assert VI("login.help.where") in text
    assert VI("login.help.bring.expired") in text
    assert buttons(kiosk) == ["Đăng nhập bằng VNeID"]  # the call button became the note
    assert sum(isinstance(e, fx.Track) and e.kind == "help" for e in world.executed) == 1


@pytest.mark.parametrize(
    ("error", "bring"),
    [
        (be.ChipDataUnverifiedError(code="hash_mismatch"), "login.help.bring.card_check"),
        (be.UnknownCitizenError(), "login.help.bring.unknown_citizen"),
        (ie.ApplicationNotFoundError("select eMRTD", 0x6A82), "login.help.bring.not_a_card"),
        (ie.TrustStoreError("no CSCA"), "login.help.bring.kiosk_reader"),
    ],
    ids=["tampered", "unknown", "not_a_card", "kiosk_reader"],
)
def test_the_help_note_fits_the_refusal_in_english(
    kiosk: KioskDriver, world: ScriptedWorld, error: KioskError, bring: str
) -> None:
    fail_login(kiosk, world, error, lang="en")
    assert buttons(kiosk) == ["Log in with VNeID", "Call a staff member"]
    kiosk.tap("Call a staff member")
    text = kiosk.screen_text()
    assert EN(bring) in text
    assert EN("login.help.where") in text
    assert not any(VI(bring) in line for line in text)  # no Vietnamese note on an English screen


def test_tapping_vneid_lands_on_the_vneid_qr(kiosk: KioskDriver, world: ScriptedWorld) -> None:
    fail_login(kiosk, world, be.ExpiredCardError())
    kiosk.tap("Đăng nhập bằng VNeID")
    kiosk.settle()
    view = kiosk.view
    assert isinstance(view, LoginView)
    assert (view.method, view.phase) == (ev.LoginMethod.VNEID, LoginPhase.VNEID_QR)
    assert VI("login.title.vneid_qr") in kiosk.screen_text()
    assert kiosk.scene is Screen.LOGIN


def test_a_backend_timeout_keeps_retry_which_reads_again(kiosk: KioskDriver, world: ScriptedWorld) -> None:
    fail_login(kiosk, world, be.BackendTimeoutError())
    assert buttons(kiosk) == ["Thử lại"]
    world.login_error = None
    reads = sum(isinstance(e, fx.ReadCard) for e in world.executed)
    kiosk.tap("Thử lại")
    kiosk.settle()
    assert sum(isinstance(e, fx.ReadCard) for e in world.executed) == reads + 1


def test_a_tampered_chip_read_offers_no_retry(kiosk: KioskDriver, world: ScriptedWorld) -> None:
    """Refused by the kiosk's own reader (passive authentication), before the backend is asked."""
    kiosk.tap("Chạm để bắt đầu")
    kiosk.tap("Thẻ căn cước gắn chip (cả thẻ CCCD cũ)")
    world.needs_bac = False
    kiosk.send(ev.CardInserted("r0"), ev.CardReadFailed(ie.TamperedDataError("DG13", "failed", ("hash",))))
    assert buttons(kiosk) == ["Đăng nhập bằng VNeID", "Gọi cán bộ hỗ trợ"]
    assert ie.TamperedDataError.message_vi in kiosk.screen_text()


def test_the_help_note_stays_above_the_footer_in_landscape_with_large_text(
    clock: FakeClock, world: ScriptedWorld
) -> None:
    app = KioskApp(KioskFlow(clock, KioskConfig()), clock, size=(1920, 1080), services=world)
    app.start()
    try:
        kiosk = KioskDriver(app, clock)
        kiosk.tap(f"{VI('a11y.large_text')}: {VI('toggle.off')}")
        fail_login(kiosk, world, be.ExpiredCardError())
        kiosk.tap("Gọi cán bộ hỗ trợ")
        assert VI("login.help.bring.expired") in kiosk.screen_text()
        footer = kiosk.find(VI("chrome.back")).rect.top
        texts = [w for w in kiosk.widgets() if isinstance(w, Text)]
        assert max(w.rect.bottom for w in texts) <= footer
    finally:
        app.close()

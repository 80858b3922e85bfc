"""Every screen of the kiosk, driven through the real UI with a scripted world, saved as PNGs.

    .venv/bin/python -m tests.support.ui_gallery reports/out/screens    # both languages

Used by the UI tests (into a temporary directory) and by hand for the screenshots to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from mocks.commands.ui_audit.geometry import inspect_widgets
from reference_kiosk.backend.errors import BackendUnavailableError, ExpiredCardError
from reference_kiosk.config import KioskConfig
from reference_kiosk.devices.errors import PrinterOutOfPaperError
from reference_kiosk.flow import KioskFlow
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.account_types import OtpSent
from reference_kiosk.flow.views import Screen
from reference_kiosk.i18n import translator
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.scenes import SceneEnv
from tests.support.kiosk_flow import DOB, ID_NUMBER, FakeClock, dossier
from tests.support.ui_world import ScriptedWorld


class Gallery:
    def __init__(self, out_dir: Path, lang: str, size: tuple[int, int] = (1080, 1920)) -> None:
        self.out_dir = out_dir / lang
        self.lang = lang
        self.t = translator(lang)
        self.clock = FakeClock()
        self.world = ScriptedWorld(self.clock)
        self.config = KioskConfig(lang="vi")
        flow = KioskFlow(self.clock, self.config, can_print=True)
        app = KioskApp(flow, self.clock, size=size, services=self.world, env=SceneEnv(self.world.thumbnail))
        self.kiosk = KioskDriver(app, self.clock)
        self.shots: dict[str, Path] = {}
        self.texts: dict[str, list[str]] = {}
        self.final_scene: Screen | None = None
        self.problems: dict[str, list[str]] = {}  # the geometry check's findings, per shot

    def shot(self, name: str, settle: bool = True) -> None:
        if settle:
            self.kiosk.settle(2)
        index = len(self.shots) + 1
        self.shots[name] = self.kiosk.screenshot(self.out_dir / f"{index:02d}_{name}.png")
        self.texts[name] = self.kiosk.screen_text()
        self.check_layout(name)

    def check_layout(self, name: str) -> None:
        """The UI audit's geometry check (mocks.commands.ui_audit.geometry): it measures what the
        widgets draw (ink and rendered strings), not what the layout meant them to draw."""
        top = self.kiosk.app.stack.top
        assert top is not None
        assert top.ctx is not None
        found = inspect_widgets(name, top.widgets, top.ctx, self.kiosk.app.size, top.ctx.theme.min_target_px)
        for f in found:
            self.problems.setdefault(name, []).append(f"{f.kind}: {f.widget} {f.detail}")

    def tap(self, key: str, nth: int = 0, **values: object) -> None:
        self.kiosk.tap(self.t(key, **values), nth)
        self.kiosk.settle()

    def reach(self, label: str) -> None:
        """Tap ``label`` on the form, turning its pages until it shows (short screens page the form)."""
        more = self.t("paging.next")
        while label not in self.kiosk.labels() and more in self.kiosk.labels():
            self.kiosk.tap(more)
        self.kiosk.tap(label)

    # ------------------------------------------------------------------ journeys

    def choose_language(self) -> None:
        """On the welcome screen (each new session starts in Vietnamese)."""
        self.kiosk.tap(self.t(f"lang.{self.lang}"))

    def welcome(self) -> None:
        self.choose_language()
        self.shot("welcome")

    def login_card(self) -> None:
        k = self.kiosk
        self.tap("welcome.start")
        self.shot("login_choose")
        self.tap("login.method.card")
        self.shot("login_place_card")
        k.send(ev.CardInserted("r0"))
        self.shot("login_reading", settle=False)
        k.settle()
        k.type(ID_NUMBER)
        k.type(DOB.strftime("%d%m%Y"))
        self.shot("login_keypad")
        self.tap("common.continue")
        self.shot("login_verified")
        self.tap("common.continue")
        assert k.scene is Screen.HOME, k.scene
        self.shot("home")

    def submit(self, prefix: str = "") -> None:
        k = self.kiosk
        self.tap("home.tile.submit")
        k.type("thuong tru")
        k.settle()
        if not prefix:
            self.shot("search")
        k.tap("Permanent residence registration" if self.lang == "en" else "Đăng ký thường trú")
        k.settle()
        if not prefix:
            self.shot("procedure")
        self.tap("procedure.submit")
        if not prefix:
            self.shot("procedure_case")
        k.tap("Trường hợp 1")
        k.settle()
        if not prefix:
            self.shot("form")
            self.tap("common.continue")  # nothing typed yet: every problem is explained in place
            self.shot("form_errors")
        self.reach("Nơi ở mới" if self.lang == "vi" else "New address")
        k.type("So 12 Ngo Phai Ve, Lang Son")
        if not prefix:
            self.shot("form_keyboard")
        self.tap("form.done")
        self.reach("Chuyển đến")
        self.tap("common.continue")
        assert k.scene is Screen.SCAN, (k.scene, k.screen_text())
        self.tap("scan.scan")
        self.world.blank_next = True
        self.tap("scan.scan")
        if not prefix:
            self.shot("scan_blank_warning")
        self.tap("scan.keep")
        if not prefix:
            self.shot("scan")
        self.tap("common.continue")
        self.shot(f"{prefix}review")
        self.tap("review.confirm")
        self.shot(f"{prefix}receipt")
        self.tap("receipt.print")
        self.shot(f"{prefix}receipt_print")  # printed, or why not (the code stays on screen)

    def pay(self) -> None:
        k = self.kiosk
        self.tap("receipt.pay", amount=self.t.money(10000))
        self.shot("pay_qr")
        self.world.pay_status = self.world.pay_status.PAID
        k.advance(4)
        self.shot("pay_paid")
        self.tap("common.done")
        self.world.pay_status = self.world.pay_status.PENDING
        if k.scene is not Screen.HOME:
            self.tap("chrome.home")
        self.tap("home.tile.pay")
        self.shot("pay_list")
        self.tap("chrome.back")

    def lookup_and_rate(self) -> None:
        k = self.kiosk
        if k.scene is not Screen.HOME:
            self.tap("chrome.home")
        self.tap("home.tile.lookup")
        self.shot("lookup_list")
        k.tap(dossier().procedure_name)
        k.settle()
        self.shot("lookup_detail")
        self.tap("chrome.home")
        self.tap("home.tile.rate")
        self.shot("rate_choose")
        k.tap(dossier().procedure_name)
        k.settle()
        self.shot("rate_question")
        while self.t("rate.score.2") in k.labels():  # 5 questions, 7 once finished (timeliness)
            self.tap("rate.score.2")
        self.tap("rate.level.very_satisfied")
        self.tap("rate.level.satisfied")
        self.shot("rate_all_answered")
        self.tap("rate.send")
        self.shot("rate_done")
        self.tap("common.done")

    def errors_and_timeout(self) -> None:
        k = self.kiosk
        if k.scene is not Screen.HOME:
            self.tap("chrome.home")
        self.tap("home.tile.procedures")
        k.send(ev.SearchChanged("ho tich"))
        k.send(ev.ErrorOccurred(BackendUnavailableError()))
        self.shot("error")
        self.tap("error.call_staff")
        self.shot("error_staff_called")
        self.tap("error.dismiss")
        self.tap("chrome.home")
        k.advance(5)  # the help call's first poll: staff have been (the scripted world closes it)
        k.advance(self.config.inactivity_warning_s + 1)  # idle past the warning, not to the end
        self.shot("timeout_warning")
        self.tap("timeout.still_here")

    def offline_and_goodbye(self) -> None:
        self.world.offline = True
        self.world.printer.fail_with = PrinterOutOfPaperError()
        self.submit(prefix="offline_")
        self.world.offline = False
        self.world.printer.fail_with = None
        self.tap("common.done")
        self.tap("chrome.logout")
        self.shot("goodbye")
        self.tap("common.done")

    def vneid(self) -> None:
        self.choose_language()
        k = self.kiosk
        self.tap("welcome.start")
        self.tap("login.method.vneid")
        self.shot("vneid_qr")
        self.world.vneid_status = self.world.vneid_status.DENIED
        k.advance(3)
        self.shot("vneid_denied")
        self.world.vneid_status = self.world.vneid_status.EXPIRED
        self.tap("login.reload")
        k.advance(3)
        self.shot("vneid_expired")
        self.tap("chrome.cancel")

    def vneid_account(self) -> None:
        """The VNeID account login: number on the keypad, password on the letters, then the code."""
        self.choose_language()
        k = self.kiosk
        self.tap("welcome.start")
        self.tap("login.method.account")
        self.shot("account_id")
        k.type(ID_NUMBER)
        k.type("Mat-khau-1")
        self.shot("account_password")
        self.tap("common.continue")
        expires = self.clock.now() + dt.timedelta(minutes=5)
        k.send(OtpSent(challenge_id="gallery", expires_at=expires, digits=6))  # VNeID's answer
        k.type("123")
        self.shot("account_otp")
        self.tap("chrome.cancel")

    def refused_card(self) -> None:
        """An expired card: VNeID first and call staff (then where and what to bring), no retry."""
        self.choose_language()
        k = self.kiosk
        self.world.login_error = ExpiredCardError(code="expired_document")
        self.tap("welcome.start")
        self.tap("login.method.card")
        k.send(ev.CardInserted("r0"))
        k.settle()
        k.type(ID_NUMBER)
        k.type(DOB.strftime("%d%m%Y"))
        self.tap("common.continue")
        self.shot("login_refused")
        self.tap("error.call_staff")
        self.shot("login_refused_staff_called")
        self.world.login_error = None
        self.tap("login.offer.vneid")
        assert "login.title.vneid_qr" not in k.screen_text(), "a raw key on screen"
        assert self.t("login.title.vneid_qr") in k.screen_text(), k.screen_text()
        self.tap("chrome.cancel")

    def anonymous_lookup(self) -> None:
        self.choose_language()
        k = self.kiosk
        self.tap("welcome.lookup")
        k.type("h36.1-250401-0001")
        k.tap(self.t("lookup.field.id"))
        k.type(ID_NUMBER)
        self.shot("lookup_enter_code")
        self.tap("lookup.search")
        self.shot("lookup_anonymous_detail")
        self.tap("chrome.cancel")
        self.world.lookup_found = False
        self.choose_language()
        self.tap("welcome.lookup")
        k.type("H36.1-000000-0000")
        k.tap(self.t("lookup.field.id"))
        k.type(ID_NUMBER)
        self.tap("lookup.search")
        self.shot("lookup_not_found")
        self.tap("chrome.cancel")
        self.world.lookup_found = True

    def accessibility(self) -> None:
        self.choose_language()
        for key in ("a11y.large_text", "a11y.high_contrast"):
            self.kiosk.tap(f"{self.t(key)}: {self.t('toggle.off')}")
        self.shot("welcome_large_high_contrast")
        self.tap("welcome.procedures")
        self.shot("search_large_high_contrast")
        self.tap("chrome.cancel")


JOURNEYS: tuple[Callable[[Gallery], None], ...] = (
    Gallery.welcome,
    Gallery.login_card,
    Gallery.submit,
    Gallery.pay,
    Gallery.lookup_and_rate,
    Gallery.errors_and_timeout,
    Gallery.offline_and_goodbye,
    Gallery.vneid,
    Gallery.vneid_account,
    Gallery.refused_card,
    Gallery.anonymous_lookup,
    Gallery.accessibility,
)


def capture(out_dir: Path, lang: str, size: tuple[int, int] = (1080, 1920)) -> Gallery:
    gallery = Gallery(out_dir, lang, size)
    try:
        for journey in JOURNEYS:
            journey(gallery)
        gallery.final_scene = gallery.kiosk.scene
    finally:
        gallery.kiosk.app.close()
    return gallery


def main(argv: list[str]) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    out = Path(argv[0]) if argv else Path("reports/out/screens")
    for lang in ("vi", "en"):
        gallery = capture(out, lang)
        problems = gallery.problems or "none"
        print(f"{lang}: {len(gallery.shots)} screens in {out / lang}; layout problems: {problems}")
    landscape = capture(out / "landscape", "vi", (1920, 1080))
    print(f"landscape vi: {len(landscape.shots)} screens; layout problems: {landscape.problems or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

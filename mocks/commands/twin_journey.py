"""The scripted citizen of ``kiosk-twin up --headless``: the real kiosk, driven by taps, in the world.

Every step goes through ``KioskDriver`` (synthesised touches and typing, as a person would) and
the world answers through its one control surface, ``TwinControl``: the card is put on the
emulated reader, the bank reads the VietQR on screen and confirms it, the one-stop desk accepts
the dossier. A screenshot
of every screen passed is saved as a numbered PNG. What is printed never holds the ID number,
the name or the date of birth (masked like the kiosk masks them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from mocks.card.printed import CardFace, card_on_glass
from mocks.citizens import Persona
from mocks.world import SimulatedWorld
from reference_kiosk.app import KioskAssembly
from reference_kiosk.domain.privacy import mask_id_number as mask_id
from reference_kiosk.flow import views as vw
from reference_kiosk.flow.views import Screen
from reference_kiosk.i18n import translator
from reference_kiosk.ui.driver import KioskDriver, ManualClock
from reference_kiosk.ui.widgets import QrCode

__all__ = ["Camera", "JourneyFailedError", "run_twin_journey"]

SEARCH = "thuong tru"
TYPED = {"phone": "0912345678", "email": "cong.dan@example.vn", "date": "17032025", "number": "1"}


class JourneyFailedError(RuntimeError):
    """The scripted citizen could not go on (mocks side: the message says where and what showed)."""


@dataclass(slots=True)
class Camera:
    """Saves the screen whenever it shows something new (a new screen or phase, not a countdown)."""

    driver: KioskDriver
    out_dir: Path
    shots: list[Path] = field(default_factory=list)
    _last: object = None

    def snap(self, force: bool = False) -> Path | None:
        view = self.driver.view
        key = (
            type(view).__name__,
            view.screen,
            getattr(view, "phase", None),
            getattr(view, "show_errors", None),
            getattr(view, "print_status", None),  # the receipt once the slip is printed
        )
        if key == self._last and not force:
            return None
        self._last = key
        name = f"{len(self.shots) + 1:02d}_{self.driver.scene.value}"
        phase = getattr(view, "phase", None)
        if phase is not None:
            name += f"_{phase}"
        path = self.driver.screenshot(self.out_dir / f"{name}.png")
        self.shots.append(path)
        return path


class TwinJourney:
    def __init__(
        self, world: SimulatedWorld, kiosk: KioskAssembly, clock: ManualClock, citizen: Persona,
        out_dir: Path, console: Console, lang: str,
    ) -> None:  # fmt: skip
        self.world = world
        self.citizen = citizen
        self.k = KioskDriver(kiosk.app, clock)
        self.camera = Camera(self.k, out_dir)
        self.console = console
        self.lang = lang
        self.t = translator(lang)
        self.step_no = 0

    # ------------------------------------------------------------------ helpers

    def step(self, title: str) -> None:
        self.step_no += 1
        self.console.rule(f"[bold]{self.step_no}. {title}", align="left")

    def say(self, text: str) -> None:
        self.console.print(f"    {text}")

    def settle(self) -> None:
        self.k.settle()
        self.camera.snap()

    def tap(self, label: str, nth: int = 0) -> None:
        self.k.tap(label, nth)
        self.camera.snap()  # what shows while the answer is on its way (reading the card, sending...)
        self.settle()

    def tap_key(self, key: str, **values: object) -> None:
        self.tap(self.t(key, **values))

    def expect(self, screen: Screen, why: str) -> None:
        if self.k.scene is not screen:
            shown = " | ".join(self.k.screen_text()[:12])
            raise JourneyFailedError(f"{why}: expected {screen.value}, on {self.k.scene.value}: {shown}")

    def wait_for(self, ready: Callable[[], bool], what: str, seconds: float = 30.0) -> None:
        """Let kiosk time pass one second per frame (polls fire) until ``ready``."""
        for _ in range(int(seconds)):
            if ready():
                return
            self.k.advance(1)
            self.settle()
        if not ready():
            raise JourneyFailedError(f"{what} did not happen within {seconds:.0f} kiosk seconds")

    def reader_name(self) -> str:
        reader = self.world.devices.card_reader
        return reader.name if reader is not None else "no reader"

    def phase(self) -> object:
        return getattr(self.k.view, "phase", None)

    # ------------------------------------------------------------------ the journey

    def welcome(self) -> None:
        self.step("Màn hình chào / welcome")
        self.k.app.render(0.0)
        self.camera.snap()
        if self.lang == "en":
            self.tap("English")
        self.tap_key("welcome.start")
        self.expect(Screen.LOGIN, "touch to begin")

    def login(self) -> None:
        citizen = self.citizen
        self.step("Đăng nhập bằng thẻ căn cước / ID card login")
        self.tap_key("login.method.card")
        # The reader sits under the glass's card corner: one gesture lays the card on both, MRZ
        # face down, and the kiosk reads the chip's key from the print (nothing typed).
        if self.world.twin.scanner is not None:
            self.world.twin.lay_on_glass(card_on_glass(citizen, CardFace.BACK))
        self.world.twin.insert_card(citizen)
        self.say(f"card of {mask_id(citizen.id_number)} laid on the glass over {self.reader_name()}")
        self.settle()
        if self.phase() is vw.LoginPhase.ENTER_BAC:
            self.say("the chip needs ID number + date of birth: typed on the keypad")
            self.k.type(citizen.id_number)
            self.k.type(citizen.date_of_birth.strftime("%d%m%Y"))
            self.camera.snap(force=True)
            self.tap_key("common.continue")
        else:
            self.say("the chip's key was read from the card's print on the glass: nothing typed")
        self.wait_for(lambda: self.phase() in (vw.LoginPhase.VERIFIED, vw.LoginPhase.FAILED), "card login")
        view = self.k.view
        if not isinstance(view, vw.LoginView) or view.phase is not vw.LoginPhase.VERIFIED:
            raise JourneyFailedError(f"card login failed: {getattr(view, 'error_en', view)}")
        self.say(f"chip read, passive authentication and backend check passed: ID {view.masked_id}")
        self.tap_key("common.continue")
        self.expect(Screen.HOME, "after login")

    def find(self) -> str:
        self.step(f"Tìm thủ tục / find a procedure: “{SEARCH}”")
        self.tap_key("home.tile.submit")
        self.k.type(SEARCH)
        self.settle()
        view = self.k.view
        if not isinstance(view, vw.SearchView) or not view.results:
            raise JourneyFailedError(f"no search results for {SEARCH!r}")
        first = view.results[0]
        name = first.name_en if self.lang == "en" and first.name_en else first.name
        self.say(f"{len(view.results)} results; choosing {first.code} {first.name}")
        self.tap(name)
        self.expect(Screen.PROCEDURE, "procedure detail")
        return first.code

    def fill_form(self) -> None:
        self.step("Điền tờ khai / fill the e-form")
        self.tap_key("procedure.submit")
        view = self.k.view
        if isinstance(view, vw.ProcedureView) and view.choosing_case and view.cases:
            self.tap(view.cases[0].name)
        self.expect(Screen.FORM, "the e-form")
        form = self.k.view
        assert isinstance(form, vw.FormView)
        for spec in form.fields:
            if spec.read_only or spec.value:
                continue
            label = spec.label_en if self.lang == "en" and spec.label_en else spec.label
            label = label if spec.required else f"{label} ({self.t('form.optional')})"
            if spec.options:
                self.choose(label, spec.options[0])
                self.settle()
                continue
            self.reach(label)
            typed = {**TYPED, "id_number": self.citizen.id_number}  # the citizen heads the household
            wants_name = "name" in spec.name and spec.type == "text"
            fallback = self.citizen.full_name if wants_name else self.citizen.residence
            self.k.type(typed.get(spec.type, fallback))
            self.tap_key("form.done")
        prefilled = sum(1 for f in form.fields if f.read_only)
        self.say(f"{len(form.fields)} fields, {prefilled} prefilled from the verified identity")
        self.camera.snap(force=True)  # the form as filled in
        self.tap_key("common.continue")
        if self.k.scene is Screen.FORM:
            errors = [f"{f.name}: {f.error_en}" for f in self.k.view.fields if f.error_en]  # type: ignore[union-attr]
            raise JourneyFailedError(f"the form was refused: {errors}")

    def reach(self, label: str) -> None:
        more = self.t("paging.next")
        while label not in self.k.labels() and more in self.k.labels():
            self.k.tap(more)
        self.k.tap(label)

    def choose(self, field: str, option: str) -> None:
        """An option of a select field: a chip on the form, or in the field's paged option picker."""
        more, labels = self.t("paging.next"), self.k.labels
        while option not in labels() and field not in labels() and more in labels():
            self.k.tap(more)
        if option not in labels():
            self.k.tap(field)
            while option not in labels() and more in labels():
                self.k.tap(more)
        self.k.tap(option)

    def scan(self) -> None:
        self.step("Quét giấy tờ / scan the papers")
        self.expect(Screen.SCAN, "the scan checklist")
        scan_label, rescan = self.t("scan.scan"), self.t("scan.rescan")
        for _ in range(3 * len(self._checklist()) + 3):
            if self._can_continue():
                break
            if rescan in self.k.labels() and any(i.blank_warning for i in self._checklist()):
                self.tap(rescan)  # the page looked blank: put the paper back and scan again
            elif scan_label in self.k.labels():
                self.tap(scan_label)  # the first paper not scanned yet
            self.wait_for(lambda: not self._busy(), "the scanner")
        for item in self._checklist():
            pages = f"{item.pages} page(s)" if item.pages else "not scanned (optional)"
            self.say(f"{item.document_code:<14} {pages}  {item.name}")
        if not self._can_continue():
            raise JourneyFailedError("the papers could not all be scanned")
        self.camera.snap(force=True)  # the checklist with the scanned pages' thumbnails
        self.tap_key("common.continue")
        self.expect(Screen.REVIEW, "review")

    def _checklist(self) -> tuple[vw.ScanItem, ...]:
        view = self.k.view
        return view.checklist if isinstance(view, vw.ScanView) else ()

    def _can_continue(self) -> bool:
        view = self.k.view
        return isinstance(view, vw.ScanView) and view.can_continue

    def _busy(self) -> bool:
        busy = (vw.ScanItemStatus.SCANNING, vw.ScanItemStatus.BUILDING)
        return any(i.status in busy for i in self._checklist())

    def submit(self) -> str:
        self.step("Xác nhận và nộp / review and submit")
        self.tap_key("review.confirm")
        self.wait_for(lambda: self.k.scene is Screen.RECEIPT, "the receipt")
        view = self.k.view
        assert isinstance(view, vw.ReceiptView)
        if view.offline or view.dossier_code is None:
            raise JourneyFailedError("the backend did not acknowledge the dossier")
        self.say(
            f"dossier {view.dossier_code}, appointment {view.appointment_date}, fee {view.fee_due:,} VND"
        )
        self.tap_key("receipt.print")
        done = (vw.PrintStatus.PRINTED, vw.PrintStatus.FAILED)
        self.wait_for(lambda: getattr(self.k.view, "print_status", None) in done, "the slip")
        receipt = self.k.view
        if not isinstance(receipt, vw.ReceiptView) or receipt.print_status is not vw.PrintStatus.PRINTED:
            raise JourneyFailedError(f"the slip was not printed: {getattr(receipt, 'print_error_en', '')}")
        self.say("slip printed: a PDF in the print queue's spool folder")
        return view.dossier_code

    def pay(self) -> None:
        from mocks.backend import vietqr

        self.step("Thanh toán VietQR / pay")
        receipt = self.k.view
        assert isinstance(receipt, vw.ReceiptView)
        if receipt.fee_due <= 0:
            self.say("no fee due")
            return
        self.tap_key("receipt.pay", amount=self.t.money(receipt.fee_due))
        self.wait_for(lambda: self.phase() is vw.PayPhase.QR, "the VietQR")
        qr = next(w for w in self.k.widgets() if isinstance(w, QrCode))
        bill = vietqr.parse(qr.payload).bill_number
        self.say(f"the bank app scans the QR: {qr.payload[:48]}… bill {bill}")
        if bill is None:
            raise JourneyFailedError(f"the VietQR names no bill: {qr.payload[:48]}")
        self.world.twin.backend.confirm_payment(bill)
        self.wait_for(lambda: self.phase() is vw.PayPhase.PAID, "the payment")
        self.say(f"paid; receipt {getattr(self.k.view, 'receipt_number', '?')}")
        self.tap_key("common.done")

    def look_up(self, code: str) -> None:
        self.step("Tra cứu / look up")
        self.home()
        self.tap_key("home.tile.lookup")
        self.wait_for(lambda: self.phase() is vw.LookupPhase.LIST, "the dossier list")
        self.tap(self._row(code))
        self.wait_for(lambda: self.phase() is vw.LookupPhase.DETAIL, "the dossier detail")
        view = self.k.view
        if not isinstance(view, vw.LookupView) or view.detail is None:
            raise JourneyFailedError(f"no detail for {code}")
        detail = view.detail
        steps = len(detail.timeline)
        entries = "entry" if steps == 1 else "entries"
        self.say(f"{code}: {detail.summary.status.name}, {steps} timeline {entries}")

    def rate(self, code: str) -> None:
        self.step("Đánh giá / rate")
        # The one-stop desk receives the dossier (as its officials would): only then may it be rated.
        self.world.twin.backend.force_status(code, 2)
        self.home()
        self.tap_key("home.tile.rate")
        self.wait_for(lambda: self.phase() is not vw.RatePhase.LOADING, "the dossiers to rate")
        self.tap(self._row(code))
        while self.t("rate.score.2") in self.k.labels():  # 5 questions; 7 once finished (timeliness)
            self.tap_key("rate.score.2")
        self.tap_key("rate.level.very_satisfied")
        self.tap_key("rate.level.satisfied")
        self.camera.snap(force=True)  # every question answered
        self.tap_key("rate.send")
        self.wait_for(lambda: self.phase() is vw.RatePhase.DONE, "the rating")
        self.say("rating saved")
        self.tap_key("common.done")

    def goodbye(self) -> None:
        self.step("Đăng xuất / log out, take the card")
        self.home()
        self.tap_key("chrome.logout")
        self.expect(Screen.GOODBYE, "logout")
        self.world.twin.pull_card()
        self.settle()
        self.tap_key("common.done")
        self.expect(Screen.WELCOME, "back to the start")
        self.say("session wiped; back on the welcome screen")

    def _row(self, code: str) -> str:
        """A dossier row's label (its procedure name): the rows show the name, the code beneath."""
        view = self.k.view
        dossiers = getattr(view, "dossiers", ())
        names = [d.procedure_name for d in dossiers if d.code == code]
        if not names:
            raise JourneyFailedError(f"dossier {code} is not listed on {self.k.scene.value}")
        return str(names[0])

    def home(self) -> None:
        if self.k.scene is not Screen.HOME:
            self.tap_key("chrome.home")


def run_twin_journey(
    world: SimulatedWorld, kiosk: KioskAssembly, clock: ManualClock, citizen: Persona,
    out_dir: Path, console: Console, lang: str = "vi",
) -> list[Path]:  # fmt: skip
    """The whole visit; returns the screenshots saved. Raises JourneyFailedError where it stopped."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.png"):
        old.unlink()
    journey = TwinJourney(world, kiosk, clock, citizen, out_dir, console, lang)
    journey.welcome()
    journey.login()
    journey.find()
    journey.fill_form()
    journey.scan()
    code = journey.submit()
    journey.pay()
    journey.look_up(code)
    journey.rate(code)
    journey.goodbye()
    return journey.camera.shots

"""A scripted outside world for UI tests and the screenshot gallery: answers every effect with canned data.

It implements what ``KioskApp`` needs of the services (execute / drain / thumbnail). Answers
arrive on the next ``drain`` like the threaded services' do. Switches choose the branch:
``needs_bac``, ``offline`` (submission queued), ``blank_next`` (next page looks blank),
``vneid_status`` and ``pay_status`` (what the next poll says), ``lookup_found``, ``login_error``
(the backend refuses the next chip login with it). Slips go to ``printer`` (a ``FakePrinter``:
set its ``fail_with`` to see the receipt's printer message).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence

from PIL import Image, ImageDraw

from reference_kiosk import api, api_ops
from reference_kiosk.backend.errors import NotFoundError
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import Screen
from reference_kiosk.ui.driver import KioskDriver
from tests.support.devices import FakePrinter
from tests.support.kiosk_flow import DOB, ID_NUMBER, TOKEN, FakeClock, citizen, dossier, procedure

REQ = api.CccdLoginRequest(sod="U09E", dg1="REcx", dg13="REcxMw==")


def second_procedure() -> api.Procedure:
    base = procedure(cases=1)
    return base.model_copy(
        update={
            "code": "1.001193",
            "name": "Đăng ký khai sinh",
            "name_en": "Birth registration",
            "field": "ho_tich",
            "field_name": "Hộ tịch",
            "agency_name": "UBND xã",
            "processing_days": 1,
            "fees": [],
        }
    )


def page_png(text: str = "CT01") -> bytes:
    img = Image.new("RGB", (420, 594), (250, 250, 245))
    draw = ImageDraw.Draw(img)
    for y in range(80, 560, 36):
        draw.line((40, y, 380, y), fill=(120, 120, 120), width=3)
    draw.text((40, 30), text, fill=(0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


class ScriptedWorld:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.needs_bac = True
        self.offline = False
        self.blank_next = False
        self.lookup_found = True
        self.login_error: KioskError | None = None
        self.vneid_status = api.VneidStatus.PENDING
        self.pay_status = api.PaymentStatus.PENDING
        self.executed: list[fx.Effect] = []
        self.printer = FakePrinter()
        self.spoken: list[tuple[str, str]] = []
        self.wiped = 0
        self._answers: list[ev.Event] = []
        self._pages: dict[str, bytes] = {}
        self._ids = itertools.count(1)

    # ------------------------------------------------------------------ EffectRunner

    def execute(self, effects: Sequence[fx.Effect]) -> None:
        for effect in effects:
            self.executed.append(effect)
            if isinstance(effect, fx.Speak):
                self.spoken.append((effect.prompt, effect.lang))
            elif isinstance(effect, fx.WipePersonalData):
                self.wiped += 1
                self._pages.clear()
                self._answers.clear()
            elif not isinstance(effect, fx.Track):
                answer = self.answer(effect)
                if answer is not None:
                    self._answers.append(answer)

    def drain(self) -> list[ev.Event]:
        out, self._answers = self._answers, []
        return out

    def thumbnail(self, page_id: str) -> bytes | None:
        return self._pages.get(page_id)

    # ------------------------------------------------------------------ the world

    def _payment(self, code: str, status: api.PaymentStatus) -> api.Payment:
        paid = status is api.PaymentStatus.PAID
        return api.Payment(
            id="pay-1",
            dossier_code=code,
            amount=10000,
            vietqr="00020101021238570010A00000072701270006970436011300112233445560208QRIBFTTA53037045405100005802VN6304ABCD",
            status=status,
            expires_at=self.clock.now() + dt.timedelta(minutes=15),
            paid_at=self.clock.now() if paid else None,
            receipt_number="BL-2025-000123" if paid else None,
        )

    def answer(self, effect: fx.Effect) -> ev.Event | None:
        match effect:
            case fx.ReadCard(key=None) if self.needs_bac:
                return ev.BacKeyRequired()
            case fx.ReadCard():
                return ev.CardRead(REQ)
            case fx.LoginWithCard() if self.login_error is not None:
                return ev.ErrorOccurred(self.login_error)
            case fx.LoginWithCard():
                return ev.LoggedIn(ev.LoginMethod.CARD, TOKEN, citizen())
            case fx.StartVneid():
                expires = self.clock.now() + dt.timedelta(minutes=5)
                return ev.VneidStarted("vs-1", "https://vneid.mock.local/qr?s=vs-1", expires)
            case fx.PollVneid(session_id=sid):
                if self.vneid_status is api.VneidStatus.APPROVED:
                    return ev.LoggedIn(ev.LoginMethod.VNEID, TOKEN, citizen())
                return ev.VneidPolled(self.vneid_status, sid)
            case fx.SearchProcedures(query=query, field=field):
                results: tuple[api.ProcedureSummary, ...] = (
                    procedure().summary(),
                    second_procedure().summary(),
                )
                if field:
                    results = tuple(p for p in results if p.field == field)
                return ev.SearchResultsLoaded(query, field, results, len(results))
            case fx.LoadFields():
                summaries = (procedure().summary(), second_procedure().summary())
                fields = {p.field: p.field_name for p in summaries}
                return ev.FieldsLoaded(
                    tuple(api.FieldSummary(code=c, name=n, count=1) for c, n in fields.items())
                )
            case fx.LoadProcedure(code=code):
                return ev.ProcedureLoaded(procedure() if code == procedure().code else second_procedure())
            case fx.ScanPage(document_code=code):
                page_id = f"p{next(self._ids)}"
                self._pages[page_id] = page_png(code)
                blank, self.blank_next = self.blank_next, False
                return ev.PageScanned(code, page_id, blank)
            case fx.PrintSlip(slip=slip):
                try:
                    self.printer.print_slip(slip)
                except KioskError as exc:
                    return ev.SlipPrintFailed(exc)
                return ev.SlipPrinted()
            case fx.BuildDocument(document_code=code, page_ids=ids):
                return ev.DocumentBuilt(code, len(ids), 180_000 * len(ids))
            case fx.SubmitDossier(idempotency_key=key):
                return ev.SubmissionQueued(key) if self.offline else ev.SubmissionAcknowledged(key, dossier())
            case fx.RequestPayment(dossier_code=code):
                return ev.PaymentQrReceived(self._payment(code, api.PaymentStatus.PENDING))
            case fx.PollPayment():
                return ev.PaymentStatusChanged(self._payment(dossier().code, self.pay_status))
            case fx.ListDossiers():
                return ev.DossiersLoaded((dossier(), dossier("H36.1-250315-0042", fee_due=0, rated=False)))
            case fx.GetDossier(code=code):
                return ev.DossierLoaded(dossier(code))
            case fx.LookupDossier(code=code):
                return (
                    ev.DossierLoaded(dossier(code))
                    if self.lookup_found
                    else ev.ErrorOccurred(NotFoundError())
                )
            case fx.RateDossier(dossier_code=code):
                return ev.RatingSaved(
                    api.Rating(id="r1", dossier_code=code, created_at=self.clock.now(), total=12)
                )
            case fx.CallForHelp(screen=screen, reason=reason):  # staff take it at once ...
                return ev.HelpCallChanged(
                    self._help_call(screen, reason, api_ops.HelpCallStatus.ACKNOWLEDGED)
                )
            case fx.PollHelpCall():  # ... and have been by the first poll
                return ev.HelpCallChanged(
                    self._help_call("home", api_ops.HelpReason.ASKED, api_ops.HelpCallStatus.CLOSED)
                )
        return None

    def _help_call(
        self, screen: str, reason: api_ops.HelpReason, status: api_ops.HelpCallStatus
    ) -> api_ops.HelpCall:
        return api_ops.HelpCall(
            id="HC-1", kiosk_id="KIOSK-LSN-01", site="lso-province-center", screen=screen, reason=reason,
            status=status, created_at=self.clock.now(), staff="Chị Lan",
        )  # fmt: skip


def log_in_by_card(kiosk: KioskDriver) -> None:
    """Through the real screens against a ``ScriptedWorld``: card laid down, ID + date of birth
    typed, the welcome confirmed; the kiosk ends on the home screen."""
    kiosk.tap("Chạm để bắt đầu")
    kiosk.tap("Thẻ căn cước gắn chip (cả thẻ CCCD cũ)")
    kiosk.send(ev.CardInserted("r0"))
    kiosk.settle()
    kiosk.type(ID_NUMBER + DOB.strftime("%d%m%Y"))
    kiosk.tap("Tiếp tục")
    kiosk.settle()
    kiosk.tap("Tiếp tục")
    assert kiosk.scene is Screen.HOME

"""Helpers for the pure flow's tests: a hand-driven clock, a persona, a procedure, a driver."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TypeVar

from reference_kiosk import api
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import Effect
from reference_kiosk.flow.machine import KioskFlow
from reference_kiosk.flow.views import Screen

# The persona: every one of these strings must vanish from the flow after the session ends.
ID_NUMBER = "020190012345"
FULL_NAME = "Hoàng Thị Mai"
DOB = dt.date(1990, 5, 17)
TOKEN = "eyJ.persona-token.sig"
ADDRESS = "Số 12 Ngõ Phai Vệ, Lạng Sơn"
PHONE = "0912345678"
PERSONA_STRINGS = (ID_NUMBER, FULL_NAME, TOKEN, ADDRESS, PHONE, "17/05/1990", "1990-05-17")


class FakeClock:
    def __init__(self, start: dt.datetime | None = None) -> None:
        self._wall = start or dt.datetime(2025, 4, 1, 8, 0, tzinfo=dt.UTC)
        self._mono = 1000.0

    def now(self) -> dt.datetime:
        return self._wall

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._wall += dt.timedelta(seconds=seconds)
        self._mono += seconds


def citizen() -> api.CitizenProfile:
    return api.CitizenProfile(subject="sub-1", id_number=ID_NUMBER, full_name=FULL_NAME, date_of_birth=DOB)


def procedure(cases: int = 2, online: api.OnlineLevel = api.OnlineLevel.FULL) -> api.Procedure:
    docs = [
        api.DocumentRequirement(code="CT01", name="Tờ khai thay đổi thông tin cư trú", originals=1),
        api.DocumentRequirement(code="GIAY_TO_NHA", name="Giấy tờ chỗ ở hợp pháp", copies=1),
        api.DocumentRequirement(code="KHAC", name="Giấy tờ khác", mandatory=False),
    ]
    return api.Procedure(
        code="1.004222",
        provincial_code="1.004222.000.00.00.H36",
        name="Đăng ký thường trú",
        name_en="Permanent residence registration",
        field="cu_tru",
        field_name="Cư trú",
        agency="H36.1",
        agency_name="Công an xã",
        level="commune",
        online_level=online,
        processing_days=7,
        steps=["Nộp hồ sơ", "Tiếp nhận", "Trả kết quả"],
        legal_basis=["Luật Cư trú 2020"],
        result="Xác nhận thường trú",
        fees=[api.Fee(kind="le_phi", label="Lệ phí", in_person=20000, online=10000)],
        documents=docs,
        cases=[
            api.CaseVariant(code=f"C{i}", name=f"Trường hợp {i}", documents=docs) for i in range(1, cases + 1)
        ],
        form=[
            api.FormField(name="full_name", label="Họ và tên", label_en="Full name", prefill="full_name"),
            api.FormField(
                name="id_number",
                label="Số định danh",
                label_en="ID number",
                type="id_number",
                prefill="id_number",
            ),
            api.FormField(
                name="dob", label="Ngày sinh", label_en="Date of birth", type="date", prefill="date_of_birth"
            ),
            api.FormField(
                name="address", label="Nơi ở mới", label_en="New address", min_length=5, max_length=200
            ),
            api.FormField(
                name="phone", label="Số điện thoại", label_en="Phone", type="phone", required=False
            ),
            api.FormField(
                name="reason", label="Lý do", label_en="Reason", type="select", options=["Chuyển đến", "Khác"]
            ),
        ],
    )


def dossier(code: str = "H36.1-250401-0001", fee_due: int = 10000, rated: bool = False) -> api.Dossier:
    at = dt.datetime(2025, 4, 1, 8, 5, tzinfo=dt.UTC)
    return api.Dossier(
        code=code,
        procedure_code="1.004222",
        procedure_name="Đăng ký thường trú",
        case_code="C1",
        agency="H36.1",
        channel="online",
        kiosk_id="kiosk-dev",
        status=api.DossierStatus.SUPPLEMENT_REQUESTED,
        received_at=at,
        appointment_date=dt.date(2025, 4, 10),
        history=[
            api.HistoryEntry(
                at=at, from_status=None, to_status=api.DossierStatus.NEW, actor="kiosk", action="submitted"
            ),
            api.HistoryEntry(
                at=at + dt.timedelta(hours=2),
                from_status=api.DossierStatus.NEW,
                to_status=api.DossierStatus.SUPPLEMENT_REQUESTED,
                actor="one_stop_desk",
                action="supplement requested",
                content="Thiếu bản sao giấy tờ nhà",
            ),
        ],
        supplement_requests=[
            api.SupplementRequest(
                id="s1",
                requested_at=at + dt.timedelta(hours=2),
                documents=["GIAY_TO_NHA"],
                note="Bản sao có chứng thực",
                status="requested",
            )
        ],
        fee_due=fee_due,
        rated=rated,
    )


class FlowDriver:
    """Drives a KioskFlow: ``send`` events, ``advance`` the clock (one Tick per second)."""

    def __init__(self, clock: FakeClock, config: KioskConfig, *, can_print: bool = False) -> None:
        self.clock = clock
        counter = itertools.count(1)
        self.flow = KioskFlow(clock, config, new_key=lambda: f"key-{next(counter):04d}", can_print=can_print)
        self.effects: list[Effect] = []

    def send(self, *events: ev.Event) -> list[Effect]:
        out: list[Effect] = []
        for event in events:
            out += self.flow.handle(event)
        self.effects += out
        return out

    def advance(self, seconds: int) -> list[Effect]:
        out: list[Effect] = []
        for _ in range(seconds):
            self.clock.advance(1)
            out += self.send(ev.Tick(self.clock.monotonic()))
        return out

    @property
    def screen(self) -> Screen:
        return self.flow.screen

    def login_card(self) -> None:
        """The card path with a BAC keypad, to the home screen."""
        self.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted("r0"))
        self.send(ev.BacKeyRequired(), ev.BacEntered(ID_NUMBER, DOB))
        self.send(ev.CardRead(api.CccdLoginRequest(sod="U09E", dg1="REcx", dg13="REcxMw==")))
        self.send(ev.LoggedIn(ev.LoginMethod.CARD, TOKEN, citizen()), ev.Continue())
        assert self.screen is Screen.HOME


V = TypeVar("V")


def view_of(kiosk: FlowDriver, kind: type[V]) -> V:
    """The current view, checked to be of the expected screen type."""
    view = kiosk.flow.view
    assert isinstance(view, kind), f"on {kiosk.screen}, not {kind.__name__}"
    return view

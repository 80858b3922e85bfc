"""A refused card: VNeID and staff instead of a retry that cannot help; transient failures keep Retry."""

from __future__ import annotations

import itertools

import pytest

from reference_kiosk import api
from reference_kiosk.api_ops import HelpReason
from reference_kiosk.backend import errors as be
from reference_kiosk.devices import errors as de
from reference_kiosk.devices.icao import errors as ie
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import CallForHelp, ReadCard, StartVneid, Track
from reference_kiosk.flow.refusal import LoginOffer, Refusal, refusal
from reference_kiosk.flow.views import LoginPhase, LoginView
from reference_kiosk.telemetry import MemorySink, TelemetryRecorder
from tests.support.kiosk_flow import DOB, ID_NUMBER, FakeClock, FlowDriver, view_of

REQ = api.CccdLoginRequest(sod="U09E", dg1="REcx", dg13="REcxMw==")
REFUSED = (LoginOffer.VNEID, LoginOffer.CALL_STAFF)

# Refused by the backend after the chip was read, or by the kiosk while reading it.
BACKEND_REFUSALS: list[tuple[KioskError, Refusal]] = [
    (be.ExpiredCardError(code="expired_document"), Refusal.EXPIRED),
    (be.ChipDataUnverifiedError(code="hash_mismatch"), Refusal.CARD_CHECK),
    (be.UnknownCitizenError(code="unknown_citizen"), Refusal.UNKNOWN_CITIZEN),
    (be.ChipRejectedError(code="something_new"), Refusal.CARD_CHECK),
]
READER_REFUSALS: list[tuple[KioskError, Refusal]] = [
    (ie.TamperedDataError("DG13", "failed", ("hash_mismatch",)), Refusal.CARD_CHECK),
    (ie.Dg13Error("bad tag"), Refusal.CARD_CHECK),
    (ie.ChipDataAlteredError(("DG13 hash",)), Refusal.CARD_CHECK),
    (ie.ChipSignerUntrustedError(), Refusal.CARD_CHECK),
    (ie.FileNotFoundOnCardError("select DG13", 0x6A82), Refusal.CARD_CHECK),
    (ie.ApplicationNotFoundError("select eMRTD", 0x6A82), Refusal.NOT_A_CARD),
    (de.NoReaderError(), Refusal.KIOSK_READER),
    (ie.TrustStoreError("no CSCA"), Refusal.KIOSK_READER),
]
TRANSIENT_READS: list[KioskError] = [
    ie.AccessDeniedError(),  # wrong ID number or date of birth
    ie.KeyInputError(),
    ie.EnteredIdMismatchError(),  # a mistyped province code still opens the chip
    ie.SecureMessagingError(),
    ie.ResponseMacError(),
    de.CardCommunicationError(),
    de.CardRemovedError(),
]
TRANSIENT_LOGINS: list[KioskError] = [
    be.BackendTimeoutError(),
    be.BackendServerError(),
    be.BackendUnavailableError(),
    be.ResponseLostError(),
    be.UnauthorizedError(),
]


def login_view(kiosk: FlowDriver) -> LoginView:
    return view_of(kiosk, LoginView)


def read_with_key(kiosk: FlowDriver) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted())
    kiosk.send(ev.BacKeyRequired(), ev.BacEntered(ID_NUMBER, DOB))


def refused_by_backend(kiosk: FlowDriver, error: KioskError) -> None:
    read_with_key(kiosk)
    kiosk.send(ev.CardRead(REQ), ev.ErrorOccurred(error))


def all_subclasses(cls: type[KioskError]) -> list[type[KioskError]]:
    return [cls, *(s for sub in cls.__subclasses__() for s in all_subclasses(sub))]


# ---------------------------------------------------------------------------- what is offered


@pytest.mark.parametrize(("error", "why"), BACKEND_REFUSALS, ids=lambda x: type(x).__name__)
def test_a_card_the_backend_refuses_offers_vneid_and_staff_not_retry(
    kiosk: FlowDriver, error: KioskError, why: Refusal
) -> None:
    refused_by_backend(kiosk, error)
    view = login_view(kiosk)
    assert (view.phase, view.offers, view.refusal) == (LoginPhase.FAILED, REFUSED, why)
    assert view.error_vi == error.message_vi
    assert kiosk.send(ev.Retry()) == []  # nothing to repeat: the same card fails the same way
    assert login_view(kiosk).phase is LoginPhase.FAILED


@pytest.mark.parametrize(("error", "why"), READER_REFUSALS, ids=lambda x: type(x).__name__)
def test_a_card_the_kiosk_cannot_use_offers_vneid_and_staff_not_retry(
    kiosk: FlowDriver, error: KioskError, why: Refusal
) -> None:
    read_with_key(kiosk)
    kiosk.send(ev.CardReadFailed(error))
    view = login_view(kiosk)
    assert (view.phase, view.offers, view.refusal) == (LoginPhase.FAILED, REFUSED, why)
    assert kiosk.send(ev.Retry()) == []


@pytest.mark.parametrize("error", TRANSIENT_READS, ids=lambda e: type(e).__name__)
def test_a_read_that_may_work_next_time_offers_retry_only(kiosk: FlowDriver, error: KioskError) -> None:
    read_with_key(kiosk)
    kiosk.send(ev.CardReadFailed(error))
    view = login_view(kiosk)
    assert (view.phase, view.offers, view.refusal) == (LoginPhase.FAILED, (LoginOffer.RETRY,), None)
    # The screen offers no staff button, but "Cần hỗ trợ" is on every screen: a help call goes out
    # and the failed-login offers stay as they were.
    assert [type(e).__name__ for e in kiosk.send(ev.StaffCalled())] == ["Track", "CallForHelp"]
    assert login_view(kiosk).offers == (LoginOffer.RETRY,)
    assert kiosk.send(ev.Retry()) == [ReadCard(None)]


@pytest.mark.parametrize("error", TRANSIENT_LOGINS, ids=lambda e: type(e).__name__)
def test_a_backend_hiccup_at_chip_login_offers_retry_only(kiosk: FlowDriver, error: KioskError) -> None:
    refused_by_backend(kiosk, error)
    view = login_view(kiosk)
    assert (view.offers, view.refusal) == ((LoginOffer.RETRY,), None)


def test_a_failed_vneid_start_offers_retry_even_for_a_card_error_class(kiosk: FlowDriver) -> None:
    kiosk.send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.VNEID))
    kiosk.send(ev.ErrorOccurred(be.BackendTimeoutError()))
    assert login_view(kiosk).offers == (LoginOffer.RETRY,)
    assert kiosk.send(ev.Retry()) == [StartVneid()]


def test_every_chip_refusal_and_unreadable_chip_is_classified() -> None:
    """A refusal added later to the backend's or the reader's tree is not offered a useless retry."""
    kinds = [
        *all_subclasses(be.ChipRejectedError),
        *all_subclasses(ie.MalformedDataError),
        *all_subclasses(ie.ChipRefusedError),
    ]
    assert len(kinds) >= 13
    for kind in kinds:
        error = kind.__new__(kind)  # the class is what counts; constructors differ
        assert refusal(error) is not None, kind.__name__
    assert refusal(None) is None
    assert refusal(be.TransientBackendError()) is None


def test_screens_other_than_failed_offer_nothing(kiosk: FlowDriver) -> None:
    read_with_key(kiosk)
    view = login_view(kiosk)
    assert (view.phase, view.offers, view.refusal, view.staff_called) == (LoginPhase.READING, (), None, False)


# ---------------------------------------------------------------------------- VNeID instead


def test_tapping_vneid_after_a_refusal_starts_the_vneid_qr_login(kiosk: FlowDriver, clock: FakeClock) -> None:
    refused_by_backend(kiosk, be.ExpiredCardError(code="expired_document"))
    effects = kiosk.send(ev.LoginMethodChosen(ev.LoginMethod.VNEID))
    assert effects == [
        Track("step_leave", "login_cccd", channel="anonymous"),
        Track("step_enter", "login_vneid", channel="anonymous"),
        StartVneid(),
    ]
    view = login_view(kiosk)
    assert (view.method, view.phase, view.error_vi, view.offers) == (
        ev.LoginMethod.VNEID,
        LoginPhase.VNEID_STARTING,
        None,
        (),
    )
    expires = clock.now().replace(minute=5)
    kiosk.send(ev.VneidStarted("vs-1", "https://vneid.mock.local/qr?s=vs-1", expires))
    assert login_view(kiosk).phase is LoginPhase.VNEID_QR
    # The expired card still lies on the reader; lifting it must not disturb the VNeID login.
    kiosk.send(ev.CardRemoved())
    assert login_view(kiosk).phase is LoginPhase.VNEID_QR


# ---------------------------------------------------------------------------- call staff


def test_calling_staff_is_counted_once_and_shows_the_help_note(kiosk: FlowDriver) -> None:
    refused_by_backend(kiosk, be.ChipDataUnverifiedError(code="untrusted_signer"))
    assert login_view(kiosk).staff_called is False
    assert kiosk.send(ev.StaffCalled()) == [
        Track("help", "login_cccd", channel="anonymous"),
        CallForHelp("login_cccd", HelpReason.LOGIN_FAILED),  # the staff are really told (issue 13)
    ]
    view = login_view(kiosk)
    assert (view.staff_called, view.refusal, view.offers) == (True, Refusal.CARD_CHECK, REFUSED)
    assert kiosk.send(ev.StaffCalled()) == []  # a second tap does not call twice


def test_another_card_after_a_staff_call_starts_a_fresh_attempt(kiosk: FlowDriver) -> None:
    refused_by_backend(kiosk, be.UnknownCitizenError())
    kiosk.send(ev.StaffCalled(), ev.CardRemoved(), ev.CardInserted())
    assert login_view(kiosk).phase is LoginPhase.READING
    kiosk.send(ev.CardReadFailed(ie.ApplicationNotFoundError("select", 0x6A82)))
    view = login_view(kiosk)
    assert (view.refusal, view.staff_called) == (Refusal.NOT_A_CARD, False)


def test_the_staff_call_on_the_card_step_survives_the_switch_to_vneid_in_telemetry(
    kiosk: FlowDriver, clock: FakeClock
) -> None:
    sink = MemorySink()
    ids = itertools.count(1)
    rec = TelemetryRecorder(sink, clock, kiosk_id="k", site_id="hcc", new_visit_id=lambda: f"v{next(ids)}")

    def send(*events: ev.Event) -> None:
        for effect in kiosk.send(*events):
            if isinstance(effect, Track):
                rec.record(effect)

    send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.CardInserted(), ev.CardRead(REQ))
    send(ev.ErrorOccurred(be.ExpiredCardError()))
    clock.advance(20)
    send(ev.StaffCalled())
    clock.advance(10)
    send(ev.LoginMethodChosen(ev.LoginMethod.VNEID))
    leaves = [r for r in sink.records if r["type"] == "step_leave"]
    assert [(r["step"], r["duration_s"], r["help_requested"]) for r in leaves] == [("login_cccd", 30.0, True)]
    assert (sink.records[-1]["type"], sink.records[-1]["step"]) == ("step_enter", "login_vneid")

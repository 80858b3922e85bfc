"""Answers from devices and the backend are never the citizen's input.

The effect results are read from the effects' docstrings (``-> ``EventName````), not from the
``ev.Answer`` marker the flow uses, so a new effect whose result event forgets the marker, or a
marker taken off an old one, fails here: such an answer would keep an abandoned session alive.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from reference_kiosk import api, api_ops
from reference_kiosk.backend.errors import NotFoundError
from reference_kiosk.devices.errors import NoCardError, PrinterOutOfPaperError
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import WipePersonalData
from reference_kiosk.flow.views import Screen
from tests.support.kiosk_flow import TOKEN, FakeClock, FlowDriver, citizen, dossier, procedure

_AT = dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.UTC)
_PAYMENT = api.Payment(
    id="pay-1", dossier_code="H36.1-250401-0001", amount=10000, vietqr="000201",
    status=api.PaymentStatus.PENDING, expires_at=_AT,
)  # fmt: skip

# One instance of every answer an effect can get (and the catch-all ErrorOccurred).
SAMPLES: dict[str, ev.Event] = {
    "ErrorOccurred": ev.ErrorOccurred(NotFoundError()),
    "BacKeyRequired": ev.BacKeyRequired(),
    "CardRead": ev.CardRead(api.CccdLoginRequest(sod="U09E", dg1="REcx", dg13="REcxMw==")),
    "CardReadFailed": ev.CardReadFailed(NoCardError()),
    "LoggedIn": ev.LoggedIn(ev.LoginMethod.VNEID, TOKEN, citizen()),
    "VneidStarted": ev.VneidStarted("vs-1", "https://vneid.mock.local/qr?s=vs-1", _AT),
    "VneidPolled": ev.VneidPolled(api.VneidStatus.PENDING, "vs-1"),
    "SearchResultsLoaded": ev.SearchResultsLoaded("cu tru", None, (procedure().summary(),)),
    "FieldsLoaded": ev.FieldsLoaded((api.FieldSummary(code="cu_tru", name="Cư trú", count=1),)),
    "ProcedureLoaded": ev.ProcedureLoaded(procedure()),
    "PageScanned": ev.PageScanned("CT01", "p1", False),
    "DocumentBuilt": ev.DocumentBuilt("CT01", 1, 1000),
    "SubmissionAcknowledged": ev.SubmissionAcknowledged("key-0001", dossier()),
    "SubmissionQueued": ev.SubmissionQueued("key-0001"),
    "PaymentQrReceived": ev.PaymentQrReceived(_PAYMENT),
    "PaymentStatusChanged": ev.PaymentStatusChanged(_PAYMENT),
    "DossiersLoaded": ev.DossiersLoaded((dossier(),)),
    "DossierLoaded": ev.DossierLoaded(dossier()),
    "SupplementSent": ev.SupplementSent("H36.1-250401-0001", "s1", dossier()),
    "RatingSaved": ev.RatingSaved(api.Rating(id="r1", dossier_code="D", created_at=_AT, total=12)),
    "SlipPrinted": ev.SlipPrinted(),
    "SlipPrintFailed": ev.SlipPrintFailed(PrinterOutOfPaperError()),
    "HelpCallChanged": ev.HelpCallChanged(
        api_ops.HelpCall(
            id="HC-1",
            kiosk_id="K",
            site="s",
            screen="home",
            reason=api_ops.HelpReason.ASKED,
            status=api_ops.HelpCallStatus.ACKNOWLEDGED,
            created_at=_AT,
            acknowledged_at=_AT,
        )
    ),
    "HelpCallFailed": ev.HelpCallFailed(NotFoundError()),
}


def _answers_named_by_effects() -> set[str]:
    names: set[str] = {"ErrorOccurred"}  # any effect may fail
    for name in fx.__all__:
        effect = getattr(fx, name)
        if dataclasses.is_dataclass(effect) and effect.__doc__ and "->" in effect.__doc__:
            after = effect.__doc__.split("->", 1)[1]
            names |= {n for n in re.findall(r"``(\w+)", after) if isinstance(getattr(ev, n, None), type)}
    return names


def test_every_answer_an_effect_names_has_a_sample_here() -> None:
    named = _answers_named_by_effects()
    assert {"SlipPrintFailed", "PageScanned", "RatingSaved"} <= named  # the docstrings are really read
    assert named - SAMPLES.keys() == set(), "add a sample of the new answer to SAMPLES"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_an_answer_neither_resets_inactivity_nor_dismisses_the_warning(
    name: str, kiosk: FlowDriver, clock: FakeClock
) -> None:
    kiosk.login_card()
    kiosk.advance(70)  # warned at 60 s; the session ends at 90 s without input
    assert kiosk.screen is Screen.TIMEOUT_WARNING
    kiosk.send(SAMPLES[name])
    ended = kiosk.advance(20)
    assert WipePersonalData() in ended, f"{name} was taken for the citizen's input"


def test_a_touch_still_resets_inactivity(kiosk: FlowDriver) -> None:
    """The check above can fail: the citizen's own input keeps the session."""
    kiosk.login_card()
    kiosk.advance(70)
    kiosk.send(ev.StillHere())
    assert WipePersonalData() not in kiosk.advance(20)

"""Looking a dossier up from the slip on the glass (issue 15.4): its QR gives the code."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from mocks.scanner import EmulatedScanner, ScannerControl
from mocks.scanner.glass import Placement
from mocks.scanner.slip import slip_on_glass
from reference_kiosk.app.glass import SlipReader, slip_code
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow.slip_types import ReadSlipCode, SlipCodeRead

CODE = "H20.25-250601-0042"
URL = KioskConfig().tracking_payload(CODE)


async def _inline(fn: Callable[[], Any]) -> Any:
    return fn()


def _read(item: Any) -> SlipCodeRead:
    control = ScannerControl(flatbed=None, feeder=())
    control.lay_on_glass(item)
    reader = SlipReader(EmulatedScanner(control, seed=3, sleep=lambda _s: None), _inline)
    answer = asyncio.run(reader.handle(ReadSlipCode()))
    assert isinstance(answer, SlipCodeRead)
    return answer


@pytest.mark.parametrize("angle", [0, 90, 180, 7])
def test_the_slip_on_the_glass_gives_its_dossier_code(angle: int) -> None:
    assert _read(slip_on_glass(CODE, URL, Placement(angle, (2.0, 5.0)))).code == CODE


def test_a_damaged_slip_or_an_empty_glass_gives_none() -> None:
    assert _read(slip_on_glass(CODE, URL, damaged=True)).code is None
    assert _read(None).code is None


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (URL, CODE),
        ("https://example.invalid/x?ma=A%20B", None),  # not a code's characters
        ("020190001234|082000123|Hoàng Văn A|01021990|Nam|x|15042021", None),  # a card's QR
        ("https://example.invalid/x?ma=ABCD&ma=EFGH", None),
    ],
)
def test_only_a_tracking_link_gives_a_code(payload: str, code: str | None) -> None:
    assert slip_code(payload) == code

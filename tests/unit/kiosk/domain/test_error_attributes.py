"""Every named error says whether it closes the card route; the flow reads only that attribute."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from reference_kiosk.domain.errors import CardPulledError, KioskError, Refusal, Situation

ROOT = Path(__file__).resolve().parents[4]
ERROR_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for path in (ROOT / "reference_kiosk").rglob("errors.py")
)


def named_errors() -> list[type[KioskError]]:
    found = []
    for name in ERROR_MODULES:
        module = importlib.import_module(name)
        found += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, KioskError) and cls.__module__ == name
        ]
    return found


def test_the_walk_finds_the_error_modules() -> None:
    # A walk that found nothing would pass every check below.
    assert {"reference_kiosk.backend.errors", "reference_kiosk.devices.icao.errors"} <= set(ERROR_MODULES)
    assert len(named_errors()) >= 70


@pytest.mark.parametrize("cls", named_errors(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_each_named_error_declares_its_refusal(cls: type[KioskError]) -> None:
    """Declared in the class itself: a new error must say whether retrying the card can help."""
    assert "refusal" in vars(cls), f"{cls.__name__} inherits its refusal instead of declaring it"
    assert cls.refusal is None or isinstance(cls.refusal, Refusal)


def test_situations_belong_to_the_errors_the_flow_acts_on() -> None:
    by_situation: dict[Situation, set[str]] = {}
    for cls in named_errors():
        if cls.situation is not None:
            by_situation.setdefault(cls.situation, set()).add(cls.__name__)
    assert by_situation == {
        Situation.NO_CARD: {"NoCardError"},
        Situation.CARD_PULLED: {"CardPulledError", "CardRemovedError"},
        Situation.NOT_FOUND: {"ForbiddenError", "NotFoundError"},
        Situation.ACCOUNT_LOCKED: {"VneidAccountLockedError"},
        Situation.WRONG_CODE: {"VneidWrongOtpError"},
        Situation.SETTLED: {"SupplementClosedError"},
    }


def test_the_reader_says_a_pulled_card_in_the_flow_s_own_words() -> None:
    from reference_kiosk.devices.errors import CardError, CardRemovedError

    error = CardRemovedError()
    assert isinstance(error, CardError)  # still a card error for the technicians' commands
    assert (error.message_vi, error.message_en, error.remedy) == (
        CardPulledError.message_vi,
        CardPulledError.message_en,
        CardPulledError.remedy,
    )

"""Every backend error is named, speaks to the citizen in both languages and offers a way forward."""

from __future__ import annotations

import pytest

import reference_kiosk.backend.errors as errors_module
from reference_kiosk.backend.errors import BackendError, TransientBackendError
from reference_kiosk.domain.errors import KioskError, Remedy

ERRORS = [getattr(errors_module, name) for name in errors_module.__all__]


@pytest.mark.parametrize("cls", ERRORS, ids=lambda c: c.__name__)
def test_each_error_has_its_own_bilingual_message_and_remedy(cls: type[BackendError]) -> None:
    assert issubclass(cls, KioskError)
    # Its own wording, not inherited: the citizen should learn what happened.
    assert "message_vi" in vars(cls)
    assert "message_en" in vars(cls)
    assert cls.message_vi != cls.message_en
    assert isinstance(cls.remedy, Remedy)


@pytest.mark.parametrize("cls", ERRORS, ids=lambda c: c.__name__)
def test_the_docstring_tree_names_every_error(cls: type[BackendError]) -> None:
    assert cls.__name__ in (errors_module.__doc__ or "")


def test_messages_are_distinct() -> None:
    assert len({cls.message_vi for cls in ERRORS}) == len(ERRORS)
    assert len({cls.message_en for cls in ERRORS}) == len(ERRORS)


def test_transient_errors_are_the_ones_worth_retrying() -> None:
    transient = {cls.__name__ for cls in ERRORS if issubclass(cls, TransientBackendError)}
    assert transient == {
        "TransientBackendError",
        "BackendUnavailableError",
        "BackendTimeoutError",
        "BackendServerError",
        "RateLimitedError",
        "ResponseLostError",
        "SupplementNotSentError",  # the papers did not arrive: sending again may work
    }


def test_the_message_follows_the_language() -> None:
    error = errors_module.NotFoundError("GET /api/v1/dossiers/{code} -> 404", status=404)
    assert error.message("en").startswith("Nothing was found")
    assert error.message("vi").startswith("Không tìm thấy")
    assert str(error) == "GET /api/v1/dossiers/{code} -> 404"

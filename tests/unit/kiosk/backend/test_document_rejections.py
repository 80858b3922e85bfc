"""A 422 on an attached scan becomes a named error that tells the citizen to scan it again."""

from __future__ import annotations

import httpx
import pytest

from reference_kiosk.backend import errors as e
from reference_kiosk.backend.transport import error_for_response
from reference_kiosk.domain.errors import Remedy

WHERE = "POST /api/v1/dossiers"


def _answer(code: str) -> httpx.Response:
    problem = {"code": code, "message": "server text", "detail": {"attachments.1": "declares 9000x9000"}}
    return httpx.Response(422, json=problem)


@pytest.mark.parametrize(
    ("code", "named"),
    [
        ("unreadable_document", e.DocumentRejectedError),
        ("image_too_large", e.DocumentImageTooLargeError),
        ("too_many_pages", e.DocumentTooManyPagesError),
        ("validation_failed", e.ValidationFailedError),
        ("something_new", e.ValidationFailedError),
    ],
)
def test_each_attachment_problem_has_its_named_error(code: str, named: type[e.ValidationFailedError]) -> None:
    error = error_for_response(_answer(code), WHERE)
    assert type(error) is named
    assert isinstance(error, e.ValidationFailedError)  # callers handling 422s keep working
    assert (error.status, error.code) == (422, code)
    assert error.fields == {"attachments.1": "declares 9000x9000"}
    assert str(error) == f"{WHERE} -> 422 ({code})"  # the server's text never reaches the logs


def test_a_refused_scan_asks_for_a_rescan_in_both_languages() -> None:
    error = error_for_response(_answer("unreadable_document"), WHERE)
    assert error.message("vi").startswith("Tệp giấy tờ bị lỗi")
    assert "scan it again" in error.message("en")
    assert error.remedy is Remedy.FIX_INPUT

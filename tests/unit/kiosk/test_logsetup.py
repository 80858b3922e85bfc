"""``kiosk run --log-level``: one line per record on stderr, digits of ID numbers never in clear."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from reference_kiosk.logsetup import redact, setup_logging


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    out = io.StringIO()
    root = logging.getLogger()
    chatty = {name: logging.getLogger(name).level for name in ("httpx", "httpcore", "PIL", "asyncio")}
    before = (root.level, list(root.handlers))
    handler = setup_logging("info", out)
    yield out
    root.removeHandler(handler)
    root.handlers[:] = before[1]  # a handler an earlier in-process `kiosk run` left is put back
    root.setLevel(before[0])
    for name, level in chatty.items():
        logging.getLogger(name).setLevel(level)


def test_one_line_per_record_even_with_a_traceback(stream: io.StringIO) -> None:
    log = logging.getLogger("reference_kiosk.test")
    log.info("first\nsecond")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("it failed")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("INFO reference_kiosk.test: first | second")
    assert "ERROR reference_kiosk.test: it failed | Traceback" in lines[1]
    assert "RuntimeError: boom" in lines[1]


def test_level_filters_and_debug_is_quiet_at_info(stream: io.StringIO) -> None:
    logging.getLogger("reference_kiosk.test").debug("not shown")
    logging.getLogger("httpx").info("HTTP Request: GET http://127.0.0.1:8000/x")
    assert stream.getvalue() == ""


def test_id_numbers_and_phones_are_masked(stream: io.StringIO) -> None:
    logging.getLogger("reference_kiosk.test").warning("card %s phone %s", "001099012345", "0912345678")
    line = stream.getvalue()
    assert "001099012345" not in line
    assert "0912345678" not in line
    assert "card <12 digits> phone <10 digits>" in line
    assert redact("port 8000, 2025-03-20") == "port 8000, 2025-03-20"  # short numbers stay


def test_calling_again_replaces_the_handler(stream: io.StringIO) -> None:
    other = io.StringIO()
    handler = setup_logging("warning", other)
    try:
        logging.getLogger("reference_kiosk.test").warning("once")
    finally:
        logging.getLogger().removeHandler(handler)
    assert stream.getvalue() == ""
    assert other.getvalue().count("once") == 1


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="log level must be one of"):
        setup_logging("chatty")

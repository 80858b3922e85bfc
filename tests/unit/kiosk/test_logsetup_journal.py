"""Under systemd the kiosk's stderr is the journal: each line carries its syslog priority (issue 18.3)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from reference_kiosk.logsetup import setup_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    yield
    root.handlers[:] = before[1]
    root.setLevel(before[0])


@pytest.mark.usefixtures("restore_logging")
def test_under_systemd_lines_start_with_their_priority_and_no_clock(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JOURNAL_STREAM", "8:12345")
    setup_logging("info")
    log = logging.getLogger("reference_kiosk.test")
    log.warning("outbox waits for the network")
    log.error("reader gone, card 012345678901 removed")
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "<4>WARNING reference_kiosk.test: outbox waits for the network",
        "<3>ERROR reference_kiosk.test: reader gone, card <12 digits> removed",
    ]


@pytest.mark.usefixtures("restore_logging")
def test_in_a_terminal_lines_keep_their_timestamp(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    setup_logging("info")
    logging.getLogger("reference_kiosk.test").warning("hello")
    (line,) = capsys.readouterr().err.splitlines()
    assert not line.startswith("<")
    assert line.endswith("WARNING reference_kiosk.test: hello")
    assert line[:4].isdigit()

"""Logging for ``kiosk run``: stderr, one line per record, no personal data.

One line per record (a traceback is folded onto its line with `` | ``) so a journal or a log
shipper keeps each record whole. The kiosk never logs personal data on purpose; as a second
line of defence every line is passed through ``redact``, which masks the long digit runs an ID
number (12 digits), an old ID (9) or a phone number (10) would leave.

Under systemd (``JOURNAL_STREAM`` set: stderr is the journal) each line starts with its syslog
priority (``<4>`` for a warning) and carries no timestamp of its own, so ``journalctl -p warning``
filters it and the journal's clock is the only one.

Called once by ``kiosk run --log-level LEVEL``; nothing happens at import.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from typing import TextIO

__all__ = ["LEVELS", "OneLineFormatter", "redact", "setup_logging"]

LEVELS = ("debug", "info", "warning", "error", "critical")
# Libraries that log every request URL at INFO: kept at WARNING unless the operator asks for debug.
_CHATTY = ("httpx", "httpcore", "PIL", "asyncio")
_DIGITS = re.compile(r"\d{9,}")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_JOURNAL_FORMAT = "%(levelname)s %(name)s: %(message)s"
# sd-daemon(3) priority prefixes, which journald reads from a service's stderr.
_PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3, logging.CRITICAL: 2}


def redact(text: str) -> str:
    """Mask runs of 9 or more digits (ID numbers, phone numbers) but keep their length visible."""
    return _DIGITS.sub(lambda m: f"<{len(m.group())} digits>", text)


class OneLineFormatter(logging.Formatter):
    """UTC timestamps (or journald's priority prefix); message, exception and stack on one redacted line."""

    def __init__(self, journal: bool = False) -> None:
        super().__init__(_JOURNAL_FORMAT if journal else _FORMAT, datefmt="%Y-%m-%dT%H:%M:%SZ")
        self.converter = time.gmtime
        self.journal = journal

    def format(self, record: logging.LogRecord) -> str:
        text = redact(" | ".join(line for line in super().format(record).splitlines() if line.strip()))
        if self.journal:
            return f"<{_PRIORITY.get(record.levelno, 6)}>{text}"
        return text


class _KioskHandler(logging.Handler):
    """Writes to the given stream, else to whatever ``sys.stderr`` is at each record (so a handler
    outliving a redirected stderr, as in tests, never writes to a closed stream)."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self._stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        try:
            out = self._stream if self._stream is not None else sys.stderr
            out.write(self.format(record) + "\n")
            out.flush()
        except Exception:  # logging must never take the kiosk down
            self.handleError(record)


def setup_logging(level: str = "warning", stream: TextIO | None = None) -> logging.Handler:
    """Send every record at ``level`` or above to ``stream`` (stderr), one redacted line each.

    Calling it again replaces the handler it installed before (tests, a second ``run``).
    """
    if level.lower() not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, not {level!r}")
    number = getattr(logging, level.upper())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _KioskHandler)]:
        root.removeHandler(old)
    handler = _KioskHandler(stream)
    handler.setFormatter(OneLineFormatter(journal=stream is None and bool(os.environ.get("JOURNAL_STREAM"))))
    root.addHandler(handler)
    root.setLevel(number)
    for name in _CHATTY:
        logging.getLogger(name).setLevel(number if number == logging.DEBUG else max(number, logging.WARNING))
    return handler

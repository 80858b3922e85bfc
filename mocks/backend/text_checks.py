"""Text a request may carry: no lone surrogates, no control characters, file names that are names.

A lone surrogate (``"\\ud800"`` is valid JSON) cannot be encoded as UTF-8: it reached SQLite
and came back as a plain-text 500. Control characters (NUL, ESC, DEL, C1) have no place in a
form, a code or a name and confuse whoever later prints, logs or exports them. So every string
of a request (JSON keys and values at any depth, path and query parameters) is checked before
a route runs; tab, line feed and carriage return stay allowed in text (a textarea has lines).

A file name is stricter: it is shown to officials and may end up on their disks. One line of at
most ``MAX_FILENAME_CHARS`` characters, no control or bidirectional-override characters (which
make ``scan‮fdp.exe`` look like ``scan.exe.pdf``), no path separators, not hidden (leading dot).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = ["MAX_FILENAME_CHARS", "filename_problem", "unsafe_strings"]

MAX_FILENAME_CHARS = 200
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff/\\\\\u202a-\u202e\u2066-\u2069]")
_MESSAGE = "contains a control character or an invalid character"


def unsafe_strings(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(field path, problem) for each unsafe string in a parsed JSON value, keys included.

    Paths as the API's other per-field problems name them: ``form.full_name``,
    ``attachments.0.filename`` (a body field has no ``body.`` prefix; the kiosk maps them).
    """
    if isinstance(value, str):
        if _UNSAFE.search(value):
            yield where, _MESSAGE
    elif isinstance(value, dict):
        for key, item in value.items():
            if _UNSAFE.search(key):  # never echoed back: the answer must stay valid UTF-8
                yield _join(where, "?"), "a field name " + _MESSAGE
                continue
            yield from unsafe_strings(item, _join(where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unsafe_strings(item, _join(where, str(index)))


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def filename_problem(name: str) -> str | None:
    """Why ``name`` is not an acceptable file name, or None."""
    if not name.strip():
        return "is empty"
    if len(name) > MAX_FILENAME_CHARS:
        return f"is longer than {MAX_FILENAME_CHARS} characters"
    if _NOT_IN_NAMES.search(name):
        return "contains a path separator, a control character or an invalid character"
    if name.startswith(".") or name != name.strip():
        return "starts with a dot or a space, or ends with a space"
    return None

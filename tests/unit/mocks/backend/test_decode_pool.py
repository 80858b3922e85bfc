"""Uploads proved in the worker process answer exactly as inline, and its failures are named.

One worker for the module (a spawned interpreter costs about half a second). The crafted uploads
are the hostile-upload suite's own (tests/security/test_fuzz_uploads.py).
"""

from __future__ import annotations

import base64
import hashlib
import os
import select
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from mocks.backend import decode_pool
from mocks.backend.attachments import StoredFile, decode_attachments
from mocks.backend.decode_pool import DecodePool, DecoderCrashedError, DecodeTimeoutError
from mocks.backend.decoding import DEFAULT_BOUNDS, DecodeBounds
from mocks.backend.errors import BackendMockError
from mocks.backend.jpeg_layout import read_layout
from reference_kiosk.api import Attachment
from tests.security.test_fuzz_uploads import CASES
from tests.support.uploads import jpeg, progressive_jpeg

LIMIT, TOTAL = 5_000_000, 20_000_000
Outcome = list[StoredFile] | tuple[type[BaseException], str, str, dict[str, str]]


@pytest.fixture(scope="module")
def pool() -> Iterator[DecodePool]:
    made = DecodePool()
    try:
        yield made
    finally:
        made.close()


def _item(code: str, content: bytes, declared: str) -> Attachment:
    return Attachment(
        document_code=code,
        filename=f"{code.lower()}.bin",
        content_type=declared,
        content_base64=base64.b64encode(content).decode(),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _outcome(run: Callable[[], list[StoredFile]]) -> Outcome:
    try:
        return run()
    except BackendMockError as exc:
        return type(exc), exc.code, exc.message, exc.detail


def _both(
    pool: DecodePool, items: list[Attachment], bounds: DecodeBounds = DEFAULT_BOUNDS
) -> tuple[Outcome, Outcome]:
    def run() -> list[StoredFile]:
        return decode_attachments(items, {"CT01", "CT02"}, LIMIT, TOTAL, bounds)

    inline = _outcome(run)
    decode_pool.install(pool)
    try:
        return inline, _outcome(run)
    finally:
        decode_pool.install(None)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_crafted_upload_gets_the_inline_answer(pool: DecodePool, name: str) -> None:
    made, declared, _status, _code = CASES[name]
    content = made() if callable(made) else made
    inline, worker = _both(pool, [_item("CT01", content, declared)])
    assert worker == inline


def test_the_request_budget_crosses_files_in_the_worker(pool: DecodePool) -> None:
    # Two progressive scans; the bound lets one through, not both: the second file is refused only
    # if what the first spent in the worker is carried to the second.
    scan = progressive_jpeg((1200, 1600))
    visits = read_layout(scan, DEFAULT_BOUNDS.max_scans, "image").block_visits
    bounds = replace(DEFAULT_BOUNDS, max_block_visits=visits + visits // 2)
    items = [_item("CT01", scan, "image/jpeg"), _item("CT02", scan, "image/jpeg")]
    inline, worker = _both(pool, items, bounds)
    assert worker == inline
    assert isinstance(worker, tuple)
    assert worker[0].__name__ == "DecodeTooCostlyError"
    one = _both(pool, items[:1], bounds)
    assert one[1] == one[0]
    assert isinstance(one[1], list)  # one file alone fits


def test_good_uploads_are_the_same_files(pool: DecodePool) -> None:
    items = [_item("CT01", jpeg((64, 48), "RGB"), "image/jpeg"), _item("CT02", jpeg(), "image/jpeg")]
    inline, worker = _both(pool, items)
    assert isinstance(worker, list)
    assert len(worker) == 2
    assert worker == inline


def test_a_worker_that_dies_is_a_named_error_and_a_new_one_serves() -> None:
    crashing = DecodePool()
    try:
        first = crashing.worker_pid()
        with pytest.raises(DecoderCrashedError) as caught:
            crashing.call(os._exit, 3)  # dies on the retry too, as a file that crashes the decoder
        assert (caught.value.status, caught.value.code) == (422, "unreadable_document")
        second = crashing.worker_pid()
        assert second != first
        assert not _alive(first)
    finally:
        crashing.close()


def test_a_check_past_its_time_is_a_named_error_and_its_worker_is_killed() -> None:
    slow = DecodePool()
    try:
        stuck = slow.worker_pid()  # started: the time below is the check's alone
        slow.timeout = 1.0
        with pytest.raises(DecodeTimeoutError) as caught:
            slow.call(select.select, [], [], [], 600.0)  # a check that never ends
        assert (caught.value.status, caught.value.code) == (422, "image_too_large")
        assert not _alive(stuck)
        slow.timeout = decode_pool.DEFAULT_TIMEOUT
        assert slow.worker_pid() != stuck
    finally:
        slow.close()


def test_close_ends_the_worker() -> None:
    closing = DecodePool()
    pid = closing.worker_pid()
    closing.close()
    assert not _alive(pid)
    with pytest.raises(BackendMockError):
        closing.worker_pid()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"

"""At most ``MAX_CONCURRENT_DECODES`` uploads are decoded at once; the other requests wait."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from mocks.backend import attachments
from mocks.backend.decoding import MAX_CONCURRENT_DECODES
from reference_kiosk.api import Attachment
from tests.support.backend import TINY_JPEG, attachment

REQUESTS = 6


def test_decodes_wait_for_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    state = threading.Condition()
    inside = [0]
    peak = [0]
    release = threading.Event()

    def held_decode(*args: Any, **kwargs: Any) -> None:
        with state:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
            state.notify_all()
        release.wait(30)  # held open until the test has looked
        with state:
            inside[0] -= 1

    monkeypatch.setattr(attachments, "check_jpeg", held_decode)
    item = Attachment.model_validate(attachment("CT01", TINY_JPEG, "image/jpeg", "ct01.jpg"))

    def request() -> None:
        attachments.decode_attachments([item], {"CT01"}, 5_000_000, 20_000_000)

    threads = [threading.Thread(target=request) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    try:
        with state:
            assert state.wait_for(lambda: inside[0] >= MAX_CONCURRENT_DECODES, timeout=30)
            # The others are started and blocked on the gate: no more get in while these are held.
            assert not state.wait_for(lambda: inside[0] > MAX_CONCURRENT_DECODES, timeout=0.5)
    finally:
        release.set()
        for thread in threads:
            thread.join(30)
    assert peak[0] == MAX_CONCURRENT_DECODES

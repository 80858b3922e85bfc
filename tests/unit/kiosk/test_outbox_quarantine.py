"""One damaged outbox item never blocks the others: it is quarantined, reported, and kept.

The damage is done to the real SQLite file on disk (one bit of the oldest item's ciphertext),
as a failing flash sector or a bad copy would do it, not through the outbox's own API.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
from pathlib import Path
from typing import cast

import pytest

from reference_kiosk.outbox import (
    Delivered,
    ItemState,
    Outbox,
    OutboxSender,
    Quarantined,
)
from reference_kiosk.ports import ProvincialBackend
from tests.support.kiosk_flow import FakeClock
from tests.unit.kiosk.test_outbox import KEY, FakeBackend, submission


def _flip_one_bit_of(path: Path, key: str) -> None:
    """Flip one bit inside ``key``'s ciphertext, found by its bytes in the closed database file."""
    with sqlite3.connect(path) as db:
        blob = bytes(db.execute("SELECT payload FROM outbox WHERE key=?", (key,)).fetchone()[0])
    db.close()
    raw = bytearray(path.read_bytes())
    at = raw.find(blob[16:48])  # past the nonce: inside the ciphertext proper
    assert at > 0
    assert raw.find(blob[16:48], at + 1) == -1, "the ciphertext is in the file exactly once"
    raw[at + 5] ^= 0x10
    path.write_bytes(bytes(raw))


def _three_items(path: Path, clock: FakeClock) -> None:
    outbox = Outbox(path, KEY, clock)
    for key in ("k1", "k2", "k3"):
        outbox.add(key, submission())
        clock.advance(1)
    outbox.close()  # the last connection checkpoints the WAL into the main file
    assert not path.with_name(path.name + "-wal").exists()


def test_a_flipped_bit_in_the_oldest_item_quarantines_it_and_the_rest_is_delivered(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    path = tmp_path / "outbox.sqlite"
    _three_items(path, clock)
    _flip_one_bit_of(path, "k1")
    outbox = Outbox(path, KEY, clock)
    backend = FakeBackend()
    reports: list[Quarantined] = []
    sender = OutboxSender(
        outbox, cast(ProvincialBackend, backend), clock, random.Random(1), on_quarantine=reports.append
    )
    with caplog.at_level(logging.WARNING, logger="reference_kiosk.outbox"):
        results = asyncio.run(sender.send_due())
    assert [(type(r).__name__, r.key) for r in results] == [
        ("Quarantined", "k1"),
        ("Delivered", "k2"),
        ("Delivered", "k3"),
    ]
    assert backend.calls == ["k2", "k3"]
    assert [(r.key, r.reason) for r in reports] == [("k1", "OutboxTamperedError")]
    counts = outbox.counts()
    assert counts[ItemState.QUARANTINED] == 1
    assert (counts[ItemState.DELIVERED], counts[ItemState.PENDING]) == (2, 0)
    # Kept for staff, never deleted, never retried:
    [kept] = outbox.quarantined()
    assert (kept.key, kept.state, kept.last_error) == ("k1", ItemState.QUARANTINED, "OutboxTamperedError")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT payload IS NOT NULL FROM outbox WHERE key='k1'").fetchone() == (1,)
    clock.advance(3600)
    assert asyncio.run(sender.send_due()) == []
    # The staff report names the item and the reason, nothing personal:
    assert "outbox item k1 quarantined (OutboxTamperedError)" in caplog.text
    assert all(isinstance(r, Delivered) for r in results[1:])


def test_the_background_loop_survives_a_damaged_item(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "outbox.sqlite"
    _three_items(path, clock)
    _flip_one_bit_of(path, "k1")
    outbox = Outbox(path, KEY, clock)
    sender = OutboxSender(outbox, cast(ProvincialBackend, FakeBackend()), clock, random.Random(1))

    async def main() -> None:
        stop = asyncio.Event()

        async def fake_sleep(seconds: float) -> None:
            clock.advance(seconds)
            stop.set()

        await sender.run(stop, sleep=fake_sleep)

    asyncio.run(main())
    assert outbox.counts()[ItemState.DELIVERED] == 2


def test_an_item_whose_payload_vanished_is_quarantined_too(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "outbox.sqlite"
    _three_items(path, clock)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE outbox SET payload=X'00' WHERE key='k2'")  # truncated to one byte
    db.close()
    outbox = Outbox(path, KEY, clock)
    sender = OutboxSender(outbox, cast(ProvincialBackend, FakeBackend()), clock, random.Random(1))
    results = asyncio.run(sender.send_due())
    assert [type(r).__name__ for r in results] == ["Delivered", "Quarantined", "Delivered"]
    assert outbox.counts()[ItemState.QUARANTINED] == 1

"""Storage, world clock and token keys persist across restarts; WAL mode is on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mocks.backend.clock import WorldClock
from mocks.backend.errors import UnauthorizedError
from mocks.backend.store import Store
from mocks.backend.tokens import TokenService, key_path_for
from reference_kiosk.api import CitizenProfile

T0 = dt.datetime(2025, 3, 17, 2, 0, tzinfo=dt.UTC)
ALICE = CitizenProfile(
    subject="s-1", id_number="001089012345", full_name="A", date_of_birth=dt.date(1989, 5, 12)
)


def test_wal_mode_and_meta_survive_reopen(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite")
    assert store.journal_mode() == "wal"
    store.set_meta("k", "v")
    store.close()
    again = Store(tmp_path / "db.sqlite")
    assert again.get_meta("k") == "v"
    assert again.get_meta("schema_version") == "1"
    again.close()


def test_world_clock_offset_persists_and_never_goes_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite")
    clock = WorldClock(store, start=T0)
    assert clock.advance(dt.timedelta(hours=2)) == T0 + dt.timedelta(hours=2)
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(dt.timedelta(seconds=-1))
    assert WorldClock(store, start=T0).now() == T0 + dt.timedelta(hours=2)
    running = WorldClock(store, wall=lambda: T0 + dt.timedelta(days=1))
    assert running.now() == T0 + dt.timedelta(days=1, hours=2)
    store.close()


def test_tokens_verify_after_restart_and_expire_on_world_time(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    store = Store(db)
    clock = WorldClock(store, start=T0)
    issuer = TokenService(key_path_for(db), "iss", "aud", dt.timedelta(minutes=5), clock)
    token, expires = issuer.issue(ALICE)
    assert expires == T0 + dt.timedelta(minutes=5)
    restarted = TokenService(key_path_for(db), "iss", "aud", dt.timedelta(minutes=5), clock)
    assert restarted.verify(token).id_number == ALICE.id_number
    assert restarted.jwks() == issuer.jwks()
    wrong_audience = TokenService(key_path_for(db), "iss", "other", dt.timedelta(minutes=5), clock)
    with pytest.raises(UnauthorizedError):
        wrong_audience.verify(token)
    clock.advance(dt.timedelta(minutes=5))
    with pytest.raises(UnauthorizedError, match="expired"):
        restarted.verify(token)
    assert oct(key_path_for(db).stat().st_mode & 0o777) == "0o600"  # type: ignore[union-attr]
    store.close()


def test_in_memory_database_keeps_its_key_in_memory() -> None:
    assert key_path_for(Path(":memory:")) is None

"""Office hours: open, lunch, closed, day off, and the next opening (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from reference_kiosk.domain.errors import OfficeHoursError
from reference_kiosk.domain.hours import OfficeHours, OfficeState

VN = dt.timezone(dt.timedelta(hours=7))
ROOT = Path(__file__).resolve().parents[4]
HOURS = OfficeHours.parse(
    "07:30-11:30,13:30-17:00",
    holidays=(dt.date(2025, 4, 30), dt.date(2025, 5, 1), dt.date(2025, 5, 2)),
    working_weekends=(dt.date(2025, 4, 26),),
)


def at(day: int, month: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=VN)


@pytest.mark.parametrize(
    ("moment", "state", "opening"),
    [
        (at(17, 3, 9), OfficeState.OPEN, None),  # Monday morning
        (at(17, 3, 7, 29), OfficeState.CLOSED, at(17, 3, 7, 30)),  # before opening
        (at(17, 3, 11, 30), OfficeState.LUNCH, at(17, 3, 13, 30)),  # lunch starts on the minute
        (at(17, 3, 16, 59), OfficeState.OPEN, None),
        (at(17, 3, 17, 0), OfficeState.CLOSED, at(18, 3, 7, 30)),  # closing time: tomorrow
        (at(21, 3, 18), OfficeState.CLOSED, at(24, 3, 7, 30)),  # Friday evening: Monday
        (at(22, 3, 10), OfficeState.DAY_OFF, at(24, 3, 7, 30)),  # Saturday
        (at(26, 4, 10), OfficeState.OPEN, None),  # a Saturday worked in exchange
        (at(29, 4, 18), OfficeState.CLOSED, at(5, 5, 7, 30)),  # 30/4-2/5 off, then the weekend
        (dt.datetime(2025, 3, 17, 2, 0, tzinfo=dt.UTC), OfficeState.OPEN, None),  # 09:00 in Viet Nam
    ],
)
def test_status_and_next_opening(
    moment: dt.datetime, state: OfficeState, opening: dt.datetime | None
) -> None:
    found = HOURS.status(moment)
    assert found.state is state
    assert found.next_opening == opening
    assert found.open is (state is OfficeState.OPEN)


@pytest.mark.parametrize(
    "text", ["", "7h30-17h", "17:00-07:30", "07:30-11:30,11:00-17:00", "13:30-17:00,07:30-11:30", "07:30"]
)
def test_unreadable_hours_are_a_named_error(text: str) -> None:
    with pytest.raises(OfficeHoursError):
        OfficeHours.parse(text)


def test_an_unknown_time_zone_is_a_named_error() -> None:
    with pytest.raises(OfficeHoursError, match="time zone"):
        OfficeHours.parse("07:30-17:00", timezone="Asia/Lang_Son")


def test_the_sample_configuration_knows_the_provincial_systems_holidays() -> None:
    """The kiosk's own copy of the facts the backend counts appointments with must not drift."""
    backend = json.loads((ROOT / "mocks/backend/data/holidays.json").read_text(encoding="utf-8"))
    sample = tomllib.loads((ROOT / "docs/kiosk.example.toml").read_text(encoding="utf-8"))["kiosk"]
    for key in ("holidays", "working_weekends"):
        assert sample[key] == [dt.date.fromisoformat(h["date"]) for h in backend[key]]

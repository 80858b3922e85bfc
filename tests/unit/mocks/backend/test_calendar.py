"""Working-day calendar: holidays as data, office hours, half days."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mocks.backend.calendar import WorkingCalendar, load_calendar
from mocks.backend.catalogue_errors import CalendarError

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return load_calendar()


def at(day: str, clock: str = "09:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=HCM)


def d(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-01-01", False),  # New Year
        ("2025-01-02", True),
        ("2025-01-27", False),  # swapped for Saturday 8 Feb
        ("2025-01-29", False),  # Tết
        ("2025-02-03", True),
        ("2025-02-08", True),  # Saturday worked in exchange
        ("2025-02-09", False),  # ordinary Sunday
        ("2025-04-07", False),  # Hùng Kings
        ("2025-04-26", True),  # Saturday worked in exchange for 2 May
        ("2025-04-30", False),
        ("2025-05-01", False),
        ("2025-05-02", False),
        ("2025-09-01", False),
        ("2025-09-02", False),
        ("2025-09-03", True),
        ("2026-02-17", False),  # Tết Bính Ngọ
        ("2026-04-27", False),  # Hùng Kings falls on a Sunday, taken on Monday
        ("2026-09-02", False),
        ("2025-03-15", False),  # pilot start, a Saturday
    ],
)
def test_working_days(cal: WorkingCalendar, day: str, working: bool) -> None:
    assert cal.is_working_day(d(day)) is working


def test_covers_both_years_and_names_holidays(cal: WorkingCalendar) -> None:
    assert cal.covers(d("2025-06-01"))
    assert cal.covers(d("2026-12-31"))
    assert not cal.covers(d("2027-01-01"))
    assert cal.holiday_name(d("2025-09-02")) == "Quốc khánh"
    assert cal.holiday_name(d("2025-09-03")) is None


def test_outside_the_data_only_weekends_are_off(cal: WorkingCalendar) -> None:
    assert cal.is_working_day(d("2027-01-01"))  # a Friday; 2027 holidays are not in the data
    assert not cal.is_working_day(d("2027-01-02"))


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (at("2025-03-17"), 0, "2025-03-17"),  # Monday morning, same day
        (at("2025-03-17", "16:59"), 0, "2025-03-17"),
        (at("2025-03-17", "17:00"), 0, "2025-03-18"),  # after closing: counts from Tuesday
        (at("2025-03-17", "22:30"), 3, "2025-03-21"),
        (at("2025-03-17"), 0.5, "2025-03-17"),  # morning + half a day = this afternoon
        (at("2025-03-17", "12:00"), 0.5, "2025-03-18"),  # afternoon + half a day = next morning
        (at("2025-03-17"), 0.3, "2025-03-17"),  # rounded up to a half day
        (at("2025-03-17", "14:00"), 1.2, "2025-03-19"),  # 1.5 days from an afternoon
        (at("2025-03-17"), 1, "2025-03-18"),
        (at("2025-03-17"), 7, "2025-03-26"),  # thường trú: 7 working days
        (at("2025-03-15", "10:00"), 3, "2025-03-20"),  # Saturday: counts from Monday morning
        (at("2025-03-15", "10:00"), 0.5, "2025-03-17"),
        (at("2025-01-24"), 3, "2025-02-05"),  # across Tết 2025
        (at("2025-02-07"), 1, "2025-02-08"),  # onto the Saturday worked in exchange
        (at("2025-04-29"), 1, "2025-05-05"),  # across 30/4, 1/5 and the swapped 2/5
        (at("2026-02-13"), 1, "2026-02-23"),  # across Tết 2026
    ],
)
def test_add_working_days(cal: WorkingCalendar, received: dt.datetime, days: float, due: str) -> None:
    assert cal.add_working_days(received, days) == d(due)


def test_times_are_taken_in_vietnam(cal: WorkingCalendar) -> None:
    # 10:30 UTC is 17:30 in Hà Nội: after closing.
    utc = dt.datetime(2025, 3, 17, 10, 30, tzinfo=dt.UTC)
    assert cal.add_working_days(utc, 0) == d("2025-03-18")
    naive = dt.datetime(2025, 3, 17, 10, 30)  # naive = already local
    assert cal.add_working_days(naive, 0) == d("2025-03-17")


@pytest.mark.parametrize("days", [-1, float("nan"), float("inf")])
def test_add_rejects_nonsense(cal: WorkingCalendar, days: float) -> None:
    with pytest.raises(ValueError, match="days"):
        cal.add_working_days(at("2025-03-17"), days)


def test_working_days_between(cal: WorkingCalendar) -> None:
    assert cal.working_days_between(d("2025-03-17"), d("2025-03-17")) == 0
    assert cal.working_days_between(d("2025-03-14"), d("2025-03-17")) == 1  # Fri -> Mon
    assert cal.working_days_between(d("2025-01-24"), d("2025-02-03")) == 1  # Tết week
    assert cal.working_days_between(d("2025-03-24"), d("2025-03-17")) == -5


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 11, 30)),
    days=st.integers(min_value=0, max_value=25),
    hour=st.integers(min_value=0, max_value=23),
)
def test_due_date_is_a_working_day_n_days_after_receipt(
    cal: WorkingCalendar, start: dt.date, days: int, hour: int
) -> None:
    moment = dt.datetime.combine(start, dt.time(hour), HCM)
    due = cal.add_working_days(moment, days)
    received, _ = cal.receipt(moment)
    assert cal.is_working_day(due)
    assert cal.working_days_between(received, due) == days
    assert due >= start


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ([], "expected an object"),
        ({"holidays": "2025-01-01"}, "must be a list"),
        ({"holidays": [{"date": "2025-02-30", "name": "x"}]}, "bad entry"),
        ({"holidays": [], "working_weekends": [{"date": "2025-03-17", "name": "Monday"}]}, "weekend days"),
        ({"holidays": [], "timezone": "Mars/Olympus"}, "timezone"),
        ({"holidays": [], "office_closes": "5pm"}, "office_closes"),
    ],
)
def test_bad_files_fail_clearly(tmp_path: Path, data: object, why: str) -> None:
    with pytest.raises(CalendarError, match=why):
        load_calendar(_write(tmp_path, data))


def test_missing_file_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="cannot read"):
        load_calendar(tmp_path / "absent.json")

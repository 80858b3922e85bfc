"""Working days of Vietnamese public agencies, for appointment dates and step deadlines.

Holidays, swapped days off and the Saturdays worked in exchange are data (data/holidays.json);
weekends are Saturday and Sunday. Outside the years the file covers only weekends count as
days off (``covers`` tells which years are known), so a world clock running past the data
degrades gently instead of failing.

Counting rule (``add_working_days``), in half working days as one-stop desks count them:
 * A dossier received on a day off, or at or after closing time (17:00 Asia/Ho_Chi_Minh), is
   received the next working day in the morning. Before noon it counts as a morning receipt,
   from noon on as an afternoon receipt.
 * ``days`` is rounded up to whole half days (0.3 -> 0.5, 1.2 -> 1.5).
 * Counting ``2 * days`` halves from the receipt half gives the due half; its date is the answer.
   So 0 is the receipt day; 0.5 is the same day for a morning receipt and the next working day
   for an afternoon one; n whole days is the n-th working day after the receipt day.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from mocks.backend.catalogue_errors import CalendarError

__all__ = ["WorkingCalendar", "load_calendar"]

_DATA = Path(__file__).resolve().parent / "data" / "holidays.json"


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    holidays: dict[dt.date, str]  # date -> Vietnamese name
    working_weekends: frozenset[dt.date]
    years: frozenset[int]
    weekend: frozenset[int] = frozenset({5, 6})  # date.weekday(): Saturday, Sunday
    # A factory, so that importing the module reads no time-zone file.
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    morning_ends: dt.time = dt.time(12, 0)
    office_closes: dt.time = dt.time(17, 0)

    @classmethod
    def load(cls, path: Path | str | None = None) -> WorkingCalendar:
        return load_calendar(path)

    def covers(self, day: dt.date) -> bool:
        """Whether the holiday data knows this date's year."""
        return day.year in self.years

    def holiday_name(self, day: dt.date) -> str | None:
        return self.holidays.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_weekends:
            return True
        return day.weekday() not in self.weekend and day not in self.holidays

    def next_working_day(self, day: dt.date, *, inclusive: bool = True) -> dt.date:
        """The first working day on or after ``day`` (strictly after when not inclusive)."""
        current = day if inclusive else day + dt.timedelta(days=1)
        # Tết plus two weekends is the longest run of days off: 9 days; 60 leaves ample margin.
        for _ in range(60):
            if self.is_working_day(current):
                return current
            current += dt.timedelta(days=1)
        raise CalendarError(f"no working day within 60 days of {day.isoformat()}")

    def local(self, moment: dt.datetime) -> dt.datetime:
        """The moment in local time; a naive datetime is taken as local already."""
        return (
            moment.replace(tzinfo=self.timezone)
            if moment.tzinfo is None
            else moment.astimezone(self.timezone)
        )

    def receipt(self, moment: dt.datetime) -> tuple[dt.date, int]:
        """The working day a receipt counts from, and 0 for morning or 1 for afternoon."""
        local = self.local(moment)
        day, clock = local.date(), local.time()
        if not self.is_working_day(day) or clock >= self.office_closes:
            return self.next_working_day(day, inclusive=False), 0
        return day, 0 if clock < self.morning_ends else 1

    def add_working_days(self, start: dt.datetime, days: float) -> dt.date:
        """Due date of something received at ``start`` with ``days`` working days (see module doc)."""
        if days < 0 or math.isnan(days) or math.isinf(days):
            raise ValueError(f"days must be a finite number >= 0, not {days}")
        day, half = self.receipt(start)
        due_half = half + math.ceil(round(days * 2, 6))
        for _ in range(due_half // 2):
            day = self.next_working_day(day, inclusive=False)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        span = (end - start).days
        return sum(1 for i in range(1, span + 1) if self.is_working_day(start + dt.timedelta(days=i)))


def _parse_time(raw: Any, name: str) -> dt.time:
    try:
        return dt.time.fromisoformat(str(raw))
    except ValueError as exc:
        raise CalendarError(f"{name}: not a time: {raw!r}") from exc


def _parse_dates(items: Any, key: str) -> dict[dt.date, str]:
    if not isinstance(items, list):
        raise CalendarError(f"{key} must be a list")
    parsed: dict[dt.date, str] = {}
    for item in items:
        try:
            day = dt.date.fromisoformat(item["date"])
            parsed[day] = str(item["name"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CalendarError(f"{key}: bad entry {item!r}") from exc
    return parsed


def load_calendar(path: Path | str | None = None) -> WorkingCalendar:
    """Read holidays.json (default: the packaged one) and check it is consistent."""
    source = Path(path) if path is not None else _DATA
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CalendarError(f"cannot read {source}: {exc}") from exc
    if not isinstance(raw, dict):
        raise CalendarError(f"{source}: expected an object")
    holidays = _parse_dates(raw.get("holidays"), "holidays")
    working = frozenset(_parse_dates(raw.get("working_weekends", []), "working_weekends"))
    weekend = frozenset(int(d) for d in raw.get("weekend", [5, 6]))
    clash = [d.isoformat() for d in working if d in holidays or d.weekday() not in weekend]
    if clash:
        raise CalendarError(f"working_weekends must be weekend days that are not holidays: {clash}")
    try:
        timezone = ZoneInfo(str(raw.get("timezone", "Asia/Ho_Chi_Minh")))
    except (KeyError, ValueError) as exc:
        raise CalendarError(f"unknown timezone {raw.get('timezone')!r}") from exc
    years = frozenset(int(y) for y in raw.get("years", sorted({d.year for d in holidays})))
    return WorkingCalendar(
        holidays=holidays,
        working_weekends=working,
        years=years,
        weekend=weekend,
        timezone=timezone,
        morning_ends=_parse_time(raw.get("morning_ends", "12:00"), "morning_ends"),
        office_closes=_parse_time(raw.get("office_closes", "17:00"), "office_closes"),
    )

"""A site's office hours: when someone is on duty at the one-stop desk, and when they next are.

The kiosk works around the clock; the desk does not. ``OfficeHours`` is built from the kiosk's
configuration (``office_hours``, ``holidays``, ``working_weekends``, ``timezone``) and answers
``status(moment)``: open, or closed for lunch, for the night or for a day off, with the next
opening. Public holidays and the Saturdays worked in exchange are the same facts the provincial
system counts appointments with (``mocks/backend/data/holidays.json``; a test keeps
``docs/kiosk.example.toml`` in step with it).

    hours = OfficeHours.parse("07:30-11:30,13:30-17:00", holidays=(dt.date(2025, 4, 30),))
    hours.status(now)  -> OfficeStatus(state=OfficeState.LUNCH, next_opening=<13:30 today>)
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from reference_kiosk.domain.errors import OfficeHoursError

__all__ = ["OfficeHours", "OfficeHoursError", "OfficeState", "OfficeStatus"]

_WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())
_LOOKAHEAD_DAYS = 60  # Tết plus two weekends is the longest run of days off (9 days)


class OfficeState(StrEnum):
    OPEN = "open"
    LUNCH = "lunch"  # between two periods of a working day
    CLOSED = "closed"  # before opening or after closing on a working day
    DAY_OFF = "day_off"  # a weekend or public holiday


@dataclass(frozen=True, slots=True)
class OfficeStatus:
    state: OfficeState
    next_opening: dt.datetime | None  # local time; None while open

    @property
    def open(self) -> bool:
        return self.state is OfficeState.OPEN


def _period(text: str) -> tuple[dt.time, dt.time]:
    start, sep, end = text.strip().partition("-")
    try:
        opens, closes = dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())
    except ValueError:
        raise OfficeHoursError(f"office hours: {text.strip()!r} is not HH:MM-HH:MM") from None
    if not sep or opens >= closes:
        raise OfficeHoursError(f"office hours: {text.strip()!r} must open before it closes")
    return opens, closes


@dataclass(frozen=True, slots=True)
class OfficeHours:
    periods: tuple[tuple[dt.time, dt.time], ...]  # on working days, in order, not overlapping
    holidays: frozenset[dt.date] = frozenset()
    working_weekends: frozenset[dt.date] = frozenset()
    timezone: str = "Asia/Ho_Chi_Minh"

    @classmethod
    def parse(
        cls,
        text: str,
        *,
        holidays: Iterable[dt.date] = (),
        working_weekends: Iterable[dt.date] = (),
        timezone: str = "Asia/Ho_Chi_Minh",
    ) -> OfficeHours:
        """``"07:30-11:30,13:30-17:00"``; raises ``OfficeHoursError`` for anything else."""
        periods = tuple(_period(part) for part in text.split(",") if part.strip())
        if not periods:
            raise OfficeHoursError("office hours: at least one period HH:MM-HH:MM is needed")
        if any(a[1] > b[0] for a, b in itertools.pairwise(periods)):
            raise OfficeHoursError("office hours: periods must be in order and must not overlap")
        try:
            ZoneInfo(timezone)
        except (KeyError, ValueError):
            raise OfficeHoursError(f"office hours: unknown time zone {timezone!r}") from None
        return cls(periods, frozenset(holidays), frozenset(working_weekends), timezone)

    def working_day(self, day: dt.date) -> bool:
        if day in self.working_weekends:
            return True
        return day.weekday() not in _WEEKEND and day not in self.holidays

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(ZoneInfo(self.timezone))

    def status(self, moment: dt.datetime) -> OfficeStatus:
        local = self.local(moment)
        day, now = local.date(), local.time()
        if self.working_day(day):
            if any(opens <= now < closes for opens, closes in self.periods):
                return OfficeStatus(OfficeState.OPEN, None)
            later = [opens for opens, _ in self.periods if opens > now]
            if later:
                state = OfficeState.CLOSED if now < self.periods[0][0] else OfficeState.LUNCH
                return OfficeStatus(state, self._at(day, later[0], local))
            state = OfficeState.CLOSED
        else:
            state = OfficeState.DAY_OFF
        return OfficeStatus(state, self._at(self._next_working_day(day), self.periods[0][0], local))

    def _next_working_day(self, day: dt.date) -> dt.date:
        for offset in range(1, _LOOKAHEAD_DAYS + 1):
            candidate = day + dt.timedelta(days=offset)
            if self.working_day(candidate):
                return candidate
        raise OfficeHoursError(f"office hours: no working day within {_LOOKAHEAD_DAYS} days of {day}")

    @staticmethod
    def _at(day: dt.date, time: dt.time, like: dt.datetime) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=like.tzinfo)

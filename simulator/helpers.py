"""Helpers as a timetable: staff with other duties, consulted only when a citizen asks for help.

A helper alternates between being around (an exponential time in office hours, mean
``20 * (1 - f) / f`` minutes) and away on other duties (exponential, mean 20 minutes), first come
first served with the citizens they help: a duty that falls due while they help starts when the help
ends, and a citizen who asks while they are away waits (up to the help patience) until they return.

Help is rare next to duties, so each helper's duties are worked out when someone asks, from the
helper's own random stream, instead of being a process with events of its own: the same rota with
no events (the ticket machine's Lindley recursion, decision 0017, is the same idea).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.calendar import Intervals
from simulator.distributions import Stream

__all__ = ["Helper", "Rota"]

DUTY_MINUTES = 20.0  # mean length of one spell of other duties


@dataclass(slots=True)
class Helper:
    clock: Stream | None  # None: no other duties
    due: float = math.inf  # when the current or next duty falls due
    start: float = math.inf  # when it starts (later than due if the helper was helping then)
    end: float = math.inf
    free_at: float = 0.0  # end of the last help promised


class Rota:
    """The helpers of one site, their duties and the help they have promised."""

    def __init__(
        self,
        clocks: list[Stream | None],
        fraction: float,
        opening: Intervals,
        end: float,
        window: tuple[float, float],
    ) -> None:
        self.helpers = [Helper(c) for c in clocks]
        self.gap = DUTY_MINUTES * (1 - fraction) / fraction if fraction > 0 else math.inf
        self.opening, self.stop, self.window = opening, end, window
        self.duty_minutes = 0.0  # duties started inside the measured window
        for h in self.helpers:
            self._next_duty(h, 0.0)

    def _next_duty(self, h: Helper, after: float) -> None:
        """The duty after ``after``: it falls due in office hours (nights and weekends skipped)."""
        if h.clock is None or after >= self.stop:
            h.due = h.start = h.end = math.inf
            return
        due = self.opening.next_start(after + h.clock.next() * self.gap)
        if due >= self.stop:
            h.due = h.start = h.end = math.inf
            return
        h.due = due
        h.start = max(due, h.free_at)  # help already promised goes first
        h.end = h.start + h.clock.next() * DUTY_MINUTES
        if self.window[0] <= h.start < self.window[1]:
            self.duty_minutes += h.end - h.start

    def _advance(self, h: Helper, t: float) -> None:
        while h.end <= t and h.end != math.inf:
            self._next_duty(h, h.end)

    def ask(self, t: float, patience: float, minutes: float) -> float | None:
        """A citizen asks at ``t``: when help starts, or None if no helper comes within ``patience``.

        The chosen helper is booked for ``minutes`` from then on.
        """
        best, best_at = None, math.inf
        for h in self.helpers:
            self._advance(h, t)
            at = max(t, h.free_at)
            if h.due <= t and h.end > at:
                at = h.end  # the duty fell due before this citizen asked: it goes first
            if at < best_at:
                best, best_at = h, at
        if best is None or best_at - t > patience:
            return None
        best.free_at = best_at + minutes
        if best.due > t and best.start < best.free_at:
            length = best.end - best.start  # falls due later: it waits for this help to end
            if self.window[0] <= best.start < self.window[1]:
                self.duty_minutes -= length
            best.start = best.free_at
            best.end = best.start + length
            if self.window[0] <= best.start < self.window[1]:
                self.duty_minutes += length
        return best_at

    def finish(self) -> float:
        """Work out every remaining duty up to the end; the minutes of duty in the measured window."""
        for h in self.helpers:
            self._advance(h, math.inf)
        return self.duty_minutes

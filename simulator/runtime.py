"""Two pieces of SimPy the model does more cheaply: starting a citizen, and the counters' queue.

A rollout replication spent about half its events on SimPy's bookkeeping rather than on the model:
each citizen's ``Process`` schedules a start and an end event, each ``Request`` and ``Release`` of a
resource is an event, and each patience timer adds a ``Condition`` and a timeout that mostly fires
after the citizen was served. Here:

- ``detached`` runs a citizen's generator on SimPy events without a ``Process`` (nobody waits for
  a citizen to finish, and the start event only ran it at the same instant anyway);
- ``Pool`` is a counter pool: a free counter is taken without an event, a release hands the counter
  straight to the next ticket, closing takes counters ahead of every ticket (what the closer's
  high-priority requests did), and a citizen's patience is settled when their ticket comes up.
  A reneged ticket either stays in the queue until the clerk calls it (``no_show`` minutes, issue 15)
  or leaves it; in both cases nothing in the model can tell whether that happened at the deadline
  or when the ticket came up, so no timer is needed (``waiting`` skips tickets past their deadline).

Every event that remains happens at the same time as before and every draw is taken in the same
order, so seeded results are unchanged (tests/unit/simulator/test_rollout_regression.py pins them);
only the order of events at the very same instant could differ, which continuous service and
patience times make a zero-probability case.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Generator
from typing import Any

import simpy

__all__ = ["Pool", "Ticket", "detached"]


def detached(gen: Generator[simpy.Event, Any, None]) -> None:
    """Run ``gen`` now up to its first event, then resume it from each event's callbacks.

    What ``env.process`` does for a process nobody waits on, less its start and end events. Failed
    events are not handled: the model's events never fail.
    """
    send = gen.send

    # try/except rather than contextlib.suppress: this runs once per event of every citizen.
    def resume(event: simpy.Event) -> None:
        try:  # noqa: SIM105
            send(event._value).callbacks.append(resume)
        except StopIteration:
            pass

    try:  # noqa: SIM105
        send(None).callbacks.append(resume)
    except StopIteration:
        pass


class Ticket:
    """A citizen waiting for a counter; ``called`` succeeds True (served) or False (had left)."""

    __slots__ = ("called", "deadline")

    def __init__(self, called: simpy.Event, deadline: float) -> None:
        self.called = called
        self.deadline = deadline  # when the citizen gives up (inf: no patience)


class Pool:
    """``capacity`` identical counters, first come first served, closures first.

    ``count`` is the counters busy (serving, calling a no-show, or held closed), ``queue`` the
    tickets waiting. With ``no_show`` > 0 a ticket whose citizen has left still holds a counter for
    that long when called; ``on_no_show(t)`` is told when such a call starts.
    """

    __slots__ = ("_closed", "_closing", "_on_no_show", "capacity", "count", "env", "no_show", "queue")

    def __init__(
        self,
        env: simpy.Environment,
        capacity: int,
        no_show: float = 0.0,
        on_no_show: Callable[[float], None] | None = None,
    ) -> None:
        self.env, self.capacity, self.no_show, self._on_no_show = env, capacity, no_show, on_no_show
        self.count = 0
        self.queue: deque[Ticket] = deque()
        self._closing = 0  # counters to close as soon as they come free
        self._closed = 0  # counters held closed

    def take(self) -> bool:
        """Take a counter at once if one is free (then nobody is waiting: releases hand over)."""
        if self.count < self.capacity:
            self.count += 1
            return True
        return False

    def wait(self, deadline: float = math.inf) -> simpy.Event:
        """Queue a ticket: the event succeeds when it is called (True) or after the citizen left
        at ``deadline`` (False, at the time the ticket came up)."""
        called = simpy.Event(self.env)
        self.queue.append(Ticket(called, deadline))
        return called

    def release(self, _: object = None) -> None:
        self.count -= 1
        self._hand_over()

    def waiting(self) -> int:
        """Tickets (and closures) waiting now, as a citizen reading the queue display would see."""
        if self.no_show > 0:
            return self._closing + len(self.queue)
        now = self.env.now
        return self._closing + sum(1 for t in self.queue if t.deadline >= now)

    def close(self) -> None:
        """Close every counter, each as soon as its citizen is done."""
        self._closing += self.capacity - self._closed
        self._hand_over()

    def reopen(self) -> None:
        self.count -= self._closed
        self._closed = self._closing = 0
        self._hand_over()

    def _hand_over(self) -> None:
        now = self.env.now
        queue = self.queue
        while self.count < self.capacity:
            if self._closing:
                self._closing -= 1
                self._closed += 1
                self.count += 1
                continue
            if not queue:
                return
            ticket = queue.popleft()
            if ticket.deadline >= now:
                self.count += 1
                ticket.called.succeed(True)
                continue
            ticket.called.succeed(False)  # left at the deadline
            if self.no_show > 0:  # the clerk calls the number and waits a little before the next
                self.count += 1
                if self._on_no_show is not None:
                    self._on_no_show(now)
                self.env.timeout(self.no_show).callbacks.append(self.release)

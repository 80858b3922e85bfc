"""SimPy processes: arrivals, citizen, counter (with closing hours), kiosk session, helper, ticket machine.

Processes are plain generator functions over a ``Model`` (the runtime built from a validated
Scenario). Each finished citizen appends one flat tuple (``records.COLUMNS``) to ``model.log``.
Counters are ``runtime.Pool``s (closed for lunch, nights and weekends by a closer process) and
citizens run ``runtime.detached``: both keep SimPy's timing with far fewer events (see there).
"""

from __future__ import annotations

import gc
import math
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import simpy

from simulator.calendar import DAY, Calendar, Intervals
from simulator.config import Demand, Scenario, Site
from simulator.distributions import Stream
from simulator.helpers import Rota
from simulator.kiosk_session import Visit, kiosk_visit
from simulator.runtime import Pool, detached
from simulator.streams import Streams

__all__ = ["Draws", "Model", "SiteState", "citizen", "draws_for"]

Proc = Generator[simpy.Event, Any, None]
NAN = math.nan
WEEK = 7 * DAY


@dataclass(slots=True)
class SiteState:
    """The runtime side of one site: resources, opening intervals, its random streams.

    Every random decision has its own stream per site and demand (common random numbers), and each
    citizen takes the same number of draws from each stream whatever happens to them: citizen k of a
    demand gets the same service time, patience and choices in every variant of a scenario.
    """

    site: Site
    pools: dict[str, Pool]
    kiosk: simpy.Resource | None
    helpers: Rota | None
    ticket: float  # minutes to print a number (0: no machine)
    counter_open: Intervals
    ticket_open: Intervals  # counter hours less the last-ticket margins
    kiosk_open: Intervals
    helper_end: float
    service: list[Stream]
    patience: list[Stream | None]
    choice: list[Stream]  # uniforms: age group, literacy, kiosk pick, give up to counter (4 per citizen)
    session: list[Stream]  # one uniform per citizen: seeds that citizen's own kiosk-session generator
    closes: bool
    busy: dict[str, float] = field(default_factory=lambda: {"no_show": 0.0, "helper_duty": 0.0})
    ticket_free: float = 0.0  # when the ticket machine is next free

    def counter_reachable(self, t: float) -> bool:
        """Open now, or opening soon enough that the citizen takes a ticket and waits."""
        return self.ticket_open.next_start(t) - t <= self.site.wait_for_opening

    def staffed(self, t: float) -> bool:
        return self.helpers is not None and t < self.helper_end and self.counter_open.contains(t)


class Model:
    def __init__(self, scenario: Scenario, replication: int, days: int | None = None) -> None:
        self.scenario = scenario
        self.replication = replication
        self.calendar = Calendar(scenario, days or scenario.days)
        self.env = simpy.Environment()
        self.streams = Streams(scenario.seed, replication)
        self.log: list[tuple[Any, ...]] = []
        self.fast_log: list[tuple[tuple[str, int], float, float, float]] = []  # see plain_counter
        self.samples: list[tuple[str, str, float, int, int]] = []  # site, pool, time, waiting, busy
        self.states = [self._build(site) for site in scenario.sites]

    def _build(self, site: Site) -> SiteState:
        env, st, sid = self.env, self.streams, site.id
        closes = not site.always_open
        helper_end = math.inf if site.helpers_until_week is None else site.helpers_until_week * WEEK
        busy = {"no_show": 0.0, "helper_duty": 0.0}

        def no_show_call(start: float) -> None:
            if self.measuring(start):
                busy["no_show"] += site.no_show_minutes

        return SiteState(
            site=site,
            pools={n: Pool(env, c, site.no_show_minutes, no_show_call) for n, c in site.counters.items()},
            kiosk=simpy.Resource(env, site.kiosks) if site.kiosks else None,
            helpers=self._rota(site, helper_end) if site.helpers else None,
            ticket=site.ticket_seconds / 60,
            counter_open=self.calendar.counter_open(site),
            ticket_open=self.calendar.ticket_open(site),
            kiosk_open=self.calendar.kiosk_open(site),
            helper_end=helper_end,
            service=[st.draws(f"service/{sid}/{i}", d.service) for i, d in enumerate(site.demand)],
            patience=[
                st.draws(f"patience/{sid}/{i}", d.patience) if d.patience else None
                for i, d in enumerate(site.demand)
            ],
            choice=[st.uniform(f"choice/{sid}/{i}") for i in range(len(site.demand))],
            session=[st.uniform(f"kiosk/{sid}/{i}") for i in range(len(site.demand))],
            closes=closes,
            busy=busy,
        )

    def measuring(self, t: float) -> bool:
        """Inside the measured window (after the warm-up, before the horizon)."""
        return self.scenario.warmup_days * DAY <= t < self.calendar.horizon

    def run(self) -> None:
        env, horizon = self.env, self.calendar.horizon
        for s in self.states:
            for i, demand in enumerate(s.site.demand):
                segs = self.calendar.arrival_segments(s.site, demand)
                clock = self.streams.unit_exponential(f"arrivals/{s.site.id}/{i}")
                env.process(arrivals(self, s, i, demand, segs, clock))
            if s.closes:
                for pool in s.pools.values():
                    env.process(closer(env, pool, s.counter_open.gaps(0.0, horizon)))
            if self.scenario.monitor_minutes > 0:
                env.process(monitor(self, s, self.streams.unit_exponential(f"monitor/{s.site.id}")))
        # The cyclic garbage collector would rescan the growing records again and again; a run makes
        # no reference cycles (gc.collect() after one finds nothing), so it is off while it runs.
        enabled = gc.isenabled()
        gc.disable()
        try:
            env.run()  # arrivals stop at the horizon; run on until everyone who came has left
        finally:
            if enabled:
                gc.enable()
        for s in self.states:
            if s.helpers is not None:
                s.busy["helper_duty"] = s.helpers.finish()

    def _rota(self, site: Site, helper_end: float) -> Rota:
        f = site.helper_duty_fraction
        clocks = [
            self.streams.unit_exponential(f"duty/{site.id}/{h}") if f > 0 else None
            for h in range(site.helpers)
        ]
        end = min(self.calendar.horizon, helper_end)  # no duties after helpers_until_week
        window = (self.scenario.warmup_days * DAY, self.calendar.horizon)
        return Rota(clocks, f, self.calendar.counter_open(site), end, window)


def arrivals(
    m: Model, s: SiteState, index: int, demand: Demand, segs: list[tuple[float, float, float]], clock: Stream
) -> Proc:
    """Non-homogeneous Poisson arrivals, exact for a piecewise-constant rate (memoryless restarts)."""
    env, process, timeout, gap = m.env, m.env.process, m.env.timeout, clock.next
    if demand.channel == "counter" and demand.patience is None and not s.ticket and not s.closes:
        # The M/M/c fast path: one loop with everything bound locally, no per-arrival dispatch.
        pool, log, key, service = s.pools[demand.pool], m.fast_log, (s.site.id, index), s.service[index].next
        for start, end, rate in segs:
            t = start
            while True:
                t += gap() / rate
                if t >= end:
                    break
                yield timeout(t - env.now)
                process(plain_counter(env, pool, service(), log, key))
        return
    for start, end, rate in segs:
        t = start
        while True:
            t += gap() / rate
            if t >= end:
                break
            yield timeout(t - env.now)
            detached(citizen(m, s, index, demand, draws_for(s, index)))


def draws_for(s: SiteState, index: int) -> Draws:
    """Every draw of one citizen, taken at arrival in a fixed order (common random numbers)."""
    patience, u = s.patience[index], s.choice[index].next
    return (
        s.service[index].next(),
        NAN if patience is None else patience.next(),
        u(),
        u(),
        u(),
        u(),
        s.session[index].next(),
    )


def plain_counter(
    env: simpy.Environment,
    pool: Pool,
    service: float,
    log: list[tuple[tuple[str, int], float, float, float]],
    key: tuple[str, int],
) -> Proc:
    """A counter visit with no patience, ticket or closing hours: the M/M/c fast path.

    It logs only (site, demand), arrival, wait and service; records.to_frame adds the constant
    columns afterwards, vectorised, which keeps the model within 1.3x of a bare SimPy M/M/c.
    """
    t0 = env.now
    if not pool.take():
        yield pool.wait()
    t1 = env.now
    yield env.timeout(service)
    pool.release()
    log.append((key, t0, t1 - t0, service))


Draws = tuple[float, float, float, float, float, float, float]  # service, patience, 4 choice uniforms, seed
Counter = tuple[str, float, float, float, float]  # outcome, wait, service, ticket wait, closed minutes


def citizen(m: Model, s: SiteState, index: int, demand: Demand, draws: Draws) -> Proc:
    env = m.env
    t0 = env.now
    if s.closes:
        in_hours, counter_ok = s.counter_open.contains(t0), s.counter_reachable(t0)
    else:
        in_hours = counter_ok = True  # counters never close: no interval arithmetic per citizen
    if demand.channel == "counter" or s.kiosk is None:
        channel = "counter" if counter_ok else "none"
    else:
        channel = choose_channel(m, s, demand, counter_ok, draws)
    kiosk: Visit = (NAN, NAN, "", "", 0.0)
    moved = False
    counter: Counter = ("closed", NAN, NAN, NAN, NAN)
    if channel == "kiosk":
        kiosk = yield from kiosk_visit(m, s, demand, draws[6])
        if kiosk[2] == "completed":
            _log(m, s, index, demand, t0, "kiosk", "served", counter, kiosk, moved, in_hours)
            return
        moved = s.counter_reachable(env.now) and draws[5] < m.scenario.behaviour.give_up_to_counter
        if not moved:
            counter = ("gave_up", NAN, NAN, NAN, NAN)
            _log(m, s, index, demand, t0, "none", "gave_up", counter, kiosk, moved, in_hours)
            return
    elif channel == "none":
        until = s.ticket_open.next_start(t0) - t0  # turned away: no ticket until then
        counter = ("closed", NAN, NAN, NAN, until if until < math.inf else NAN)
        _log(m, s, index, demand, t0, "none", "closed", counter, kiosk, moved, in_hours)
        return
    counter = yield from counter_visit(m, s, index, demand, draws)
    where = "counter" if counter[0] == "served" else "none"
    _log(m, s, index, demand, t0, where, counter[0], counter, kiosk, moved, in_hours)


def _log(
    m: Model,
    s: SiteState,
    index: int,
    demand: Demand,
    t0: float,
    channel: str,
    outcome: str,
    counter: Counter,
    kiosk: Visit,
    moved: bool,
    in_hours: bool,
) -> None:
    dossier = demand.purpose == "submit" and outcome == "served"
    _, wait, service, ticket_wait, closed = counter
    m.log.append(
        (
            s.site.id,
            index,
            demand.purpose,
            demand.field,
            t0,
            channel,
            outcome,
            wait,
            service,
            *kiosk,
            dossier,
            moved,
            in_hours,
            ticket_wait,
            closed,
        )
    )


def choose_channel(m: Model, s: SiteState, demand: Demand, counter_ok: bool, draws: Draws) -> str:
    """Counter or kiosk: awareness (outreach), literacy by age, the visible queue, staff steering."""
    kiosk_ok = s.kiosk is not None and demand.purpose != "collect" and s.kiosk_open.contains(m.env.now)
    if demand.channel == "counter" or not kiosk_ok:
        return "counter" if counter_ok else "none"
    if demand.channel == "kiosk":
        return "kiosk"
    b, u = m.scenario.behaviour, draws[2]
    literacy, acc = b.age_groups[-1].literacy, 0.0
    for group in b.age_groups:
        acc += group.share
        if u < acc:
            literacy = group.literacy
            break
    if draws[3] >= literacy:
        return "counter" if counter_ok else "none"
    if not counter_ok:
        return "kiosk"  # after hours the kiosk is the only way in
    queue = s.pools[demand.pool].waiting()
    p = min(
        1.0, (m.calendar.awareness(m.env.now / WEEK) + b.queue_sensitivity * queue) * demand.kiosk_affinity
    )
    if s.staffed(m.env.now):
        p += (1 - p) * b.steering
    return "kiosk" if draws[4] < p else "counter"


def counter_visit(
    m: Model, s: SiteState, index: int, demand: Demand, draws: Draws
) -> Generator[simpy.Event, Any, Counter]:
    """Ticket, queue (FIFO per pool, reneging), service. A reneged ticket still costs a call.

    Who comes after the last ticket of a session waits for the next one (counted as closure time);
    the wait at the ticket machine itself is recorded separately.
    """
    env = m.env
    t0 = env.now
    deferred = s.ticket_open.next_start(t0) - t0 if s.closes else 0.0
    if deferred > 0:
        yield env.timeout(deferred)
    ticket_wait = NAN
    if s.ticket:
        # One machine, a fixed time per number, first come first served: the Lindley recursion
        # gives each citizen's wait exactly, with one event instead of a request and a release.
        now = env.now
        start = max(now, s.ticket_free)
        s.ticket_free = start + s.ticket
        ticket_wait = start - now
        yield env.timeout(ticket_wait + s.ticket)
    t1 = env.now
    pool = s.pools[demand.pool]
    patience = draws[1]
    served = pool.take()  # a free counter: no event at all
    end = t1
    if not served:
        # Patience is settled when the ticket comes up (runtime.Pool); the citizen left at t1 +
        # patience, the very float SimPy's patience timeout would have fired at.
        deadline = math.inf if math.isnan(patience) else t1 + patience
        served = yield pool.wait(deadline)
        end = env.now if served else deadline
    if not s.closes:
        closed = 0.0
    elif end == t1:
        closed = deferred  # what the formula below gives for no wait, without its two look-ups
    else:
        closed = deferred + (end - t1) - (s.counter_open.open_until(end) - s.counter_open.open_until(t1))
    wait = deferred + end - t1  # the ticket machine's own wait is recorded apart
    if not served:
        return "reneged", wait, NAN, ticket_wait, closed  # the pool calls the ticket (no_show)
    service = draws[0]
    yield env.timeout(service)
    pool.release()
    return "served", wait, service, ticket_wait, closed


def closer(env: simpy.Environment, pool: Pool, gaps: list[tuple[float, float]]) -> Proc:
    """Close the counters (each as soon as its citizen is done) for each gap in the opening hours."""
    for start, end in gaps:
        if start > env.now:
            yield env.timeout(start - env.now)
        pool.close()
        if end > env.now:
            yield env.timeout(end - env.now)
        pool.reopen()


def monitor(m: Model, s: SiteState, clock: Stream) -> Proc:
    """Poisson-timed samples of queue lengths (PASTA): an independent estimate for Little's law."""
    env, mean = m.env, m.scenario.monitor_minutes
    while True:
        yield env.timeout(clock.next() * mean)
        if env.now >= m.calendar.horizon:
            return
        for name, pool in s.pools.items():
            m.samples.append((s.site.id, name, env.now, pool.waiting(), pool.count))

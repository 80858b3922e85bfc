"""The speed reference for the simulator benchmarks: the smallest sensible SimPy M/M/c(+M) model.

Written once here and used by ``bench_simulator.py`` (M/M/3) and ``bench_sim_speed.py`` (M/M/3 with
exponential patience). It shares no code with ``simulator/`` on purpose: it is what a planner
would write in an afternoon, so "the model at SimPy speed" is measured against plain SimPy.
Each call records every customer's wait, as the model records every citizen.
"""

from __future__ import annotations

import random

import simpy

__all__ = ["minimal_mmc"]


def minimal_mmc(
    horizon: float,
    seed: int,
    servers: int = 3,
    arrivals_per_min: float = 2.7 / 60,
    service_min: float = 60.0,
    patience_min: float | None = None,
) -> int:
    """Run until every customer who came before ``horizon`` (minutes) has left; customers seen.

    With ``patience_min`` a waiting customer leaves after an exponential patience (M/M/c+M).
    """
    rng = random.Random(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, servers)
    waits: list[float] = []

    def customer() -> simpy.events.ProcessGenerator:
        arrived = env.now
        with desk.request() as req:
            yield req
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(1 / service_min))

    def impatient(patience: float) -> simpy.events.ProcessGenerator:
        arrived = env.now
        req = desk.request()
        yield req | env.timeout(rng.expovariate(1 / patience))
        waits.append(env.now - arrived)
        if req.triggered:
            yield env.timeout(rng.expovariate(1 / service_min))
            desk.release(req)
        else:
            req.cancel()

    def source() -> simpy.events.ProcessGenerator:
        while True:
            yield env.timeout(rng.expovariate(arrivals_per_min))
            if env.now >= horizon:
                return
            env.process(customer() if patience_min is None else impatient(patience_min))

    env.process(source())
    env.run()
    return len(waits)

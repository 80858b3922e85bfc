"""Exact-seed regression of a short rollout run: speed work must leave every result as it was.

Pinned on the code before the issue 17 speed work (point 5). The digest covers every metric of every
one of the 66 sites and the total, to the last bit; the totals are spelled out so that a failure
shows what moved. A change here means the model's seeded results changed: say so when it does.
"""

from __future__ import annotations

import hashlib
import json

from simulator.config import load_scenario
from simulator.run import run_replication

ROLLOUT_7_DAYS_REP_1_TOTAL = {
    "arrivals": 11513.0,
    "counter_served": 10829.0,
    "kiosk_users": 722.0,
    "kiosk_dossiers": 122.0,
    "abandoned_fraction": 0.028315816902631807,
    "counter_wait_min": 8.218212772306003,
    "counter_wait_p90_min": 21.852963650074003,
    "kiosk_wait_min": 0.31323785715299685,
    "utilisation_counters": 0.30250226305129263,
    "utilisation_helpers": 0.7594792609441795,
    "ticket_wait_min": 0.04224515933203551,
}
ROLLOUT_7_DAYS_REP_1_DIGEST = "ca49d8ed1b420d8518841999194c0f1f0e8bd74ae37aa8e39a912f802ed9f397"


def test_a_short_rollout_run_gives_the_pinned_metrics_to_the_last_bit() -> None:
    metrics = run_replication(load_scenario("rollout"), 1, days=7, keep_records=False).metrics
    assert len(metrics) == 67  # 66 sites and the total
    total = metrics["total"]
    assert {k: total[k] for k in ROLLOUT_7_DAYS_REP_1_TOTAL} == ROLLOUT_7_DAYS_REP_1_TOTAL
    blob = json.dumps(metrics, sort_keys=True).encode("utf-8")  # floats as repr: exact
    assert hashlib.sha256(blob).hexdigest() == ROLLOUT_7_DAYS_REP_1_DIGEST

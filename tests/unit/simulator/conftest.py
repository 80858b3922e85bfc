"""Fixtures for the simulator tests: small scenarios built from TOML-shaped dicts."""

from __future__ import annotations

import copy
from typing import Any

import pytest


@pytest.fixture
def mm_raw() -> dict[str, Any]:
    """A small always-open counter site, as the dict a TOML file would give."""
    return copy.deepcopy(
        {
            "name": "small",
            "days": 5,
            "warmup_days": 1,
            "replications": 2,
            "seed": 3,
            "sites": [
                {
                    "id": "a",
                    "hours": [["00:00", "24:00"]],
                    "counters": 2,
                    "demand": [
                        {
                            "purpose": "submit",
                            "channel": "counter",
                            "arrivals_per_hour": 1.5,
                            "service_minutes": {"dist": "exponential", "mean": 60},
                        }
                    ],
                }
            ],
        }
    )

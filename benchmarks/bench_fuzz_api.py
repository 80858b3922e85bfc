"""Schemathesis against the simulated backend, with many more examples than the unit suite.

Every API operation of the committed ``openapi.json`` (the control routes that reset or break
the whole world excepted) gets up to ``--examples`` generated requests against the ASGI app, with
a valid kiosk key and citizen token so generated data gets past authentication. Checks: no 5xx,
documented status code, body valid for the schema. Bounded by ``--budget`` seconds in all (the
time is shared out between operations; each still gets at least 25 examples). Prints requests,
failures and time per operation as a rich table, and writes the same as JSON under ``reports/out/``.

    .venv/bin/python benchmarks/bench_fuzz_api.py [--examples 300] [--budget 120] [--seed 0]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for tests.support.backend (the app factory and kiosk driver)


MIN_EXAMPLES = 25  # every operation gets at least this many (the unit suite uses 6), budget or not


@dataclass(slots=True)
class OperationRun:
    operation: str
    requests: int = 0
    failures: int = 0
    server_errors: int = 0
    seconds: float = 0.0
    first_failures: list[str] = field(default_factory=list)


class _OutOfTimeError(Exception):
    pass


def _fuzz_operation(
    operation: Any, app: Any, headers: dict[str, str], examples: int, seed: int, until: float
) -> OperationRun:
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.failures import FailureGroup
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    run = OperationRun(f"{operation.method.upper()} {operation.path}")
    started = time.perf_counter()
    checks = [not_a_server_error, status_code_conformance, response_schema_conformance]

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=seed == 0,
        # no shrinking: the only exception that leaves ``fuzz`` is the end of its time share
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def fuzz(case: Any) -> None:
        if run.requests >= MIN_EXAMPLES and time.perf_counter() > until:
            raise _OutOfTimeError
        response = case.call(app=app, headers=headers)
        run.requests += 1
        run.server_errors += response.status_code >= 500
        try:
            case.validate_response(response, checks=checks)
        except (AssertionError, FailureGroup) as failure:
            run.failures += 1
            first = failure.exceptions[0] if isinstance(failure, FailureGroup) else failure
            text = (str(first).strip().splitlines() or [type(first).__name__])[0][:160]
            if text not in run.first_failures and len(run.first_failures) < 3:
                run.first_failures.append(text)

    with contextlib.suppress(_OutOfTimeError):
        fuzz()
    run.seconds = time.perf_counter() - started
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="examples per operation (unit suite: 6)")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds for the whole run")
    parser.add_argument("--seed", type=int, default=0, help="0: derandomized (repeatable); else random")
    args = parser.parse_args(argv)

    import schemathesis
    from schemathesis.core.result import Ok

    from mocks.backend.openapi import OPENAPI_PATH
    from tests.support.backend import KIOSK_KEY, BackendDriver, SyncAsgiClient, make_app

    schema = schemathesis.openapi.from_path(OPENAPI_PATH).exclude(
        path_regex=r"^/control/(faults|reset|clock)"
    )
    operations = [r.ok() for r in schema.get_all_operations() if isinstance(r, Ok)]
    runs: list[OperationRun] = []
    with tempfile.TemporaryDirectory(prefix="bench-fuzz-api-") as tmp:
        app = make_app(Path(tmp) / "db.sqlite")
        with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
            twin = BackendDriver(client)
            auth = twin.login()
            twin.submit(auth)
        headers = {"X-Kiosk-Key": KIOSK_KEY, **auth}
        start = time.perf_counter()
        for i, operation in enumerate(operations):
            left = args.budget - (time.perf_counter() - start)
            share = start + (time.perf_counter() - start) + left / (len(operations) - i)
            runs.append(_fuzz_operation(operation, app, headers, args.examples, args.seed, share))
        app.state.backend.close()
    _report(runs, args)
    return 1 if any(r.server_errors for r in runs) else 0


def _report(runs: list[OperationRun], args: argparse.Namespace) -> None:
    table = Table(
        title=f"schemathesis on the backend (≤{args.examples} examples/operation, {args.budget:.0f} s budget)"
    )
    for column in ("operation", "requests", "failures", "5xx", "seconds", "first failure"):
        table.add_column(column, justify="left" if column in ("operation", "first failure") else "right")
    for r in runs:
        table.add_row(r.operation, str(r.requests), str(r.failures), str(r.server_errors), f"{r.seconds:.1f}",
                      r.first_failures[0] if r.first_failures else "")  # fmt: skip
    total = sum(r.requests for r in runs)
    failed = sum(r.failures for r in runs)
    table.add_row("TOTAL", str(total), str(failed), str(sum(r.server_errors for r in runs)),
                  f"{sum(r.seconds for r in runs):.1f}", "", style="bold")  # fmt: skip
    Console(width=160).print(table)
    out = ROOT / "reports" / "out" / "bench_fuzz_api.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"requests": total, "failures": failed, "operations": [asdict(r) for r in runs]}, indent=2)
    )


if __name__ == "__main__":
    raise SystemExit(main())

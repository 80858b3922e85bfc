"""Fault injection for testers: per-route latency, error rate, timeouts, outages, lost responses.

A ``FaultPlan`` (``PUT /control/faults`` or the config file's ``[faults]``) holds rules; the first
rule whose ``route`` ("METHOD /path/{param}", method ``*`` for any) matches a request applies.
Decisions are deterministic: the n-th request matching rule i draws from
``Random(f"{seed}:{i}:{n}")``, so a scenario replays the same faults whatever other traffic does.
The control API itself is never faulted (tests must always be able to heal the world).

"Lost response" lets the request run and commit, and then the answer never arrives; the client
cannot tell whether its dossier exists, which is what Idempotency-Key retries are for. Two modes:

* ``lost_response_mode="empty_504"`` (default): a 504 with an empty body, as a gateway would say.
* ``lost_response_mode="drop"``: the connection dies mid-answer. Uvicorn (0.3x, h11) answers 500
  itself when an app raises *before* ``http.response.start``, and only closes the socket when it
  raises *after* it; so the middleware sends the real status line and headers (Content-Length
  included), then raises ``ConnectionDroppedError`` instead of the body. The client sees the peer
  close before the promised body (httpx ``RemoteProtocolError``). Under ``httpx.ASGITransport``
  the exception itself reaches the caller; tests/support/backend.py turns it into that same
  transport error, as a socket would.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import anyio
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mocks.backend.errors import ConnectionDroppedError
from reference_kiosk.api import Problem

__all__ = ["FaultDecision", "FaultInjector", "FaultMiddleware", "FaultPlan", "FaultRule"]


class FaultRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    route: str = Field(pattern=r"^(\*|[A-Z]+) /\S*$", examples=["POST /api/v1/dossiers"])
    error_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    status: int = Field(default=503, ge=400, le=599)
    latency_ms: int = Field(default=0, ge=0, le=120_000)
    timeout: bool = False
    lost_response_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    lost_response_mode: Literal["empty_504", "drop"] = "empty_504"
    outage: tuple[dt.datetime, dt.datetime] | None = None  # world-clock window [start, end)


class FaultPlan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    seed: int = 0
    rules: list[FaultRule] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FaultDecision:
    latency_s: float = 0.0
    outage: bool = False
    timeout: bool = False
    error_status: int | None = None
    lost_response: bool = False
    drop_connection: bool = False  # with lost_response: the socket closes instead of a 504


def _compile(route: str) -> tuple[str, re.Pattern[str]]:
    method, _, path = route.partition(" ")
    pattern = "".join(
        "[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]+\})", path)
    )
    return method, re.compile(pattern)


class FaultInjector:
    """Holds the current plan and decides, per request, which fault (if any) to inject."""

    def __init__(self, plan: FaultPlan, now: Callable[[], dt.datetime], timeout_seconds: float) -> None:
        self._now = now
        self.timeout_seconds = timeout_seconds
        self._lock = threading.Lock()
        self.set_plan(plan)

    @property
    def plan(self) -> FaultPlan:
        return self._plan

    def set_plan(self, plan: FaultPlan) -> None:
        with self._lock:
            self._plan = plan
            self._compiled = [_compile(rule.route) for rule in plan.rules]
            self._counts = [0] * len(plan.rules)

    def decide(self, method: str, path: str) -> FaultDecision | None:
        with self._lock:
            for i, (rule_method, pattern) in enumerate(self._compiled):
                if rule_method in ("*", method) and pattern.fullmatch(path):
                    n = self._counts[i]
                    self._counts[i] += 1
                    return self._decision(self._plan.rules[i], random.Random(f"{self._plan.seed}:{i}:{n}"))
        return None

    def _decision(self, rule: FaultRule, rng: random.Random) -> FaultDecision:
        error_draw, lost_draw = rng.random(), rng.random()
        now = self._now()
        return FaultDecision(
            latency_s=rule.latency_ms / 1000,
            outage=rule.outage is not None and rule.outage[0] <= now < rule.outage[1],
            timeout=rule.timeout,
            error_status=rule.status if error_draw < rule.error_rate else None,
            lost_response=lost_draw < rule.lost_response_rate,
            drop_connection=rule.lost_response_mode == "drop",
        )


async def _send_problem(send: Send, status: int, code: str, message: str) -> None:
    body = Problem(code=code, message=message).model_dump_json().encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class FaultMiddleware:
    """Pure ASGI middleware, so it can hold, fail or swallow a response around the whole app."""

    def __init__(self, app: ASGIApp, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/control"):
            await self.app(scope, receive, send)
            return
        decision = self.injector.decide(scope["method"], scope["path"])
        if decision is None:
            await self.app(scope, receive, send)
            return
        if decision.latency_s:
            await anyio.sleep(decision.latency_s)
        if decision.outage:
            await _send_problem(send, 503, "outage", "the provincial system is down for maintenance")
        elif decision.timeout:
            await anyio.sleep(self.injector.timeout_seconds)
            await _send_problem(send, 504, "timeout", "the provincial system did not answer in time")
        elif decision.error_status is not None:
            await _send_problem(send, decision.error_status, "injected_fault", "injected fault")
        elif decision.lost_response and decision.drop_connection:
            await self._drop_connection(scope, receive, send)
        elif decision.lost_response:
            await self._lose_response(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _lose_response(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def swallow(message: Message) -> None:
            return None

        await self.app(scope, receive, swallow)  # the work is done and committed ...
        await send({"type": "http.response.start", "status": 504, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})  # ... but the answer never arrives

    async def _drop_connection(self, scope: Scope, receive: Receive, send: Send) -> None:
        start: list[Message] = []

        async def keep_start(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.append(message)

        await self.app(scope, receive, keep_start)  # committed ...
        if start:  # ... the head goes out (uvicorn would answer 500 itself otherwise) ...
            await send(start[0])
        raise ConnectionDroppedError()  # ... and the body never: the server closes the socket

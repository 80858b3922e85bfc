"""Delivers outbox items to the backend until it acknowledges them.

Each attempt sends the stored dossier with its idempotency key, so a lost answer followed by a
retry yields one dossier at the backend, never two. Outcomes:

* acknowledged -> DELIVERED (the answer's dossier code and appointment are kept)
* transient (backend down, timeout, 5xx, 429, answer lost) -> retried later with backoff
* refused for good (4xx: invalid form, too large, idempotency conflict...) -> REJECTED,
  kept encrypted for staff; the citizen is told at once when it happens during the session
* the outbox cannot record an outcome (disk full): logged, the item stays pending and is sent
  again later (deduplicated by key)
* the stored item does not open (a flipped bit, a wrong key) -> QUARANTINED: kept as it is,
  reported to staff (a log line and ``on_quarantine``, no personal data), and the sender goes
  on with the next item: one damaged row must never stop the queue behind it

Backoff: ``min(cap, base * 2**attempts)`` with equal jitter from an injected ``random.Random``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from reference_kiosk import api
from reference_kiosk.backend.errors import RateLimitedError, RequestRejectedError
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.outbox.errors import OutboxStorageError, OutboxTamperedError
from reference_kiosk.outbox.store import ItemState, Outbox, Submission
from reference_kiosk.ports import Clock, ProvincialBackend

__all__ = ["Deferred", "Delivered", "OutboxSender", "Quarantined", "Rejected", "SendResult"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Delivered:
    key: str
    dossier: api.Dossier


@dataclass(frozen=True, slots=True)
class Deferred:
    key: str
    error: Exception
    next_attempt_at: float


@dataclass(frozen=True, slots=True)
class Rejected:
    key: str
    error: KioskError


@dataclass(frozen=True, slots=True)
class Quarantined:
    """The item could not be read back; ``reason`` is an error class name, never its content."""

    key: str
    reason: str


SendResult = Delivered | Deferred | Rejected | Quarantined


class OutboxSender:
    def __init__(
        self,
        outbox: Outbox,
        backend: ProvincialBackend,
        clock: Clock,
        rng: random.Random,
        *,
        base_s: float = 2.0,
        cap_s: float = 300.0,
        on_quarantine: Callable[[Quarantined], None] | None = None,
    ) -> None:
        self._outbox = outbox
        self._backend = backend
        self._clock = clock
        self._rng = rng
        self._base_s = base_s
        self._cap_s = cap_s
        self._in_flight: set[str] = set()
        self._on_quarantine = on_quarantine

    def backoff(self, attempts: int) -> float:
        """Delay before the next attempt after ``attempts`` failed ones (equal jitter)."""
        delay: float = min(self._cap_s, self._base_s * 2.0 ** min(attempts, 30))
        return delay / 2 + self._rng.uniform(0, delay / 2)

    async def send(self, key: str) -> SendResult | None:
        """One attempt for one pending item; None when it is not pending or already being sent."""
        item = self._outbox.item(key)
        if item is None or item.state is not ItemState.PENDING or key in self._in_flight:
            return None
        self._in_flight.add(key)
        try:
            try:
                submission = self._outbox.load(key)
            except OutboxTamperedError as exc:
                return self._quarantine(key, type(exc).__name__)
            try:
                dossier = await self._submit(key, submission)
            except RequestRejectedError as exc:
                # The backend's problem code tells staff why (e.g. confirmation_expired).
                code = getattr(exc, "code", None)
                self._record(
                    self._outbox.mark_rejected, key, type(exc).__name__ + (f"({code})" if code else "")
                )
                return Rejected(key, exc)
            except Exception as exc:
                delay = self.backoff(item.attempts)
                if isinstance(exc, RateLimitedError) and exc.retry_after is not None:
                    delay = max(delay, float(exc.retry_after))
                next_at = self._clock.now().timestamp() + delay
                self._record(self._outbox.mark_retry, key, type(exc).__name__, next_at)
                return Deferred(key, exc, next_at)
            self._record(self._outbox.mark_delivered, key, dossier)
            return Delivered(key, dossier)
        finally:
            self._in_flight.discard(key)

    async def _submit(self, key: str, submission: Submission) -> api.Dossier:
        if submission.confirmation is None:
            return await self._backend.submit_dossier(submission.token, submission.dossier, key)
        # Sent every time: the backend looks at it only once the token has expired.
        return await self._backend.submit_dossier(
            submission.token, submission.dossier, key, confirmation=submission.confirmation.header()
        )

    @staticmethod
    def _record(write: Callable[..., None], *args: object) -> None:
        """Record an outcome; if the disk refuses, the item stays pending and is simply sent
        again later (the backend deduplicates by key): never a reason to stop the sender."""
        try:
            write(*args)
        except OutboxStorageError as exc:
            log.warning("outbox could not record an outcome (%s); the item will be sent again", exc)

    def _quarantine(self, key: str, reason: str) -> Quarantined:
        self._record(self._outbox.quarantine, key, reason)
        # The key is a random UUID drawn at confirmation: staff match it with the slip's reference.
        log.warning("outbox item %s quarantined (%s); the others go on", key, reason)
        result = Quarantined(key, reason)
        if self._on_quarantine is not None:
            self._on_quarantine(result)
        return result

    async def send_due(self) -> list[SendResult]:
        """One attempt for every item whose time has come (oldest first)."""
        results = []
        for item in self._outbox.due():
            result = await self.send(item.key)
            if result is not None:
                results.append(result)
        return results

    async def run(
        self,
        stop: asyncio.Event,
        *,
        interval_s: float = 5.0,
        on_result: Callable[[SendResult], None] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        """Background loop: resume whatever is pending (also after a restart) until ``stop``."""
        while not stop.is_set():
            for result in await self.send_due():
                if on_result is not None:
                    on_result(result)
            if sleep is not None:
                await sleep(interval_s)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval_s)

"""``Services``: executes the flow's effects and hands the answers back to the UI loop.

    ui loop:  effects = flow.handle(event); services.execute(effects)
              for event in services.drain(): flow.handle(event)

Threaded mode (the kiosk): one worker thread runs an asyncio loop for backend calls (blocking
device work goes to ``asyncio.to_thread`` from there), the outbox's background sender and the
heartbeat to the backend every ``heartbeat_s`` (the devices' state for the staff console; never
on the UI thread, and a failed heartbeat is only logged: the backend then lists the kiosk silent).
Answers are posted into a thread-safe queue that ``drain()`` empties on the UI thread, which
also polls the card reader for insert/remove events.

Inline mode (tests, the headless driver): ``execute`` runs each effect to completion before
returning, so a test steps the world deterministically.

Telemetry, voice (the ``Speaker`` of the executor's devices) and the wipe are executed at once
on the caller's thread. After a wipe, answers to effects started before it are dropped: they
belong to a citizen who has gone.

Session end also logs the citizen out on the backend (``ProvincialBackend.logout``), so the
token is refused from then on. The services remember the tokens of the current session's
logins for that; the wipe comes first and the logout follows, best effort: in the background
(threaded) or right after the wipe (inline). A failed logout is logged by error class only
and never blocks the wipe; the token then expires on its own. A login answered after its
session ended is logged out at once. A token that a still-queued outbox submission carries is
not logged out: the outbox will need it to deliver the dossier (losing a dossier is worse than
a token that lives out its short TTL).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import queue
import threading
from collections.abc import Coroutine, Iterable
from typing import Any

from reference_kiosk.app.errors import UnexpectedFailureError
from reference_kiosk.app.executor import EffectExecutor
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.ports import CardEventKind
from reference_kiosk.telemetry import TelemetryRecorder

__all__ = ["Services"]

log = logging.getLogger(__name__)


class Services:
    def __init__(
        self,
        executor: EffectExecutor,
        *,
        telemetry: TelemetryRecorder | None = None,
        threaded: bool = True,
        outbox_interval_s: float = 5.0,
        heartbeat_s: float | None = None,
    ) -> None:
        """``heartbeat_s``: seconds between heartbeats in threaded mode (None: none are sent)."""
        self.executor = executor
        self._heartbeat_s = heartbeat_s
        self._telemetry = telemetry
        self._threaded = threaded
        self._outbox_interval_s = outbox_interval_s
        self._events: queue.SimpleQueue[ev.Event] = queue.SimpleQueue()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: asyncio.Runner | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None
        self._futures: set[concurrent.futures.Future[None]] = set()
        self._futures_lock = threading.Lock()
        # The current session's bearer tokens (to log out at its end); guarded with the generation.
        self._tokens: list[str] = []
        self._session_lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        if self._threaded:
            if self._thread is not None:
                return
            ready = threading.Event()
            self._thread = threading.Thread(
                target=self._worker, args=(ready,), name="kiosk-services", daemon=True
            )
            self._thread.start()
            ready.wait()
        elif self._runner is None:
            self._runner = asyncio.Runner()

    def _worker(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        self._stop = asyncio.Event()
        sender = loop.create_task(
            self.executor.sender.run(self._stop, interval_s=self._outbox_interval_s), name="outbox-sender"
        )
        tasks = [sender]
        if self._heartbeat_s is not None:
            tasks.append(loop.create_task(self._heartbeats(self._stop, self._heartbeat_s), name="heartbeat"))
        ready.set()
        loop.run_forever()
        for task in tasks:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.close()

    async def _heartbeats(self, stop: asyncio.Event, every_s: float) -> None:
        while not stop.is_set():
            await self._beat_once()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every_s)

    async def _beat_once(self) -> bool:
        try:
            await self.executor.heartbeat()
        except Exception as exc:  # the backend will list the kiosk silent: that is the signal
            log.warning("heartbeat not sent: %s", type(exc).__name__)
            return False
        return True

    def send_heartbeat(self) -> bool:
        """One heartbeat now, besides the periodic ones (tests, drivers); whether the backend took it."""
        self.start()
        if self._threaded:
            return bool(self._submit(self._beat_once()).result(timeout=60))
        assert self._runner is not None
        return bool(self._runner.run(self._beat_once()))

    def close(self) -> None:
        """Stop the worker, close the backend client and the outbox (pending items stay for next time)."""
        if self._loop is not None and self._thread is not None:
            self._submit(self.executor.backend.aclose()).result(timeout=10)
            loop, stop = self._loop, self._stop
            if stop is not None:
                loop.call_soon_threadsafe(stop.set)
            loop.call_soon_threadsafe(loop.stop)
            self._thread.join(timeout=10)
            self._thread = None
            self._loop = None
        elif self._runner is not None:
            self._runner.run(self.executor.backend.aclose())
            self._runner.close()
            self._runner = None
        self.executor.outbox.close()

    # ------------------------------------------------------------------ effects in, events out

    def execute(self, effects: Iterable[fx.Effect]) -> None:
        for effect in effects:
            if isinstance(effect, fx.Track):
                if self._telemetry is not None:
                    self._telemetry.record(effect)
            elif isinstance(effect, fx.Speak):
                speaker = self.executor.devices.speaker
                if speaker is not None:
                    speaker.say(effect.prompt, effect.lang)
            elif isinstance(effect, fx.WipePersonalData):
                self._end_session()
            else:
                self._background(self._run(effect, self.executor.store.generation))

    def _end_session(self) -> None:
        with self._session_lock:
            self.executor.store.wipe()
            tokens, self._tokens = self._tokens, []
            self._discard_answers()
        if tokens:  # after the wipe, never before it
            self._background(self._logout(tokens))

    def _background(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run ``coro`` on the worker loop (threaded) or to its end right here (inline)."""
        self.start()
        if self._threaded:
            self._track(self._submit(coro))
        else:
            assert self._runner is not None
            self._runner.run(coro)

    async def _logout(self, tokens: list[str]) -> None:
        for token in tokens:
            try:
                if self._still_queued(token):
                    log.info("logout at session end skipped: a submission still needs the token")
                    continue
                await self.executor.backend.logout(token)
            except Exception as exc:  # best effort: whatever failed, the token still expires
                log.warning("logout at session end failed with %s", type(exc).__name__)

    def _still_queued(self, token: str) -> bool:
        outbox = self.executor.outbox
        return any(outbox.load(item.key).token == token for item in outbox.pending())

    def _adopt(self, token: str, generation: int) -> bool:
        """Remember a login's token for the session's end; False when that session has ended."""
        with self._session_lock:
            if generation != self.executor.store.generation:
                return False
            self._tokens.append(token)
            return True

    def _submit(self, coro: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def _track(self, future: concurrent.futures.Future[None]) -> None:
        with self._futures_lock:
            self._futures.add(future)
        future.add_done_callback(self._untrack)

    def _untrack(self, future: concurrent.futures.Future[None]) -> None:
        with self._futures_lock:
            self._futures.discard(future)

    async def _run(self, effect: fx.Effect, generation: int) -> None:
        try:
            answer = await self.executor.run(effect)
        except KioskError as exc:
            answer = ev.ErrorOccurred(exc)
        except Exception as exc:
            # No traceback: an exception's text may quote personal data (a form value, a name).
            log.error("effect %s failed with %s", type(effect).__name__, type(exc).__name__)
            answer = ev.ErrorOccurred(UnexpectedFailureError(type(exc).__name__))
        if isinstance(answer, ev.LoggedIn) and not self._adopt(answer.token, generation):
            await self._logout([answer.token])  # logged in for a citizen who has gone
            return
        with self._session_lock:  # checked and queued atomically with respect to a wipe
            if answer is None or generation != self.executor.store.generation:
                return  # nothing to say, or said to a citizen who has gone
            self._events.put(answer)

    def _discard_answers(self) -> None:
        """Answers not yet handed to the flow belong to the session that just ended (a token, a name)."""
        while True:
            try:
                self._events.get_nowait()
            except queue.Empty:
                return

    def drain(self) -> list[ev.Event]:
        """Answers so far plus card insert/remove events (never blocks; call from the UI loop)."""
        out: list[ev.Event] = self._card_events()
        while True:
            try:
                out.append(self._events.get_nowait())
            except queue.Empty:
                return out

    def _card_events(self) -> list[ev.Event]:
        reader = self.executor.devices.card_reader
        if reader is None:
            return []
        try:
            raw = reader.poll_events()
        except KioskError as exc:
            log.warning("card reader poll failed: %s", type(exc).__name__)
            return []
        return [
            ev.CardInserted(e.reader) if e.kind is CardEventKind.INSERTED else ev.CardRemoved(e.reader)
            for e in raw
        ]

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Threaded mode: wait until every effect handed over so far has answered (for drivers)."""
        with self._futures_lock:
            pending = list(self._futures)
        _, not_done = concurrent.futures.wait(pending, timeout=timeout)
        return not not_done

    def flush_outbox(self) -> int:
        """Inline mode: one delivery attempt for every due outbox item now; returns how many ran."""
        self.start()
        assert self._runner is not None
        return len(self._runner.run(self.executor.sender.send_due()))

    def thumbnail(self, page_id: str) -> bytes | None:
        """PNG preview of a scanned page (for the scan screen); None once wiped."""
        return self.executor.thumbnail(page_id)

    @property
    def pending_outbox(self) -> int:
        from reference_kiosk.outbox import ItemState

        return self.executor.outbox.counts()[ItemState.PENDING]

"""The composition root's helper: real backend client, outbox, telemetry and services from config.

The caller (``kiosk run``, the twin, tests) chooses the devices and may pass an httpx transport
(``ASGITransport`` for an in-process backend); everything else follows from ``KioskConfig``.
The CSCA trust store is loaded here, once: a bad ``trust_store`` fails the start, not a login.
"""

from __future__ import annotations

import functools
import random
import uuid

import httpx

from reference_kiosk import api
from reference_kiosk.app.chip import load_trust_store
from reference_kiosk.app.executor import EffectExecutor, read_chip
from reference_kiosk.app.services import Services, Speaker
from reference_kiosk.backend import HttpProvincialBackend, VneidTokenVerifier
from reference_kiosk.config import KioskConfig
from reference_kiosk.outbox import Outbox, OutboxSender, load_or_create_key
from reference_kiosk.ports import CardReader, Clock, Scanner
from reference_kiosk.telemetry import JsonlSink, TelemetryRecorder

__all__ = ["build_services"]


def build_services(
    config: KioskConfig,
    clock: Clock,
    *,
    card_reader: CardReader | None = None,
    scanner: Scanner | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    speaker: Speaker | None = None,
    threaded: bool = True,
    rng: random.Random | None = None,
) -> Services:
    """Raises ``TrustStoreError`` (before anything is opened) when ``config.trust_store`` is unusable."""
    trust_store = load_trust_store(config.trust_store)
    backend = HttpProvincialBackend(config.backend_url, config.kiosk_key, transport=transport, clock=clock)
    # Without a configured key the kiosk keeps one beside the outbox (created 0600 on first run).
    key = config.outbox_key or load_or_create_key(config.outbox_path.with_suffix(".key"))
    outbox = Outbox(config.outbox_path, key, clock)
    sender = OutboxSender(outbox, backend, clock, rng or random.Random())
    verifier = VneidTokenVerifier(
        backend.fetch_jwks, issuer=config.vneid_issuer, audience=config.vneid_audience, clock=clock
    )

    async def verify(token: str) -> api.CitizenProfile:
        claims = await verifier.verify(token)
        return api.CitizenProfile(
            subject=claims.subject,
            id_number=claims.id_number,
            full_name=claims.full_name,
            date_of_birth=claims.date_of_birth,
        )

    executor = EffectExecutor(
        backend,
        outbox,
        sender,
        card_reader=card_reader,
        scanner=scanner,
        read_card=functools.partial(read_chip, clock=clock, trust_store=trust_store),
        verify_token=verify,
        clock=clock,
    )
    telemetry = None
    if config.telemetry_path is not None:
        telemetry = TelemetryRecorder(
            JsonlSink(config.telemetry_path),
            clock,
            kiosk_id=config.kiosk_id,
            site_id=config.site_id,
            new_visit_id=lambda: str(uuid.uuid4()),
        )
    return Services(executor, telemetry=telemetry, speaker=speaker, threaded=threaded)

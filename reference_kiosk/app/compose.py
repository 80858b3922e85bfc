"""The kiosk's one composition root: ``build_kiosk(config, devices, ...) -> KioskAssembly``.

Every way of running the kiosk calls it and chooses only the devices, the transport and the
clock: ``kiosk run`` (real or emulated devices, the real network), ``kiosk-twin up`` (emulators,
a backend under uvicorn), the BDD world and the integration tests (an ASGI transport or
uvicorn, inline services, a hand-driven clock) and the chaos run (no window at all).
Everything else follows from ``KioskConfig``; the CSCA trust store is loaded here, once, so a
bad ``trust_store`` fails the start, not a login.

    from reference_kiosk.app import build_kiosk
    from reference_kiosk.devices.printer import SpoolFolderPrinter
    from reference_kiosk.ports import Devices, SystemClock

    kiosk = build_kiosk(config, Devices(card_reader=reader, printer=SpoolFolderPrinter(spool)),
                        clock=SystemClock())
    kiosk.start()
    kiosk.app.run()             # the pygame window, until it is closed
    kiosk.close()

A headless kiosk (no window, pygame never imported): the flow, the executor and the durable
outbox, e.g. for a worker process that only files dossiers::

    kiosk = build_kiosk(config, Devices(), clock=SystemClock(), ui=False, threaded=False)
    executor = kiosk.services.executor      # .outbox, .sender, .backend, .run(effect)
    kiosk.services.execute(kiosk.flow.handle(event))
    kiosk.close()
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from reference_kiosk import api
from reference_kiosk.app.chip import load_trust_store
from reference_kiosk.app.executor import EffectExecutor, read_chip
from reference_kiosk.app.glass import GlassLogin, SlipReader
from reference_kiosk.app.services import Services
from reference_kiosk.backend import HttpProvincialBackend, VneidTokenVerifier
from reference_kiosk.backend.transport import RetryBudget, RetryPolicy, Timeouts
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import KioskFlow
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow.slip_types import ReadSlipCode
from reference_kiosk.outbox import Outbox, OutboxSender, load_or_create_key
from reference_kiosk.outbox.signing import load_or_create_signer
from reference_kiosk.ports import Clock, Devices, ScanSettings
from reference_kiosk.telemetry import JsonlSink, TelemetryRecorder

if TYPE_CHECKING:
    from reference_kiosk.ui.app import KioskApp
    from reference_kiosk.ui.scenes import SceneEnv

__all__ = ["ClientOptions", "KioskAssembly", "build_kiosk"]


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """How the kiosk talks to the backend; the defaults are the production ones."""

    timeouts: Timeouts | None = None
    retry: RetryPolicy | None = None
    budget: RetryBudget | None = None
    jitter_rng: random.Random | None = None  # the HTTP client's retry jitter (unseeded by default)
    resend_base_s: float = 2.0  # the outbox's first retry delay, doubled up to resend_cap_s
    resend_cap_s: float = 300.0


@dataclass(frozen=True, slots=True)
class KioskAssembly:
    """One assembled kiosk: what it was built from and what was built."""

    config: KioskConfig
    clock: Clock
    devices: Devices
    services: Services
    flow: KioskFlow
    env: SceneEnv | None  # None when built with ui=False
    window: KioskApp | None  # None when built with ui=False

    @property
    def app(self) -> KioskApp:
        if self.window is None:
            raise RuntimeError("this kiosk was built headless (ui=False): it has no KioskApp")
        return self.window

    @property
    def signing_public_key(self) -> str | None:
        """The kiosk's confirmation-signing public key (base64), which the province registers once
        so queued dossiers outlive their citizens' tokens (decision 0015); None without a signer."""
        signer = self.services.executor.outbox.signer
        return None if signer is None else signer.public_key_b64

    def start(self) -> None:
        """Start the services' worker (threaded) and the outbox's background sender."""
        self.services.start()

    def close(self) -> None:
        """Close the window (if any), then the services, the backend client and the outbox."""
        if self.window is not None:
            self.window.close()
        self.services.close()


def build_kiosk(
    config: KioskConfig,
    devices: Devices | None = None,
    *,
    clock: Clock,
    transport: httpx.AsyncBaseTransport | None = None,
    threaded: bool = True,
    rng: random.Random | None = None,
    ui: bool = True,
    client: ClientOptions | None = None,
    scan_settings: ScanSettings | None = None,
    new_key: Callable[[], str] | None = None,
) -> KioskAssembly:
    """Assemble the kiosk. ``transport``: an httpx transport (``ASGITransport`` for an in-process
    backend), else the network. ``threaded=False`` runs each effect to its end inside
    ``execute`` (deterministic tests). ``rng`` seeds the outbox's resend jitter (unseeded by
    default: kiosks must not retry in lock-step). ``new_key`` draws idempotency keys (tests).

    Raises ``TrustStoreError`` (before anything is opened) when ``config.trust_store`` is unusable.
    """
    devices = devices or Devices()
    services = _services(config, devices, clock, transport, threaded, rng, client or ClientOptions())
    services.executor.scan_settings = scan_settings or ScanSettings()
    if devices.scanner is None and config.card_on_glass:  # no glass to read the card's print from
        config = dataclasses.replace(config, card_on_glass=False)
    flow = KioskFlow(clock, config, new_key=new_key, can_print=devices.printer is not None)
    env: SceneEnv | None = None
    window: KioskApp | None = None
    if ui:  # pygame is imported only for a kiosk with a screen
        from reference_kiosk.ui.app import KioskApp, display_settings, lockdown_settings
        from reference_kiosk.ui.scenes import SceneEnv

        env = SceneEnv(services.thumbnail)
        window = KioskApp(
            flow, clock, size=(config.width, config.height), services=services, env=env,
            display=display_settings(config), lockdown=lockdown_settings(config),
        )  # fmt: skip
    return KioskAssembly(config, clock, devices, services, flow, env, window)


def _services(
    config: KioskConfig,
    devices: Devices,
    clock: Clock,
    transport: httpx.AsyncBaseTransport | None,
    threaded: bool,
    rng: random.Random | None,
    client: ClientOptions,
) -> Services:
    trust_store = load_trust_store(config.trust_store)
    backend = HttpProvincialBackend(
        config.backend_url, config.kiosk_key, transport=transport, clock=clock,
        timeouts=client.timeouts, retry=client.retry, budget=client.budget, rng=client.jitter_rng,
    )  # fmt: skip
    # Without a configured key the kiosk keeps one beside the outbox (created 0600 on first run).
    key = config.outbox_key or load_or_create_key(config.outbox_path.with_suffix(".key"))
    # The kiosk's own signing key, so a queued dossier outlives its citizen's token (decision 0015).
    signer = load_or_create_signer(config.outbox_path.with_suffix(".signing.pem"))
    outbox = Outbox(config.outbox_path, key, clock, signer=signer)
    sender = OutboxSender(
        outbox, backend, clock, rng or random.Random(), base_s=client.resend_base_s, cap_s=client.resend_cap_s
    )
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

    read_card = functools.partial(read_chip, clock=clock, trust_store=trust_store)
    executor = EffectExecutor(
        backend, outbox, sender, devices=devices, read_card=read_card, verify_token=verify, clock=clock,
        site=config.site_id,
    )  # fmt: skip
    if config.card_on_glass and devices.scanner is not None:  # the key from the card's print (issue 15)
        glass = GlassLogin(
            devices.scanner, devices.card_reader, clock, trust_store, asyncio.to_thread,
            typed=executor.handlers[fx.ReadCard],
        )  # fmt: skip
        executor.handlers[fx.ReadCard] = glass.handle
    if devices.scanner is not None:  # the appointment slip's QR, for the look-up (issue 15.4)
        executor.handlers[ReadSlipCode] = SlipReader(devices.scanner, asyncio.to_thread).handle
    telemetry = None
    if config.telemetry_path is not None:
        telemetry = TelemetryRecorder(
            JsonlSink(config.telemetry_path),
            clock,
            kiosk_id=config.kiosk_id,
            site_id=config.site_id,
            new_visit_id=lambda: str(uuid.uuid4()),
        )
    return Services(executor, telemetry=telemetry, threaded=threaded, heartbeat_s=config.heartbeat_s)

"""Everything one running backend holds, built once by ``build_backend`` (never at import time)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from mocks.backend.calendar import WorkingCalendar, load_calendar
from mocks.backend.catalogue import Catalogue, load_catalogue
from mocks.backend.clock import WorldClock
from mocks.backend.faults import FaultInjector
from mocks.backend.kiosks import KioskRegistry
from mocks.backend.lookups import LookupLimiter
from mocks.backend.revocation import RevocationList
from mocks.backend.routing import AgencyRouter, build_router
from mocks.backend.settings import BackendSettings
from mocks.backend.sites import load_agencies, load_sites
from mocks.backend.store import Store
from mocks.backend.tokens import TokenService, key_path_for
from reference_kiosk.api import Agency, Site

__all__ = ["Backend", "build_backend"]


@dataclass(slots=True)
class Backend:
    settings: BackendSettings
    store: Store
    clock: WorldClock
    tokens: TokenService
    catalogue: Catalogue
    calendar: WorkingCalendar
    agencies: list[Agency]
    sites: list[Site]
    faults: FaultInjector
    lookups: LookupLimiter
    kiosks: KioskRegistry
    routing: AgencyRouter

    def close(self) -> None:
        self.store.close()


@functools.cache
def _reference_data() -> tuple[list[Agency], Catalogue, WorkingCalendar, list[Site], AgencyRouter]:
    """Loaded once per process on first use (immutable; tests build many apps)."""
    agencies = load_agencies()
    sites = load_sites()
    return agencies, load_catalogue(agencies=agencies), load_calendar(), sites, build_router(agencies, sites)


def build_backend(settings: BackendSettings, wall: Callable[[], dt.datetime] | None = None) -> Backend:
    store = Store(settings.db_path)
    clock = (
        WorldClock(store, settings.clock_start)
        if wall is None
        else WorldClock(store, settings.clock_start, wall=wall)
    )
    tokens = TokenService(
        key_path_for(settings.db_path), settings.issuer, settings.audience, settings.token_ttl, clock,
        revocations=RevocationList(store, clock),
    )  # fmt: skip
    agencies, catalogue, calendar, sites, routing = _reference_data()
    return Backend(
        settings=settings,
        store=store,
        clock=clock,
        tokens=tokens,
        catalogue=catalogue,
        calendar=calendar,
        agencies=list(agencies),
        sites=list(sites),
        faults=FaultInjector(settings.faults, clock.now, settings.timeout_seconds),
        lookups=LookupLimiter(
            store, settings.limits.lookup_failures, settings.limits.lookup_window, clock.now
        ),
        kiosks=KioskRegistry(store, settings.kiosk_keys, clock.now),
        routing=routing,
    )

"""``start_world(mode, workdir, ...)``: the simulated world around one kiosk, started one way.

    inprocess   the backend app in this process, reached through ``SocketLikeASGITransport``
                (fast tests, the BDD world); emulated card reader and scanner
    uvicorn     ``kiosk-twin backend`` as a child process on a free 127.0.0.1 port
                (``mocks.launcher.BackendProcess``: the demo, integration tests); emulated devices
    wire        uvicorn, plus the kiosk's real adapters on the real stacks: the card over
                pcscd + vpcd (``VpcdSlot`` -> ``PcscCardReader``), the scanner over SANE's test
                backend (``SanePaperScanner``); pcscd and SANE must already run (``WireStacks``)

What comes back (``SimulatedWorld``) is what a kiosk assembly needs (``url``, ``transport``,
``kiosk_key``, the kiosk's ``devices``, the CSCA ``trust_store``) and the one control surface of
the world (``twin``: ``mocks.control.TwinControl``): the citizen's card and papers, the backend's
people, clock and faults. ``reference_kiosk.app.build_kiosk`` turns both into a kiosk::

    with start_world("uvicorn", workdir, pki=MockPki(), citizen=persona(7)) as world:
        config = KioskConfig(backend_url=world.url, kiosk_key=world.kiosk_key, trust_store=world.trust_store)
        kiosk = build_kiosk(config, world.devices, clock=clock, transport=world.transport)

This module is a composition root (docs/decisions/0013): it may import the kiosk's adapters.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import httpx

from mocks.card.control import CardControl, CardSlot
from mocks.card.pki import MockPki
from mocks.card.reader import EmulatedCardReader
from mocks.citizens import Persona
from mocks.control import BackendControl, ControlHttp, TwinControl
from mocks.launcher import BackendProcess
from mocks.scanner import EmulatedScanner, ScannerControl
from reference_kiosk.ports import CardReader, Devices

__all__ = [
    "DEMO_KIOSK_ID",
    "SimulatedWorld",
    "WireStacks",
    "WorldMode",
    "WorldOptions",
    "emulated_devices",
    "start_world",
]

WorldMode = Literal["inprocess", "uvicorn", "wire"]
DEMO_KIOSK_ID = "KIOSK-VTR-01"  # the Vinh Trai ward kiosk of the pilot (mocks/backend/data/sites.json)


@dataclass(frozen=True, slots=True)
class WireStacks:
    """The device stacks a wire world plugs into, already running (tests start them once a run)."""

    reader: str  # pcscd's name for the vpcd virtual reader
    vpcd_port: int  # where vpcd waits for the virtual card, on 127.0.0.1
    sane_device: str = "test:0"  # SANE's test backend (its config dir in SANE_CONFIG_DIR)
    notice_s: float = 10.0  # how long PC/SC may take to see a card leave
    # SANE's pnm backend: "scans" the image file the twin lays on the glass (a card face, a slip)
    # for the kiosk's small card-corner scans (issue 15); None: those scans go to sane_device.
    glass_device: str | None = None


@dataclass(frozen=True, slots=True)
class WorldOptions:
    """The backend's side of the world; the defaults are the demo's."""

    kiosk_id: str = DEMO_KIOSK_ID
    kiosk_key: str | None = None  # None: a throw-away key for this world only
    staff_key: str | None = None  # the /staff console's key; None: a throw-away one
    clock_start: dt.datetime | None = None  # the world clock starts (frozen in-process) here
    timeout_seconds: float | None = None  # how long a "timeout" fault holds a request
    port: int = 0  # uvicorn and wire: 0 is a free port
    log_level: str = "warning"  # uvicorn's; "info" logs every request (privacy audits read it)


@dataclass(frozen=True, slots=True)
class SimulatedWorld:
    mode: WorldMode
    url: str  # the backend's base URL, as the kiosk's config names it
    transport: httpx.AsyncBaseTransport | None  # the kiosk's transport; None: the network
    kiosk_id: str
    kiosk_key: str
    devices: Devices  # the kiosk's card reader and scanner (output devices are the kiosk's own)
    twin: TwinControl  # the one control surface: card, papers, backend people, clock, faults
    card_slot: CardSlot  # where the twin's hand lays cards (the emulated reader, or vpcd)
    trust_store: Path | None  # the mock CSCA as a PEM file, for the kiosk's own chip check
    backend: BackendProcess | None  # None in-process
    staff_key: str = ""  # what the /staff console asks for (X-Staff-Key)


@contextmanager
def start_world(
    mode: WorldMode,
    workdir: Path,
    *,
    pki: MockPki | None = None,
    citizen: Persona | None = None,
    paper: ScannerControl | None = None,
    options: WorldOptions | None = None,
    wire: WireStacks | None = None,
    backend: BackendProcess | None = None,
    card_reader: Callable[[str], CardReader] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[SimulatedWorld]:
    """Start the world in ``workdir``; everything started here is stopped on exit, in reverse.

    ``citizen``: whose papers the emulated scanner prints (none: blank pages). ``backend``: an
    already started process to use (a pool's) instead of a new one. ``card_reader``: wire mode's
    PC/SC adapter, by reader name (default ``PcscCardReader``). ``sleep``: the emulators' device
    delays (tests pass one that returns at once and advance clocks instead).
    """
    options = options or WorldOptions()
    key = options.kiosk_key or secrets.token_urlsafe(16)
    options = replace(options, staff_key=options.staff_key or secrets.token_urlsafe(16))
    pki = pki or MockPki()
    paper = paper or ScannerControl()
    with ExitStack() as stack:
        workdir.mkdir(parents=True, exist_ok=True)
        if mode == "inprocess":
            http, transport, url = _inprocess(workdir, options, key, pki, stack)
        else:
            backend = backend or stack.enter_context(_process(workdir, options, key))
            url, transport = backend.url, None
            http = stack.enter_context(httpx.Client(base_url=url, timeout=30.0))
        if mode == "wire":
            if wire is None:
                raise ValueError("start_world('wire') needs the running stacks (WireStacks)")
            devices, slot = _wire_devices(wire, paper, stack, card_reader)
        else:
            reader = EmulatedCardReader()
            seed = citizen.seed if citizen is not None else 0
            scanner = EmulatedScanner(paper, persona=citizen, seed=seed, sleep=sleep)
            devices, slot = Devices(card_reader=reader, scanner=scanner), reader
        card = CardControl(slot, pki, sleep=sleep)
        twin = TwinControl(BackendControl(http, kiosk_key=key), card=card, scanner=paper)
        trust = pki.export_csca(workdir / "kiosk" / "csca.pem")
        yield SimulatedWorld(
            mode, url, transport, options.kiosk_id, key, devices, twin, slot, trust, backend,
            staff_key=options.staff_key or "",
        )  # fmt: skip


def emulated_devices(persona: int | None = None) -> Devices:
    """The ``emulated`` plugin of ``kiosk_twin.devices`` (``kiosk run --devices emulated``): every
    emulated device the kiosk reads from, the card reader holding persona ``persona``'s card."""
    from mocks.card.reader import reader_with_card

    return Devices(card_reader=reader_with_card(persona), scanner=EmulatedScanner())


def _inprocess(
    workdir: Path, options: WorldOptions, key: str, pki: MockPki, stack: ExitStack
) -> tuple[ControlHttp, httpx.AsyncBaseTransport, str]:
    from mocks.backend.app import create_app
    from mocks.backend.cccd_verify import TrustStore
    from mocks.backend.routes.cccd import install_trust_store
    from mocks.backend.settings import load_settings
    from mocks.inprocess import BASE_URL, SocketLikeASGITransport, SyncAsgiClient

    values: dict[str, object] = {"control": True, "kiosk_keys": (f"{options.kiosk_id}={key}",)}
    if options.staff_key:
        values["staff_keys"] = (options.staff_key,)
    if options.clock_start is not None:
        values["clock_start"] = options.clock_start
    if options.timeout_seconds is not None:
        values["timeout_seconds"] = options.timeout_seconds
    app = create_app(load_settings(workdir / "backend.sqlite", None, **values))
    install_trust_store(app, TrustStore((pki.csca_cert,)))  # the process backend reads TRUST_ENV instead
    return stack.enter_context(SyncAsgiClient(app)), SocketLikeASGITransport(app=app), BASE_URL


def _process(workdir: Path, options: WorldOptions, key: str) -> BackendProcess:
    config: Path | None = None
    lines = []
    if options.clock_start is not None:
        lines.append(f'clock_start = "{options.clock_start.isoformat()}"')
    if options.timeout_seconds is not None:
        lines.append(f"timeout_seconds = {options.timeout_seconds}")
    if options.staff_key:
        lines.append(f"staff_keys = [{json.dumps(options.staff_key)}]")
    if lines:
        config = workdir / "backend.toml"
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return BackendProcess(
        workdir / "backend.sqlite", kiosk_keys=[f"{options.kiosk_id}={key}"], port=options.port,
        config=config, log_level=options.log_level,
    )  # fmt: skip


def _wire_devices(
    wire: WireStacks, paper: ScannerControl, stack: ExitStack, card_reader: Callable[[str], CardReader] | None
) -> tuple[Devices, CardSlot]:
    """The kiosk's real adapters on the running stacks; ``stack`` takes the card off and closes them."""
    from mocks.card.vpcd_slot import VpcdSlot
    from mocks.scanner.sane_paper import SanePaperScanner
    from reference_kiosk.devices.pcsc import PcscCardReader
    from reference_kiosk.devices.sane import SaneScanner

    probe = PcscCardReader(wire.reader)  # the twin's own look at pcscd, apart from the kiosk's watcher
    if not _until(lambda: not probe.card_present(), wire.notice_s):
        raise RuntimeError(f"{wire.reader!r} still holds a card from before this world")
    slot = VpcdSlot("127.0.0.1", wire.vpcd_port, vacated=lambda: not probe.card_present())
    stack.callback(slot.close)  # last: the kiosk's reader below is closed before the card goes
    reader = (card_reader or PcscCardReader)(wire.reader)
    stack.callback(reader.close)
    glass = SaneScanner.open(wire.glass_device) if wire.glass_device else None
    scanner = SanePaperScanner(SaneScanner.open(wire.sane_device), paper, glass=glass)
    stack.callback(scanner.close)
    return Devices(card_reader=reader, scanner=scanner), slot


def _until(condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)  # PC/SC news arrives on pcscd's own schedule: nothing to wait on but it
    return True

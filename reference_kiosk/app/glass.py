"""Chip login with nothing typed: the BAC key comes from the card's print on the scanner glass.

``ReadCard`` without a key is answered here when the kiosk has a scanner and ``card_on_glass``:

    scan the card window (gray, ``CARD_SCAN_DPI``) -> read the QR or the MRZ (documents.card_print)
      unreadable           -> BacKeyRequired(notice=PrintUnreadableError): the keypad, at once
      a key                -> open and read the chip with it, passive authentication as today
        chip refused       -> CardReadFailed(ChipRefusedError) (app.chip)
        print != chip      -> CardReadFailed(PrintedDataMismatchError): refused like altered data
        BAC fails          -> BacKeyRequired(notice=AccessDeniedError): the print's key did not
                              open this chip (each candidate tried once): the keypad
        ok                 -> CardRead(request)

The scan is personal data: it lives in this function's locals only, is closed when the decode
ends, and never reaches the session store, a screenshot, a log or telemetry.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from reference_kiosk import api
from reference_kiosk.devices.errors import NoReaderError
from reference_kiosk.devices.icao.errors import AccessDeniedError, PrintedDataMismatchError
from reference_kiosk.documents.card_print import PrintedCard, read_card_print
from reference_kiosk.documents.errors import PrintUnreadableError
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.slip_types import ReadSlipCode, SlipCodeRead
from reference_kiosk.ports import (
    CardConnection,
    CardReader,
    Clock,
    ColorMode,
    Scanner,
    ScanSettings,
    ScanSource,
)

if TYPE_CHECKING:
    from reference_kiosk.devices.icao.passive_auth import TrustStore

__all__ = [
    "CARD_AREA_MM",
    "CARD_SCAN",
    "CARD_SCAN_DPI",
    "GlassLogin",
    "GlassRead",
    "SlipReader",
    "read_chip_from_print",
    "slip_code",
]

log = logging.getLogger(__name__)

# 300 dpi: a 13 mm QR's modules are ~3.5 px and an OCR-B character ~30 px tall (decision 0024).
CARD_SCAN_DPI = 300
# The glass's corner marked for the card: room for a card turned any way (85.6 mm diagonal ~101 mm
# would need more; turned by up to ~35 degrees off a side it fits).
CARD_AREA_MM = (0.0, 0.0, 100.0, 100.0)
CARD_SCAN = ScanSettings(ScanSource.FLATBED, ColorMode.GRAY, CARD_SCAN_DPI, CARD_AREA_MM)
Runner = Callable[[Callable[[], Any]], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class GlassRead:
    """A chip read keyed from the print: what the backend gets, and which code gave the key."""

    request: api.CccdLoginRequest
    keyed_from: str  # "qr" or "mrz"


def scan_print(scanner: Scanner, today: dt.date) -> PrintedCard:
    """Scan the card window and read its printed key; the scan is closed before returning."""
    page = scanner.scan(CARD_SCAN)
    try:
        return read_card_print(page.image, today)
    finally:
        page.image.close()


def read_chip_from_print(
    connection: CardConnection,
    printed: PrintedCard,
    clock: Clock,
    trust_store: TrustStore | None,
) -> GlassRead:
    """Open the chip with the printed key, check it as a typed login would, and the print against it."""
    from reference_kiosk.app.chip import check_chip
    from reference_kiosk.devices.icao.reader import IcaoReader

    identity = IcaoReader(connection, clock=clock).read(printed.key, trust_store)
    check_chip(identity, identity.id_number, identity.date_of_birth)  # the verdict; the print is next
    # The chip's own MRZ name line (DG1, signed) is what a printed MRZ's name line must show.
    differ = printed.disagreements(
        identity.id_number, identity.date_of_birth, identity.full_name, chip_mrz_name=identity.mrz.lines[2]
    )
    if differ:  # field names only: the values are personal data
        log.warning("chip login refused by the kiosk: the card's print and its chip disagree on %s", differ)
        raise PrintedDataMismatchError(tuple(f"printed {name} is not the chip's" for name in differ))
    b64 = base64.b64encode
    request = api.CccdLoginRequest(
        sod=b64(identity.sod).decode("ascii"),
        dg1=b64(identity.dg1).decode("ascii"),
        dg13=b64(identity.dg13).decode("ascii"),
    )
    return GlassRead(request, printed.keyed_from)


class GlassLogin:
    """The ``ReadCard`` handler of a kiosk that reads the card's print (see the module docstring)."""

    def __init__(
        self,
        scanner: Scanner,
        reader: CardReader | None,
        clock: Clock,
        trust_store: TrustStore | None,
        blocking: Runner,
        typed: Callable[[fx.ReadCard], Awaitable[ev.Event | None]],
    ) -> None:
        self._scanner = scanner
        self._reader = reader
        self._clock = clock
        self._trust = trust_store
        self._blocking = blocking
        self._typed = typed  # the executor's own handler: the keypad's key, as before
        self.last_keyed_from: str | None = None  # for technicians' tests and the benchmark

    async def handle(self, effect: fx.ReadCard) -> ev.Event | None:
        if effect.key is not None:
            return await self._typed(effect)
        reader = self._reader
        if reader is None:
            return ev.CardReadFailed(NoReaderError())
        today = self._clock.now().date()
        try:
            printed = cast(PrintedCard, await self._blocking(lambda: scan_print(self._scanner, today)))
        except PrintUnreadableError as exc:
            log.info("card print not read (%s): the keypad is offered", exc.reason)
            return ev.BacKeyRequired(notice=exc)
        except KioskError as exc:  # a scanner fault: the keypad still opens the chip
            log.warning("card scan failed with %s: the keypad is offered", type(exc).__name__)
            return ev.BacKeyRequired()

        def read() -> GlassRead:
            connection = reader.connect()
            try:
                return read_chip_from_print(connection, printed, self._clock, self._trust)
            finally:
                connection.close()

        try:
            done = cast(GlassRead, await self._blocking(read))
        except AccessDeniedError as exc:  # the print's key does not open this chip: type it instead
            return ev.BacKeyRequired(notice=exc)
        except KioskError as exc:
            return ev.CardReadFailed(exc)
        self.last_keyed_from = done.keyed_from
        return ev.CardRead(done.request)


_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]{3,39}")


def slip_code(payload: str) -> str | None:
    """The dossier code of a slip's QR: the tracking link's ``ma`` parameter (config.tracking_url)."""
    query = urllib.parse.urlsplit(payload.strip()).query
    values = urllib.parse.parse_qs(query).get("ma", [])
    code = values[0] if len(values) == 1 else None
    return code if code is not None and _CODE.fullmatch(code) else None


class SlipReader:
    """The ``ReadSlipCode`` handler: the slip on the glass's card corner gives its dossier code.

    A slip holds no personal data; the scan is closed at once all the same."""

    def __init__(self, scanner: Scanner, blocking: Runner) -> None:
        self._scanner = scanner
        self._blocking = blocking

    def _read(self) -> str | None:
        from reference_kiosk.documents.card_print import read_codes

        page = self._scanner.scan(CARD_SCAN)
        try:
            codes = read_codes(page.image, mrz=False)
        finally:
            page.image.close()
        return next((c for c in map(slip_code, codes.qr) if c is not None), None)

    async def handle(self, effect: ReadSlipCode) -> ev.Event:
        try:
            code = cast(str | None, await self._blocking(self._read))
        except KioskError as exc:  # a scanner fault: the citizen can still type the code
            log.warning("slip scan failed with %s", type(exc).__name__)
            code = None
        return SlipCodeRead(code)

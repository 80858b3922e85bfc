"""Turns one flow effect into the flow event that answers it, through the ports.

``EffectExecutor.run(effect)`` is a coroutine returning the answering event (or None for
effects nobody answers). It is free of threads and queues: ``services.Services`` decides where
it runs. Blocking device work (card, scanner, document pipeline) goes through ``to_thread``
so the backend calls on the same loop keep moving.

Personal material the flow must not hold (page images, built documents) stays in
``SessionStore`` under opaque ids until ``WipePersonalData``.
"""

from __future__ import annotations

import asyncio
import base64
import io
import itertools
import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from reference_kiosk import api, api_ops
from reference_kiosk.app.catalogue_cache import CatalogueCache
from reference_kiosk.app.errors import UnexpectedFailureError
from reference_kiosk.app.health import DeviceHealth
from reference_kiosk.devices.errors import NoReaderError, NoScannerError, PrinterUnavailableError
from reference_kiosk.devices.icao.dg13 import parse_dg13
from reference_kiosk.documents import Document, DocumentPolicy, build_document, is_blank
from reference_kiosk.domain.errors import KioskError
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.account_types import LoginWithOtp, LoginWithPassword, OtpSent
from reference_kiosk.flow.slip_types import ReadSlipCode, SlipCodeRead
from reference_kiosk.outbox import Deferred, Delivered, ItemState, Outbox, OutboxSender, Rejected, Submission
from reference_kiosk.ports import (
    CardConnection,
    Clock,
    Devices,
    ProvincialBackend,
    ScannedPage,
    ScanSettings,
    SystemClock,
)

if TYPE_CHECKING:
    from reference_kiosk.devices.icao.passive_auth import TrustStore

__all__ = ["CardReadFn", "EffectExecutor", "SessionStore", "TokenVerifier", "read_chip"]

CardReadFn = Callable[[CardConnection, str, Any], api.CccdLoginRequest]
TokenVerifier = Callable[[str], Awaitable[api.CitizenProfile]]
Runner = Callable[[Callable[[], Any]], Awaitable[Any]]
Handler = Callable[[Any], Awaitable[ev.Event | None]]  # one effect type in, its answer out

log = logging.getLogger(__name__)


def read_chip(
    connection: CardConnection,
    id_number: str,
    date_of_birth: Any,
    clock: Clock | None = None,
    *,
    trust_store: TrustStore | None = None,
) -> api.CccdLoginRequest:
    """The real chip read: BAC from ID number + date of birth, passive authentication against
    ``trust_store``, then the raw groups for the backend. A card failing the kiosk's own check
    raises a ``ChipRefusedError`` here, before any backend call (see ``app.chip``)."""
    from reference_kiosk.app.chip import check_chip
    from reference_kiosk.devices.icao.bac import IdNumberKeySource
    from reference_kiosk.devices.icao.reader import IcaoReader

    key = IdNumberKeySource(id_number, date_of_birth)
    identity = IcaoReader(connection, clock=clock).read(key, trust_store)
    check_chip(identity, id_number, date_of_birth)
    b64 = base64.b64encode
    # Only the signed raw groups leave this function; the parsed identity is dropped here.
    return api.CccdLoginRequest(
        sod=b64(identity.sod).decode("ascii"),
        dg1=b64(identity.dg1).decode("ascii"),
        dg13=b64(identity.dg13).decode("ascii"),
    )


@dataclass(slots=True)
class SessionStore:
    """Pages and documents of the current session, by opaque id. Thread-safe; wiped at once."""

    pages: dict[str, ScannedPage] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    generation: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wipe(self) -> None:
        with self.lock:
            for page in self.pages.values():
                page.image.close()
            self.pages.clear()
            self.documents.clear()
            self.generation += 1


async def _to_thread(fn: Callable[[], Any]) -> Any:
    return await asyncio.to_thread(fn)


class EffectExecutor:
    """Answers effects through the ports; one handler per effect type (``handlers``).

    A new device's effect is one more entry in ``handlers``, nothing else here changes.
    """

    def __init__(
        self,
        backend: ProvincialBackend,
        outbox: Outbox,
        sender: OutboxSender,
        *,
        devices: Devices | None = None,
        read_card: CardReadFn | None = None,
        clock: Clock | None = None,
        verify_token: TokenVerifier | None = None,
        scan_settings: ScanSettings | None = None,
        document_policy: DocumentPolicy | None = None,
        store: SessionStore | None = None,
        blocking: Runner = _to_thread,
        site: str = "",
    ) -> None:
        self.backend = backend
        self.outbox = outbox
        self.sender = sender
        self.devices = devices or Devices()
        self.read_card: CardReadFn = read_card or (
            lambda conn, id_number, dob: read_chip(conn, id_number, dob, clock)
        )
        self.verify_token = verify_token
        self.catalogue = CatalogueCache(clock or SystemClock())  # fields and opened procedures
        self.scan_settings = scan_settings or ScanSettings()
        self.document_policy = document_policy
        self.store = store or SessionStore()
        self._blocking = blocking
        self._page_ids = itertools.count(1)
        self.site = site  # the configured site, sent with help calls and heartbeats
        self.health = DeviceHealth()  # learnt from the effects' outcomes, for the heartbeat
        self.handlers: dict[type[Any], Handler] = {
            fx.ReadCard: self._read_card,
            fx.ScanPage: self._scan,
            fx.BuildDocument: self._build,
            fx.PrintSlip: self._print_slip,
            fx.SubmitDossier: self._submit,
            fx.SupplyDocuments: self._supply,
            fx.PollVneid: self._poll_vneid,
            fx.CallForHelp: self._call_for_help,
            fx.PollHelpCall: self._poll_help_call,
            ReadSlipCode: self._no_slip_reader,  # the glass's reader replaces it (compose)
            **self._backend_handlers(),
        }

    async def run(self, effect: fx.Effect) -> ev.Event | None:
        handler = self.handlers.get(type(effect))
        if handler is None:
            return None
        try:
            answer = await handler(effect)
        except KioskError as exc:
            self.health.note(effect, exc)
            raise
        self.health.note(effect, answer)
        return answer

    async def _no_slip_reader(self, effect: ReadSlipCode) -> ev.Event:
        """No scanner: the look-up answers at once that no slip was read, so the citizen types."""
        return SlipCodeRead(None)

    # ------------------------------------------------------------------ help and health

    async def _call_for_help(self, effect: fx.CallForHelp) -> ev.Event:
        request = api_ops.HelpCallCreate(screen=effect.screen, reason=effect.reason, site=self.site)
        try:
            return ev.HelpCallChanged(await self.backend.create_help_call(request))
        except KioskError as exc:
            return ev.HelpCallFailed(exc)
        except Exception as exc:  # whatever failed, the citizen must not be told staff are coming
            log.error("help call failed with %s", type(exc).__name__)
            return ev.HelpCallFailed(UnexpectedFailureError(type(exc).__name__))

    async def _poll_help_call(self, effect: fx.PollHelpCall) -> ev.Event:
        try:
            return ev.HelpCallChanged(await self.backend.get_help_call(effect.call_id))
        except KioskError as exc:
            return ev.HelpCallFailed(exc)

    async def heartbeat(self) -> api_ops.KioskStatus:
        """Tell the backend how this kiosk's devices and outbox are (raises on failure)."""
        reader = self.devices.card_reader
        inserted = False
        if reader is not None:
            try:
                inserted = bool(await self._blocking(reader.card_present))
            except Exception as exc:  # a reader that cannot answer is a last error, not a crash
                self.health.note(fx.ReadCard(), UnexpectedFailureError(type(exc).__name__))
        beat = self.health.heartbeat(self.devices, self.outbox, site=self.site, card_inserted=inserted)
        return await self.backend.send_heartbeat(beat)

    def _backend_handlers(self) -> dict[type[Any], Handler]:
        """Effects answered by one backend call each."""
        b = self.backend

        async def login(e: fx.LoginWithCard) -> ev.Event:
            done = await b.login_with_cccd(e.request)
            return ev.LoggedIn(ev.LoginMethod.CARD, done.token, done.citizen, _residence(e.request.dg13))

        async def password(e: LoginWithPassword) -> ev.Event:
            sent = await b.vneid_password(e.id_number, e.password)
            return OtpSent(sent.challenge_id, sent.expires_at, sent.digits)

        async def otp(e: LoginWithOtp) -> ev.Event:
            done = await b.vneid_otp(e.challenge_id, e.otp)
            # Verified like the QR login's token (signature, issuer, audience, expiry) when a verifier is set.
            citizen = await self.verify_token(done.token) if self.verify_token is not None else done.citizen
            return ev.LoggedIn(ev.LoginMethod.VNEID, done.token, citizen)

        async def start_vneid(_: fx.StartVneid) -> ev.Event:
            s = await b.start_vneid_login()
            return ev.VneidStarted(s.id, s.qr, s.expires_at)

        async def search(e: fx.SearchProcedures) -> ev.Event:
            page = await b.search_procedures(e.query, e.field, offset=e.offset)
            return ev.SearchResultsLoaded(e.query, e.field, tuple(page.items), page.total, page.offset)

        async def fields(_: fx.LoadFields) -> ev.Event:
            return ev.FieldsLoaded(tuple(await self.catalogue.fields(b.list_fields)))

        async def procedure(e: fx.LoadProcedure) -> ev.Event:
            return ev.ProcedureLoaded(await self.catalogue.procedure(e.code, b.get_procedure))

        async def request_payment(e: fx.RequestPayment) -> ev.Event:
            return ev.PaymentQrReceived(await b.request_payment(e.token, e.dossier_code))

        async def poll_payment(e: fx.PollPayment) -> ev.Event:
            return ev.PaymentStatusChanged(await b.get_payment(e.token, e.payment_id))

        async def dossiers(e: fx.ListDossiers) -> ev.Event:
            return ev.DossiersLoaded(tuple((await b.list_dossiers(e.token)).items))

        async def dossier(e: fx.GetDossier) -> ev.Event:
            return ev.DossierLoaded(await b.get_dossier(e.code, e.token))

        async def look_up(e: fx.LookupDossier) -> ev.Event:
            return ev.DossierLoaded(await b.lookup_dossier(e.code, e.id_number))

        async def rate(e: fx.RateDossier) -> ev.Event | None:
            if e.rating is None:
                return None
            return ev.RatingSaved(await b.rate_dossier(e.token, e.dossier_code, e.rating))

        return {
            fx.LoginWithCard: login, LoginWithPassword: password, LoginWithOtp: otp,
            fx.StartVneid: start_vneid, fx.SearchProcedures: search,
            fx.LoadFields: fields, fx.LoadProcedure: procedure, fx.RequestPayment: request_payment,
            fx.PollPayment: poll_payment, fx.ListDossiers: dossiers, fx.GetDossier: dossier,
            fx.LookupDossier: look_up, fx.RateDossier: rate,
        }  # fmt: skip

    # ------------------------------------------------------------------ card

    async def _read_card(self, effect: fx.ReadCard) -> ev.Event:
        key = effect.key
        reader = self.devices.card_reader
        if reader is None:
            return ev.CardReadFailed(NoReaderError())
        if key is None:
            # Without an MRZ reader the BAC key comes from what the citizen types.
            return ev.BacKeyRequired()

        def read() -> api.CccdLoginRequest:
            connection = reader.connect()
            try:
                return self.read_card(connection, key.id_number, key.date_of_birth)
            finally:
                connection.close()

        try:
            return ev.CardRead(cast(api.CccdLoginRequest, await self._blocking(read)))
        except KioskError as exc:
            return ev.CardReadFailed(exc)

    async def _poll_vneid(self, effect: fx.PollVneid) -> ev.Event:
        session_id = effect.session_id
        poll = await self.backend.poll_vneid_login(session_id)
        if poll.status is api.VneidStatus.APPROVED and poll.token and self.verify_token is not None:
            citizen = await self.verify_token(poll.token)
            return ev.LoggedIn(ev.LoginMethod.VNEID, poll.token, citizen)
        if poll.status is api.VneidStatus.APPROVED:
            # approved without a usable token: keep asking
            return ev.VneidPolled(api.VneidStatus.PENDING, session_id)
        return ev.VneidPolled(poll.status, session_id)

    # ------------------------------------------------------------------ scanner, documents

    async def _scan(self, effect: fx.ScanPage) -> ev.Event | None:
        code = effect.document_code
        scanner = self.devices.scanner
        if scanner is None:
            raise NoScannerError()
        generation = self.store.generation
        page = cast(ScannedPage, await self._blocking(lambda: scanner.scan(self.scan_settings)))
        blank = cast(bool, await self._blocking(lambda: is_blank(page.image, page.dpi)))
        page_id = f"{code}-{next(self._page_ids)}"
        with self.store.lock:
            if generation != self.store.generation:
                return None  # the session ended while scanning: drop the page
            self.store.pages[page_id] = page
        return ev.PageScanned(code, page_id, blank)

    async def _build(self, effect: fx.BuildDocument) -> ev.Event | None:
        code, page_ids = effect.document_code, effect.page_ids
        generation = self.store.generation
        with self.store.lock:
            pages = [self.store.pages[i] for i in page_ids]
        doc = cast(Document, await self._blocking(lambda: build_document(pages, self.document_policy)))
        with self.store.lock:
            if generation != self.store.generation:
                return None
            self.store.documents[code] = doc
        return ev.DocumentBuilt(code, len(doc.pages), doc.size)

    # ------------------------------------------------------------------ printer

    async def _print_slip(self, effect: fx.PrintSlip) -> ev.Event:
        printer = self.devices.printer
        if printer is None:
            return ev.SlipPrintFailed(PrinterUnavailableError())
        try:
            await self._blocking(lambda: printer.print_slip(effect.slip))
        except KioskError as exc:
            log.warning("slip not printed: %s", type(exc).__name__)
            return ev.SlipPrintFailed(exc)
        except Exception as exc:  # a driver's own failure: the receipt must stay on screen
            log.error("slip printer failed with %s", type(exc).__name__)
            return ev.SlipPrintFailed(PrinterUnavailableError())
        return ev.SlipPrinted()

    def thumbnail(self, page_id: str, box: tuple[int, int] = (240, 320)) -> bytes | None:
        with self.store.lock:
            page = self.store.pages.get(page_id)
            if page is None:
                return None
            # Scanners deliver grey (L) or 1-bit pages; the screen wants RGB to scale smoothly.
            image = page.image.convert("RGB")
        image.thumbnail(box)
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    # ------------------------------------------------------------------ submission

    def _attachments(self, codes: tuple[str, ...]) -> list[api.Attachment]:
        with self.store.lock:
            docs = [(code, self.store.documents[code]) for code in codes]
        return [
            api.Attachment(
                document_code=code,
                filename=f"{code}{doc.format.extension}",
                content_type=cast(Literal["application/pdf", "image/jpeg"], doc.media_type),
                content_base64=base64.b64encode(doc.data).decode("ascii"),
                sha256=doc.sha256,
            )
            for code, doc in docs
        ]

    async def _submit(self, effect: fx.SubmitDossier) -> ev.Event:
        key = effect.idempotency_key
        if self.outbox.item(key) is None:
            body = api.DossierCreate(
                procedure_code=effect.procedure_code,
                case_code=effect.case_code,
                form=dict(effect.form),
                attachments=self._attachments(effect.document_codes),
            )
            self.outbox.add(key, Submission(effect.token, body))  # durable before any network call
        result = await self.sender.send(key)
        match result:
            case Delivered(dossier=dossier):
                return ev.SubmissionAcknowledged(key, dossier)
            case Rejected(error=error):
                return ev.ErrorOccurred(error)
            case Deferred():
                return ev.SubmissionQueued(key)
        item = self.outbox.item(key)  # sent meanwhile by the background sender, or being sent
        if item is not None and item.state is ItemState.DELIVERED and item.dossier_code:
            return ev.SubmissionAcknowledged(
                key, await self.backend.get_dossier(item.dossier_code, effect.token)
            )
        return ev.SubmissionQueued(key)

    async def _supply(self, effect: fx.SupplyDocuments) -> ev.Event:
        """The papers for a supplement request, built into attachments as a submission's are.

        Straight to the backend, not through the outbox (see ``fx.SupplyDocuments``); the built
        documents stay in the store, so a retry after a failure sends the same files again.
        """
        attachments = self._attachments(effect.document_codes)
        dossier = await self.backend.supply_documents(
            effect.token, effect.dossier_code, effect.supplement_id, attachments
        )
        return ev.SupplementSent(effect.dossier_code, effect.supplement_id, dossier)


def _residence(dg13_b64: str) -> str:
    """DG13's place of residence (field 9), to prefill a current address; "" when unreadable.

    The backend has verified DG13's hash before answering the login, so this is the card's own text.
    """
    try:
        return parse_dg13(base64.b64decode(dg13_b64)).text(9) or ""
    except (ValueError, KioskError):  # a malformed group only costs the suggestion
        return ""

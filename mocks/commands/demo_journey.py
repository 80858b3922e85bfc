"""The scripted citizen journey of ``kiosk-twin up``, through the kiosk's real backend client.

The kiosk side (search, login, submit, pay, look up, rate) goes through ``HttpProvincialBackend``
exactly as the kiosk will; the citizen's phone (approving the VNeID login) and the bank
(confirming the payment) are played through the backend's control API. Personal data is masked
on screen: the ID number shows its last three digits only, names their initials.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import io
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from rich.console import Console
from rich.table import Table

from mocks.citizens import Persona, persona
from reference_kiosk import api
from reference_kiosk.backend import BackendError, ConflictError, HttpProvincialBackend, VneidTokenVerifier
from reference_kiosk.ports import Clock, SystemClock

__all__ = ["DemoOptions", "fill_form", "make_pdf", "mask_id", "mask_name", "run_journey"]

T = TypeVar("T")
LOCAL = dt.timezone(dt.timedelta(hours=7), "ICT")  # times shown as the citizen reads them
STATUS_VI = {
    api.DossierStatus.NEW: "Mới đăng ký",
    api.DossierStatus.ACCEPTED: "Được tiếp nhận",
    api.DossierStatus.REJECTED: "Không được tiếp nhận",
    api.DossierStatus.PROCESSING: "Đang xử lý",
    api.DossierStatus.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung giấy tờ",
    api.DossierStatus.PAYMENT_REQUESTED: "Yêu cầu thực hiện nghĩa vụ tài chính",
    api.DossierStatus.WITHDRAWAL_REQUESTED: "Công dân yêu cầu rút hồ sơ",
    api.DossierStatus.STOPPED: "Dừng xử lý",
    api.DossierStatus.DONE: "Đã xử lý xong",
    api.DossierStatus.RETURNED: "Đã trả kết quả",
}
ISSUER = "https://vneid.mock.local"  # the backend's defaults (mocks.backend.settings)
AUDIENCE = "kiosk-twin"


@dataclass(frozen=True, slots=True)
class DemoOptions:
    url: str
    kiosk_key: str
    seed: int = 7
    query: str = "dang ky thuong tru"
    lang: str = "vi"
    poll_interval: float = 0.2  # seconds between status polls (the real kiosk polls about 1/s)
    max_polls: int = 50
    transport: httpx.AsyncBaseTransport | None = None  # tests run the journey in-process (ASGI)
    clock: Clock = field(default_factory=SystemClock)  # the kiosk's clock, for token expiry


def mask_id(id_number: str) -> str:
    """All but the last three digits hidden: enough for the citizen to recognise their own."""
    return "*" * max(0, len(id_number) - 3) + id_number[-3:]


def mask_name(name: str) -> str:
    return " ".join(f"{word[0]}." for word in name.split() if word)


def make_pdf(title: str, rng: random.Random) -> bytes:
    """A one-page A4 PDF of a 'scanned' paper: a grey page with the title and a few text lines."""
    import img2pdf
    from PIL import Image, ImageDraw

    page = Image.new("L", (827, 1169), color=250)  # A4 at 100 dpi
    draw = ImageDraw.Draw(page)
    draw.text((60, 60), title, fill=0)
    for i in range(30):
        width = rng.randint(300, 700)
        draw.line((60, 120 + 30 * i, 60 + width, 120 + 30 * i), fill=80, width=3)
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=70)
    pdf: bytes = img2pdf.convert(buffer.getvalue())
    return pdf


def fill_form(fields: list[api.FormField], citizen: Persona) -> dict[str, str]:
    """What the citizen would type: prefilled identity, then plausible values for the rest."""
    identity = {
        "full_name": citizen.full_name,
        "id_number": citizen.id_number,
        "date_of_birth": citizen.date_of_birth.isoformat(),
        "address": citizen.residence,
    }
    by_type = {
        "phone": "0912345678",
        "email": "cong.dan@example.vn",
        "date": "2025-03-17",
        "number": "1",
        "id_number": citizen.id_number,
    }
    form: dict[str, str] = {}
    for spec in fields:
        if spec.prefill in identity:
            form[spec.name] = identity[spec.prefill]
        elif spec.type == "select" and spec.options:
            form[spec.name] = spec.options[0]
        elif spec.type in by_type:
            form[spec.name] = by_type[spec.type]
        elif spec.required:
            form[spec.name] = citizen.residence if "address" in spec.name else citizen.full_name
    return form


class Journey:
    def __init__(self, options: DemoOptions, console: Console, kiosk: HttpProvincialBackend) -> None:
        self.o = options
        self.console = console
        self.kiosk = kiosk
        self.control = httpx.AsyncClient(base_url=options.url, timeout=10.0, transport=options.transport)
        self.citizen = persona(options.seed)
        self.rng = random.Random(options.seed)
        self.summary: list[tuple[str, str]] = []
        self.step_no = 0

    def step(self, title: str) -> None:
        self.step_no += 1
        self.console.rule(f"[bold]{self.step_no}. {title}", align="left")

    def done(self, what: str, result: str) -> None:
        self.summary.append((what, result))
        self.console.print(f"  [green]✓[/green] {result}")

    async def poll(self, what: str, fetch: Callable[[], Awaitable[T]], ready: Callable[[T], bool]) -> T:
        for _ in range(self.o.max_polls):
            value = await fetch()
            if ready(value):
                return value
            await asyncio.sleep(self.o.poll_interval)
        raise TimeoutError(f"{what} still pending after {self.o.max_polls} polls")

    async def control_post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.control.post(path, json=body)
        response.raise_for_status()
        data: dict[str, Any] = response.json() if response.content else {}
        return data

    # ------------------------------------------------------------------------ the steps

    async def search(self) -> api.Procedure:
        self.step(f"Tìm thủ tục / search: “{self.o.query}”")
        found = await self.kiosk.search_procedures(self.o.query, limit=5)
        for hit in found.items:
            self.console.print(
                f"    {hit.code:<10} {hit.name}  [dim]({hit.agency_name}, score {hit.score})[/]"
            )
        if not found.items:
            raise LookupError(f"no procedure matches {self.o.query!r}")
        procedure = await self.kiosk.get_procedure(found.items[0].code)
        fee = min((f.online for f in procedure.fees), default=0)
        self.done("search", f"{procedure.name}: {procedure.processing_days:g} working days, fee {fee:,} VND")
        return procedure

    async def login(self) -> str:
        self.step("Đăng nhập VNeID / VNeID login")
        session = await self.kiosk.start_vneid_login()
        expires = session.expires_at.astimezone(LOCAL)
        self.console.print(
            f"    QR for the VNeID app: [cyan]{session.qr[:60]}…[/] (expires {expires:%H:%M:%S})"
        )
        # The citizen scans the QR and approves in the app: played here through the control API.
        await self.control_post("/control/citizens", _citizen_body(self.citizen))  # known to the registry
        await self.control_post(f"/control/vneid/{session.id}/approve", {"id_number": self.citizen.id_number})
        polled = await self.poll(
            "VNeID login",
            lambda: self.kiosk.poll_vneid_login(session.id),
            lambda p: p.status != api.VneidStatus.PENDING,
        )
        if polled.status != api.VneidStatus.APPROVED or polled.token is None:
            raise RuntimeError(f"VNeID login ended {polled.status}")
        verifier = VneidTokenVerifier(
            self.kiosk.fetch_jwks, issuer=ISSUER, audience=AUDIENCE, clock=self.o.clock
        )
        claims = await verifier.verify(polled.token)
        who = f"{mask_name(claims.full_name)} ID {mask_id(claims.id_number)}, level {claims.level}"
        self.done("login", f"token verified (signature, issuer, audience, expiry): {who}")
        return polled.token

    async def submit(self, token: str, procedure: api.Procedure) -> api.Dossier:
        self.step("Nộp hồ sơ / submit the dossier")
        case = procedure.cases[0] if procedure.cases else None
        documents = case.documents if case else procedure.documents
        attachments = [
            _attachment(d.code, make_pdf(f"{d.code} - kiosk-twin demo scan", self.rng)) for d in documents
        ]
        if not any(d.mandatory for d in documents):
            attachments = attachments[:1]
        dossier = api.DossierCreate(
            procedure_code=procedure.code,
            case_code=case.code if case else "default",
            form=fill_form(procedure.form, self.citizen),
            attachments=attachments,
        )
        size = sum(len(a.content_base64) * 3 // 4 for a in attachments)
        self.console.print(
            f"    e-form: {len(dossier.form)} fields; {len(attachments)} scanned PDFs, {size:,} bytes"
        )
        key = str(uuid.UUID(int=self.rng.getrandbits(128)))
        first = await self.kiosk.submit_dossier(token, dossier, key)
        again = await self.kiosk.submit_dossier(
            token, dossier, key
        )  # as the outbox would after a lost answer
        same = "same dossier" if again.code == first.code else "[red]A SECOND DOSSIER[/red]"
        self.console.print(f"    resent with the same Idempotency-Key -> {same}")
        self.done(
            "submit",
            f"dossier {first.code}, appointment {first.appointment_date:%d/%m/%Y}, "
            f"fee due {first.fee_due:,} VND",
        )
        return first

    async def pay(self, token: str, dossier: api.Dossier) -> None:
        self.step("Thanh toán / pay the fee")
        if dossier.fee_due <= 0:
            self.done("pay", "no fee due for this dossier")
            return
        payment = await self.kiosk.request_payment(token, dossier.code)
        self.console.print(f"    VietQR ({payment.amount:,} VND): [cyan]{payment.vietqr}[/]", soft_wrap=True)
        _print_qr(self.console, payment.vietqr)
        await self.control_post(f"/control/payments/{payment.id}/confirm")  # the bank confirms
        paid = await self.poll(
            "payment",
            lambda: self.kiosk.get_payment(token, payment.id),
            lambda p: p.status != api.PaymentStatus.PENDING,
        )
        self.done("pay", f"payment {paid.status}, receipt {paid.receipt_number}")

    async def look_up(self, token: str, dossier: api.Dossier) -> None:
        self.step("Tra cứu / look up")
        by_id = await self.kiosk.lookup_dossier(dossier.code, self.citizen.id_number)
        mine = await self.kiosk.list_dossiers(token)
        status = STATUS_VI[by_id.status]
        self.console.print(f"    by code + ID {mask_id(self.citizen.id_number)}: {status}")
        for entry in by_id.history:
            self.console.print(
                f"    {entry.at.astimezone(LOCAL):%d/%m %H:%M}  {entry.actor:<14} {entry.action}"
            )
        self.done("look up", f"{by_id.code}: {status}; the citizen has {mine.total} dossier(s)")

    async def rate(self, token: str, dossier: api.Dossier) -> None:
        self.step("Đánh giá / rate the service")
        # The one-stop desk receives the dossier (as its officials would): only then may it be rated.
        await self.control_post(f"/control/dossiers/{dossier.code}/status", {"status": 2})
        rating = api.RatingCreate(
            indicators=dict.fromkeys(range(1, 8), 2),
            convenience=api.Satisfaction.VERY_SATISFIED,
            overall=api.Satisfaction.SATISFIED,
        )
        made = await self.kiosk.rate_dossier(token, dossier.code, rating)
        try:
            await self.kiosk.rate_dossier(token, dossier.code, rating)
            refused = "[red]accepted twice[/red]"
        except ConflictError as exc:
            refused = f"refused: {exc.message(self.o.lang)}"
        self.console.print(f"    a second rating: {refused}")
        self.done("rate", f"rating {made.id}: total {made.total}/14")


async def run_journey(options: DemoOptions, console: Console) -> bool:
    """Play the whole journey; print each step; True when it completed."""
    async with HttpProvincialBackend(
        options.url, options.kiosk_key, transport=options.transport, rng=random.Random(options.seed)
    ) as kiosk:
        journey = Journey(options, console, kiosk)
        try:
            procedure = await journey.search()
            token = await journey.login()
            dossier = await journey.submit(token, procedure)
            await journey.pay(token, dossier)
            await journey.look_up(token, dossier)
            await journey.rate(token, dossier)
        except BackendError as exc:
            console.print(f"  [red]✗ {type(exc).__name__}[/red]: {exc.message(options.lang)} [dim]({exc})[/]")
            return False
        except (httpx.HTTPError, LookupError, RuntimeError, TimeoutError) as exc:
            console.print(f"  [red]✗ {type(exc).__name__}[/red]: {exc}")
            return False
        finally:
            await journey.control.aclose()
        table = Table(title="Citizen journey", show_lines=False)
        table.add_column("step")
        table.add_column("result")
        for what, result in journey.summary:
            table.add_row(what, result)
        console.print(table)
        console.print(f"HTTP attempts by the kiosk client: {kiosk.attempts}")
        return True


def _citizen_body(citizen: Persona) -> dict[str, str]:
    return {
        "id_number": citizen.id_number,
        "full_name": citizen.full_name,
        "date_of_birth": citizen.date_of_birth.isoformat(),
    }


def _attachment(code: str, content: bytes) -> api.Attachment:
    return api.Attachment(
        document_code=code,
        filename=f"{code.lower()}.pdf",
        content_type="application/pdf",
        content_base64=base64.b64encode(content).decode(),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _print_qr(console: Console, payload: str) -> None:
    import segno

    buffer = io.StringIO()
    segno.make(payload, error="m").terminal(out=buffer, compact=True, border=2)
    console.print(buffer.getvalue(), highlight=False, markup=False)

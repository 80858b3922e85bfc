"""Deferred delivery against the mock's app: a queued dossier outlives its citizen's 30-minute token.

The kiosk signs the submission when the citizen confirms (its own Ed25519 key, registered with
the backend through the control API); the backend files it later on the strength of that
signature plus the expired token, up to the maximum age (7 days). Outages are world time: the
backend's world clock and the kiosk's clock are advanced together, nothing sleeps.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from mocks.backend.settings import BackendSettings
from reference_kiosk.backend import HttpProvincialBackend
from reference_kiosk.backend.errors import UnauthorizedError
from reference_kiosk.i18n import translator
from reference_kiosk.outbox import Delivered, ItemState, Outbox, OutboxSender, Rejected, Submission
from reference_kiosk.outbox.signing import KioskSigner, load_or_create_signer
from tests.contract.backend.conftest import BASE, WORLD_START
from tests.contract.backend.test_outbox_against_app import CITIZEN, KEY, client, dossier_body, vneid_token
from tests.support.backend import make_app
from tests.support.kiosk_flow import FakeClock

IDEMPOTENCY_KEY = "c0ffee00-1111-4000-8000-000000000001"
STAFF_KEY = "staff-console-key"
HOUR = 3600.0


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    """The contract app with a staff console key, to read the staff's undelivered list."""
    app = make_app(tmp_path / "backend.db", staff_keys=(STAFF_KEY,))
    yield app
    app.state.backend.close()


class World:
    """The app, one kiosk (client + signed outbox + sender) and the control API, on one clock."""

    def __init__(self, app: FastAPI, tmp_path: Path, *script: str, register: bool = True) -> None:
        self.app = app
        self.clock = FakeClock(WORLD_START)
        self.kiosk, self.faults = client(app, *script)
        self.control = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)
        self.signer: KioskSigner = load_or_create_signer(tmp_path / "kiosk-signing.pem")
        self.outbox = Outbox(tmp_path / "outbox.db", KEY, self.clock, signer=self.signer)
        self.sender = OutboxSender(self.outbox, self.kiosk, self.clock, random.Random(4))
        self._register = register

    async def __aenter__(self) -> World:
        if self._register:
            answer = await self.control.post(
                "/control/kiosks/signing-keys",
                json={"public_key": self.signer.public_key_b64},
                headers={"X-Kiosk-Key": "test-kiosk-key"},
            )
            assert answer.status_code == 200, answer.text
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.kiosk.aclose()
        await self.control.aclose()
        self.outbox.close()

    async def confirm(self) -> str:
        """Log the citizen in, and confirm one dossier (written to the outbox, signed now)."""
        token = await vneid_token(self.kiosk, self.control)
        assert self.outbox.add(IDEMPOTENCY_KEY, Submission(token, await dossier_body(self.kiosk)))
        return token

    async def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        answer = await self.control.post("/control/clock/advance", json={"seconds": seconds})
        assert answer.status_code == 200

    def dossiers_of_citizen(self) -> int:
        # The token has expired, so ask the backend's store rather than the citizen API.
        with self.app.state.backend.store.read() as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM dossiers WHERE owner = ?", (CITIZEN.id_number,)
            ).fetchone()
        return int(row[0])

    async def undelivered(self) -> list[dict[str, object]]:
        """The staff's list, read with the staff console's key (a kiosk's key may not)."""
        refused = await self.control.get(
            "/api/v1/staff/undelivered", headers={"X-Kiosk-Key": "test-kiosk-key"}
        )
        assert refused.status_code == 401
        answer = await self.control.get("/api/v1/staff/undelivered", headers={"X-Staff-Key": STAFF_KEY})
        assert answer.status_code == 200, answer.text
        items: list[dict[str, object]] = answer.json()
        return items


async def _outage(world: World, hours: float, attempts: int) -> None:
    """The backend is unreachable for ``hours`` of world time; the kiosk tries ``attempts`` times."""
    for _ in range(attempts):
        results = await world.sender.send_due()
        assert [type(r).__name__ for r in results] == ["Deferred"]
        await world.advance(hours * HOUR / attempts)


@pytest.mark.parametrize("hours", [0.52, 2, 24, 72], ids=["31min", "2h", "24h", "72h"])
def test_an_outage_longer_than_the_token_still_delivers_exactly_one_dossier(
    app: FastAPI, tmp_path: Path, hours: float
) -> None:
    async def main() -> None:
        async with World(app, tmp_path, "down", "down", "down") as world:
            await world.confirm()
            await _outage(world, hours, attempts=3)
            [result] = await world.sender.send_due()
            assert isinstance(result, Delivered), result
            assert world.outbox.counts()[ItemState.DELIVERED] == 1
            assert world.dossiers_of_citizen() == 1
            assert await world.undelivered() == []

    asyncio.run(main())


def test_a_lost_answer_then_a_72_hour_outage_gives_one_dossier(app: FastAPI, tmp_path: Path) -> None:
    async def main() -> None:
        async with World(app, tmp_path, "lost", "down") as world:
            await world.confirm()
            await _outage(world, 72, attempts=2)  # the first attempt filed it; its answer was lost
            [result] = await world.sender.send_due()
            assert isinstance(result, Delivered)
            assert world.dossiers_of_citizen() == 1

    asyncio.run(main())


def test_past_the_maximum_age_the_item_is_listed_for_staff_never_dropped(
    app: FastAPI, tmp_path: Path
) -> None:
    async def main() -> None:
        async with World(app, tmp_path, "down") as world:
            await world.confirm()
            await _outage(world, 8 * 24, attempts=1)
            [result] = await world.sender.send_due()
            assert isinstance(result, Rejected)
            assert getattr(result.error, "code", None) == "confirmation_expired"
            item = world.outbox.item(IDEMPOTENCY_KEY)
            assert item is not None
            assert item.state is ItemState.REJECTED
            assert world.outbox.load(IDEMPOTENCY_KEY).dossier.procedure_code == "1.004222"  # kept for staff
            assert world.dossiers_of_citizen() == 0
            [listed] = await world.undelivered()
            assert listed["reference"] == IDEMPOTENCY_KEY[:8].upper()  # what the citizen's slip shows
            assert (listed["reason"], listed["procedure_code"]) == ("confirmation_expired", "1.004222")
            assert CITIZEN.id_number not in str(listed)

    asyncio.run(main())


def test_a_retry_past_the_maximum_age_still_finds_the_dossier_it_made(app: FastAPI, tmp_path: Path) -> None:
    async def main() -> None:
        async with World(app, tmp_path, "lost", "down") as world:
            await world.confirm()
            await _outage(world, 8 * 24, attempts=2)
            [result] = await world.sender.send_due()
            assert isinstance(result, Delivered)
            assert world.dossiers_of_citizen() == 1
            assert await world.undelivered() == []

    asyncio.run(main())


def test_an_unregistered_kiosk_key_cannot_file_after_expiry(app: FastAPI, tmp_path: Path) -> None:
    async def main() -> None:
        async with World(app, tmp_path, "down", register=False) as world:
            await world.confirm()
            await _outage(world, 2, attempts=1)
            [result] = await world.sender.send_due()
            assert isinstance(result, Rejected)
            assert getattr(result.error, "code", None) == "confirmation_invalid"
            assert world.dossiers_of_citizen() == 0
            assert [i["reason"] for i in await world.undelivered()] == ["unknown_signing_key"]

    asyncio.run(main())


def test_a_confirmation_does_not_carry_over_to_another_dossier(app: FastAPI, tmp_path: Path) -> None:
    """The envelope is bound to the body it was made for: changed papers are refused."""

    async def main() -> None:
        async with World(app, tmp_path) as world:
            token = await world.confirm()
            signed = world.outbox.load(IDEMPOTENCY_KEY)
            assert signed.confirmation is not None
            await world.advance(2 * HOUR)
            other = signed.dossier.model_copy(update={"case_code": "other-case"})
            kiosk: HttpProvincialBackend = world.kiosk
            with pytest.raises(UnauthorizedError) as refused:
                await kiosk.submit_dossier(
                    token, other, IDEMPOTENCY_KEY, confirmation=signed.confirmation.header()
                )
            assert getattr(refused.value, "code", None) == "confirmation_invalid"
            assert [i["reason"] for i in await world.undelivered()] == ["other_dossier"]
            assert world.dossiers_of_citizen() == 0

    asyncio.run(main())


def test_a_revoked_login_cannot_be_filed_later(app: FastAPI, tmp_path: Path) -> None:
    async def main() -> None:
        async with World(app, tmp_path, "down") as world:
            token = await world.confirm()
            await world.kiosk.logout(token)
            await _outage(world, 2, attempts=1)
            [result] = await world.sender.send_due()
            assert isinstance(result, Rejected)
            assert getattr(result.error, "code", None) == "token_revoked"
            assert world.dossiers_of_citizen() == 0

    asyncio.run(main())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_receipt_and_slip_say_what_happens_past_the_maximum_age(lang: str) -> None:
    """The citizen told "queued" learns then, on screen and on paper, what the backend's limit means."""
    days = BackendSettings(db_path=Path("unused.sqlite")).deferred_max_age.days
    t = translator(lang)
    for msgid in ("receipt.offline.note", "receipt.offline.slip"):
        assert f" {days} " in t(msgid).replace("\n", " "), msgid

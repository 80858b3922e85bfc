"""The `kiosk-twin up` journey, in-process against the app: every step completes, nothing leaks."""

from __future__ import annotations

import datetime as dt
import io

import httpx
import pytest
from fastapi import FastAPI
from rich.console import Console

from mocks.citizens import persona
from mocks.commands.demo_journey import DemoOptions, fill_form, make_pdf, mask_id, mask_name, run_journey
from reference_kiosk import api
from tests.contract.backend.conftest import BASE, KIOSK_KEY, WORLD_START

pytestmark = pytest.mark.anyio


class FrozenClock:
    """The kiosk's clock where the app's frozen world clock stands."""

    def now(self) -> dt.datetime:
        return WORLD_START

    def monotonic(self) -> float:
        return 0.0


def test_masks_keep_only_what_the_citizen_recognises() -> None:
    assert mask_id("020199001234") == "*********234"
    assert mask_name("Hoàng Thị Lan") == "H. T. L."


def test_the_generated_scan_is_a_pdf() -> None:
    import random

    pdf = make_pdf("CT01", random.Random(1))
    assert pdf.startswith(b"%PDF-")
    assert make_pdf("CT01", random.Random(1)) == pdf  # seeded: the same page every run


async def test_the_journey_completes_and_never_prints_personal_data(app: FastAPI) -> None:
    out = io.StringIO()
    console = Console(file=out, width=120, color_system=None)
    options = DemoOptions(
        url=BASE, kiosk_key=KIOSK_KEY, seed=3, transport=httpx.ASGITransport(app=app), clock=FrozenClock()
    )
    assert await run_journey(options, console)
    text = out.getvalue()
    citizen = persona(3)
    assert citizen.id_number not in text
    assert citizen.full_name not in text
    assert mask_id(citizen.id_number) in text
    for step in ("search", "login", "submit", "pay", "look up", "rate"):
        assert f"│ {step}" in text
    assert "same dossier" in text
    assert "refused:" in text


async def test_the_form_filled_for_the_demo_passes_the_backends_validation(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url=BASE, headers={"X-Kiosk-Key": KIOSK_KEY}
    ) as http:
        body = (await http.get("/api/v1/procedures/1.004222")).json()
    procedure = api.Procedure.model_validate(body)
    form = fill_form(procedure.form, persona(3))
    assert {f.name for f in procedure.form if f.required} <= set(form)
    assert form["id_number"] == persona(3).id_number

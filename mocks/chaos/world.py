"""Setting the world up before the chaos: citizens registered, dossiers described, counted after.

Registration runs with no faults installed, through the control API, like the BDD twin does.
Citizens are Faker personas, rebuilt from their seed wherever they are needed: the coordinator
keeps index, idempotency key and persona seed; the kiosk workers log the citizen in themselves,
so no token and no form is ever written to the run's files. At the end the backend's dossiers are
read from its database file (the backend stopped), independently of the API under test.
"""

from __future__ import annotations

import base64
import hashlib
import random
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from mocks.chaos.errors import ChaosSetupError
from mocks.citizens import Persona, persona

__all__ = ["CASE", "PDF", "PROCEDURE", "Citizen", "backend_dossiers", "dossier_body", "register_citizens"]

PROCEDURE = "1.004222"  # Đăng ký thường trú: a form and two attachments, like a real filing
CASE = "CHO_O_SO_HUU"
# One blank A4 page with a real xref: the backend refuses PDFs that do not parse.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>> "
    b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\nxref\n0 4\n"
    b"0000000000 65535 f \n0000000009 00000 n \n0000000053 00000 n \n0000000103 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n167\n%%EOF\n"
)


@dataclass(frozen=True, slots=True)
class Citizen:
    index: int
    key: str  # the idempotency key of this citizen's one submission
    persona: int  # the seed of the Faker persona (``mocks.citizens.persona``)
    id_number: str = field(repr=False)  # kept in memory only, to count the backend's dossiers


def _attachment(code: str) -> dict[str, str]:
    return {
        "document_code": code,
        "filename": f"{code.lower()}.pdf",
        "content_type": "application/pdf",
        "content_base64": base64.b64encode(PDF).decode(),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }


def dossier_body(person: Persona) -> dict[str, Any]:
    form = {
        "full_name": person.full_name,
        "id_number": person.id_number,
        "date_of_birth": person.date_of_birth.isoformat(),
        "current_address": "Số 5 đường Bà Triệu, phường Vĩnh Trại",
        "phone": "0912345678",
        "new_address": "Số 12 đường Lê Lợi, phường Vĩnh Trại",
        "head_name": person.full_name,
        "head_id_number": person.id_number,
        "relation_to_head": "Chủ hộ",
    }
    return {"procedure_code": PROCEDURE, "case_code": CASE, "form": form,
            "attachments": [_attachment("CT01"), _attachment("GT_CHO_O")]}  # fmt: skip


def register_citizens(base_url: str, kiosk_key: str, count: int, seed: int) -> list[Citizen]:
    """``count`` distinct citizens; a persona whose ID number is taken is skipped."""
    rng = random.Random(f"chaos-keys:{seed}")
    citizens: list[Citizen] = []
    persona_seed = seed * 100_003
    with httpx.Client(base_url=base_url, headers={"X-Kiosk-Key": kiosk_key}, timeout=30.0) as client:
        while len(citizens) < count:
            person = persona(persona_seed)
            persona_seed += 1
            body = {"id_number": person.id_number, "full_name": person.full_name,
                    "date_of_birth": person.date_of_birth.isoformat()}  # fmt: skip
            created = client.post("/control/citizens", json=body)
            if created.status_code == 409:
                continue
            if created.status_code != 201:
                raise ChaosSetupError(f"POST /control/citizens answered {created.status_code}")
            key = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            citizens.append(Citizen(len(citizens), key, persona_seed - 1, person.id_number))
    return citizens


def backend_dossiers(db: Path, citizens: list[Citizen]) -> dict[int, list[str]]:
    """Each citizen's dossier codes, read from the stopped backend's database file."""
    index = {c.id_number: c.index for c in citizens}
    found: dict[int, list[str]] = {c.index: [] for c in citizens}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for owner, code in conn.execute("SELECT owner, code FROM dossiers ORDER BY code"):
            found.setdefault(index.get(str(owner), -1), []).append(str(code))
    conn.close()
    return found

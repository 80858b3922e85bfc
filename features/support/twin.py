"""``Twin``: the world around the kiosk as BDD steps use it (``TwinControl`` + the scenario's citizen).

Each action that the kiosk would notice on its own (a card laid on the reader, time passing, a
phone approving a login) is followed by a few frames, so the next step sees its consequence. In
wire mode those frames come from ``WireKioskDriver.settle``, which also waits (bounded) until
PC/SC has told the kiosk about the card (support/wire.py); the calls here are the same.
"""

from __future__ import annotations

from typing import Any

from mocks.card.faults import CardFaults
from mocks.citizens import Persona
from mocks.control import SEARCH, SUBMIT, TwinControl
from mocks.scanner.glass import GlassItem
from reference_kiosk.ui.driver import KioskDriver
from tests.support.backend import dossier_body

__all__ = ["Twin"]

ROUTES = {"tìm kiếm": SEARCH, "search": SEARCH, "nộp hồ sơ": SUBMIT, "submit": SUBMIT}


class Twin:
    def __init__(self, control: TwinControl, driver: KioskDriver, citizen: Persona) -> None:
        self.control = control
        self.driver = driver
        self.citizen = citizen

    def _then_look(self) -> None:
        self.driver.settle()

    # ------------------------------------------------------------------ people

    def insert_card(self, faults: CardFaults | None = None, who: Persona | None = None) -> None:
        self.control.insert_card(who or self.citizen, faults)
        self._then_look()

    def lay_card_on_glass(self, item: GlassItem) -> None:
        """A card (or slip) in the scanner glass's card corner (issue 15); the kiosk scans it when asked."""
        scanner = self.control.scanner
        if scanner is None:
            raise LookupError("this twin has no scanner")
        scanner.lay_on_glass(item)

    def card_on_reader(self) -> bool:
        card = self.control.card
        return card is not None and card.reader.card_present()

    def approve_vneid(self, session_id: str) -> None:
        self.control.backend.approve_vneid(session_id, self.citizen.id_number)

    def deny_vneid(self, session_id: str) -> None:
        self.control.backend.deny_vneid(session_id)

    def pay(self, dossier_code: str) -> None:
        self.control.backend.pay(self.citizen, dossier_code)

    def advance(self, seconds: float) -> None:
        self.control.advance(seconds)
        self._then_look()

    # ------------------------------------------------------------------ the backend's records

    def file_dossier(self) -> str:
        """A residence registration the citizen filed earlier; returns its code."""
        who = self.citizen
        dob = who.date_of_birth.isoformat()
        body = dossier_body({"id_number": who.id_number, "full_name": who.full_name, "date_of_birth": dob})
        return str(self.control.backend.file_dossier(who, body)["code"])

    def finish(self, dossier_code: str) -> None:
        """Officials finish the dossier (9: đã xử lý xong), so it can be rated."""
        self.control.backend.force_status(dossier_code, 9)

    def revoked_logins(self) -> int:
        """The citizen's logins the backend has revoked (logged out) that would otherwise still be valid."""
        return self.control.backend.revoked_logins(self.citizen)

    def dossiers(self) -> list[dict[str, Any]]:
        return self.control.backend.dossiers_of(self.citizen)

    def rate_again(self, dossier_code: str) -> int:
        """The citizen tries to rate the dossier once more straight at the backend; returns the status."""
        body = {
            "indicators": {str(i): 2 for i in range(1, 8)},
            "convenience": "satisfied",
            "overall": "satisfied",
        }
        backend = self.control.backend
        headers = backend.as_citizen(self.citizen)
        return backend.http.request(
            "POST", f"/api/v1/dossiers/{dossier_code}/ratings", json=body, headers=headers
        ).status_code

    # ------------------------------------------------------------------ faults

    def route(self, name: str) -> str:
        return ROUTES[name.casefold()]

"""The population register of the simulated backend, and citizen tokens, for other login routes.

Used by the VNeID mock here and by the CCCD login route (``routes/cccd.py``, another helper's):

    find_citizen(backend, id_number) -> CitizenProfile | None     look a person up by ID number
    register_citizen(backend, id_number, full_name, date_of_birth, subject=None) -> CitizenProfile
    issue_citizen_login(backend, citizen) -> CitizenLogin          a signed bearer token for them
    register_population(backend, seed, count) -> int               personas from mocks.citizens

A citizen's VNeID ``subject`` defaults to a stable pseudonym derived from the ID number, so the
same person gets the same subject however they were registered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

from mocks.backend.errors import ConflictError
from mocks.backend.state import Backend
from reference_kiosk.api import CitizenLogin, CitizenProfile

__all__ = ["find_citizen", "issue_citizen_login", "register_citizen", "register_population", "subject_for"]


def subject_for(id_number: str) -> str:
    return "vneid-" + hashlib.sha256(b"vneid-subject:" + id_number.encode()).hexdigest()[:20]


def find_citizen(backend: Backend, id_number: str) -> CitizenProfile | None:
    with backend.store.read() as conn:
        row = conn.execute(
            "SELECT subject, id_number, full_name, date_of_birth FROM citizens WHERE id_number = ?",
            (id_number,),
        ).fetchone()
    if row is None:
        return None
    return CitizenProfile(
        subject=row["subject"],
        id_number=row["id_number"],
        full_name=row["full_name"],
        date_of_birth=dt.date.fromisoformat(row["date_of_birth"]),
    )


def register_citizen(
    backend: Backend, id_number: str, full_name: str, date_of_birth: dt.date, subject: str | None = None
) -> CitizenProfile:
    """Insert or update a population record (idempotent for the same person)."""
    citizen = CitizenProfile(
        subject=subject or subject_for(id_number),
        id_number=id_number,
        full_name=full_name,
        date_of_birth=date_of_birth,
    )
    try:
        with backend.store.tx() as conn:
            conn.execute(
                "INSERT INTO citizens (id_number, subject, full_name, date_of_birth) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id_number) DO UPDATE SET subject = excluded.subject, "
                "full_name = excluded.full_name, date_of_birth = excluded.date_of_birth",
                (citizen.id_number, citizen.subject, citizen.full_name, citizen.date_of_birth.isoformat()),
            )
    except sqlite3.IntegrityError as exc:  # the subject belongs to somebody else
        raise ConflictError("subject_taken", "this VNeID subject is another citizen's") from exc
    return citizen


def issue_citizen_login(backend: Backend, citizen: CitizenProfile) -> CitizenLogin:
    token, expires_at = backend.tokens.issue(citizen)
    return CitizenLogin(token=token, expires_at=expires_at, citizen=citizen)


def register_population(backend: Backend, seed: int, count: int) -> int:
    """Register personas ``seed .. seed+count-1`` from mocks.citizens (when that module exists).

    The same seeds give the same people on the card emulator, in VNeID and here. Returns how
    many were registered (0 when mocks.citizens is not available).
    """
    try:
        from mocks.citizens import persona  # another helper's module; optional
    except ModuleNotFoundError as exc:
        if exc.name != "mocks.citizens":
            raise
        return 0
    for i in range(count):
        person = persona(seed + i)
        register_citizen(backend, person.id_number, person.full_name, person.date_of_birth)
    return count

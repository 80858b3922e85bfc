"""Errors of the backend's reference data (catalogue, calendar, sites) and of VietQR payloads.

These are mocks-side errors: they describe broken data files or malformed payloads in the
simulated world, so they carry no citizen message. The backend maps them to Problem answers
(404 for an unknown procedure, 500 for broken data).

    ReferenceDataError                  a data file under mocks/backend/data is missing or invalid
     +-- CatalogueError                 procedures.json: names the procedure and the field
     |    +-- ProcedureNotFoundError    no procedure with that national or provincial code
     +-- CalendarError                  holidays.json
     +-- SitesError                     sites.json / agencies.json
    VietQrError (ValueError)            a VietQR payload with bad length, CRC or structure,
                                        or build arguments that cannot make a valid one
"""

from __future__ import annotations

__all__ = [
    "CalendarError",
    "CatalogueError",
    "ProcedureNotFoundError",
    "ReferenceDataError",
    "SitesError",
    "VietQrError",
]


class ReferenceDataError(Exception):
    """A reference data file is missing, unreadable or fails validation."""


class CatalogueError(ReferenceDataError):
    """procedures.json is invalid; the message names the procedure code and the field."""

    def __init__(self, message: str, *, procedure: str | None = None, field: str | None = None) -> None:
        where = " ".join(
            part for part in (procedure and f"procedure {procedure}", field and f"field {field}") if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.procedure = procedure
        self.field = field


class ProcedureNotFoundError(CatalogueError, LookupError):
    """No procedure has this national or provincial code."""

    def __init__(self, code: str) -> None:
        super().__init__("no such procedure", procedure=code)
        self.code = code


class CalendarError(ReferenceDataError):
    """holidays.json is invalid."""


class SitesError(ReferenceDataError):
    """sites.json or agencies.json is invalid or inconsistent."""


class VietQrError(ValueError):
    """A VietQR payload (or the arguments to build one) is malformed."""

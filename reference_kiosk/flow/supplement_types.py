"""``SupplyState``: the papers a citizen scans to answer one supplement request.

A leaf module (like ``account_types``) so that ``state`` can hold it without importing the
supplement journey, which itself needs ``state``. Page images stay in the services; the flow
keeps page ids and the built documents' sizes only, as for a submission.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SupplyState"]


@dataclass(slots=True)
class SupplyState:
    dossier_code: str | None = None  # None: no supplement is being answered
    request_id: str = ""
    documents: tuple[str, ...] = ()  # the codes of exactly the papers the request asks for
    pages: dict[str, list[str]] = field(default_factory=dict)
    blank: set[str] = field(default_factory=set)
    built: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (pages, bytes)

    @property
    def active(self) -> bool:
        return self.dossier_code is not None

"""Which agency receives a dossier: decided by the kiosk's site, from data (agencies.json, sites.json).

Every procedure names a default agency (procedures.json). An agency's ``kind`` ("police",
"people_committee", ...) and ``level`` say what sort of office it is; an agency *handles* a
procedure when it is the default agency or has the default agency's kind and level (Cao Loc's
commune police handles residence procedures exactly like Vinh Trai's). A dossier submitted at kiosk
K goes to the agency of K's site that handles the procedure, else to the default agency (a
province-level procedure at a commune site, or an unknown kiosk). See
docs/decisions/0006-agency-routing.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mocks.backend.catalogue_errors import SitesError
from mocks.backend.sites import site_of_kiosk
from reference_kiosk.api import Agency, Procedure, Site

__all__ = ["AgencyRouter", "build_router"]


@dataclass(frozen=True, slots=True)
class AgencyRouter:
    agencies: Mapping[str, Agency]
    sites: Sequence[Site]

    def handles(self, agency_id: str, procedure: Procedure) -> bool:
        """Whether this agency receives dossiers of this procedure (at a site that has it)."""
        if agency_id == procedure.agency:
            return True
        agency, default = self.agencies.get(agency_id), self.agencies.get(procedure.agency)
        if agency is None or default is None or not default.kind:
            return False
        return (agency.kind, agency.level) == (default.kind, default.level)

    def receiving_agency(self, procedure: Procedure, kiosk_id: str) -> str:
        """The agency a dossier of ``procedure`` submitted at ``kiosk_id`` goes to."""
        site = site_of_kiosk(list(self.sites), kiosk_id)
        if site is None or procedure.agency in site.agencies:
            return procedure.agency
        return next((a for a in site.agencies if self.handles(a, procedure)), procedure.agency)


def build_router(agencies: Sequence[Agency], sites: Sequence[Site]) -> AgencyRouter:
    """The router, refusing a site with two agencies of one kind and level (the choice would be arbitrary)."""
    by_id = {a.id: a for a in agencies}
    for site in sites:
        seen: dict[tuple[str, str], str] = {}
        for agency_id in site.agencies:
            agency = by_id.get(agency_id)
            if agency is None:
                raise SitesError(f"site {site.id}: unknown agency {agency_id}")
            if not agency.kind:
                continue
            key = (agency.kind, agency.level)
            if key in seen:
                raise SitesError(f"site {site.id}: {seen[key]} and {agency_id} are both {key[1]} {key[0]}")
            seen[key] = agency_id
    return AgencyRouter(by_id, tuple(sites))

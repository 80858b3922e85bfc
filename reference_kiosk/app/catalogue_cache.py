"""What the kiosk keeps of the catalogue between requests, and for how long (docs/decisions/0020).

    the field list      one copy, for ``fields_ttl_s`` (an hour): fields change with a new
                        catalogue release, not between two citizens
    whole procedures    the ``size`` most recently opened (64), each for ``procedure_ttl_s``
                        (an hour): a citizen going back and forth between the list and a
                        procedure, or the next citizen opening the same one, costs no request
    search pages        never: they depend on what is typed and are small (summaries)

Nothing personal is cached here. Entries expire on the kiosk's own clock (``monotonic``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable

from reference_kiosk import api
from reference_kiosk.ports import Clock

__all__ = ["CatalogueCache"]


class CatalogueCache:
    def __init__(
        self, clock: Clock, *, fields_ttl_s: float = 3600.0, procedure_ttl_s: float = 3600.0, size: int = 64
    ) -> None:
        self.clock = clock
        self.fields_ttl_s = fields_ttl_s
        self.procedure_ttl_s = procedure_ttl_s
        self.size = size
        self._fields: tuple[float, list[api.FieldSummary]] | None = None
        self._procedures: OrderedDict[str, tuple[float, api.Procedure]] = OrderedDict()

    async def fields(self, fetch: Callable[[], Awaitable[list[api.FieldSummary]]]) -> list[api.FieldSummary]:
        now = self.clock.monotonic()
        if self._fields is not None and now - self._fields[0] < self.fields_ttl_s:
            return self._fields[1]
        fields = await fetch()
        self._fields = (now, fields)
        return fields

    async def procedure(self, code: str, fetch: Callable[[str], Awaitable[api.Procedure]]) -> api.Procedure:
        now = self.clock.monotonic()
        hit = self._procedures.get(code)
        if hit is not None and now - hit[0] < self.procedure_ttl_s:
            self._procedures.move_to_end(code)
            return hit[1]
        proc = await fetch(code)
        self._procedures[code] = (now, proc)
        self._procedures.move_to_end(code)
        while len(self._procedures) > self.size:
            self._procedures.popitem(last=False)  # the least recently opened
        return proc

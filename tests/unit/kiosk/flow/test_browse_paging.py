"""Search and browse page through the API: the next page on "Xem thêm", the real total, every field."""

from __future__ import annotations

import asyncio

from reference_kiosk import api
from reference_kiosk.app.catalogue_cache import CatalogueCache
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import LoadFields, SearchProcedures
from reference_kiosk.flow.views import SearchView
from tests.support.kiosk_flow import FakeClock, FlowDriver, procedure, view_of


def page(first: int, n: int) -> tuple[api.ProcedureSummary, ...]:
    base = procedure().summary()
    return tuple(base.model_copy(update={"code": f"1.{i:06d}"}) for i in range(first, first + n))


def searching(kiosk: FlowDriver) -> None:
    kiosk.login_card()
    effects = kiosk.send(ev.TileChosen(ev.HomeTile.PROCEDURES))
    assert LoadFields() in effects  # browse offers every field of the catalogue
    kiosk.send(ev.SearchResultsLoaded("", None, page(0, 20), total=45))


def test_more_results_loads_the_next_page_and_appends_it(kiosk: FlowDriver) -> None:
    searching(kiosk)
    assert view_of(kiosk, SearchView).total == 45  # the count shown is the backend's, not the page's
    assert kiosk.send(ev.MoreResultsWanted()) == [SearchProcedures("", None, offset=20)]
    assert kiosk.send(ev.MoreResultsWanted()) == []  # one page at a time
    kiosk.send(ev.SearchResultsLoaded("", None, page(20, 20), total=45, offset=20))
    view = view_of(kiosk, SearchView)
    assert [r.code for r in view.results] == [f"1.{i:06d}" for i in range(40)]
    assert kiosk.send(ev.MoreResultsWanted()) == [SearchProcedures("", None, offset=40)]
    kiosk.send(ev.SearchResultsLoaded("", None, page(40, 5), total=45, offset=40))
    assert len(view_of(kiosk, SearchView).results) == 45
    assert kiosk.send(ev.MoreResultsWanted()) == []  # everything is loaded


def test_a_page_of_an_older_query_or_out_of_order_is_dropped(kiosk: FlowDriver) -> None:
    searching(kiosk)
    kiosk.send(ev.MoreResultsWanted())
    kiosk.send(ev.SearchResultsLoaded("", None, page(60, 20), total=45, offset=60))  # not what follows
    kiosk.send(ev.SearchChanged("ho tich"))
    kiosk.send(ev.SearchResultsLoaded("", None, page(20, 20), total=45, offset=20))  # the old query's
    view = view_of(kiosk, SearchView)
    assert [r.code for r in view.results] == [p.code for p in page(0, 20)]
    kiosk.send(ev.SearchResultsLoaded("ho tich", None, page(0, 3), total=3))
    assert (len(view_of(kiosk, SearchView).results), view_of(kiosk, SearchView).total) == (3, 3)


def test_browse_offers_every_field_of_the_catalogue(kiosk: FlowDriver) -> None:
    searching(kiosk)  # the 20 results loaded are all of one field
    fields = tuple(api.FieldSummary(code=f"f{i}", name=f"Field {i}", count=i + 1) for i in range(7))
    kiosk.send(ev.FieldsLoaded(fields))
    chips = view_of(kiosk, SearchView).chips
    assert [c.code for c in chips][:7] == [f.code for f in fields]
    assert {c.code for c in chips} == {f.code for f in fields} | {procedure().field}


def test_the_field_list_is_fetched_once_an_hour_and_procedures_are_kept_lru() -> None:
    clock = FakeClock()
    cache = CatalogueCache(clock, size=2)
    calls: list[str] = []

    async def fields() -> list[api.FieldSummary]:
        calls.append("fields")
        return [api.FieldSummary(code="cu_tru", name="Cư trú", count=1)]

    async def proc(code: str) -> api.Procedure:
        calls.append(code)
        return procedure()

    async def run() -> None:
        await cache.fields(fields)
        await cache.fields(fields)
        clock.advance(3601)
        await cache.fields(fields)
        for code in ("a", "b", "a", "c", "b"):  # "b" was the least recently opened when "c" came
            await cache.procedure(code, proc)

    asyncio.run(run())
    assert calls == ["fields", "fields", "a", "b", "c", "b"]

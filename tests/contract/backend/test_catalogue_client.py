"""The kiosk's catalogue calls against the mock's app: summaries in pages, fields, the detail.

Lists answer summaries of a few hundred bytes each, in pages that join up exactly; the whole
procedure comes only from ``get_procedure`` (issue 16, point 3).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

from reference_kiosk import api
from reference_kiosk.backend import HttpProvincialBackend
from tests.support.backend import KIOSK_KEY, SocketLikeASGITransport

pytestmark = pytest.mark.anyio

# Issue 16: "at most about 600 bytes per item".
MAX_ITEM_BYTES = 600


@pytest.fixture
async def kiosk(app: FastAPI) -> AsyncIterator[HttpProvincialBackend]:
    transport = SocketLikeASGITransport(app=app)
    async with HttpProvincialBackend("http://backend.test", KIOSK_KEY, transport=transport) as client:
        yield client


async def browse_all(kiosk: HttpProvincialBackend, q: str = "", limit: int = 7, **filters: str) -> list[str]:
    codes: list[str] = []
    while True:
        page = await kiosk.search_procedures(q, offset=len(codes), limit=limit, **filters)
        assert (page.offset, page.limit) == (len(codes), limit)
        assert len(page.items) <= limit
        codes += [p.code for p in page.items]
        if not page.items or len(codes) >= page.total:
            assert len(codes) == page.total
            return codes


async def test_pages_join_up_to_the_whole_list_without_repeats(kiosk: HttpProvincialBackend) -> None:
    whole = await kiosk.search_procedures("dang ky", limit=100)
    paged = await browse_all(kiosk, "dang ky")
    assert paged[:100] == [p.code for p in whole.items]
    assert len(set(paged)) == len(paged) == whole.total


async def test_a_page_past_the_end_is_empty_but_keeps_the_total(kiosk: HttpProvincialBackend) -> None:
    first = await kiosk.search_procedures("", limit=1)
    past = await kiosk.search_procedures("", offset=first.total + 5, limit=10)
    assert (past.items, past.total) == ([], first.total)


async def test_search_answers_small_summaries_not_whole_procedures(kiosk: HttpProvincialBackend) -> None:
    page = await kiosk.search_procedures("dang ky", limit=20)
    assert page.items
    for item in page.items:
        assert isinstance(item, api.ProcedureSummary)
        size = len(json.dumps(item.model_dump(mode="json"), ensure_ascii=False).encode())
        assert size <= MAX_ITEM_BYTES, (item.code, size)


async def test_the_summary_agrees_with_the_detail(kiosk: HttpProvincialBackend) -> None:
    item = (await kiosk.search_procedures("dang ky thuong tru")).items[0]
    detail = await kiosk.get_procedure(item.code)
    assert item.name == detail.name == "Đăng ký thường trú"
    assert item.fee_online == sum(f.online for f in detail.fees)
    assert (item.field, item.agency, item.level) == (detail.field, detail.agency, detail.level)
    assert (item.kiosk_available, item.online_only) == (detail.kiosk_available, detail.online_only)


async def test_fields_count_what_browsing_each_field_lists(kiosk: HttpProvincialBackend) -> None:
    fields = await kiosk.list_fields()
    assert len({f.code for f in fields}) == len(fields) > 1
    everything = await kiosk.search_procedures("", limit=1)
    assert sum(f.count for f in fields) == everything.total
    residence = next(f for f in fields if f.code == "cu_tru")
    listed = await browse_all(kiosk, field="cu_tru", limit=20)
    assert len(listed) == residence.count > 0


async def test_level_filter_lists_only_that_level(kiosk: HttpProvincialBackend) -> None:
    page = await kiosk.search_procedures("", level="province", limit=100)
    assert page.total >= 1
    assert {p.level for p in page.items} == {"province"}
    commune = await kiosk.search_procedures("", level="commune", limit=1)
    assert commune.total + page.total <= (await kiosk.search_procedures("", limit=1)).total

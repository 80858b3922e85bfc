"""A finished dossier carries its result: the document, where and from when, a keyed e-copy link."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from tests.support.backend import BackendDriver, SyncAsgiClient


def _finish(twin: BackendDriver, auth: dict[str, str]) -> str:
    code: str = twin.submit(auth).json()["code"]
    twin.advance(30 * 60)
    assert (
        twin.client.post(f"/control/dossiers/{code}/status", json={"status": 9, "note": ""}).status_code < 400
    )
    return code


def test_an_unfinished_dossier_has_no_result(twin: BackendDriver) -> None:
    auth = twin.login()
    code = twin.submit(auth).json()["code"]
    assert twin.client.get(f"/api/v1/dossiers/{code}", headers=twin.login()).json()["result"] is None


def test_a_finished_dossier_says_what_where_and_from_when(twin: BackendDriver) -> None:
    code = _finish(twin, twin.login())
    auth = twin.login()
    dossier = twin.client.get(f"/api/v1/dossiers/{code}", headers=auth).json()
    result = dossier["result"]
    procedure = twin.client.get(f"/api/v1/procedures/{dossier['procedure_code']}").json()
    assert result["document"] == procedure["result"]
    assert result["place"].startswith("Bộ phận Một cửa, ")
    done = next(h for h in dossier["history"] if h["to_status"] == 9)
    finished_on = dt.datetime.fromisoformat(done["at"]).astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    assert result["ready_from"] == finished_on.isoformat()
    listed = twin.client.get("/api/v1/dossiers", headers=auth).json()["items"]
    assert [d["result"] for d in listed if d["code"] == code] == [result]


def test_the_e_copy_opens_with_its_key_only(twin: BackendDriver, client: SyncAsgiClient) -> None:
    code = _finish(twin, twin.login())
    url = twin.client.get(f"/api/v1/dossiers/{code}", headers=twin.login()).json()["result"]["e_copy_url"]
    parts = urlsplit(url)
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.status_code == 200
    assert code in page.text
    assert "Bản điện tử kết quả" in page.text
    assert client.get(f"{parts.path}?k={'0' * 32}").status_code == 404
    other = twin.submit(twin.login()).json()["code"]  # unfinished: no e-copy even with its own key
    assert client.get(f"/api/v1/dossiers/{other}/e-copy?k={parts.query[2:]}").status_code == 404

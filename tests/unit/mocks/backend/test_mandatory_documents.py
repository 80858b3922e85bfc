"""A dossier must carry its case's mandatory papers; the 422 names each one that is missing.

1.004222 "Đăng ký thường trú", case CHO_O_SO_HUU, asks for two: CT01 (the declaration) and
GT_CHO_O (proof of lawful residence). The names come from the catalogue as the citizen saw them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.backend import CASE, PROCEDURE, attachment, dossier_body


def _names(twin: Any) -> dict[str, str]:
    procedure = twin.client.get(f"/api/v1/procedures/{PROCEDURE}").json()
    case = next(c for c in procedure["cases"] if c["code"] == CASE)
    return {d["code"]: d["name"] for d in (*procedure["documents"], *case["documents"]) if d["mandatory"]}


@pytest.mark.parametrize(
    ("carried", "missing"),
    [([], ["CT01", "GT_CHO_O"]), (["CT01"], ["GT_CHO_O"]), (["GT_CHO_O", "GT_CHO_O"], ["CT01"])],
    ids=["none", "no-proof-of-residence", "no-declaration"],
)
def test_a_dossier_without_its_mandatory_papers_is_refused_naming_them(
    twin: Any, carried: list[str], missing: list[str]
) -> None:
    names = _names(twin)
    assert sorted(names) == ["CT01", "GT_CHO_O"]
    answer = twin.submit(twin.login(), body=dossier_body(attachments=[attachment(code) for code in carried]))
    assert (answer.status_code, answer.json()["code"]) == (422, "missing_documents")
    assert answer.json()["detail"] == {f"documents.{code}": f"missing: {names[code]}" for code in missing}
    assert all(code in answer.json()["message"] for code in missing)


def test_nothing_is_stored_for_a_refused_dossier(twin: Any) -> None:
    auth = twin.login()
    assert twin.submit(auth, body=dossier_body(attachments=[])).status_code == 422
    assert twin.client.get("/api/v1/dossiers", headers=auth).json()["total"] == 0


def test_a_broken_file_is_named_before_a_missing_paper(twin: Any) -> None:
    broken = attachment("CT01") | {"content_base64": "%%%"}
    answer = twin.submit(twin.login(), body=dossier_body(attachments=[broken]))
    assert answer.json()["detail"] == {"attachments.0.content_base64": "not base64"}

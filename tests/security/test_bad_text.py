"""Bad text: lone surrogates and control characters give a 422 on every string of every route,
file names are checked, and a dossier carries a bounded number of files (issue 14, "Bad text").

The routes come from the app's own OpenAPI schema: for each operation, every string it takes
(path and query parameters, and each string field of its JSON body at any depth, dictionary
keys included) gets the bad text while the rest of the body is a skeleton of the schema. The
answer must be a JSON 422 ``validation_failed`` naming the field, never a 500; the bad text is
never echoed back (the answer must stay valid UTF-8).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI

from tests.support.backend import TINY_PDF, SyncAsgiClient, attachment, dossier_body

BAD = {"surrogate": "a\ud800b", "nul": "a\x00b", "escape": "a\x1b[31mb", "c1": "a\x85b", "del": "a\x7fb"}
Case = tuple[str, str, str, dict[str, str], Any]  # method, path, field, query, body


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        *_, name = schema["$ref"].split("/")
        schema = spec["components"]["schemas"][name]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:  # the first non-null alternative
            return _resolve(next(s for s in schema[key] if s.get("type") != "null"), spec)
    return schema


def _skeleton(schema: dict[str, Any], spec: dict[str, Any], bad_at: str | None, here: str = "body") -> Any:
    """An instance of ``schema``: strings are "x", except the one at ``bad_at`` ("BAD")."""
    schema = _resolve(schema, spec)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        value = {
            k: _skeleton(v, spec, bad_at, f"{here}.{k}") for k, v in schema.get("properties", {}).items()
        }
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            value["key"] = _skeleton(extra, spec, bad_at, f"{here}.key")
            if bad_at == f"{here}.<key>":
                value["BAD"] = "x"
        return value
    if kind == "array":
        return [_skeleton(schema.get("items", {}), spec, bad_at, f"{here}.0")]
    if kind == "string":
        return "BAD" if here == bad_at else (schema.get("enum") or ["x"])[0]
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    return "x"


def _string_paths(schema: dict[str, Any], spec: dict[str, Any], here: str = "body") -> Iterator[str]:
    schema = _resolve(schema, spec)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        for key, sub in schema.get("properties", {}).items():
            yield from _string_paths(sub, spec, f"{here}.{key}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            yield f"{here}.<key>"
            yield from _string_paths(extra, spec, f"{here}.key")
    elif kind == "array":
        yield from _string_paths(schema.get("items", {}), spec, f"{here}.0")
    elif kind == "string" and "enum" not in schema and schema.get("format") not in ("date", "date-time"):
        yield here


def _cases(spec: dict[str, Any]) -> Iterator[Case]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            params = operation.get("parameters", [])
            values = {p["name"]: "x" for p in params if p["in"] == "path"}
            body_schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            body = _skeleton(body_schema["schema"], spec, None) if body_schema else None
            for p in params:
                if p["in"] == "path":
                    yield method, path.format(**(values | {p["name"]: "BAD"})), f"path.{p['name']}", {}, body
                elif p["in"] == "query" and _resolve(p["schema"], spec).get("type") == "string":
                    yield method, path.format(**values), f"query.{p['name']}", {p["name"]: "BAD"}, body
            if body_schema:
                for field in _string_paths(body_schema["schema"], spec):
                    yield (
                        method,
                        path.format(**values),
                        field,
                        {},
                        _skeleton(body_schema["schema"], spec, field),
                    )


def _send(client: SyncAsgiClient, case: Case, bad: str, auth: dict[str, str]) -> Any:
    method, path, _, query, body = case
    url = path.replace("BAD", quote(bad.encode("utf-8", "surrogatepass"), safe=""))
    params = {k: bad for k in query}
    content = None if body is None else json.dumps(body).replace('"BAD"', json.dumps(bad)).encode()
    headers = auth | {"Content-Type": "application/json"}
    return client.request(method.upper(), url, params=params, content=content, headers=headers)


def test_every_string_of_every_route_refuses_bad_text(
    app: FastAPI, client: SyncAsgiClient, twin: Any
) -> None:
    spec = app.openapi()
    cases = list(_cases(spec))
    assert len({(c[0], c[1]) for c in cases}) >= 15  # the schema walk reached the routes
    auth = twin.login()
    failures = []
    for case in cases:
        for name, bad in BAD.items():
            if case[2].startswith(("path.", "query.")) and name == "surrogate":
                continue  # a URL carries bytes: a surrogate is not UTF-8 (the server decodes U+FFFD)
            answer = _send(client, case, bad, auth)
            field = case[2].replace("<key>", "?").removeprefix("body.")  # body fields: no prefix
            ok = (
                answer.status_code == 422
                and answer.headers["content-type"] == "application/json"
                and answer.json()["code"] == "validation_failed"
                and field in answer.json()["detail"]
            )
            if not ok:
                failures.append((case[0], case[1], case[2], name, answer.status_code, answer.text[:120]))
    assert failures == []


@pytest.mark.parametrize(
    ("filename", "problem"),
    [
        ("../../etc/passwd", "path separator"),
        ("scans\\ct01.pdf", "path separator"),
        ("ct01\x00.pdf", "control character"),
        ("ct01.pdf\r\nX-Injected: 1", "control character"),
        ("scan\u202efdp.exe", "invalid character"),
        (".htaccess", "starts with a dot"),
        ("a" * 201 + ".pdf", "longer than 200"),
        ("   ", "is empty"),
    ],
)
def test_bad_file_names_are_refused(twin: Any, filename: str, problem: str) -> None:
    item = attachment("CT01", TINY_PDF, "application/pdf", filename)
    answer = twin.submit(twin.login(), body=dossier_body(attachments=[item, attachment("GT_CHO_O")]))
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_failed")
    assert problem in answer.json()["detail"]["attachments.0.filename"]


def test_a_vietnamese_file_name_is_kept(twin: Any, app: FastAPI) -> None:
    item = attachment("CT01", TINY_PDF, "application/pdf", "Tờ khai CT01 – bản chụp (1).pdf")
    answer = twin.submit(twin.login(), body=dossier_body(attachments=[item, attachment("GT_CHO_O")]))
    assert answer.status_code == 201, answer.text
    with app.state.backend.store.read() as conn:
        names = {row[0] for row in conn.execute("SELECT filename FROM attachments")}
    assert "Tờ khai CT01 – bản chụp (1).pdf" in names


def test_a_50_mb_file_name_is_refused_while_it_streams_in(twin: Any) -> None:
    item = attachment("CT01") | {"filename": "a" * 50_000_000}
    answer = twin.submit(twin.login(), body=dossier_body(attachments=[item, attachment("GT_CHO_O")]))
    assert (answer.status_code, answer.json()["code"]) == (413, "payload_too_large")


def test_a_dossier_carries_a_bounded_number_of_files(twin: Any) -> None:
    many = [attachment("CT01"), attachment("GT_CHO_O")] * 5_000
    answer = twin.submit(twin.login(), body=dossier_body(attachments=many))
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_failed")
    assert answer.json()["detail"] == {"attachments": "10000 files, at most 40"}

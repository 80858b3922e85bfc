"""Fuzzing uploaded documents: the backend's attachment checks and the kiosk's page pipeline.

Backend (through the dossier route): wrong magic, PDF/JPEG polyglots, truncated files, JPEGs
declaring huge dimensions, PDFs whose images declare huge dimensions, Flate bombs, garbage after
``%PDF-``, random bytes under any declared type, and mutations of valid files. Every answer is
201 or a named problem (413/415/422), never a 500. The backend decodes what it stores
(mocks/backend/decoding.py): a stored file always is what its magic bytes say *and* decodes
within the bounds; a JPEG bomb is refused from its header (422 ``image_too_large``), and so is
one whose decode would cost too much (1,000 scans, a large progressive CMYK page); a truncated
JPEG, a PDF that does not parse, or a Flate bomb (inflated incrementally up to its cap, never
stored) is 422 ``unreadable_document``. The kiosk's client turns those problems into named
errors a citizen can act on.

Kiosk: the page pipeline (``build_document``) on random images of every Pillow mode, size and
resolution, and ``thumbnail`` on mutated JPEG bytes: a document or a ``DocumentError``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from mocks.backend.attachments import sniff
from mocks.backend.decoding import check_jpeg, check_pdf
from reference_kiosk import api
from reference_kiosk.backend import HttpProvincialBackend
from reference_kiosk.backend import errors as kiosk_errors
from reference_kiosk.documents import DocumentError, DocumentPolicy, build_document, thumbnail
from reference_kiosk.ports import ScannedPage, ScanSource
from tests.support.backend import (
    KIOSK_KEY,
    TINY_PDF,
    BackendDriver,
    SocketLikeASGITransport,
    attachment,
    dossier_body,
)
from tests.support.uploads import (
    declaring,
    flate_bomb_pdf,
    image_xobject,
    jpeg,
    jpeg_pdf,
    many_scans_jpeg,
    one_page_pdf,
    pipeline_pdf,
    progressive_jpeg,
)

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
NAMED = {201, 413, 415, 422}
CODES = {
    "unsupported_media_type",
    "validation_failed",
    "unreadable_document",
    "image_too_large",
    "too_many_pages",
}
TYPES = ("application/pdf", "image/jpeg", "image/png", "text/plain", "application/octet-stream")

JPEG = jpeg()
PIPELINE_PDF = pipeline_pdf(pages=3)
CASES: dict[str, tuple[bytes | Callable[[], bytes], str, int, str | None]] = {
    # name: (content or a maker of it, declared type, answer, problem code)
    "png-declared-jpeg": (b"\x89PNG\r\n\x1a\n" + bytes(40), "image/jpeg", 415, "unsupported_media_type"),
    "pdf-declared-jpeg": (TINY_PDF, "image/jpeg", 415, "unsupported_media_type"),
    "jpeg-declared-pdf": (JPEG, "application/pdf", 415, "unsupported_media_type"),
    "jpeg-then-pdf-declared-pdf": (JPEG + TINY_PDF, "application/pdf", 415, "unsupported_media_type"),
    "pdf-then-jpeg-declared-jpeg": (TINY_PDF + JPEG, "image/jpeg", 415, "unsupported_media_type"),
    "empty": (b"", "application/pdf", 415, "unsupported_media_type"),
    "html-declared-pdf": (
        b"<html><script>alert(1)</script>",
        "application/pdf",
        415,
        "unsupported_media_type",
    ),
    "truncated-jpeg": (JPEG[:3], "image/jpeg", 422, "unreadable_document"),
    "half-a-jpeg": (jpeg((300, 200))[:400], "image/jpeg", 422, "unreadable_document"),
    "jpeg-declaring-65500x65500": (declaring(65500, 65500), "image/jpeg", 422, "image_too_large"),
    "jpeg-declaring-10001x10": (declaring(10001, 10), "image/jpeg", 422, "image_too_large"),
    "truncated-pdf": (b"%PDF-", "application/pdf", 422, "unreadable_document"),
    "random-after-pdf-header": (
        b"%PDF-1.7\n" + bytes(range(256)) * 8,
        "application/pdf",
        422,
        "unreadable_document",
    ),
    "pdf-image-declaring-100000x100000": (
        one_page_pdf({"Im0": image_xobject(100_000, 100_000)}),
        "application/pdf",
        422,
        "image_too_large",
    ),
    # Made when the test runs, not at collection. Each costs the backend little to refuse
    # (benchmarks/bench_hostile_uploads.py measures it) and is never stored.
    "flate-bomb-pdf-200mb": (lambda: flate_bomb_pdf(200), "application/pdf", 422, "unreadable_document"),
    "jpeg-100-scans": (lambda: many_scans_jpeg(scans=100), "image/jpeg", 422, "image_too_large"),
    "jpeg-1000-scans": (many_scans_jpeg, "image/jpeg", 422, "image_too_large"),
    "pdf-with-a-1000-scan-jpeg": (
        lambda: jpeg_pdf([many_scans_jpeg()]),
        "application/pdf",
        422,
        "image_too_large",
    ),
    "cmyk-progressive-7000x8000": (
        lambda: progressive_jpeg((7000, 8000), "CMYK"),
        "image/jpeg",
        422,
        "image_too_large",
    ),
    "kiosk-pipeline-pdf": (PIPELINE_PDF, "application/pdf", 201, None),
    "kiosk-jpeg": (JPEG, "image/jpeg", 201, None),
}


def _submit(twin: BackendDriver, auth: dict[str, str], content: bytes, declared: str) -> Any:
    item = attachment("CT01", content, declared, "scan.bin")
    body = dossier_body(attachments=[item, attachment("GT_CHO_O")])
    return twin.submit(auth, body=body)


def _stored_decodes(content: bytes) -> None:
    """What the backend stored passes the decoding check again (it is what it claims)."""
    check_jpeg(content) if sniff(content) == "image/jpeg" else check_pdf(content)


@pytest.mark.parametrize("name", CASES)
def test_backend_answers_each_crafted_upload_with_a_named_status(name: str, twin: BackendDriver) -> None:
    made, declared, status, code = CASES[name]
    content = made() if callable(made) else made
    answer = _submit(twin, twin.login(), content, declared)
    assert answer.status_code == status, answer.text
    if code is not None:
        assert answer.json()["code"] == code
    else:
        _stored_decodes(content)


def test_backend_answers_random_uploads_with_a_named_status(twin: BackendDriver) -> None:
    auth = twin.login()
    prefixes = st.sampled_from([b"", b"%PDF-", b"\xff\xd8\xff", b"\x89PNG", b"PK\x03\x04"])

    @settings(FUZZ, max_examples=80)
    @given(prefixes, st.binary(max_size=200), st.sampled_from(TYPES))
    def run(prefix: bytes, tail: bytes, declared: str) -> None:
        content = prefix + tail
        answer = _submit(twin, auth, content, declared)
        assert answer.status_code in NAMED, answer.text
        if answer.status_code == 201:
            assert sniff(content) == declared
            _stored_decodes(content)
        else:
            assert answer.json()["code"] in CODES | {"payload_too_large"}

    run()


def test_backend_answers_mutated_valid_files_with_a_named_status(twin: BackendDriver) -> None:
    auth = twin.login()
    valid = {"image/jpeg": jpeg((48, 32), "RGB"), "application/pdf": pipeline_pdf(pages=1)}

    @settings(FUZZ, max_examples=120)
    @given(
        st.sampled_from(sorted(valid)),
        st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=6),
        st.integers(0, 10**6),
    )
    def run(declared: str, flips: list[tuple[int, int]], cut: int) -> None:
        data = bytearray(valid[declared])
        for where, value in flips:
            data[where % len(data)] = value
        content = bytes(data[: max(3, cut % (len(data) + 1))])
        answer = _submit(twin, auth, content, declared)
        assert answer.status_code in NAMED, answer.text
        if answer.status_code == 201:
            _stored_decodes(content)

    run()


def test_the_kiosk_client_names_a_refused_scan(app: FastAPI, twin: BackendDriver) -> None:
    token = twin.login()["Authorization"].removeprefix("Bearer ")
    bomb = declaring(65500, 65500)
    body = dossier_body(attachments=[attachment("CT01", bomb, "image/jpeg"), attachment("GT_CHO_O")])

    async def submit() -> None:
        transport = SocketLikeASGITransport(app=app)
        async with HttpProvincialBackend("http://backend.test", KIOSK_KEY, transport=transport) as kiosk:
            await kiosk.submit_dossier(
                token, api.DossierCreate.model_validate(body), idempotency_key="bomb-1"
            )

    with pytest.raises(kiosk_errors.DocumentImageTooLargeError) as caught:
        asyncio.run(submit())
    limits = "(at most 10000 a side and 60000000 in all)"  # read from its header, before decoding
    assert caught.value.fields == {"attachments.0": f"image declares 65500x65500 pixels {limits}"}
    assert "quét lại" in caught.value.message("vi")


def test_backend_refuses_a_lying_checksum_and_bad_base64(twin: BackendDriver) -> None:
    auth = twin.login()
    lying = attachment("CT01", JPEG, "image/jpeg") | {"sha256": hashlib.sha256(b"other").hexdigest()}
    not_b64 = attachment("CT01") | {"content_base64": "%%%not base64%%%"}
    for item in (lying, not_b64):
        answer = twin.submit(auth, body=dossier_body(attachments=[item, attachment("GT_CHO_O")]))
        assert (answer.status_code, answer.json()["code"]) == (422, "validation_failed")
    oversized = "A" * (8 * 1024 * 1024)  # declared small, encoded large: refused before decoding
    huge = attachment("CT01") | {"content_base64": oversized}
    answer = twin.submit(auth, body=dossier_body(attachments=[huge, attachment("GT_CHO_O")]))
    assert answer.status_code == 413
    assert base64.b64decode(attachment("CT01")["content_base64"]) == TINY_PDF


# ---------------------------------------------------------------------------- kiosk pipeline


def _page_image(mode: str, width: int, height: int, shade: int) -> Image.Image:
    """Paper of ``shade`` with a black band, in ``mode`` (blank if Pillow cannot convert to it)."""
    gray = Image.new("L", (width, height), shade)
    gray.paste(0, (0, 0, width, height // 3))
    try:
        return gray.convert(mode)
    except ValueError:
        return Image.new(mode, (width, height))


MODES = ("1", "L", "P", "RGB", "RGBA", "CMYK", "LA", "I", "F", "I;16", "YCbCr", "HSV")


@settings(FUZZ, max_examples=150)
@given(
    st.sampled_from(MODES),
    st.integers(1, 120),
    st.integers(1, 120),
    st.integers(-5, 600),
    st.integers(0, 255),
    st.booleans(),
)
def test_page_pipeline_gives_a_document_or_a_named_error(
    mode: str, width: int, height: int, dpi: int, shade: int, color: bool
) -> None:
    # Slivers under ~3 PDF points are the known img2pdf failure, tested on its own below.
    assume(dpi <= 0 or min(width, height) * 72 / dpi >= 6)
    image = _page_image(mode, width, height, shade)
    page = ScannedPage(image, dpi, ScanSource.FLATBED)
    try:
        document = build_document([page], DocumentPolicy(color=color))
    except DocumentError:
        return
    assert document.data.startswith(b"%PDF-")
    assert document.page_jpegs[0].startswith(b"\xff\xd8\xff")


@FUZZ
@given(st.integers(0, len(JPEG) - 1), st.integers(0, 255), st.integers(0, len(JPEG)))
def test_thumbnail_of_mutated_jpeg_gives_an_image_or_a_named_error(where: int, value: int, cut: int) -> None:
    data = (JPEG[:where] + bytes((value,)) + JPEG[where + 1 :])[: max(cut, 3)]
    if (
        b"\xff\xc0" in data[: where + 2]
        and data.index(b"\xff\xc0") + 9 > where >= data.index(b"\xff\xc0") + 5
    ):
        return  # a frame-size byte: the decompression-bomb case, tested on its own below
    try:
        image = thumbnail(data)
    except DocumentError:
        return
    assert image.width <= 240
    assert image.height <= 340


def test_thumbnail_of_a_decompression_bomb_is_a_named_error() -> None:
    with pytest.raises(DocumentError):
        thumbnail(declaring(65500, 65500))


def test_a_sliver_page_is_a_named_error() -> None:
    page = ScannedPage(Image.new("L", (800, 1), 255), 200, ScanSource.ADF)
    with pytest.raises(DocumentError):
        build_document([page])

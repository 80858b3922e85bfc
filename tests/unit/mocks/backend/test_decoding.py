"""The backend proves an upload decodes, cheaply: bombs, liars and garbage get a named 422."""

from __future__ import annotations

import io
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf.filters import FlateDecode

from mocks.backend.decoding import DEFAULT_BOUNDS, DecodeBounds, check_jpeg, check_pdf
from mocks.backend.errors import ImageTooLargeError, TooManyPagesError, UnreadableDocumentError
from tests.support.backend import TINY_JPEG, TINY_PDF, Twin, attachment, dossier_body
from tests.support.uploads import (
    build_pdf,
    declaring,
    flate_bomb_pdf,
    image_xobject,
    jpeg,
    one_page_pdf,
    pipeline_pdf,
    stream,
)

NAMED = (UnreadableDocumentError, ImageTooLargeError, TooManyPagesError)
FUZZ = settings(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------------------- JPEG


@pytest.mark.parametrize("mode", ["L", "RGB", "CMYK"])
def test_scan_jpegs_in_every_scan_mode_are_accepted(mode: str) -> None:
    check_jpeg(jpeg((64, 48), mode))


def test_an_a4_page_at_600_dpi_is_within_bounds() -> None:
    DEFAULT_BOUNDS.check_size(4960, 7016, "A4")


@pytest.mark.parametrize(
    ("width", "height"),
    [(65500, 65500), (9000, 9000), (10001, 10), (10, 10001)],
    ids=["pillow-bomb", "over-60-mpx", "too-wide", "too-tall"],
)
def test_a_jpeg_declaring_too_many_pixels_is_too_large(width: int, height: int) -> None:
    with pytest.raises(ImageTooLargeError):
        check_jpeg(declaring(width, height))


def test_a_truncated_jpeg_is_unreadable() -> None:
    data = jpeg((400, 300))
    with pytest.raises(UnreadableDocumentError) as caught:
        check_jpeg(data[: len(data) // 2])
    assert caught.value.status == 422
    assert caught.value.code == "unreadable_document"


@pytest.mark.parametrize("data", [b"\xff\xd8\xff", b"\xff\xd8\xff" + bytes(100), b"GIF89a"], ids=repr)
def test_jpeg_garbage_is_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableDocumentError):
        check_jpeg(data)


def test_a_png_is_not_taken_for_a_jpeg() -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG")
    with pytest.raises(UnreadableDocumentError):
        check_jpeg(out.getvalue())


def test_bounds_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        DecodeBounds(max_pages=0)


def test_tighter_bounds_refuse_what_defaults_accept() -> None:
    small = DecodeBounds(max_side=10)
    check_jpeg(TINY_JPEG, small)  # 8 x 8
    with pytest.raises(ImageTooLargeError):
        check_jpeg(jpeg((11, 4)), small)


# ---------------------------------------------------------------------------- PDF


def test_the_kiosks_own_multi_page_pdf_is_accepted() -> None:
    data = pipeline_pdf(pages=4)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 4
    check_pdf(data)


def test_a_pdf_with_an_image_declaring_100000_squared_pixels_is_too_large() -> None:
    with pytest.raises(ImageTooLargeError, match="100000x100000"):
        check_pdf(one_page_pdf({"Im0": image_xobject(100_000, 100_000)}))


FORM = b"/Type/XObject/Subtype/Form/BBox[0 0 10 10]/Resources<</XObject<<%s>>>>"


def test_an_image_hidden_inside_a_form_xobject_is_found() -> None:
    form = stream(
        b"/Type/XObject/Subtype/Form/BBox[0 0 10 10]/Resources<</XObject<</Im1 6 0 R>>>>", b"/Im1 Do"
    )
    data = one_page_pdf({"Fm0": form, "Im1": image_xobject(20_000, 20)})
    with pytest.raises(ImageTooLargeError):
        check_pdf(data)


def test_a_form_drawing_itself_ends() -> None:
    form = stream(
        b"/Type/XObject/Subtype/Form/BBox[0 0 10 10]/Resources<</XObject<</Fm0 5 0 R>>>>", b"/Fm0 Do"
    )
    check_pdf(one_page_pdf({"Fm0": form}))  # visited once, no endless recursion


def test_an_embedded_jpeg_is_checked_as_a_jpeg() -> None:
    liar = image_xobject(16, 16, data=declaring(30_000, 16), filters=b"/DCTDecode")
    with pytest.raises(ImageTooLargeError):
        check_pdf(one_page_pdf({"Im0": liar}))
    broken = image_xobject(400, 300, data=jpeg((400, 300))[:200], filters=b"[/DCTDecode]")
    with pytest.raises(UnreadableDocumentError):
        check_pdf(one_page_pdf({"Im0": broken}))


def test_a_flate_bomb_is_stored_without_inflating_it(monkeypatch: pytest.MonkeyPatch) -> None:
    inflated: list[int] = []

    def refuse(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        inflated.append(len(data))
        raise AssertionError("a content stream was inflated")

    monkeypatch.setattr(FlateDecode, "decode", staticmethod(refuse))
    bomb = flate_bomb_pdf()
    assert len(bomb) < 1_000_000  # a few hundred KB that inflate to 300 MB
    check_pdf(bomb)
    check_pdf(one_page_pdf({"Im0": image_xobject(100, 100, data=bomb[-300_000:])}))
    assert inflated == []


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-",
        b"%PDF-1.4\n" + bytes(range(256)) * 4,
        b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",  # no xref, no page tree
        build_pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]),
        TINY_PDF.replace(b"startxref\n167", b"startxref\n30"),  # points into an object
        TINY_PDF[:-30],  # cut before startxref
    ],
    ids=["header-only", "random-bytes", "no-xref", "no-pages", "bad-xref", "truncated"],
)
def test_pdf_garbage_is_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableDocumentError):
        check_pdf(data)


def test_a_pdf_without_pages_says_so() -> None:
    with pytest.raises(UnreadableDocumentError, match="no pages"):
        check_pdf(build_pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]))


def _pages_pdf(pages: int, declared: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"
    tree = b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, declared)
    return build_pdf([b"<</Type/Catalog/Pages 2 0 R>>", tree, *[page] * pages])


def test_the_page_count_is_bounded_whether_declared_or_not() -> None:
    check_pdf(_pages_pdf(DEFAULT_BOUNDS.max_pages, DEFAULT_BOUNDS.max_pages))
    with pytest.raises(TooManyPagesError):
        check_pdf(_pages_pdf(3, 100_000))  # declared
    with pytest.raises(TooManyPagesError):
        check_pdf(_pages_pdf(DEFAULT_BOUNDS.max_pages + 1, 1))  # a lying /Count


def test_an_encrypted_pdf_is_unreadable() -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(UnreadableDocumentError):
        check_pdf(out.getvalue())


# ---------------------------------------------------------------------------- mutated files

VALID = {"jpeg": jpeg((40, 30), "RGB"), "pdf": pipeline_pdf(pages=1), "tiny-pdf": TINY_PDF}


@FUZZ
@given(
    st.sampled_from(sorted(VALID)),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4),
    st.integers(0, 10**6),
)
def test_mutated_valid_files_pass_or_give_a_named_error(
    kind: str, flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(VALID[kind])
    for where, value in flips:
        data[where % len(data)] = value
    data = data[: max(5, cut % (len(data) + 1))]
    check = check_jpeg if kind == "jpeg" else check_pdf
    try:
        check(bytes(data))
    except NAMED as exc:  # anything else (a bare pypdf or Pillow error) fails the test
        status = exc.status
    else:
        status = 201
    assert status in {201, 422}


# ---------------------------------------------------------------------------- through the route


@pytest.mark.parametrize(
    ("content", "declared", "code"),
    [
        (declaring(65500, 65500), "image/jpeg", "image_too_large"),
        (jpeg((400, 300))[:300], "image/jpeg", "unreadable_document"),
        (one_page_pdf({"Im0": image_xobject(100_000, 100_000)}), "application/pdf", "image_too_large"),
        (_pages_pdf(3, 500), "application/pdf", "too_many_pages"),
        (b"%PDF-1.7\n" + bytes(300), "application/pdf", "unreadable_document"),
    ],
    ids=["jpeg-bomb", "truncated-jpeg", "pdf-huge-image", "too-many-pages", "pdf-garbage"],
)
def test_the_route_answers_a_named_problem_for_the_attachment(
    twin: Twin, content: bytes, declared: str, code: str
) -> None:
    item = attachment("CT01", content, declared, "scan.bin")
    answer = twin.submit(twin.login(), body=dossier_body(attachments=[attachment("GT_CHO_O"), item]))
    assert (answer.status_code, answer.json()["code"]) == (422, code)
    assert "attachments.1" in answer.json()["detail"]


def test_the_route_stores_the_kiosks_pdf_and_jpeg(twin: Twin) -> None:
    body = dossier_body(
        attachments=[attachment("CT01", pipeline_pdf(pages=2)), attachment("GT_CHO_O", jpeg(), "image/jpeg")]
    )
    assert twin.submit(twin.login(), body=body).status_code == 201

"""The backend proves an upload decodes, cheaply: bombs, liars and garbage get a named 422."""

from __future__ import annotations

import io
import zlib
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf.filters import FlateDecode

from mocks.backend.decoding import DEFAULT_BOUNDS, DecodeBounds, DecodeBudget, check_jpeg, check_pdf
from mocks.backend.errors import (
    CompressionBombError,
    DecodeTooCostlyError,
    ImageTooLargeError,
    TooManyPagesError,
    UnreadableDocumentError,
)
from tests.support.backend import TINY_JPEG, TINY_PDF, BackendDriver, attachment, dossier_body
from tests.support.uploads import (
    build_pdf,
    declaring,
    flate_bomb_pdf,
    image_xobject,
    jpeg,
    jpeg_pdf,
    many_scans_jpeg,
    one_page_pdf,
    pipeline_pdf,
    progressive_jpeg,
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


class CountingBudget(DecodeBudget):
    """A request budget that also records what was spent (inflated bytes, block visits)."""

    def __init__(self) -> None:
        super().__init__()
        self.inflated = 0
        self.visits = 0

    def spend_inflate(self, count: int, what: str) -> None:
        self.inflated += count
        super().spend_inflate(count, what)

    def spend_block_visits(self, count: int, what: str) -> None:
        self.visits += count
        super().spend_block_visits(count, what)


def test_a_flate_bomb_is_refused_after_inflating_no_more_than_its_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def whole(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("a stream was inflated whole")

    monkeypatch.setattr(FlateDecode, "decode", staticmethod(whole))
    bomb = flate_bomb_pdf(200)
    assert len(bomb) < 300_000  # a couple of hundred KB that inflate to 200 MB
    budget = CountingBudget()
    with pytest.raises(CompressionBombError) as caught:
        check_pdf(bomb, budget=budget)
    assert caught.value.code == "unreadable_document"
    assert budget.inflated <= DEFAULT_BOUNDS.max_inflate_ratio * len(bomb) + 256 * 1024


def test_an_image_inflating_past_its_declared_raster_is_a_bomb() -> None:
    zeros = zlib.compress(bytes(20 * 1024 * 1024), 9)  # 20 KB that inflate to 20 MB ...
    with pytest.raises(CompressionBombError):
        check_pdf(one_page_pdf({"Im0": image_xobject(100, 100, data=zeros)}))  # ... for 10,000 px
    fits = zlib.compress(bytes(100 * 100), 9)
    check_pdf(one_page_pdf({"Im0": image_xobject(100, 100, data=fits)}))


def test_an_unreachable_bomb_is_refused_too() -> None:
    bomb = stream(b"/Filter/FlateDecode", zlib.compress(bytes(64 * 1024 * 1024), 9))
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>", bomb]  # fmt: skip
    with pytest.raises(CompressionBombError):
        check_pdf(build_pdf(objects))


@pytest.mark.parametrize("filters", [b"/LZWDecode", b"[/ASCIIHexDecode/FlateDecode]", b"[/RunLengthDecode]"])
def test_expanding_filters_we_cannot_cap_are_unreadable(filters: bytes) -> None:
    with pytest.raises(UnreadableDocumentError):
        check_pdf(one_page_pdf(content=stream(b"/Filter" + filters, b"0123456789")))


def test_the_kiosks_own_pdf_inflates_within_every_cap() -> None:
    budget = CountingBudget()
    check_pdf(pipeline_pdf(pages=3), budget=budget)
    assert 0 < budget.visits < DEFAULT_BOUNDS.max_block_visits // 100


# ---------------------------------------------------------------------------- decode cost


def test_a_jpeg_with_too_many_scans_is_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("Pillow was asked to decode")

    monkeypatch.setattr(Image, "open", never)
    for scans in (100, 1000):
        with pytest.raises(DecodeTooCostlyError) as caught:
            check_jpeg(many_scans_jpeg(scans=scans))
        assert caught.value.code == "image_too_large"


def test_a_large_progressive_cmyk_jpeg_is_refused_for_its_decode_memory() -> None:
    with pytest.raises(DecodeTooCostlyError, match="MiB"):
        check_jpeg(progressive_jpeg((7000, 8000), "CMYK"))


def test_an_a4_colour_page_at_300_dpi_decodes_progressive() -> None:
    check_jpeg(progressive_jpeg((2480, 3508), "RGB"))


def test_scans_within_the_bound_spend_the_request_budget() -> None:
    """Each image is fine alone; together, inside one PDF, they are more work than a request may cost."""
    one = many_scans_jpeg((2000, 2000), DEFAULT_BOUNDS.max_scans)  # 62,500 blocks x 32 scans = 2 M
    check_jpeg(one)
    with pytest.raises(DecodeTooCostlyError):
        check_pdf(jpeg_pdf([one] * 9))


def test_the_budget_is_shared_by_a_requests_files() -> None:
    budget = DecodeBudget()
    one = many_scans_jpeg((2000, 2000), DEFAULT_BOUNDS.max_scans)
    for _ in range(DEFAULT_BOUNDS.max_block_visits // (62_500 * 32)):
        check_jpeg(one, budget=budget)
    with pytest.raises(DecodeTooCostlyError):
        check_jpeg(one, budget=budget)


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
    twin: BackendDriver, content: bytes, declared: str, code: str
) -> None:
    item = attachment("CT01", content, declared, "scan.bin")
    answer = twin.submit(twin.login(), body=dossier_body(attachments=[attachment("GT_CHO_O"), item]))
    assert (answer.status_code, answer.json()["code"]) == (422, code)
    assert "attachments.1" in answer.json()["detail"]


def test_the_route_stores_the_kiosks_pdf_and_jpeg(twin: BackendDriver) -> None:
    body = dossier_body(
        attachments=[attachment("CT01", pipeline_pdf(pages=2)), attachment("GT_CHO_O", jpeg(), "image/jpeg")]
    )
    assert twin.submit(twin.login(), body=body).status_code == 201

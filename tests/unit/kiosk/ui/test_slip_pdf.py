"""The printed slip read back from its PDF: OCR of the page (tesseract) and the QR decoded (zxing).

Neither reader shares code with the renderer (Pillow + segno + img2pdf): the check is what a
person or a phone gets from the paper.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pypdf
import pytest
import zxingcpp
from PIL import Image

from reference_kiosk.ports import Slip
from reference_kiosk.ui.slip import render_slip
from tests.support.system import require

CODE = "000.31.36.H36-250317-0001"
TRACKING = f"http://127.0.0.1:8000/tra-cuu?code={CODE}"


@pytest.fixture(scope="module")
def ocr() -> object:
    require(
        shutil.which("tesseract") is not None, "tesseract not found: install the Debian package tesseract-ocr"
    )
    import pytesseract  # type: ignore[import-untyped]

    return pytesseract


def _page(pdf: bytes) -> Image.Image:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    [image] = reader.pages[0].images
    assert image.image is not None
    return image.image.convert("L")


def _slip(**changes: object) -> Slip:
    base = Slip(
        lang="en",
        procedure_name="Permanent residence registration",
        reference=CODE,
        appointment_date=dt.date(2025, 3, 26),
        tracking_qr=TRACKING,
        agency_name="Lang Son City Police",
        fee_due=10000,
        masked_name="V. T. T.",
        phone_given=False,
    )
    return Slip(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **changes})


def _text(ocr: object, page: Image.Image) -> str:
    raw: str = ocr.image_to_string(page, lang="eng")  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", raw)


def test_the_slip_says_what_where_when_how_much_and_whose(ocr: object) -> None:
    page = _page(render_slip(_slip()))
    text = _text(ocr, page)
    for words in (
        "Permanent residence registration",
        "Submitted by: V. T. T.",
        CODE,
        "26 Mar 2025",
        "Lang Son City Police",
        "Fees still to pay",
    ):
        assert words in text, (words, text)
    assert [b.text for b in zxingcpp.read_barcodes(page)] == [TRACKING]


def test_a_slip_with_nothing_due_says_so(ocr: object) -> None:
    assert "nothing left to pay" in _text(ocr, _page(render_slip(_slip(fee_due=0))))


def test_a_queued_slip_promises_the_code_only_with_a_phone_number(ocr: object) -> None:
    queued = {"offline": True, "reference": "KEY00001", "appointment_date": None, "tracking_qr": None}
    without = _text(ocr, _page(render_slip(_slip(**queued))))
    assert "Keep this slip" in without
    assert "get its code later" not in without
    with_phone = _text(ocr, _page(render_slip(_slip(**queued, phone_given=True))))
    assert "Keep this slip" not in with_phone


def test_a_payment_receipt_reads_back_its_dossier_amount_and_number(ocr: object) -> None:
    receipt = Slip(
        lang="en",
        procedure_name="",
        reference=CODE,
        receipt_number="BL-2025-000123",
        amount_paid=50000,
        paid_at=dt.datetime(2025, 3, 17, 2, 30, tzinfo=dt.UTC),
    )
    text = _text(ocr, _page(render_slip(receipt)))
    for words in ("Fee payment receipt", CODE, "BL-2025-000123", "50,000"):
        assert words in text, (words, text)

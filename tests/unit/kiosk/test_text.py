"""Accent folding for highlighting and Telex input for the on-screen keyboard."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference_kiosk.domain.text import fold, match_spans, strip_marks, telex

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký thường trú", "dang ky thuong tru"),
        ("NGƯỜI VIỆT", "nguoi viet"),
        ("Xác nhận (CT07)", "xac nhan (ct07)"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ĐÂƯ"


@given(st.text(alphabet=VIETNAMESE))
def test_fold_keeps_one_character_per_character(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.isascii()


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Hoàng Đức", "Hoang Duc"),
        ("ĐƯỜNG đỏ", "DUONG do"),
        (unicodedata.normalize("NFD", "Nguyễn Thị Ánh"), "Nguyen Thi Anh"),
        ("Lạng Sơn 2025", "Lang Son 2025"),
    ],
)
def test_strip_marks_keeps_case_and_letters(text: str, plain: str) -> None:
    assert strip_marks(text) == plain


@given(st.text(alphabet=VIETNAMESE))
def test_fold_is_strip_marks_lowered(text: str) -> None:
    assert fold(text) == strip_marks(text).lower()


def test_vietnamese_marks_are_dropped_in_one_place() -> None:
    """Hand-written folding (an NFD pass, a đ -> d) drifts apart: everything calls strip_marks.

    tests/support/privacy.py keeps its own copy on purpose: the audit that looks for a citizen's
    name in screenshots must not share code with the redaction it audits.
    """
    written = [
        path.relative_to(ROOT).as_posix()
        for package in ("reference_kiosk", "mocks")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != ROOT / "reference_kiosk" / "domain" / "text.py"
        and any(
            needle in path.read_text(encoding="utf-8")
            for needle in ('normalize("NFD"', 'normalize("NFKD"', '"đ", "d"', '"Đ", "D"')
        )
    ]
    assert written == []


def test_match_spans_point_into_the_original() -> None:
    text = "Đăng ký thường trú; xóa đăng ký thường trú"
    spans = match_spans(text, "Thuong tru")
    assert [text[a:b] for a, b in spans] == ["thường trú", "thường trú"]
    assert match_spans(text, "  ") == []
    assert match_spans(text, "tam tru") == []


def test_match_spans_on_decomposed_text_declines_rather_than_misplace() -> None:
    decomposed = unicodedata.normalize("NFD", "thường trú")
    assert match_spans(decomposed, "thuong") == []


@pytest.mark.parametrize(
    ("keys", "text"),
    [
        ("Vieetj Nam", "Việt Nam"),
        ("dduowngf", "đường"),
        ("nguwowif", "người"),
        ("nguoiwf", "người"),  # w after the vowels works too
        ("nguyeenx", "nguyễn"),
        ("tieesng", "tiếng"),
        ("hoawcj", "hoặc"),
        ("quawnf", "quằn"),
        ("Tooi laf nguwowif Vieetj Nam", "Tôi là người Việt Nam"),
        ("ddawng kys thuwowngf trus", "đăng ký thường trú"),
        ("DDAWNGF", "ĐẰNG"),
        ("Ddi", "Đi"),
        ("w", "ư"),
        ("uw", "ư"),
        ("ow", "ơ"),
        ("aw", "ă"),
        ("oo", "ô"),
        ("ee", "ê"),
        ("aa", "â"),
        ("cuwus", "cứu"),
        ("giuwx", "giữ"),
    ],
)
def test_telex_words(keys: str, text: str) -> None:
    assert telex(keys) == text


@pytest.mark.parametrize(
    ("keys", "text"),
    [
        ("hoaf", "hòa"),  # no final consonant: the first of two vowels
        ("thuyr", "thủy"),
        ("cuar", "của"),
        ("muaf", "mùa"),
        ("toanf", "toàn"),  # final consonant: the last vowel
        ("quyeets", "quyết"),
        ("gias", "giá"),  # the i of gi- and the u of qu- are consonants
        ("gif", "gì"),
        ("quas", "quá"),
        ("khoer", "khỏe"),
        ("ngoaif", "ngoài"),  # three vowels: the middle one
    ],
)
def test_telex_places_the_tone_by_the_traditional_rule(keys: str, text: str) -> None:
    assert telex(keys) == text


@pytest.mark.parametrize(
    ("keys", "text"),
    [
        ("aaa", "aa"),
        ("ass", "as"),
        ("dddi", "ddi"),
        ("uww", "uw"),
        ("asz", "a"),  # z clears the tone
        ("asf", "à"),  # a later tone replaces the earlier one
        ("z", "z"),  # nothing to clear: a letter
        ("s", "s"),  # no vowel yet: a consonant
        ("xin", "xin"),
    ],
)
def test_telex_undo_and_literals(keys: str, text: str) -> None:
    assert telex(keys) == text


def test_telex_passes_other_characters_through() -> None:
    assert telex("CT07, sos 2025!") == "CT07, só 2025!"
    assert telex("") == ""


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789.,"))
def test_telex_never_fails_and_folds_back_to_letters(keys: str) -> None:
    typed = telex(keys)
    assert unicodedata.is_normalized("NFC", typed)
    # Folding the result only drops modifier keys: a subsequence of the keys, where a w may
    # have typed ư (folded to u) or itself.
    keys_left = iter(keys.lower())
    for ch in fold(typed):
        assert any(ch == key or (key == "w" and ch == "u") for key in keys_left), (keys, typed)

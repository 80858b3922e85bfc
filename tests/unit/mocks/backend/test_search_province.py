"""Search at province size: what a citizen says finds what they mean, in the top 3 (issue 16).

The table holds common spoken names, typed as on a kiosk keyboard (no accents, typos, no
spaces), with the procedure each one means. Codes starting 9. are generated records
(catalogue_gen.py); their codes derive from name and level, so they are stable.
"""

from __future__ import annotations

import pytest

from mocks.backend.catalogue import Catalogue, load_catalogue
from mocks.backend.search import MIN_SCORE, RESCORE, Query, fold, score_entry

KHAI_SINH, KET_HON, KHAI_TU, THUONG_TRU, TAM_TRU = "1.001193", "1.000894", "1.000656", "1.004222", "1.004194"
SAO_Y, HO_KINH_DOANH, LY_LICH, TRICH_LUC = "2.000815", "2.000720", "2.001417", "2.000635"
XAY_NHA = "9.221642"  # Cấp giấy phép xây dựng đối với nhà ở riêng lẻ
DOI_BANG_LAI = "9.079316"  # Đổi giấy phép lái xe do ngành Giao thông vận tải cấp
HO_CHIEU = "9.889999"  # Cấp hộ chiếu phổ thông ở trong nước
CAN_CUOC = {"9.112558", "9.106845"}  # Cấp / Cấp lại thẻ Căn cước cho công dân từ đủ 14 tuổi trở lên
THAT_NGHIEP = "9.670528"  # Giải quyết hưởng trợ cấp thất nghiệp
XE_MAY = "9.948068"  # Đăng ký xe mô tô, xe gắn máy
LUU_TRU = "9.462244"  # Thông báo lưu trú
GIAY_PHEP_LAO_DONG = "9.124922"  # Cấp giấy phép lao động cho người lao động nước ngoài ...
DI_CHUC = "9.538345"  # Chứng thực di chúc
KHUYET_TAT = "9.401532"  # Xác định mức độ khuyết tật và cấp giấy xác nhận khuyết tật
VAN_BANG = {"9.258623", "9.389609"}  # Cấp bản sao văn bằng, chứng chỉ / bằng tốt nghiệp THPT từ sổ gốc
LOP_1 = "9.155346"  # Tuyển sinh vào lớp 1

QUERIES: list[tuple[str, str | set[str]]] = [
    ("khai sinh", KHAI_SINH),
    ("lam giay khai sinh", KHAI_SINH),
    ("dang ky khai sinh", KHAI_SINH),
    ("khaisinh", KHAI_SINH),
    ("ket hon", KET_HON),
    ("dang ky ket hon", KET_HON),
    ("khai tu", KHAI_TU),
    ("thuong tru", THUONG_TRU),
    ("nhap ho khau", THUONG_TRU),
    ("thuomg tru", THUONG_TRU),
    ("tam tru", TAM_TRU),
    ("chung thuc ban sao", SAO_Y),
    ("sao y ban chinh", SAO_Y),
    ("cong chung ban sao", SAO_Y),
    ("giay phep xay dung", XAY_NHA),
    ("xin phep xay nha", XAY_NHA),
    ("ho kinh doanh", HO_KINH_DOANH),
    ("dang ky ho kinh doanh", HO_KINH_DOANH),
    ("ly lich tu phap", LY_LICH),
    ("lylichtuphap", LY_LICH),
    ("trich luc khai sinh", TRICH_LUC),
    ("doi bang lai xe", DOI_BANG_LAI),
    ("doi giay phep lai xe", DOI_BANG_LAI),
    ("ho chieu", HO_CHIEU),
    ("lam ho chieu", HO_CHIEU),
    ("can cuoc", CAN_CUOC),
    ("lam can cuoc", CAN_CUOC),
    ("tro cap that nghiep", THAT_NGHIEP),
    ("dang ky xe may", XE_MAY),
    ("thong bao luu tru", LUU_TRU),
    ("giay phep lao dong", GIAY_PHEP_LAO_DONG),
    ("chung thuc di chuc", DI_CHUC),
    ("giay xac nhan khuyet tat", KHUYET_TAT),
    ("ban sao bang tot nghiep", VAN_BANG),
    ("tuyen sinh lop 1", LOP_1),
]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_the_catalogue_is_province_sized(catalogue: Catalogue) -> None:
    assert len(catalogue) >= 1500
    assert {p.level for p in catalogue.all()} >= {"province", "commune"}
    assert any(p.online_only for p in catalogue.all())
    assert any(not p.kiosk_available for p in catalogue.all())


@pytest.mark.parametrize(("query", "meant"), QUERIES)
def test_what_a_citizen_says_is_in_the_top_3(catalogue: Catalogue, query: str, meant: str | set[str]) -> None:
    wanted = {meant} if isinstance(meant, str) else meant
    top = catalogue.search(query, limit=3)
    assert wanted & {p.code for p in top}, [(p.code, p.name, p.score) for p in top]


@pytest.mark.parametrize("query", [q for q, _ in QUERIES] + ["so do", "ho", "cap giay phep", "dang ky"])
def test_the_index_scores_what_scoring_everything_puts_first(catalogue: Catalogue, query: str) -> None:
    """The index scores only the candidates its postings give; the first results a citizen
    sees (scores and codes) must be those of scoring every entry, and none may be invented."""
    index = catalogue._index
    prepared = Query.prepare(fold(query), index._vocabulary, phrase=index._is_pair)
    everything = sorted(
        (
            (-s, position, e.key)
            for position, e in enumerate(index._entries)
            if (s := score_entry(prepared, e)) >= MIN_SCORE
        )
    )
    full = [(key, -neg) for neg, _, key in everything]
    found = index.search(query)
    assert len(found) <= RESCORE
    assert set(found) <= set(full)
    top = min(5, len(full))
    assert [s for _, s in found[:top]] == [s for _, s in full[:top]]
    best = {k for k, s in full if s == full[0][1]} if full else set()
    assert not full or found[0][0] in best

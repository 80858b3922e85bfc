"""Faker (vi_VN) personas, the same people on the card, in VNeID and in the backend's records.

``persona(seed)`` is a pure function of the seed, and ``personas(seed, n)[i] == persona(seed + i)``,
so ``kiosk-twin card --seed 7`` inserts a citizen the backend (seeded with ``personas(0, n)``,
n > 7) already knows. Card dates follow the renewal-age rule (25 / 40 / 60; 14 too for cards
issued since 1 Jul 2024; a card issued within two years before a renewal age lasts to the next
one; from 60 on it never expires). Personas are "as of" 1 Jun 2025 by default: every card is
valid on that day.

A persona is personal data: its ``repr`` shows the seed only, never a name or number.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from reference_kiosk.domain.text import strip_marks

__all__ = [
    "AS_OF",
    "Persona",
    "birthday",
    "date_of_expiry",
    "id_number",
    "mrz_name",
    "persona",
    "personas",
    "transliterate",
]

AS_OF = dt.date(2025, 6, 1)
LANG_SON = "020"
_CAN_CUOC_LAW = dt.date(2024, 7, 1)  # cards issued from here on also renew at 14
_CHIP_CARDS_FROM = dt.date(2021, 3, 1)

# Lang Son's ethnic make-up (rounded census shares): Nùng and Tày outnumber Kinh.
_ETHNICITIES: tuple[tuple[str, float], ...] = (
    ("Nùng", 0.42),
    ("Tày", 0.35),
    ("Kinh", 0.16),
    ("Dao", 0.035),
    ("Sán Chay", 0.012),
    ("Mông", 0.006),
    ("Hoa", 0.005),
    ("Sán Dìu", 0.002),
)
_RELIGIONS: tuple[tuple[str, float], ...] = (
    ("Không", 0.95),
    ("Phật giáo", 0.03),
    ("Công giáo", 0.015),
    ("Tin lành", 0.005),
)
# Surnames common in each group; Kinh names come from Faker's vi_VN list.
_SURNAMES: Mapping[str, tuple[str, ...]] = {
    "Nùng": ("Hoàng", "Nông", "Lương", "Vi", "Lăng", "Lý", "Chu", "Hứa", "Mã"),
    "Tày": ("Hoàng", "Nông", "Hà", "Lương", "Vi", "Chu", "Đinh", "Lộc", "Bế"),
    "Dao": ("Triệu", "Bàn", "Lý", "Đặng", "Phùng"),
    "Sán Chay": ("Hoàng", "Lâm", "La", "Trần"),
    "Mông": ("Vàng", "Giàng", "Sùng", "Lý"),
    "Hoa": ("Lý", "Trương", "Lâm", "Hoàng"),
    "Sán Dìu": ("Lam", "Diệp", "Trương"),
}
_MIDDLE: Mapping[str, tuple[str, ...]] = {
    "M": ("Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân"),
    "F": ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Hồng", "Thanh", "Minh"),
}
_MARKS = (
    "Nốt ruồi C:{n}cm dưới trước đuôi mắt trái",
    "Nốt ruồi C:{n}cm trên sau cánh mũi phải",
    "Sẹo chấm C:{n}cm trên trước đầu mày phải",
    "Sẹo chấm C:{n}cm dưới sau mép trái",
    "Nốt ruồi C:{n}cm trên trước đầu mày trái",
)
_OLD_ID_PREFIX = "08"  # 9-digit CMND numbers issued in Lang Son start with 08


@dataclass(frozen=True, slots=True)
class Persona:
    """One citizen. Every field but ``seed`` is personal data and kept out of ``repr``."""

    seed: int
    id_number: str = field(repr=False)
    surname: str = field(repr=False)
    given_names: str = field(repr=False)  # middle + given name(s), with diacritics
    sex: Literal["M", "F"] = field(repr=False)
    date_of_birth: dt.date = field(repr=False)
    date_of_issue: dt.date = field(repr=False)
    date_of_expiry: dt.date | None = field(repr=False)  # None: "Không thời hạn"
    nationality: str = field(repr=False)
    ethnicity: str = field(repr=False)
    religion: str = field(repr=False)
    place_of_origin: str = field(repr=False)
    residence: str = field(repr=False)
    identifying_marks: str = field(repr=False)
    father_name: str = field(repr=False)
    mother_name: str = field(repr=False)
    spouse_name: str | None = field(repr=False)
    old_id_number: str | None = field(repr=False)
    parents_layout: Literal["separate", "joint"] = field(repr=False)  # DG13 field 13, both exist

    @property
    def full_name(self) -> str:
        return f"{self.surname} {self.given_names}"

    @property
    def document_number(self) -> str:
        """The MRZ document number: the last 9 digits of the personal ID number."""
        return self.id_number[-9:]

    @property
    def mrz_name(self) -> str:
        return mrz_name(self.surname, self.given_names)

    @property
    def sex_vi(self) -> str:
        return "Nam" if self.sex == "M" else "Nữ"

    def age_on(self, day: dt.date) -> int:
        return _age(self.date_of_birth, day)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["full_name"] = self.full_name
        out["document_number"] = self.document_number
        for key, value in out.items():
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
        return out

    def to_json_line(self) -> str:
        """One JSON object (dates as YYYY-MM-DD, no expiry as null) for the ``card`` command."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------------------- rules


def birthday(dob: dt.date, age: int) -> dt.date:
    """The day a person born on ``dob`` turns ``age`` (29 Feb births count from 28 Feb)."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return dob.replace(year=dob.year + age, day=28)


def _age(dob: dt.date, day: dt.date) -> int:
    years = day.year - dob.year
    return years if birthday(dob, years) <= day else years - 1


def date_of_expiry(dob: dt.date, issued: dt.date) -> dt.date | None:
    """The renewal-age rule: the birthday at the next renewal age more than two years away."""
    ages = (14, 25, 40, 60) if issued >= _CAN_CUOC_LAW else (25, 40, 60)
    for age in ages:
        if issued < birthday(dob, age - 2):
            return birthday(dob, age)
    return None


def id_number(province: str, sex: Literal["M", "F"], dob: dt.date, serial: int) -> str:
    """``PPP G YY NNNNNN``: G is 0/1 (male/female) for the 1900s, 2/3 for the 2000s."""
    if len(province) != 3 or not province.isdigit() or not 0 <= serial < 1_000_000:
        raise ValueError("province must be 3 digits and serial below 1,000,000")
    century = (dob.year - 1900) // 100
    gender = 2 * century + (0 if sex == "M" else 1)
    return f"{province}{gender}{dob.year % 100:02d}{serial:06d}"


def transliterate(text: str) -> str:
    """Vietnamese to MRZ letters: diacritics dropped, Đ -> D, upper case."""
    return strip_marks(text).upper()


def mrz_name(surname: str, given_names: str, width: int = 30) -> str:
    """TD1 line 3: ``SURNAME<<GIVEN<NAMES`` padded with ``<`` (cut at the width)."""
    primary = "<".join(transliterate(surname).split())
    secondary = "<".join(transliterate(given_names).split())
    return f"{primary}<<{secondary}"[:width].ljust(width, "<")


# ---------------------------------------------------------------------------- generation


@cache
def _places() -> dict[str, Any]:
    raw = resources.files("mocks.data").joinpath("lang_son_places.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


@cache
def _faker() -> Any:
    from faker import Faker

    return Faker("vi_VN")


def _weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _name(rng: random.Random, ethnicity: str, sex: Literal["M", "F"], surname: str | None = None) -> str:
    fake = _faker()
    fake.seed_instance(rng.getrandbits(32))
    if surname is None:
        pool = _SURNAMES.get(ethnicity)
        surname = rng.choice(pool) if pool else str(fake.last_name())
    given = str(fake.first_name_male() if sex == "M" else fake.first_name_female())
    return f"{surname} {rng.choice(_MIDDLE[sex])} {given}"


def _commune(rng: random.Random) -> tuple[str, str]:
    districts: dict[str, list[str]] = _places()["districts"]
    district = rng.choice(sorted(districts))
    return rng.choice(districts[district]), district


def _residence(rng: random.Random) -> str:
    places = _places()
    commune, district = _commune(rng)
    if commune.startswith(("Phường", "Thị trấn")):
        head = f"Số {rng.randint(1, 180)}, Đường {rng.choice(places['city_streets'])}"
    else:
        head = f"Thôn {rng.choice(places['hamlets'])}"
    return f"{head}, {commune}, {district}, Tỉnh {places['province']}"


def _origin(rng: random.Random) -> str:
    if rng.random() < 0.85:
        commune, district = _commune(rng)
        return f"{commune}, {district}, Tỉnh {_places()['province']}"
    return str(rng.choice(_places()["other_origins"]))


def _dates(rng: random.Random, as_of: dt.date) -> tuple[dt.date, dt.date, dt.date | None]:
    # Mostly working-age adults (mode 30), a few teenagers, some elders whose cards never expire.
    age_days = int(rng.triangular(14.2, 88.0, 30.0) * 365.25)
    dob = as_of - dt.timedelta(days=age_days)
    earliest = max(_CHIP_CARDS_FROM, birthday(dob, 14))
    issued = earliest + dt.timedelta(days=rng.randint(0, max(0, (as_of - earliest).days - 1)))
    expiry = date_of_expiry(dob, issued)
    while expiry is not None and expiry <= as_of:
        # The citizen renewed on time: the new card is issued within two months of the old expiry.
        issued = min(expiry + dt.timedelta(days=rng.randint(0, 60)), as_of - dt.timedelta(days=1))
        expiry = date_of_expiry(dob, issued)
    return dob, issued, expiry


def persona(seed: int, as_of: dt.date = AS_OF) -> Persona:
    """The citizen for ``seed``: same seed, same person, on every machine."""
    rng = random.Random(f"kiosk-twin-persona-{seed}")
    sex: Literal["M", "F"] = "M" if rng.random() < 0.5 else "F"
    ethnicity = _weighted(rng, _ETHNICITIES)
    dob, issued, expiry = _dates(rng, as_of)
    province = LANG_SON if rng.random() < 0.85 else rng.choice(sorted(_places()["other_provinces"]))
    # An affine map of the seed keeps serials distinct for a million consecutive seeds.
    serial = (seed * 104_729 + 271_828) % 1_000_000
    full = _name(rng, ethnicity, sex).split(" ", 1)
    father_surname = full[0]
    age = _age(dob, as_of)
    married = age >= 20 and rng.random() < 0.7
    spouse_sex: Literal["M", "F"] = "F" if sex == "M" else "M"
    old_id = f"{_OLD_ID_PREFIX}{rng.randint(0, 9_999_999):07d}" if age >= 25 and rng.random() < 0.5 else None
    return Persona(
        seed=seed,
        id_number=id_number(province, sex, dob, serial),
        surname=full[0],
        given_names=full[1],
        sex=sex,
        date_of_birth=dob,
        date_of_issue=issued,
        date_of_expiry=expiry,
        nationality="Việt Nam",
        ethnicity=ethnicity,
        religion=_weighted(rng, _RELIGIONS),
        place_of_origin=_origin(rng),
        residence=_residence(rng),
        identifying_marks=rng.choice(_MARKS).format(n=rng.randint(1, 4)),
        father_name=_name(rng, ethnicity, "M", surname=father_surname),
        mother_name=_name(rng, ethnicity, "F"),
        spouse_name=_name(rng, ethnicity, spouse_sex) if married else None,
        old_id_number=old_id,
        parents_layout="separate" if rng.random() < 0.5 else "joint",
    )


def personas(seed: int, n: int, as_of: dt.date = AS_OF) -> list[Persona]:
    """``n`` citizens: ``personas(seed, n)[i] == persona(seed + i)``."""
    if n < 0:
        raise ValueError("n must not be negative")
    return [persona(seed + i, as_of) for i in range(n)]

"""What the card on the glass says in print: its QR code or its MRZ, turned into a BAC key.

    read_codes(image)               every QR payload and every checked MRZ found (``kiosk scan-code``)
    read_card_print(image, today)   the BAC key source for the chip, and what to compare the chip with

A 2021 CCCD's QR (front) gives the ID number and date of birth, so the reader tries the few
candidate expiries (``bac.IdNumberKeySource``); the MRZ (back of both models) gives the whole
key. An MRZ counts only when every check digit agrees (document number, birth, expiry, the ID
number's, the composite) and the 12-digit ID number ends with the document number, so a misread
yields no key rather than a wrong one; a wrong key would only fail BAC, never open another
card. Decisions: docs/decisions/0024-reading-the-printed-card.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from PIL import Image

from reference_kiosk.devices.icao import crypto
from reference_kiosk.devices.icao.bac import BacKey, IdNumberKeySource, KeySource
from reference_kiosk.devices.icao.errors import IcaoError
from reference_kiosk.devices.icao.mrz import yymmdd
from reference_kiosk.documents.errors import PrintUnreadableError
from reference_kiosk.documents.mrz_ocr import find_mrz, level_card, lookalike, ocr_b_font
from reference_kiosk.domain.text import strip_marks

__all__ = ["Codes", "PrintedCard", "PrintedField", "fold_name", "read_card_print", "read_codes"]

KeyedFrom = Literal["qr", "mrz"]
PrintedField = Literal["id_number", "date_of_birth", "name"]
_MRZ_NAME_LOOKALIKES = 2  # look-alike confusions tolerated in an MRZ name (C for G, O for Q...)
_QR_2021 = re.compile(r"(\d{12})\|(\d{9}|\d{12})?\|([^|]+)\|(\d{8})\|([^|]*)\|([^|]*)\|(\d{8})?")


@dataclass(frozen=True, slots=True)
class Codes:
    """The machine-readable print found on the glass. Personal data: no repr of the contents."""

    qr: tuple[str, ...] = field(repr=False)
    mrz: tuple[tuple[str, str, str], ...] = field(repr=False)


@dataclass(frozen=True, slots=True)
class PrintedCard:
    """The printed identity and the BAC key source it gives. Personal data: hidden from repr."""

    keyed_from: KeyedFrom
    id_number: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)
    name: str = field(repr=False)  # folded: no marks, upper case, single spaces
    key: KeySource = field(repr=False)

    def agrees_with(
        self, id_number: str, date_of_birth: dt.date, full_name: str, *, chip_mrz_name: str | None = None
    ) -> bool:
        """The chip's ID number, birth date and name are the printed ones (``disagreements``)."""
        return not self.disagreements(id_number, date_of_birth, full_name, chip_mrz_name=chip_mrz_name)

    def disagreements(
        self, id_number: str, date_of_birth: dt.date, full_name: str, *, chip_mrz_name: str | None = None
    ) -> tuple[PrintedField, ...]:
        """Which printed fields are not the chip's (field names only: no personal data).

        The ID number and birth date, check-digit protected, match exactly. The QR's name must
        match exactly (its error correction leaves no misread). The MRZ's name line has no check
        digit: it is compared with the chip's own MRZ name line (``chip_mrz_name``, DG1's line 3;
        else the chip's full name folded, cut alike at 30 characters) letter by letter, and may
        differ only where the reader took a letter for its OCR-B look-alike (C for G), in at most
        ``_MRZ_NAME_LOOKALIKES`` such confusions. Another letter, another length or another word
        is another name: the print was altered (decision 0024)."""
        out: list[PrintedField] = []
        if id_number != self.id_number:
            out.append("id_number")
        if date_of_birth != self.date_of_birth:
            out.append("date_of_birth")
        if self.keyed_from == "qr":
            same_name = fold_name(full_name) == self.name
        elif chip_mrz_name is not None:
            surname, _, given = chip_mrz_name.partition("<<")
            same_name = _same_name_misread(fold_name(f"{surname} {given}"), self.name)
        else:
            chip = fold_name(full_name)
            chip = chip[: len(self.name)] if len(self.name) >= 25 else chip  # the MRZ cut at 30
            same_name = _same_name_misread(chip, self.name)
        if not same_name:
            out.append("name")
        return tuple(out)


def _same_name_misread(chip: str, printed: str) -> bool:
    """``printed`` is ``chip`` as this reader may misread it: the same length and words, every
    difference a letter read as its OCR-B look-alike, and at most ``_MRZ_NAME_LOOKALIKES``
    confusions (one confusion, such as G read as C, may recur at each G of the name: a scan
    that blurs one G's bar blurs them all)."""
    if len(chip) != len(printed):
        return False
    confusions = {(a, b) for a, b in zip(chip, printed, strict=True) if a != b}
    ok = all(a != " " and b != " " and lookalike(a, b) for a, b in confusions)
    return ok and len(confusions) <= _MRZ_NAME_LOOKALIKES


def fold_name(name: str) -> str:
    return " ".join(strip_marks(name).upper().replace("<", " ").split())


def _qr_payloads(gray: Image.Image) -> tuple[str, ...]:
    import zxingcpp

    found = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    return tuple(r.text for r in found if r.valid)


def _cd(text: str) -> str:
    return str(crypto.check_digit(text))


def _checked(lines: tuple[str, str, str]) -> bool:
    l1, l2, _ = lines
    try:
        ok = (
            l1.startswith("IDVNM")
            and _cd(l1[5:14]) == l1[14]
            and _cd(l2[0:6]) == l2[6]
            and _cd(l2[8:14]) == l2[14]
            and _cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]) == l2[29]
            and l1[15:27].isdigit()
            and l1[15:27].endswith(l1[5:14])
            and _cd(l1[15:27]) == l1[29]
        )
    except ValueError:
        return False
    return ok


def read_codes(image: Image.Image, *, mrz: bool = True) -> Codes:
    """Every QR payload and (``mrz``) every MRZ whose check digits all agree, on the glass."""
    gray = image.convert("L")
    found: tuple[tuple[str, str, str], ...] = ()
    if mrz and ocr_b_font() is not None:
        card = level_card(gray)
        found = tuple(m for m in (find_mrz(card) if card is not None else []) if _checked(m))
    return Codes(_qr_payloads(gray), found)


def _from_qr(payload: str) -> PrintedCard | None:
    match = _QR_2021.fullmatch(payload)
    if match is None:
        return None
    digits = match.group(4)
    try:
        born = dt.date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return None
    id_number = match.group(1)
    return PrintedCard("qr", id_number, born, fold_name(match.group(3)), IdNumberKeySource(id_number, born))


def _from_mrz(lines: tuple[str, str, str], today: dt.date) -> PrintedCard | None:
    l1, l2, l3 = lines
    try:
        key = BacKey.from_mrz("".join(lines))
        born = yymmdd(l2[0:6], today)
    except IcaoError:
        return None
    surname, _, given = l3.partition("<<")
    return PrintedCard("mrz", l1[15:27], born, fold_name(f"{surname} {given}"), key)


def read_card_print(image: Image.Image, today: dt.date) -> PrintedCard:
    """The card's printed key: a 2021 QR when there is one, else the MRZ.

    Raises ``PrintUnreadableError`` when neither gives a key (no code on this face, a damaged
    QR, an MRZ whose check digits fail), or when the two codes of one face name different people.
    """
    gray = image.convert("L")
    payloads = _qr_payloads(gray)
    for payload in payloads:
        printed = _from_qr(payload)
        if printed is not None:
            return printed
    codes = read_codes(gray)
    for lines in codes.mrz:
        printed = _from_mrz(lines, today)
        if printed is None:
            continue
        # The 2024 card's QR (names and numbers only) must name the MRZ's holder.
        if any(p.split("|", 1)[0] != printed.id_number for p in payloads if re.match(r"\d{12}\|", p)):
            raise PrintUnreadableError("codes_disagree")
        return printed
    raise PrintUnreadableError("no_code" if not payloads else "qr_without_key")

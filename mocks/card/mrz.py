"""The TD1 MRZ of a CCCD (3 x 30 characters) with ICAO check digits.

A card that never expires ("Không thời hạn") still needs six expiry digits in its MRZ; what real
cards carry is unverified, so the emulator writes the holder's 100th birthday there and readers
must treat the MRZ expiry as data read, never recompute it for such a card.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mocks.citizens import Persona, birthday

__all__ = ["Td1", "check_digit", "mrz_expiry", "td1"]

_WEIGHTS = (7, 3, 1)


def check_digit(text: str) -> str:
    total = 0
    for i, ch in enumerate(text):
        if ch.isdigit():
            value = int(ch)
        elif "A" <= ch <= "Z":
            value = ord(ch) - ord("A") + 10
        elif ch == "<":
            value = 0
        else:
            raise ValueError(f"not an MRZ character: {ch!r}")
        total += value * _WEIGHTS[i % 3]
    return str(total % 10)


def mrz_expiry(persona: Persona) -> dt.date:
    return persona.date_of_expiry or birthday(persona.date_of_birth, 100)


@dataclass(frozen=True, slots=True)
class Td1:
    lines: tuple[str, str, str]
    mrz_information: str  # document number + cd + dob + cd + expiry + cd: the BAC key seed input

    @property
    def text(self) -> str:
        return "".join(self.lines)


def td1(persona: Persona) -> Td1:
    doc = persona.document_number
    dob = persona.date_of_birth.strftime("%y%m%d")
    doe = mrz_expiry(persona).strftime("%y%m%d")
    optional = f"{persona.id_number}<<{check_digit(persona.id_number)}"
    line1 = f"IDVNM{doc}{check_digit(doc)}{optional}"
    line2_head = f"{dob}{check_digit(dob)}{persona.sex}{doe}{check_digit(doe)}VNM"
    line2_head = line2_head.ljust(29, "<")
    composite = line1[5:30] + line2_head[0:7] + line2_head[8:15] + line2_head[18:29]
    line2 = line2_head + check_digit(composite)
    info = f"{doc}{check_digit(doc)}{dob}{check_digit(dob)}{doe}{check_digit(doe)}"
    return Td1((line1, line2, persona.mrz_name), info)

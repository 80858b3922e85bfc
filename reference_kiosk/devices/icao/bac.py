"""Basic Access Control: the key from the MRZ (or from ID number + date of birth) and the
mutual authentication that opens a secure-messaging session (ICAO 9303-11 section 4.3).

Key sources answer ``candidates(today)``: an MRZ gives one key; an ID number with a date of
birth gives one key per plausible expiry date, tried in order by the reader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from reference_kiosk.devices.icao import crypto
from reference_kiosk.devices.icao.errors import AccessDeniedError, KeyInputError
from reference_kiosk.devices.icao.sm import SecureChannel

__all__ = [
    "BacKey",
    "BacKeys",
    "IdNumberKeySource",
    "KeySource",
    "candidate_expiries",
    "external_authenticate_data",
    "open_session",
]

# Renewal ages of the chip ID card (cccd-chip.md); 14 exists only for cards issued since 2024-07-01.
_RENEWAL_AGES = (14, 25, 40, 60)
_AGE_14_SINCE = dt.date(2024, 7, 1)
_NO_EXPIRY_AGE = 100  # MRZ expiry of a card that never expires, per decision 0004 (emulator convention)
_YYMMDD = re.compile(r"\d{6}")
_DOC_NO = re.compile(r"[0-9A-Z<]{1,30}")


class KeySource(Protocol):
    def candidates(self, today: dt.date) -> Sequence[BacKey]: ...


@dataclass(frozen=True, slots=True)
class BacKey:
    """The three MRZ fields BAC needs. Personal data: hidden from repr."""

    document_number: str = field(repr=False)
    date_of_birth: str = field(repr=False)  # YYMMDD
    date_of_expiry: str = field(repr=False)  # YYMMDD

    def __post_init__(self) -> None:
        if not _DOC_NO.fullmatch(self.document_number):
            raise KeyInputError("document number must be 1-30 characters of 0-9, A-Z or '<'")
        for value in (self.date_of_birth, self.date_of_expiry):
            if not _YYMMDD.fullmatch(value):
                raise KeyInputError("MRZ dates must be six digits YYMMDD")

    def mrz_information(self) -> str:
        number = self.document_number.ljust(9, "<")
        parts = (number, self.date_of_birth, self.date_of_expiry)
        return "".join(p + str(crypto.check_digit(p)) for p in parts)

    def key_seed(self) -> bytes:
        return hashlib.sha1(self.mrz_information().encode("ascii")).digest()[:16]

    def candidates(self, today: dt.date) -> Sequence[BacKey]:
        return (self,)

    @classmethod
    def from_id_number(cls, id_number: str, date_of_birth: dt.date, date_of_expiry: dt.date) -> BacKey:
        """The CCCD's MRZ document number is the last 9 digits of the 12-digit ID number."""
        if not re.fullmatch(r"\d{12}", id_number):
            raise KeyInputError("the personal ID number must have 12 digits")
        return cls(id_number[-9:], f"{date_of_birth:%y%m%d}", f"{date_of_expiry:%y%m%d}")

    @classmethod
    def from_mrz(cls, text: str) -> BacKey:
        """From a TD1 (3 x 30) or TD3 (2 x 44) MRZ, lines separated by newlines or run together."""
        mrz = "".join(text.split()).upper()
        checks: tuple[tuple[str, str], ...]
        if len(mrz) == 90:
            line1, line2 = mrz[:30], mrz[30:60]
            number = _td1_document_number(line1)
            dob, doe = line2[0:6], line2[8:14]
            checks = ((dob, line2[6]), (doe, line2[14]))
        elif len(mrz) == 88:
            line2 = mrz[44:]
            number, dob, doe = line2[0:9], line2[13:19], line2[21:27]
            checks = ((number, line2[9]), (dob, line2[19]), (doe, line2[27]))
        else:
            raise KeyInputError("an MRZ has 3 lines of 30 or 2 lines of 44 characters")
        for value, digit in checks:
            try:
                ok = str(crypto.check_digit(value)) == digit
            except ValueError:
                ok = False
            if not ok:
                raise KeyInputError("an MRZ check digit does not match; please check the lines")
        return cls(number.rstrip("<"), dob, doe)


def _td1_document_number(line1: str) -> str:
    number, digit = line1[5:14], line1[14]
    if digit == "<":  # long number: continues in the optional data, ends with its check digit
        rest = line1[15:30].split("<", 1)[0]
        if len(rest) < 2:
            raise KeyInputError("the MRZ's long document number is truncated")
        number, digit = number + rest[:-1], rest[-1]
    try:
        ok = str(crypto.check_digit(number)) == digit
    except ValueError:
        ok = False
    if not ok:
        raise KeyInputError("the MRZ document number's check digit does not match")
    return number


def _birthday(date_of_birth: dt.date, age: int) -> dt.date:
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:  # born 29 February: the card expires on 28 February in common years
        return dt.date(date_of_birth.year + age, 2, 28)


def candidate_expiries(date_of_birth: dt.date, today: dt.date) -> tuple[dt.date, ...]:
    """Plausible card expiry dates, likeliest first.

    A card expires on the birthday of the next renewal age after issue, or the one after that
    when issued within two years before a renewal age. So the next renewal birthday comes first,
    then the following one; past ones (an expired card) last, newest first. A card issued from
    58 does not expire and real cards' MRZ expiry for it is unverified; the very last candidate
    for a holder 58 or older is the 100th birthday, the convention the card emulator documents
    (docs/decisions/0004-cccd-emulator-behaviour.md). Otherwise the MRZ is needed.
    """
    dates = [_birthday(date_of_birth, a) for a in _RENEWAL_AGES]
    dates = [d for a, d in zip(_RENEWAL_AGES, dates, strict=True) if a != 14 or d > _AGE_14_SINCE]
    upcoming = [d for d in dates if d >= today][:2]
    past = sorted((d for d in dates if d < today), reverse=True)
    never = [_birthday(date_of_birth, _NO_EXPIRY_AGE)] if today >= _birthday(date_of_birth, 58) else []
    return (*upcoming, *past, *never)


@dataclass(frozen=True, slots=True)
class IdNumberKeySource:
    """BAC keys from the 12-digit ID number and the date of birth (no MRZ needed)."""

    id_number: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)

    def candidates(self, today: dt.date) -> Sequence[BacKey]:
        return tuple(
            BacKey.from_id_number(self.id_number, self.date_of_birth, doe)
            for doe in candidate_expiries(self.date_of_birth, today)
        )


@dataclass(frozen=True, slots=True)
class BacKeys:
    k_enc: bytes = field(repr=False)
    k_mac: bytes = field(repr=False)

    @classmethod
    def from_seed(cls, seed: bytes) -> BacKeys:
        return cls(crypto.kdf(seed, crypto.ENC_COUNTER), crypto.kdf(seed, crypto.MAC_COUNTER))


def external_authenticate_data(keys: BacKeys, rnd_ic: bytes, rnd_ifd: bytes, k_ifd: bytes) -> bytes:
    """E_IFD || M_IFD: the 40 bytes of EXTERNAL AUTHENTICATE."""
    e_ifd = crypto.des3_encrypt(keys.k_enc, rnd_ifd + rnd_ic + k_ifd)
    return e_ifd + crypto.retail_mac(keys.k_mac, e_ifd)


def open_session(keys: BacKeys, rnd_ic: bytes, rnd_ifd: bytes, k_ifd: bytes, answer: bytes) -> SecureChannel:
    """Check the card's E_IC || M_IC and derive the session keys and SSC."""
    if len(answer) != 40:
        raise AccessDeniedError(f"EXTERNAL AUTHENTICATE answer has {len(answer)} bytes, expected 40")
    e_ic, m_ic = answer[:32], answer[32:]
    if crypto.retail_mac(keys.k_mac, e_ic) != m_ic:
        raise AccessDeniedError("the card's authentication MAC does not verify")
    r = crypto.des3_decrypt(keys.k_enc, e_ic)
    if r[:8] != rnd_ic or r[8:16] != rnd_ifd:
        raise AccessDeniedError("the card did not return our challenge")
    seed = bytes(a ^ b for a, b in zip(k_ifd, r[16:32], strict=True))
    session = BacKeys.from_seed(seed)
    return SecureChannel(session.k_enc, session.k_mac, int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big"))

"""The kiosk's message catalogues (vi default, en) and locale-aware formatting.

Catalogues are gettext ``.po`` files under ``locale/<lang>/LC_MESSAGES/kiosk.po``, read at run
time with Babel's ``read_po`` (no compile step). Message ids are stable keys ("home.tile.pay");
the UI never shows a raw key in practice because a test checks every key has both translations.

    t = translator("vi")
    t("home.greeting", name="Mai")   -> "Xin chào, Mai"
    t.money(20000)                   -> "20.000 ₫"
    t.date(dt.date(2025, 4, 10))     -> "10/04/2025"
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

__all__ = ["LANGS", "LOCAL_TZ", "Translator", "catalogue", "translator"]

LANGS = ("vi", "en")
LOCAL_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")  # kiosks are in Vietnam: show local time
_LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_DATE_FORMAT = {"vi": "dd/MM/yyyy", "en": "d MMM yyyy"}
_DATETIME_FORMAT = {"vi": "HH:mm dd/MM/yyyy", "en": "d MMM yyyy, HH:mm"}


@functools.cache
def catalogue(lang: str) -> Mapping[str, str]:
    """msgid -> translation for ``lang`` (read once, lazily; untranslated entries left out)."""
    path = _LOCALE_DIR / lang / "LC_MESSAGES" / "kiosk.po"
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    return {str(m.id): str(m.string) for m in cat if m.id and isinstance(m.string, str) and m.string}


@dataclass(frozen=True, slots=True)
class Translator:
    lang: str
    messages: Mapping[str, str]

    def __call__(self, msgid: str, **values: object) -> str:
        """The translation (the key itself when missing, so a gap is visible, never a crash)."""
        text = self.messages.get(msgid, msgid)
        return text.format(**values) if values else text

    def has(self, msgid: str) -> bool:
        return msgid in self.messages

    def money(self, amount: int) -> str:
        return format_currency(amount, "VND", locale=self.lang)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.lang)

    def date(self, value: dt.date) -> str:
        return format_date(value, format=_DATE_FORMAT[self.lang], locale=self.lang)

    def datetime(self, value: dt.datetime) -> str:
        local = value.astimezone(LOCAL_TZ) if value.tzinfo else value
        return format_datetime(local, format=_DATETIME_FORMAT[self.lang], locale=self.lang)


def translator(lang: str) -> Translator:
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}")
    return Translator(lang, catalogue(lang))

"""Vietnamese text helpers: the one diacritics folding, highlighting, Telex typing.

``strip_marks`` is the project's one way to drop Vietnamese marks ("Hoàng Đức" -> "Hoang Duc"):
the kiosk's redaction, the backend's search and VietQR text, the card emulator's MRZ all use it.
``fold`` maps each character to one plain lower-case character (đ -> d, ệ -> e), so for NFC
text -- what the catalogue and the on-screen keyboard produce -- ``len(fold(t)) == len(t)``
and a match found in the folded text highlights the same span of the original.

``telex`` turns the keys a citizen pressed on the on-screen keyboard into Vietnamese:
aa -> â, aw -> ă, ee -> ê, oo -> ô, ow -> ơ, uw -> ư, uow -> ươ, w alone -> ư, dd -> đ, and
the tone keys s (sắc), f (huyền), r (hỏi), x (ngã), j (nặng); z clears the tone. Repeating a
modifier undoes it and types the key (``aaa`` -> ``aa``, ``ass`` -> ``as``). Tones are placed
by the traditional rule used in administrative texts (hòa, thủy, của; hoàn, quyết, người).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

__all__ = ["fold", "match_spans", "strip_marks", "telex"]


def strip_marks(text: str) -> str:
    """Marks dropped, case kept, NFC or NFD input alike: "Hoàng Đức" -> "Hoang Duc".

    đ is a letter of its own, not d with a mark, so Unicode leaves it alone: it is mapped here.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold_char(char: str) -> str:
    return strip_marks(char)[:1].lower()[:1]  # a lone combining mark (NFD input) folds to ""


def fold(text: str) -> str:
    """Accents dropped, đ -> d, lower case; one character per character of NFC input."""
    return "".join(_fold_char(c) for c in text)


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of ``text`` where the folded query occurs, for highlighting."""
    needle = fold(query).strip()
    folded = fold(text)
    if not needle or len(folded) != len(text):
        return []
    spans = []
    start = folded.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = folded.find(needle, start + len(needle))
    return spans


# ---------------------------------------------------------------------------- Telex

_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_HAT = {"a": "â", "e": "ê", "o": "ô"}  # aa, ee, oo
_BREVE_HORN = {"a": "ă", "o": "ơ", "u": "ư"}  # aw, ow, uw
_PLAIN = {v: k for k, v in (*_HAT.items(), *_BREVE_HORN.items())}
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED = frozenset("ăâêôơư")


def _with_case(char: str, like: str) -> str:
    return char.upper() if like.isupper() else char


@dataclass
class _Word:
    """One word being typed: letters (with hats and horns, no tone) and its tone key."""

    chars: list[str] = field(default_factory=list)
    tone: str | None = None

    def _cluster(self) -> list[int]:
        """Indexes of the last run of vowels, skipping the u of qu- and the i of gi-."""
        lower = [c.lower() for c in self.chars]
        gi_vowel = lower[:2] == ["g", "i"] and len(lower) > 2 and lower[2] in _VOWELS
        first = 2 if lower[:2] == ["q", "u"] or gi_vowel else 0
        run: list[int] = []
        for i in range(len(lower) - 1, first - 1, -1):
            if lower[i] in _VOWELS:
                run.insert(0, i)
            elif run:
                break
        return run

    def tone_index(self) -> int | None:
        run = self._cluster()
        if not run:
            return None
        marked = [i for i in run if self.chars[i].lower() in _MARKED]
        if marked:
            return marked[-1]  # ươ takes the tone on ơ
        ends_word = run[-1] == len(self.chars) - 1
        if len(run) == 1 or not ends_word:
            return run[-1]
        return run[1] if len(run) == 3 else run[0]

    def key(self, key: str) -> None:
        lower = key.lower()
        if lower in _TONES and self.tone_index() is not None:
            if self.tone == lower:  # pressed twice: undo, type the letter
                self.tone = None
                self.chars.append(key)
            else:
                self.tone = lower
        elif lower == "z" and self.tone is not None:
            self.tone = None
        elif lower == "w":
            self._horn(key)
        elif not (lower in _HAT and self._hat(key)) and not (lower == "d" and self._stroke(key)):
            self.chars.append(key)

    def _hat(self, key: str) -> bool:
        for i in reversed(self._cluster()):
            current = self.chars[i].lower()
            if current == key.lower() or (key.lower() == "a" and current == "ă"):
                self.chars[i] = _with_case(_HAT[key.lower()], self.chars[i])
                return True
            if current == _HAT[key.lower()]:  # aaa -> aa
                self.chars[i] = _with_case(key.lower(), self.chars[i])
                self.chars.append(key)
                return True
        return False

    def _horn(self, key: str) -> None:
        run = self._cluster()
        vowels = "".join(self.chars[i].lower() for i in run)
        pair = next((vowels.index(p) for p in ("uo", "ưo", "uơ") if p in vowels), None)
        plain = [i for i in run if self.chars[i].lower() in _BREVE_HORN]
        if "ươ" in vowels or (pair is None and not plain and any(c in "ăơư" for c in vowels)):
            for i in run:  # uww, uoww: undo, then type the w
                self._set(i, _PLAIN.get(self.chars[i].lower(), self.chars[i].lower()))
            self.chars.append(key)
        elif pair is not None:
            self._set(run[pair], "ư")
            self._set(run[pair + 1], "ơ")
        elif plain:
            self._set(plain[-1], _BREVE_HORN[self.chars[plain[-1]].lower()])
        else:
            self.chars.append(_with_case("ư", key))  # w alone types ư

    def _set(self, index: int, lower: str) -> None:
        self.chars[index] = _with_case(lower, self.chars[index])

    def _stroke(self, key: str) -> bool:
        if [c.lower() for c in self.chars] == ["d"]:
            self.chars[0] = _with_case("đ", self.chars[0])
            return True
        if [c.lower() for c in self.chars] == ["đ"]:  # ddd -> dd
            self.chars[0] = _with_case("d", self.chars[0])
            self.chars.append(key)
            return True
        return False

    def text(self) -> str:
        chars = list(self.chars)
        where = self.tone_index()
        if self.tone is not None and where is not None:
            chars[where] = unicodedata.normalize("NFC", chars[where] + _TONES[self.tone])
        return "".join(chars)


def telex(keys: str) -> str:
    """The Vietnamese text typed by the Telex key sequence ``keys`` (letters; others pass through)."""
    out: list[str] = []
    word = _Word()
    for key in keys:
        if key.isascii() and key.isalpha():
            word.key(key)
        else:
            out.append(word.text())
            out.append(key)
            word = _Word()
    out.append(word.text())
    return "".join(out)

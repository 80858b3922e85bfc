"""Scoring for the catalogue search, forgiving of a citizen typing on a touch screen.

Text is folded (NFD, combining marks dropped, đ -> d, lower case, punctuation -> space, and a
few spellings made canonical: "ki" -> "ky", "dk" -> "dang ky"), so ``Đăng ký thường trú``,
``dang ki thuong tru`` and ``DK THUONG TRU`` are the same query.

Ranking has three tiers, each capped below the one above so a better tier always wins:

    name     the procedure's name or one of its aliases ("nhap ho khau", "CT07")   up to 100
    keyword  keywords, English name, case names, field name                         up to 85
    text     steps, documents, result, legal basis                                  up to 70

Name tier: rapidfuzz's partial ratio of the query inside the name, on the spaced text and on
a copy without spaces (``thuongtru``), scaled by how many query words the name holds (a word
of 5+ letters may carry one typo: ``thuomg``), plus 10 % for overall length closeness, so
``dang ky thuong tru`` ranks "Đăng ký thường trú" above "Xóa đăng ký thường trú".
Keyword and text tiers: the whole phrase, else word coverage weighted by adjacent word pairs,
because Vietnamese syllables ("so", "do", "tu") recur everywhere on their own.
Sentence-like queries lose filler words ("toi muon", "thu tuc") and score 75..95 when a whole
name or keyword sits inside them ("dang ky tam tru cho sinh vien"), in any word order.
Results under MIN_SCORE are dropped. The index (search.py) folds the catalogue once; a search
folds only the query.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from reference_kiosk.domain.text import strip_marks

__all__ = [
    "FUZZY_WORD",
    "KEYWORD_CAP",
    "MIN_SCORE",
    "SHORT_QUERY",
    "TEXT_CAP",
    "Indexed",
    "Query",
    "compact",
    "fold",
    "score_entry",
    "word_matches",
    "words_of",
]

MIN_SCORE = 65.0
KEYWORD_CAP = 85.0
TEXT_CAP = 70.0
# Below this length partial matching is noise ("ho" is inside half the catalogue): require words.
SHORT_QUERY = 3
# Words at least this long may carry a typo (thuomg -> thuong); shorter ones must match exactly.
FUZZY_WORD = 5
# Filler of sentence-like queries ("tôi muốn làm thủ tục ..."), dropped from queries of 3+ words.
_FILLER = frozenset("toi muon can xin lam hoi the nao nhu dau thu tuc de duoc thi nhe a oi".split())  # noqa: SIM905


# Spellings and abbreviations people type on a kiosk keyboard, applied word by word after folding.
_CANONICAL = {"ki": "ky", "dk": "dang ky", "dki": "dang ky", "gcn": "giay chung nhan", "hk": "ho khau"}


def _fold_table() -> dict[int, str]:
    """Latin letters with marks -> plain lower case, combining marks -> nothing: ``strip_marks``
    applied once per character up front, so folding a text is one C-level ``str.translate``."""
    table = {code: "" for code in range(0x0300, 0x0370)}
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        table[code] = strip_marks(chr(code)).lower()
    return table


_TABLE = _fold_table()
_NON_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65_536)  # catalogue texts repeat across records, queries repeat
def fold(text: str) -> str:
    """Diacritics-insensitive form: ``"Đăng ký  Thường-trú"`` -> ``"dang ky thuong tru"``."""
    plain = text.translate(_TABLE).lower()
    if not plain.isascii():  # marks outside the table's ranges (rare): the slow, general way
        plain = strip_marks(plain).lower()
    return " ".join(_CANONICAL.get(word, word) for word in _NON_WORD.sub(" ", plain).split())


def compact(folded: str) -> str:
    """The folded text without spaces, for queries typed without them (``thuongtru``)."""
    return folded.replace(" ", "")


@dataclass(frozen=True, slots=True)
class Indexed:
    """One catalogue entry's searchable text, folded once at load."""

    key: str
    names: tuple[str, ...]  # folded name and aliases
    keywords: str  # folded keywords, English name, case names, field name, joined by " | "
    text: str  # folded steps, documents, result, legal basis, joined by " | "
    each_name_words: tuple[frozenset[str], ...]  # the words of each name
    name_words: frozenset[str]
    keyword_words: frozenset[str]
    keyword_phrases: tuple[frozenset[str], ...]  # the words of each keyword, for containment
    text_words: frozenset[str]
    all_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Query:
    """A folded query plus, per word, the index words it matches and how well (0..100).

    Matching every query word against the whole index vocabulary once per search makes each
    entry's word coverage a set intersection instead of a fuzzy scan.
    """

    folded: str
    squeezed: str
    words: tuple[str, ...]
    word_set: frozenset[str]
    matches: tuple[dict[str, float], ...]

    @classmethod
    def prepare(
        cls,
        folded: str,
        vocabulary: frozenset[str],
        matcher: Callable[[str], dict[str, float]] | None = None,
        phrase: Callable[[str, str], bool] | None = None,
    ) -> Query:
        """``matcher`` (an index's faster equivalent of ``word_matches``) finds a word's matches;
        ``phrase`` says whether two words stand side by side in some name: a filler word that
        does ("can" in "lam can cuoc", căn cước) is part of the name, not filler."""
        words = tuple(folded.split())
        if len(words) >= 3 and any(w not in _FILLER for w in words):
            pairs = set(itertools.pairwise(words))

            def named(i: int) -> bool:
                around = ((words[i - 1], words[i]), (words[i], words[i + 1] if i + 1 < len(words) else ""))
                return phrase is not None and any(p in pairs and phrase(*p) for p in around)

            words = tuple(w for i, w in enumerate(words) if w not in _FILLER or named(i))
            folded = " ".join(words)
        match = matcher or functools.partial(word_matches, vocabulary=vocabulary)
        matches = tuple(match(w) for w in words)
        return cls(folded, compact(folded), words, frozenset(words), matches)

    def coverage(self, vocabulary: frozenset[str]) -> float:
        """Mean over the query's words of their best match among ``vocabulary`` (0..100)."""
        total = 0.0
        for found in self.matches:
            if len(vocabulary) <= len(found):  # walk the smaller side
                total += max((found.get(w, 0.0) for w in vocabulary), default=0.0)
            else:
                total += max((score for w, score in found.items() if w in vocabulary), default=0.0)
        return total / len(self.matches)


def word_matches(word: str, vocabulary: frozenset[str]) -> dict[str, float]:
    """Index words matching one query word: exactly (100), as a prefix (90), with a typo (75+)."""
    found = {v: 90.0 for v in vocabulary if v.startswith(word)}
    if len(word) >= FUZZY_WORD:  # a typo in a short word is indistinguishable from another word
        for v, score, _ in process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=75, limit=None):
            found[v] = max(found.get(v, 0.0), float(score))
    if word in vocabulary:
        found[word] = 100.0
    return found


def _name_score(query: Query, name: str, words: frozenset[str]) -> float:
    squeezed = compact(name)
    if len(query.squeezed) <= len(squeezed):
        phrase = max(fuzz.partial_ratio(query.folded, name), fuzz.partial_ratio(query.squeezed, squeezed))
    else:  # a name shorter than the query cannot contain it: compare whole strings
        phrase = max(fuzz.ratio(query.folded, name), fuzz.ratio(query.squeezed, squeezed))
    covered = 100.0 if query.squeezed in squeezed else query.coverage(words)
    # Mostly "is the query in the name, word by word"; a little "is the name about that long".
    inside = 0.9 * phrase * (0.5 + covered / 200) + 0.1 * fuzz.ratio(query.squeezed, squeezed)
    return max(inside, _containment(query, words))


def _containment(query: Query, phrase: frozenset[str]) -> float:
    """A whole name or keyword inside a longer query ("dang ky tam tru cho sinh vien"): 75..95."""
    if not phrase or not phrase <= query.word_set or (len(phrase) == 1 and len(next(iter(phrase))) < 4):
        return 0.0
    return 75 + 20 * len(phrase) / len(query.word_set)


def _tier_score(query: Query, text: str, vocabulary: frozenset[str]) -> float:
    """Keyword and body tiers: whole phrase, else word coverage weighted by adjacent word pairs.

    Vietnamese words are single syllables that recur everywhere ("so", "do", "tu"), so words
    found far apart count for little: the pairs of the query must also appear side by side.
    """
    if not text:
        return 0.0
    padded = f" {text} "
    if f" {query.folded} " in padded:
        return 100.0
    pairs = [f" {a} {b} " for a, b in itertools.pairwise(query.words)]
    adjacent = 100.0 * sum(pair in padded for pair in pairs) / len(pairs) if pairs else 100.0
    return 0.95 * (0.6 * query.coverage(vocabulary) + 0.4 * adjacent)


def _short_query_score(query: Query, entry: Indexed) -> float:
    """Very short queries match whole words or word prefixes only."""
    prefixes = [{w for w, score in found.items() if score >= 90} for found in query.matches]
    if not all(p & entry.all_words for p in prefixes):
        return 0.0
    in_name = all(p & entry.name_words for p in prefixes)
    return 90.0 if in_name else KEYWORD_CAP * 0.9


def score_entry(query: Query, entry: Indexed) -> float:
    """Relevance of one entry for a prepared, non-empty query (0..100)."""
    if len(query.squeezed) <= SHORT_QUERY:
        return _short_query_score(query, entry)
    best = max(_name_score(query, n, w) for n, w in zip(entry.names, entry.each_name_words, strict=True))
    if best < KEYWORD_CAP:  # lower tiers are capped, so they only matter below the cap
        keyword = max(
            _tier_score(query, entry.keywords, entry.keyword_words),
            max((_containment(query, p) for p in entry.keyword_phrases), default=0.0),
        )
        best = max(best, keyword * KEYWORD_CAP / 100)
    if best < TEXT_CAP:
        best = max(best, _tier_score(query, entry.text, entry.text_words) * TEXT_CAP / 100)
    return round(best, 2)


def words_of(folded: str) -> frozenset[str]:
    return frozenset(folded.replace("|", " ").split())

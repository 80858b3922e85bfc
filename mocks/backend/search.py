"""Keyword search over the procedure catalogue: an inverted index in front of the scoring.

The scoring (search_score.py) judges one entry against one query with rapidfuzz and word
coverage; scoring every entry would cost time in proportion to the catalogue. The index picks
the entries worth scoring, so a query's cost follows how much it matches, not the catalogue:

1. Each query word is matched once against the vocabulary (exactly, as a prefix through a
   sorted list, with a typo through rapidfuzz over words of a possible length only) and the
   answer cached; the vocabulary grows far slower than the catalogue.
2. Postings (word -> entries) per tier (name, keyword, body), each in "champion" order, the
   shortest names first. A word appearing in hundreds of names ("cap", "dang ky") is walked
   for CHAMPIONS allowed entries at most: the long tail of such a word never ranks.
3. A query typed without spaces ("thuongtru") finds its names through a trigram index of the
   names without spaces.
4. Candidates are ranked by tier-weighted word coverage, plus a bonus per pair of query words
   standing side by side in a name (postings of name word pairs, walked the same way), and
   the best RESCORE are scored exactly.

An entry sharing no word with the query, and not holding it without spaces, scores under
MIN_SCORE (0.45 * 100 + 0.1 * 100 = 55 in the name tier, less below), so steps 1-3 miss nothing
that could score. Steps 2 and 4 bound the work: a query too common to narrow down answers its
best RESCORE entries, not every entry it touches (refine the query, or browse by field).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from mocks.backend.search_score import (
    FUZZY_WORD,
    KEYWORD_CAP,
    MIN_SCORE,
    SHORT_QUERY,
    TEXT_CAP,
    Indexed,
    Query,
    compact,
    fold,
    score_entry,
    words_of,
)

__all__ = [
    "CHAMPIONS",
    "MIN_SCORE",
    "RESCORE",
    "Indexed",
    "Query",
    "SearchIndex",
    "compact",
    "fold",
    "score_entry",
]

CHAMPIONS = 300  # entries walked per matched word and tier
RESCORE = 60  # candidates scored exactly; also the most results one query answers
_MATCHES_PER_WORD = 30  # vocabulary words one query word may stand for ("o" is a prefix of many)
_PAIR_BONUS = 50.0
_TIER_WEIGHTS = (1.0, KEYWORD_CAP / 100, TEXT_CAP / 100)
# fuzz.ratio = 200 * common / (len(a) + len(b)) >= 75 needs the shorter word >= 0.6 of the longer.
_LENGTH_RATIO = 0.6


class SearchIndex:
    """Folded text of every entry, its postings, and the search; independent of the pydantic models."""

    def __init__(self, entries: Sequence[Indexed]) -> None:
        self._entries = tuple(entries)
        self._vocabulary: frozenset[str] = frozenset().union(*(e.all_words for e in self._entries))
        self._sorted = sorted(self._vocabulary)
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for word in self._sorted:
            self._by_length[len(word)].append(word)
        self._name_length = tuple(min((len(n) for n in e.names), default=1 << 20) for e in self._entries)
        self._postings = self._build_postings()
        self._trigrams = self._build_trigrams()
        self._pairs = self._build_pairs()
        # Thread-safe; the vocabulary is fixed, so a word's matches never change.
        self._match = functools.lru_cache(maxsize=8192)(self._word_matches)

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Iterable[str], Iterable[str], Iterable[str]]]) -> SearchIndex:
        """From ``(key, names, keyword texts, body texts)`` tuples of raw (unfolded) text."""
        built = []
        words = functools.lru_cache(maxsize=None)(words_of)  # steps, papers, laws repeat across records
        for key, names, keywords, texts in entries:
            folded_names = tuple(f for f in (fold(n) for n in names) if f)
            kw_parts = [fold(k) for k in keywords]
            body_parts = [fold(t) for t in texts]
            kw, body = " | ".join(kw_parts), " | ".join(body_parts)
            each = tuple(words(n) for n in folded_names)
            phrases = tuple(words(k) for k in kw_parts) or (frozenset(),)
            name_words, kw_words = frozenset().union(*each), frozenset().union(*phrases)
            body_words = frozenset().union(*(words(t) for t in body_parts))
            every = name_words | kw_words | body_words
            built.append(
                Indexed(key, folded_names, kw, body, each, name_words, kw_words, phrases, body_words, every)
            )
        return cls(built)

    def __len__(self) -> int:
        return len(self._entries)

    def _build_postings(self) -> tuple[dict[str, tuple[int, ...]], ...]:
        tiers: tuple[defaultdict[str, list[int]], ...] = (
            defaultdict(list),
            defaultdict(list),
            defaultdict(list),
        )
        for position, e in enumerate(self._entries):
            keyword_only = e.keyword_words - e.name_words
            for tier, words in enumerate(
                (e.name_words, keyword_only, e.text_words - e.name_words - keyword_only)
            ):
                for word in words:
                    tiers[tier][word].append(position)
        # Positions are appended in order, and sorting is stable: ties keep catalogue order.
        champion = self._name_length.__getitem__
        return tuple({w: tuple(sorted(ps, key=champion)) for w, ps in tier.items()} for tier in tiers)

    def _build_pairs(self) -> dict[str, tuple[int, ...]]:
        """Adjacent word pairs of names and keywords -> entries, champion order: "phep lao" is
        rare where "giay", "phep", "lao" and "dong" are each in hundreds of names."""
        pairs: defaultdict[str, list[int]] = defaultdict(list)
        for position, e in enumerate(self._entries):
            phrases = (*e.names, *e.keywords.split(" | "))
            seen = {f"{a} {b}" for text in phrases for a, b in itertools.pairwise(text.split())}
            for pair in seen:
                pairs[pair].append(position)
        champion = self._name_length.__getitem__
        return {p: tuple(sorted(ps, key=champion)) for p, ps in pairs.items()}

    def _is_pair(self, first: str, second: str) -> bool:
        return f"{first} {second}" in self._pairs

    def _build_trigrams(self) -> dict[str, frozenset[int]]:
        grams: defaultdict[str, set[int]] = defaultdict(set)
        for position, e in enumerate(self._entries):
            for name in e.names:
                squeezed = compact(name)
                for i in range(len(squeezed) - 2):
                    grams[squeezed[i : i + 3]].add(position)
        return {g: frozenset(ps) for g, ps in grams.items()}

    def _word_matches(self, word: str) -> dict[str, float]:
        """What ``search_score.word_matches`` answers, without walking the whole vocabulary."""
        found: dict[str, float] = {}
        start = bisect.bisect_left(self._sorted, word)
        for candidate in self._sorted[start:]:
            if not candidate.startswith(word):
                break
            found[candidate] = 90.0
        if len(word) >= FUZZY_WORD:
            low, high = math.ceil(len(word) * _LENGTH_RATIO), math.floor(len(word) / _LENGTH_RATIO)
            pool = [v for n in range(low, high + 1) for v in self._by_length.get(n, ())]
            for v, score, _ in process.extract(word, pool, scorer=fuzz.ratio, score_cutoff=75, limit=None):
                found[v] = max(found.get(v, 0.0), float(score))
        if word in self._vocabulary:
            found[word] = 100.0
        if len(found) > _MATCHES_PER_WORD:  # the best, then the shortest: "o" -> "o", "ong", "oto"...
            best = sorted(found.items(), key=lambda item: (-item[1], len(item[0]), item[0]))
            found = dict(best[:_MATCHES_PER_WORD])
        return found

    def search(self, query: str, allowed: frozenset[str] | None = None) -> list[tuple[str, float]]:
        """Keys with their score, best first; ties by key order in the index. Empty query: []."""
        folded = fold(query)
        if not folded:
            return []
        prepared = Query.prepare(folded, self._vocabulary, self._match, self._is_pair)
        coverage = self._coverage(prepared, allowed)
        for position in self._spaceless(prepared, coverage, allowed):
            coverage[position] = coverage.get(position, 0.0) + 100.0
        ranked = sorted(coverage, key=lambda p: (-coverage[p], self._name_length[p], p))[:RESCORE]
        scored = []
        for position in ranked:
            score = score_entry(prepared, self._entries[position])
            if score >= MIN_SCORE:
                scored.append((-score, position))
        scored.sort()
        return [(self._entries[position].key, -neg) for neg, position in scored]

    def _coverage(self, query: Query, allowed: frozenset[str] | None) -> dict[int, float]:
        """Entries sharing a word with the query -> summed best tier-weighted match per query word."""
        total: dict[int, float] = {}
        for found in query.matches:
            best: dict[int, float] = {}
            for word, quality in found.items():
                for postings, weight in zip(self._postings, _TIER_WEIGHTS, strict=True):
                    self._walk(postings.get(word, ()), quality * weight, best, allowed)
            for position, value in best.items():
                total[position] = total.get(position, 0.0) + value
        # Names holding the query's words side by side come first, however long the name.
        for first, second in itertools.pairwise(query.words):
            near: dict[int, float] = {}
            self._walk(self._pairs.get(f"{first} {second}", ()), _PAIR_BONUS, near, allowed)
            for position, value in near.items():
                total[position] = total.get(position, 0.0) + value
        return total

    def _walk(
        self, postings: Sequence[int], value: float, best: dict[int, float], allowed: frozenset[str] | None
    ) -> None:
        taken = 0
        for position in postings:
            if allowed is not None and self._entries[position].key not in allowed:
                continue
            if best.get(position, 0.0) < value:
                best[position] = value
            taken += 1
            if taken >= CHAMPIONS:
                return

    def _spaceless(
        self, query: Query, coverage: dict[int, float], allowed: frozenset[str] | None
    ) -> list[int]:
        """Entries whose name without spaces holds the query without spaces ("thuongtru").

        Only needed when some query word matched nothing: otherwise such a name shares the
        query's words and the postings found it already.
        """
        squeezed = query.squeezed
        if len(squeezed) <= SHORT_QUERY or all(query.matches):
            return []
        grams = sorted(
            (self._trigrams.get(squeezed[i : i + 3], frozenset()) for i in range(len(squeezed) - 2)), key=len
        )
        found = functools.reduce(frozenset.intersection, grams)
        return [
            p
            for p in sorted(found)
            if (allowed is None or self._entries[p].key in allowed)
            and any(squeezed in compact(n) for n in self._entries[p].names)
        ]

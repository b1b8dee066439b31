"""What every check receives: the text, its Doc, the audience, the compiled library."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import Any

import numpy
from spacy.attrs import IDX, LEMMA, ORTH, SENT_START
from spacy.tokens import Doc

from audiences import Audience
from message_library import Library

from .compiled import CompiledLibrary
from .findings import FindingSink


class _Lexemes(dict):
    """orth hash -> (lower, is_alpha, is_stop, is_space, length) of that word form."""

    def __init__(self, vocab) -> None:
        super().__init__()
        self.vocab = vocab

    def __missing__(self, orth: int) -> tuple[str, bool, bool, bool, int]:
        lex = self.vocab[orth]
        facts = (lex.lower_, lex.is_alpha, lex.is_stop, lex.is_space, len(lex.orth_))
        if len(self) < _FACTS_LIMIT:
            self[orth] = facts
        return facts


class _Strings(dict):
    """hash -> string, as the StringStore has it (a dict lookup is several times
    cheaper than ``StringStore.__getitem__``, which decodes the string every time)."""

    def __init__(self, strings) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        value = self.strings[key]
        if len(self) < _FACTS_LIMIT:
            self[key] = value
        return value


_FACTS_LIMIT = 500_000
# One entry per vocabulary (kept alive here, so an id is never reused while cached).
_BY_VOCAB: dict[int, tuple[Any, _Lexemes, _Strings]] = {}


def _word_facts(vocab) -> tuple[_Lexemes, _Strings]:
    entry = _BY_VOCAB.get(id(vocab))
    if entry is None or entry[0] is not vocab:
        if len(_BY_VOCAB) >= 4:
            _BY_VOCAB.clear()
        entry = _BY_VOCAB[id(vocab)] = (vocab, _Lexemes(vocab), _Strings(vocab.strings))
    return entry[1], entry[2]


TABLE_KEY = "commplan_token_table"
# The fields of a _Lexemes entry, each read in C.
_FIELDS = tuple(itemgetter(k) for k in range(5))


@dataclass(frozen=True)
class TokenTable:
    """Token attributes as plain lists, read from the Doc in one ``to_array`` call.

    Walking a Doc builds a Python ``Token`` per token (about 1 µs each); checks
    that loop over tokens read these lists instead.
    """

    lower: list[str]
    lemma: list[str]
    alpha: list[bool]
    stop: list[bool]
    space: list[bool]
    idx: list[int]
    length: list[int]  # characters in the text (a lower-case form can be longer: "İ")
    sentences: list[tuple[int, int]]  # token ranges [start, end)
    # The ORTH, LEMMA, IDX and SENT_START columns as read from the Doc (None when it
    # is empty): the frame matcher takes its hash columns from here.
    rows: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def from_doc(cls, doc: Doc) -> TokenTable:
        if not len(doc):
            return cls([], [], [], [], [], [], [], [])
        # Lower form, alpha, stop, space and length belong to the word (the lexeme),
        # so they are looked up once per word form and kept; only the lemma, the
        # offset and the sentence start are read per token.
        rows = doc.to_array([ORTH, LEMMA, IDX, SENT_START])
        lexemes, strings = _word_facts(doc.vocab)
        # (The sentence-start column stays an array: as a list it was only counted.)
        orth, lemma_h, idx = (rows[:, k].tolist() for k in range(3))
        per_word = list(map(lexemes.__getitem__, orth))
        # One C-level map per column: zip(*per_word) took twice as long on a draft.
        lower, alpha, stop, space, length = (list(map(get, per_word)) for get in _FIELDS)
        starts = [0, *(numpy.flatnonzero(rows[1:, 3] == 1) + 1).tolist()]
        return cls(
            lower=lower,
            lemma=list(map(strings.__getitem__, lemma_h)),
            alpha=alpha,
            stop=stop,
            space=space,
            idx=idx,
            length=length,
            sentences=list(zip(starts, [*starts[1:], len(orth)], strict=True)),
            rows=rows,
        )

    @classmethod
    def of(cls, doc: Doc) -> TokenTable:
        """The table of ``doc``, built once and kept with it: the checks, the matchers'
        guards and the frame matcher all read the same lists."""
        table = doc.user_data.get(TABLE_KEY)
        if not isinstance(table, TokenTable) or len(table.lower) != len(doc):
            table = doc.user_data[TABLE_KEY] = cls.from_doc(doc)
        return table

    def end_char(self, i: int) -> int:
        return self.idx[i] + self.length[i]

    def sentence_chars(self) -> list[tuple[int, int]]:
        return self._sentence_chars

    @cached_property
    def _sentence_chars(self) -> list[tuple[int, int]]:
        return [(self.idx[s], self.end_char(e - 1)) for s, e in self.sentences]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [a for a, _ in self._sentence_chars]

    def sentence_at(self, char: int) -> tuple[int, int]:
        """Character range of the sentence holding ``char`` (built once, then a bisect:
        a draft with many cues and many sentences stays linear)."""
        i = max(0, bisect_right(self._sentence_starts, char) - 1)
        return self._sentence_chars[i]


@dataclass
class CheckContext:
    text: str
    doc: Doc
    audience: Audience
    library: Library
    compiled: CompiledLibrary
    sink: FindingSink
    # The key message the draft should carry, if the caller named one.
    key_message: str | None = None
    # Results a check computes for the report (e.g. the readability block).
    results: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def tokens(self) -> TokenTable:
        return TokenTable.of(self.doc)

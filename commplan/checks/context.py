"""What every check receives: the text, its Doc, the audience, the compiled library."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from spacy.attrs import IDX, IS_ALPHA, IS_SPACE, IS_STOP, LEMMA, LENGTH, LOWER, SENT_START
from spacy.tokens import Doc

from audiences import Audience
from message_library import Library

from .compiled import CompiledLibrary
from .findings import FindingSink


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

    @classmethod
    def from_doc(cls, doc: Doc) -> TokenTable:
        if not len(doc):
            return cls([], [], [], [], [], [], [], [])
        rows = doc.to_array([LOWER, LEMMA, IS_ALPHA, IS_STOP, IS_SPACE, IDX, LENGTH, SENT_START])
        strings = doc.vocab.strings
        lower_h, lemma_h, alpha, stop, space, idx, length, sent = (col.tolist() for col in rows.T)
        starts = [0] + [i for i in range(1, len(sent)) if sent[i] == 1]
        return cls(
            lower=[strings[h] for h in lower_h],
            lemma=[strings[h] for h in lemma_h],
            alpha=[bool(a) for a in alpha],
            stop=[bool(s) for s in stop],
            space=[bool(s) for s in space],
            idx=idx,
            length=length,
            sentences=list(zip(starts, [*starts[1:], len(sent)], strict=True)),
        )

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
        return TokenTable.from_doc(self.doc)

"""Frames to avoid, matched in one pass, with conditions judged per sentence.

A frame's plain patterns (phrases and token patterns) flag wherever they match,
minus the frame's guards. A ``FramePattern`` may also carry its own guards and
sentence conditions: ``needs`` (the sentence must also match one of these,
outside the match: an alarm word is a crisis frame only next to a group of
people, a downward trend or a second alarm word) and ``unless`` (the sentence
must match none of these: "at risk of" in a safeguarding sentence about harm or
abuse). Every pattern and condition of every frame goes into one ``RuleMatcher``
(one PhraseMatcher and one Matcher pass over the draft); sentences are looked up
by token index, so the cost stays linear in the draft.
"""

from __future__ import annotations

from collections import defaultdict

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from message_library import FramePattern, FrameToAvoid, TokenPattern
from message_library.schema import Guards

NEEDS = "needs:"
UNLESS = "unless:"


def _conditional(pattern: object) -> bool:
    return isinstance(pattern, FramePattern) and bool(
        pattern.needs or pattern.unless or pattern.guards.followed_by or pattern.guards.preceded_by
    )


def _merged(a: Guards, b: Guards) -> Guards:
    return Guards(
        followed_by=(*a.followed_by, *b.followed_by),
        preceded_by=(*a.preceded_by, *b.preceded_by),
    )


class FrameMatcher:
    """``matcher(doc) -> [(frame, span)]``: non-overlapping, longest first."""

    def __init__(self, frames: tuple[FrameToAvoid, ...], nlp: Language):
        from .compiled import RuleMatcher  # compiled imports this module

        self.frames: dict[str, FrameToAvoid] = {f"frame:{f.id}": f for f in frames}
        rules: list[tuple[str, list]] = []
        guards: dict[str, Guards] = {}
        # pattern key -> (frame key, needs key or None, unless key or None)
        self.conditions: dict[str, tuple[str, str | None, str | None]] = {}
        for key, frame in self.frames.items():
            rules.append((key, [p for p in frame.patterns if not _conditional(p)]))
            guards[key] = frame.guards
            for i, pattern in enumerate(frame.patterns):
                if not _conditional(pattern):
                    continue
                pattern_key = f"{key}#{i}"
                rules.append((pattern_key, [TokenPattern(tokens=pattern.tokens)]))
                guards[pattern_key] = _merged(frame.guards, pattern.guards)
                needs = unless = None
                if pattern.needs:
                    needs = NEEDS + pattern_key
                    rules.append((needs, list(pattern.needs)))
                if pattern.unless:
                    unless = UNLESS + pattern_key
                    rules.append((unless, list(pattern.unless)))
                self.conditions[pattern_key] = (key, needs, unless)
        self.matcher = RuleMatcher.build(nlp, rules, guards=guards)

    def __call__(self, doc: Doc) -> list[tuple[FrameToAvoid, Span]]:
        found: list[Span] = []
        conditional: list[tuple[str, Span]] = []
        context: dict[str, list[Span]] = defaultdict(list)
        for key, span in self.matcher(doc, longest=False):
            if key.startswith((NEEDS, UNLESS)):
                context[key].append(span)
            elif key in self.conditions:
                conditional.append((key, span))
            else:
                found.append(Span(doc, span.start, span.end, label=key))
        if conditional:
            found += self._judged(doc, conditional, context)
        return [(self.frames[span.label_], span) for span in filter_spans(found)]

    def _judged(
        self, doc: Doc, conditional: list[tuple[str, Span]], context: dict[str, list[Span]]
    ) -> list[Span]:
        """The conditional matches whose sentence meets their conditions."""
        starts = doc.to_array([SENT_START]).reshape(-1)
        sentence_of = numpy.cumsum(starts == 1)  # sentence number of each token
        by_sentence: dict[tuple[str, int], list[Span]] = defaultdict(list)
        for key, spans in context.items():
            for span in spans:
                by_sentence[key, int(sentence_of[span.start])].append(span)
        out = []
        for key, span in conditional:
            frame_key, needs, unless = self.conditions[key]
            sentence = int(sentence_of[span.start])
            if needs and not any(
                c.start < span.start or c.end > span.end for c in by_sentence[needs, sentence]
            ):
                continue
            if unless and by_sentence[unless, sentence]:
                continue
            out.append(Span(doc, span.start, span.end, label=frame_key))
        return out

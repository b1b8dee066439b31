"""Frames to avoid, with conditions judged per sentence, at a cost linear in the draft.

A frame's phrases and token patterns flag wherever they match, minus the
frame's guards. A ``FramePattern`` may also carry its own guards and sentence
conditions: ``needs`` (the sentence must also match one of these, outside the
match: an alarm word is a crisis frame only next to a group of people, a result
or a downward trend, or a second alarm word) and ``unless`` (the sentence must
match none of these: "at risk of" in a safeguarding sentence about harm).

Cost: phrases and fixed-word token patterns of every frame share one
PhraseMatcher pass. spaCy's Matcher walks every token it is given in Python, so
each other token pattern is run only over short windows: around each occurrence
of its rarest required word, no wider than the longest match the pattern can make
and never across a sentence end. A pattern whose required words are absent from
the draft is not run at all. Sentence conditions are one more pass, made only
when some match needs them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain, compress
from typing import Any

import numpy
from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from message_library import FrameToAvoid, TokenPattern
from message_library.schema import Guards

NEEDS = "needs:"
UNLESS = "unless:"


def _merged(a: Guards, b: Guards) -> Guards:
    return Guards(
        followed_by=(*a.followed_by, *b.followed_by),
        preceded_by=(*a.preceded_by, *b.preceded_by),
    )


_PLACING = (("LEMMA", LEMMA), ("LOWER", LOWER))


def _anchors(
    tokens: tuple[dict[str, Any], ...],
    strings: StringStore,
    stop_words: set[str],
    attrs: tuple[tuple[str, int], ...] = _PLACING,
) -> list[tuple[int, frozenset[int]]]:
    """(attribute, word hashes) of each token every match must contain: the
    pattern cannot match a sentence that lacks a word of each, so it is only run
    over sentences that have them all. Lemmas and lower forms are lower case; an
    ORTH word is kept as written ("F", "D" in "an F campus")."""
    out = []
    for token in tokens:
        op = str(token.get("OP") or "")
        if op and op != "+" and not op.startswith("{1"):
            continue
        for name, attr in attrs:
            value = token.get(name)
            if isinstance(value, str):
                words = [value]
            elif isinstance(value, dict) and set(value) == {"IN"}:
                words = [str(v) for v in value["IN"]]
            else:
                continue
            if all(w.lower() in stop_words for w in words):
                continue  # "at", "the": in nearly every sentence, no help
            forms = words if attr == ORTH else [w.lower() for w in words]
            out.append((attr, frozenset(strings.add(w) for w in forms)))
    return out


def _longest(tokens: tuple[dict[str, Any], ...], max_repeat: int) -> int:
    """The most tokens a pattern can match (unbounded operators count ``max_repeat``)."""
    total = 0
    for token in tokens:
        op = str(token.get("OP") or "")
        if op in ("", "!", "?"):
            total += 0 if op == "!" else 1
        elif op in ("*", "+"):
            total += max_repeat
        elif op.startswith("{") and op.endswith("}"):
            low, _, high = op[1:-1].partition(",")
            if not _:
                total += int(low or 0)
            else:
                total += max(int(low or 0), int(high) if high else max_repeat)
        else:
            total += max_repeat
    return max(total, 1)


MAX_VARIANTS = 8


def _optional_variants(shape: list[dict[str, Any]]) -> list[list[dict[str, Any]]] | None:
    """A pattern whose only operator is ``?``, as the patterns without operators it
    stands for (each optional token kept or dropped), or None when it has another
    operator or too many variants."""
    variants: list[list[dict[str, Any]]] = [[]]
    for token in shape:
        op = token.get("OP")
        if op is None:
            variants = [[*v, token] for v in variants]
        elif op == "?":
            plain = {k: v for k, v in token.items() if k != "OP"}
            variants = [v + extra for v in variants for extra in ([], [plain])]
        else:
            return None
        if len(variants) > MAX_VARIANTS:
            return None
    return [v for v in variants if v]


@dataclass
class _Unit:
    """One token pattern of a frame, with its guards and sentence conditions.
    ``matcher`` is None when the pattern is fixed words, run in the shared
    PhraseMatcher pass instead."""

    frame_key: str
    matcher: Any  # RuleMatcher or None
    anchors: list[tuple[int, frozenset[int]]]
    width: int = 1
    # Keys of the unit's sentence conditions in the context matcher (None: none).
    needs: str | None = None
    unless: str | None = None
    # Every word a match must hold: the anchors plus ORTH words. ORTH words place no
    # window (windows stay where the anchors put them), but a draft or a window
    # without one cannot hold a match, so neither is run ("an F campus" has only
    # "campus" as an anchor: a window around every "school" of a draft).
    required: list[tuple[int, frozenset[int]]] = field(default_factory=list)


class FrameMatcher:
    """``matcher(doc) -> [(frame, span)]``: non-overlapping, longest first."""

    def __init__(self, frames: tuple[FrameToAvoid, ...], nlp: Language):
        # compiled imports this module
        from .compiled import (
            MAX_REPEAT,
            RuleMatcher,
            _bounded,
            _lower_keys,
            expand_token_pattern,
        )

        self.frames: dict[str, FrameToAvoid] = {f"frame:{f.id}": f for f in frames}
        # Library order breaks ties: when two frames match the same words ("woefully
        # behind" is a deficit label and an alarm word), the one listed first wins,
        # whatever order the matchers happened to report them in.
        self.rank = {key: i for i, key in enumerate(self.frames)}
        fixed: list[tuple[str, list]] = []
        fixed_guards: dict[str, Guards] = {}
        context: list[tuple[str, list]] = []
        # One context key per distinct condition list: a dozen crisis patterns share
        # one "needs" list, and running it once per pattern made ~4x the hits.
        condition_keys: dict[tuple[str, str], str] = {}

        def condition(kind: str, patterns: tuple, unit_key: str) -> str | None:
            if not patterns:
                return None
            signature = (kind, repr(patterns))
            if signature not in condition_keys:
                condition_keys[signature] = kind + unit_key
                context.append((kind + unit_key, list(patterns)))
            return condition_keys[signature]

        self.units: dict[str, _Unit] = {}
        for key, frame in self.frames.items():
            fixed.append((key, [p for p in frame.patterns if isinstance(p, str)]))
            fixed_guards[key] = frame.guards
            for i, pattern in enumerate(frame.patterns):
                if isinstance(pattern, str):
                    continue
                unit_key = f"{key}#{i}"
                guards = _merged(frame.guards, getattr(pattern, "guards", Guards()))
                rule = (unit_key, [TokenPattern(tokens=pattern.tokens)])
                shape = [_bounded(_lower_keys(t)) for t in pattern.tokens]
                # Fixed words, optional tokens aside ("high", "-"?, "risk"): each
                # variant is fixed words, run in the shared PhraseMatcher pass.
                variants = _optional_variants(shape)
                if variants and all(expand_token_pattern(v) is not None for v in variants):
                    fixed.append((unit_key, [TokenPattern(tokens=v) for v in variants]))
                    fixed_guards[unit_key] = guards
                    matcher = None
                else:
                    matcher = RuleMatcher.build(nlp, [rule], guards={unit_key: guards})
                needs = condition(NEEDS, tuple(getattr(pattern, "needs", ())), unit_key)
                unless = condition(UNLESS, tuple(getattr(pattern, "unless", ())), unit_key)
                strings, stop_words = nlp.vocab.strings, nlp.Defaults.stop_words
                anchors = _anchors(pattern.tokens, strings, stop_words)
                orth = _anchors(pattern.tokens, strings, stop_words, (("ORTH", ORTH),))
                self.units[unit_key] = _Unit(
                    key,
                    matcher,
                    anchors,
                    _longest(tuple(shape), MAX_REPEAT),
                    needs,
                    unless,
                    anchors + orth,
                )
        # Which token-pattern units each anchor word helps: a draft then costs work
        # only for the units whose every anchor it holds, not a Python step per unit.
        self.always: list[str] = []
        self.by_anchor: dict[int, dict[int, list[tuple[str, int]]]] = {
            LOWER: {},
            LEMMA: {},
            ORTH: {},
        }
        self.full: dict[str, int] = {}
        for unit_key, unit in self.units.items():
            if unit.matcher is None:
                continue
            if not unit.required:
                self.always.append(unit_key)
                continue
            self.full[unit_key] = (1 << len(unit.required)) - 1
            for i, (attr, hashes) in enumerate(unit.required):
                for word in hashes:
                    self.by_anchor[attr].setdefault(word, []).append((unit_key, i))
        self.anchor_words = {attr: frozenset(index) for attr, index in self.by_anchor.items()}
        self.anchors = _Anchors(self.by_anchor, nlp.vocab.strings)
        # Phrases and fixed-word patterns of every frame: one PhraseMatcher pass.
        self.fixed = RuleMatcher.build(nlp, fixed, guards=fixed_guards)
        # Sentence conditions of every pattern: one pass, only for drafts that need it.
        self.context = RuleMatcher.build(nlp, context)
        # Tokens in its longest phrase: a pass over some sentences reads this far past.
        self.context_reach = max(
            (len(d) for _, docs in self.context.lemma_docs + self.context.lower_docs for d in docs),
            default=1,
        )

    def __call__(self, doc: Doc) -> list[tuple[FrameToAvoid, Span]]:
        from .compiled import filter_matches  # compiled imports this module

        draft = _Draft(doc, self.anchors)
        found: list[tuple[str, int, int]] = []
        by_unit: dict[str, list[tuple[int, int]]] = defaultdict(list)
        keys = self.fixed.keys
        for match_id, start, end in self.fixed.matches(doc, longest=False):
            key = keys[match_id]
            if key in self.units:
                by_unit[key].append((start, end))
            else:
                found.append((key, start, end))
        for key in self._runnable(draft):
            by_unit[key] += draft.run(self.units[key])
        # Matches whose sentence is judged; the conditions are matched in those
        # sentences only (a whole-draft pass cost more than the rest of the frames).
        judged = {
            key
            for key, spans in by_unit.items()
            if spans and (self.units[key].needs or self.units[key].unless)
        }
        if judged:
            sentence_of = draft.sentence_of.tolist()
            needed = {sentence_of[start] for key in judged for start, _ in by_unit[key]}
            context = draft.context(self.context, needed, self.context_reach)
        for key, spans in by_unit.items():
            unit = self.units[key]
            if key in judged:
                spans = _judged(spans, unit, context, draft.sentence_of)
            found += [(unit.frame_key, start, end) for start, end in spans]
        found.sort(key=lambda match: self.rank[match[0]])  # stable: filter keeps ties
        return [
            (self.frames[key], Span(doc, start, end, label=key))
            for key, start, end in filter_matches(found)
        ]


    def _runnable(self, draft: _Draft) -> list[str]:
        """The token-pattern units whose every required word occurs in the draft (and
        those without any), in library order."""
        held: dict[str, int] = {}
        for attr, index in self.by_anchor.items():
            for word in draft.present(attr):
                for unit_key, i in index[word]:
                    held[unit_key] = held.get(unit_key, 0) | (1 << i)
        ready = {key for key, bits in held.items() if bits == self.full[key]}
        ready.update(self.always)
        return [key for key in self.units if key in ready]


class _Anchors:
    """The anchor words of every unit, as a draft looks for them: lower forms and
    lemmas by their strings (the Doc's TokenTable lists them already), ORTH words by
    hash (a few letters, "F" and "D")."""

    def __init__(self, by_anchor: dict[int, dict[int, Any]], strings: StringStore):
        self.by_string = {
            attr: {strings[h]: h for h in index}
            for attr, index in by_anchor.items()
            if attr in (LOWER, LEMMA)
        }
        self.orth = frozenset(by_anchor.get(ORTH, ()))


class _Draft:
    """Per-draft lookups, each built on first use with one vectorised pass: the
    words present, each token's sentence, and where a set of words occurs."""

    def __init__(self, doc: Doc, anchors: _Anchors | None = None):
        self.doc = doc
        self.anchors = anchors  # None: every word of the draft counts as an anchor
        self._lower = None
        self._words: dict[int, set[int]] = {}
        self._occurrences: dict[int, dict[int, list[int]]] = {}
        self._present: dict[int, set[int]] = {}
        self._where: dict[tuple[int, frozenset[int]], list[int]] = {}
        self._sentence_of = None
        self._bounds = None
        self._first_tokens: list[int] | None = None

    def guard_rows(self):
        """Lemmas and spaces per token (the Doc's TokenTable), for the guard checks."""
        from .compiled import guard_rows  # compiled imports this module

        return guard_rows(self.doc)

    def column(self, attr: int):
        """The hash of ``attr`` (LOWER, LEMMA or ORTH) of every token. LEMMA and ORTH
        come from the columns the TokenTable read; LOWER is asked for only when used."""
        if attr == LOWER:
            if self._lower is None:
                self._lower = self.doc.to_array([LOWER]).reshape(-1)
            return self._lower
        return self._rows()[:, 1 if attr == LEMMA else 0]

    def _rows(self):
        rows = self.guard_rows().rows
        return rows if rows is not None else numpy.zeros((0, 4), dtype=numpy.uint64)

    def words(self, attr: int) -> set[int]:
        if attr not in self._words:
            self._words[attr] = set(self.column(attr).tolist())
        return self._words[attr]

    def occurrences(self, attr: int) -> dict[int, list[int]]:
        """Anchor word (hash) -> the positions of its tokens, for the anchor words of
        ``attr`` the draft holds. Lower forms and lemmas are picked in C from the
        TokenTable's strings (a set or array of every token's hash cost more than the
        rest of the frames); ORTH words (a few letters) by one compare each."""
        found = self._occurrences.get(attr)
        if found is None:
            found = {}
            if self.anchors is None:  # every word
                for i, h in enumerate(self.column(attr).tolist()):
                    found.setdefault(h, []).append(i)
            elif attr == ORTH:
                column = self.column(ORTH)
                for h in self.anchors.orth:
                    at = numpy.flatnonzero(column == numpy.uint64(h))
                    if len(at):
                        found[h] = at.tolist()
            else:
                table = self.guard_rows()
                words = table.lower if attr == LOWER else table.lemma
                by_string = self.anchors.by_string[attr]
                for i in compress(range(len(words)), map(by_string.__contains__, words)):
                    found.setdefault(by_string[words[i]], []).append(i)
            self._occurrences[attr] = found
        return found

    def present(self, attr: int) -> set[int]:
        """The anchor words (hashes) of ``attr`` that the draft holds."""
        found = self._present.get(attr)
        if found is None:
            found = self._present[attr] = set(self.occurrences(attr))
        return found

    @property
    def sentence_of(self):
        """Sentence number of each token (a numpy array)."""
        if self._sentence_of is None:
            self._split()
        return self._sentence_of

    @property
    def bounds(self):
        """(first token, token after the last) of each sentence (numpy arrays)."""
        if self._bounds is None:
            self._split()
        return self._bounds

    def _split(self) -> None:
        starts = self._rows()[:, 3] == 1  # SENT_START, as the TokenTable read it
        if len(starts):
            starts[0] = True
        self._sentence_of = numpy.cumsum(starts) - 1
        first = numpy.flatnonzero(starts)
        self._bounds = (first, numpy.append(first[1:], len(self.doc)))

    def where(self, attr: int, hashes: frozenset[int]) -> list[int]:
        """Token positions holding one of ``hashes``, in order (a list: the few
        positions of a unit's anchor cost less in Python than numpy's calls)."""
        found = self._where.get((attr, hashes))
        if found is None:
            occurrences = self.occurrences(attr)
            held = [occurrences[h] for h in hashes & occurrences.keys()]
            found = held[0] if len(held) == 1 else sorted(chain.from_iterable(held))
            self._where[attr, hashes] = found
        return found

    def holds(self, attr: int, hashes: frozenset[int], a: int, b: int) -> bool:
        """Does a token in [a, b) hold one of ``hashes``?"""
        positions = self.where(attr, hashes)
        i = bisect_left(positions, a)
        return i < len(positions) and positions[i] < b

    def windows(self, unit: _Unit) -> list[tuple[int, int]] | None:
        """Disjoint token ranges the unit must be run over (None: the whole draft)."""
        if not all(not self.present(a).isdisjoint(h) for a, h in unit.anchors):
            return []
        if not unit.anchors:
            return None
        at = min((self.where(a, h) for a, h in unit.anchors), key=len)
        sentences = self.guard_rows().sentences
        if self._first_tokens is None:
            self._first_tokens = [first for first, _ in sentences]
        first_tokens, width = self._first_tokens, unit.width
        out: list[tuple[int, int]] = []
        for p in at:
            # Around each occurrence, no wider than a match and inside its sentence.
            first, after = sentences[bisect_right(first_tokens, p) - 1]
            a, b = max(p - width + 1, first), min(p + width, after)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out

    def run(self, unit: _Unit) -> list[tuple[int, int]]:
        """A token-pattern unit's matches (guards applied), as token ranges of the doc."""
        doc, rm = self.doc, unit.matcher
        windows = self.windows(unit)
        if windows is None:
            return [(start, end) for _, start, end in rm.matches(doc, longest=False)]
        found = []
        for a, b in windows:
            # A match lies inside its window and holds every required word: a window
            # that lacks one is not run (the Matcher builds a Token per token walked).
            if not all(self.holds(attr, h, a, b) for attr, h in unit.required):
                continue
            # Matcher offsets on a Span are relative to the Span.
            for match_id, start, end in rm.tokens(doc[a:b]):
                start, end = a + start, a + end
                if not rm.guards or not rm._guarded(match_id, start, end, self.guard_rows()):
                    found.append((start, end))
        return found

    def context(
        self, matcher, sentences: set[int] | None = None, reach: int = 1
    ) -> dict[tuple[str, int], list[tuple[int, int]]]:
        """Sentence-condition matches by (condition key, sentence number): of every
        sentence, or of ``sentences`` only when the matcher is phrases alone (none
        longer than ``reach`` tokens)."""
        out: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
        keys = matcher.keys
        if sentences is None or len(matcher.tokens) or matcher.guards or matcher.shared:
            hits = matcher.matches(self.doc, longest=False)
        else:
            hits = self._phrase_hits(matcher, sentences, reach)
        # One tolist() for all hits: indexing a numpy array per hit cost more than the hit.
        sentence_of = self.sentence_of.tolist() if hits else []
        for match_id, start, end in hits:
            out[keys[match_id], sentence_of[start]].append((start, end))
        return out

    def _phrase_hits(self, matcher, sentences: set[int], reach: int) -> list[tuple[int, int, int]]:
        """The (id, start, end) phrase hits that start in ``sentences``, as a pass over
        the whole Doc finds them (LEMMA hits, then LOWER hits, each by position). A
        PhraseMatcher given a Span tries each start inside it and reports Doc offsets;
        the Span reaches ``reach`` - 1 tokens past the sentences, so a hit that starts
        in them and runs on is kept whole."""
        first, after = (b.tolist() for b in self.bounds)
        ranges: list[tuple[int, int]] = []
        for k in sorted(sentences):
            if ranges and ranges[-1][1] == first[k]:
                ranges[-1] = (ranges[-1][0], after[k])
            else:
                ranges.append((first[k], after[k]))
        doc, n = self.doc, len(self.doc)
        spans = [(doc[a : min(n, b + reach - 1)], b) for a, b in ranges]
        found: list[tuple[int, int, int]] = []
        for phrases in (matcher.phrase if len(matcher.phrase) else None, matcher.lower_phrase):
            if phrases is not None:
                for span, b in spans:
                    found += [hit for hit in phrases(span) if hit[1] < b]
        return found


def _judged(
    matches: list[tuple[int, int]],
    unit: _Unit,
    context: dict[tuple[str, int], list[tuple[int, int]]],
    sentence_of,
) -> list[tuple[int, int]]:
    """The matches whose sentence meets the unit's conditions: a ``needs`` match
    in the same sentence that is not inside the match, and no ``unless`` match."""
    kept = []
    for start, end in matches:
        sentence = int(sentence_of[start])
        if unit.needs and not any(
            c_start < start or c_end > end
            for c_start, c_end in context.get((unit.needs, sentence), ())
        ):
            continue
        if unit.unless and context.get((unit.unless, sentence)):
            continue
        kept.append((start, end))
    return kept

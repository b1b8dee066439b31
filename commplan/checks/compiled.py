"""Library rules compiled into spaCy matchers, once per (library, pipeline).

Patterns are routed by shape (as medspacy does): a literal phrase goes to a
``PhraseMatcher`` on lemmas, a token-pattern list to a ``Matcher``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from message_library import FrameToAvoid, GlossaryTerm, Library, TokenPattern
from message_library.schema import Guards

from .framematch import FrameMatcher

log = logging.getLogger(__name__)


def phrase_variants(phrase: str) -> set[str]:
    """A phrase as written, plus its hyphen/space twin ("whole child" ~ "whole-child")."""
    out = {phrase}
    if "-" in phrase:
        out.add(phrase.replace("-", " "))
    words = phrase.split()
    if 1 < len(words) <= 3:
        out.add("-".join(words))
    return out


@dataclass
class RuleMatcher:
    """Matches many keyed rules at once; returns non-overlapping spans, longest first.

    ``guards`` maps a key to lemma sequences that cancel a match when they stand
    right after (``followed_by``) or right before (``preceded_by``) it.
    """

    nlp: Language
    phrase: PhraseMatcher
    tokens: Matcher
    keys: dict[int, str] = field(default_factory=dict)
    lower_phrase: PhraseMatcher | None = None
    guards: dict[str, tuple[list[list[str]], list[list[str]]]] = field(default_factory=dict)
    # The phrase patterns as added, (key, docs), so a SharedPhrases can add them too.
    lemma_docs: list[tuple[str, list[Doc]]] = field(default_factory=list)
    lower_docs: list[tuple[str, list[Doc]]] = field(default_factory=list)
    # (SharedPhrases, member number) once a SharedPhrases runs this matcher's phrases.
    shared: tuple[Any, int] | None = None

    @classmethod
    def build(
        cls,
        nlp: Language,
        rules: Iterable[tuple[str, Iterable[str | TokenPattern]]],
        guards: dict[str, Guards] | None = None,
    ):
        phrase = PhraseMatcher(nlp.vocab, attr="LEMMA")
        lower_phrase = PhraseMatcher(nlp.vocab, attr="LOWER")
        tokens = Matcher(nlp.vocab)
        keys: dict[int, str] = {}
        lemma_docs: list[tuple[str, list[Doc]]] = []
        lower_docs: list[tuple[str, list[Doc]]] = []
        lemmatize = nlp.get_pipe("commplan_lemmatizer")
        lemma_guards = {
            key: (
                [_lemmas(nlp, g) for g in guard.followed_by],
                [_lemmas(nlp, g) for g in guard.preceded_by],
            )
            for key, guard in (guards or {}).items()
            if guard.followed_by or guard.preceded_by
        }
        for key, patterns in rules:
            match_id = nlp.vocab.strings.add(key)
            keys[match_id] = key
            phrases: set[str] = set()
            exact: dict[str, set[str]] = {"LEMMA": set(), "LOWER": set()}
            for pattern in patterns:
                if isinstance(pattern, TokenPattern):
                    if _runs_regex(pattern.tokens):
                        log.warning(
                            "library rule %s: token pattern %s skipped; REGEX and FUZZY "
                            "predicates are not run (a regular expression can take "
                            "exponential time on one token). Use LOWER or LEMMA with IN.",
                            key,
                            list(pattern.tokens),
                        )
                        continue
                    token_pattern = [_bounded(_lower_keys(t)) for t in pattern.tokens]
                    expanded = expand_token_pattern(token_pattern)
                    if expanded is None:
                        tokens.add(key, [token_pattern])
                    else:
                        exact[expanded[0]] |= expanded[1]
                else:
                    phrases |= phrase_variants(pattern)
            if phrases | exact["LEMMA"]:
                docs = [lemmatize(nlp.make_doc(p)) for p in sorted(phrases | exact["LEMMA"])]
                phrase.add(key, docs)
                lemma_docs.append((key, docs))
            if exact["LOWER"]:
                docs = [nlp.make_doc(p) for p in sorted(exact["LOWER"])]
                lower_phrase.add(key, docs)
                lower_docs.append((key, docs))
        return cls(
            nlp=nlp,
            phrase=phrase,
            tokens=tokens,
            keys=keys,
            guards=lemma_guards,
            lower_phrase=lower_phrase if len(lower_phrase) else None,
            lemma_docs=lemma_docs,
            lower_docs=lower_docs,
        )

    def __call__(self, doc: Doc, *, longest: bool = True) -> list[tuple[str, Span]]:
        keys = self.keys
        return [
            (keys[match_id], Span(doc, start, end, label=match_id))
            for match_id, start, end in self.matches(doc, longest=longest)
        ]

    def keyed(self, doc: Doc, *, longest: bool = True) -> list[tuple[str, int, int]]:
        """(key, start, end) of each match, as ``__call__`` finds them, without a Span
        each (a Span builds Tokens for its offsets; callers that want offsets or text
        read them from the TokenTable)."""
        keys = self.keys
        return [(keys[m], start, end) for m, start, end in self.matches(doc, longest=longest)]

    def matches(self, doc: Doc, *, longest: bool = True) -> list[tuple[int, int, int]]:
        """(match id, start, end) of each match, as ``__call__`` finds them: Spans are
        made only for the matches kept (a draft has hundreds of overlapping ones)."""
        if self.shared is not None:
            shared, member = self.shared
            lemma_hits, lower_hits = shared.hits(doc, member)
            # Two keys on the same words: take their order from this matcher's own
            # PhraseMatcher (the shared one may list them the other way round), asked
            # about those words only, not the whole Doc again.
            if _tied(lemma_hits):
                lemma_hits = _own_order(lemma_hits, self.phrase, doc)
            if _tied(lower_hits) and self.lower_phrase is not None:
                lower_hits = _own_order(lower_hits, self.lower_phrase, doc)
            raw = [*lemma_hits, *lower_hits]
        else:
            raw = self.phrase(doc) if len(self.phrase) else []
            if self.lower_phrase is not None:
                raw = [*raw, *self.lower_phrase(doc)]
        if len(self.tokens):
            raw = [*raw, *self.tokens(doc)]
        if self.guards and raw:
            table = guard_rows(doc)
            raw = [m for m in raw if not self._guarded(m[0], m[1], m[2], table)]
        if longest:
            raw = filter_matches(raw)
        return raw

    def _guarded(self, match_id: int, start: int, end: int, table) -> bool:
        guard = self.guards.get(self.keys[match_id])
        if guard is None:
            return False
        followed_by, preceded_by = guard
        lemma, space = table.lemma, table.space
        after = [lemma[i] for i in range(end, min(end + 4, len(lemma))) if not space[i]]
        before = [lemma[i] for i in range(max(0, start - 4), start) if not space[i]]
        return any(after[: len(g)] == g for g in followed_by) or any(
            g and before[-len(g) :] == g for g in preceded_by
        )


def _tied(hits: list[tuple[int, int, int]]) -> bool:
    """Do two hits in a row cover the same tokens (PhraseMatcher lists a span's keys
    together)?"""
    return any(a[1] == b[1] and a[2] == b[2] for a, b in pairwise(hits))


def _own_order(hits: list[tuple[int, int, int]], own: PhraseMatcher, doc: Doc) -> list:
    """``hits`` (by start, then end) with each run of hits on the same tokens in the
    order ``own`` gives them. A PhraseMatcher lists the keys of a span together, and
    given a Span it tries each start inside it and reports Doc offsets, so its hits
    on exactly those tokens are the run, in its own order."""
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(hits):
        j = i + 1
        while j < len(hits) and hits[j][1:] == hits[i][1:]:
            j += 1
        if j - i == 1:
            out.append(hits[i])
        else:
            start, end = hits[i][1], hits[i][2]
            out += [h for h in own(doc[start:end]) if h[1] == start and h[2] == end]
        i = j
    return out


class SharedPhrases:
    """The phrase patterns of many RuleMatchers in one LEMMA and one LOWER
    PhraseMatcher: each pass walks the whole Doc, so one pass per Doc (kept with the
    Doc) replaces one per matcher. Each member gets exactly the (id, start, end) hits
    its own matchers return, in the same order: by start, then end; where two keys
    of one member cover the same tokens, the member asks its own matcher. Matchers
    that share a key with another are left to run alone."""

    def __init__(self, nlp: Language, matchers: Iterable[RuleMatcher]):
        matchers = list(matchers)
        seen: dict[int, int] = {}
        for rm in matchers:
            for match_id in rm.keys:
                seen[match_id] = seen.get(match_id, 0) + 1
        self.members = [rm for rm in matchers if all(seen[m] == 1 for m in rm.keys)]
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.owner: dict[int, int] = {}
        for member, rm in enumerate(self.members):
            for match_id in rm.keys:
                self.owner[match_id] = member
            for key, docs in rm.lemma_docs:
                self.lemma.add(key, docs)
            for key, docs in rm.lower_docs:
                self.lower.add(key, docs)
            rm.shared = (self, member)
        self.user_key = f"commplan_phrases_{id(self)}"

    def hits(self, doc: Doc, member: int) -> tuple[list, list]:
        """(LEMMA hits, LOWER hits) of one member in ``doc``."""
        found = doc.user_data.get(self.user_key)
        if found is None or found[0] != len(doc):
            groups: list[tuple[list, list]] = [([], []) for _ in self.members]
            owner = self.owner
            if len(self.lemma):
                for hit in self.lemma(doc):
                    groups[owner[hit[0]]][0].append(hit)
            if len(self.lower):
                for hit in self.lower(doc):
                    groups[owner[hit[0]]][1].append(hit)
            found = doc.user_data[self.user_key] = (len(doc), groups)
        return found[1][member]


def filter_matches(matches: Iterable[tuple[Any, int, int]]) -> list[tuple[Any, int, int]]:
    """``spacy.util.filter_spans`` on (label, start, end) tuples, with the same order
    and ties: the longest match wins, then the earliest, then the first given."""
    ordered = sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
    result = []
    seen: set[int] = set()
    for match in ordered:
        _, start, end = match
        if start not in seen and end - 1 not in seen:
            result.append(match)
            seen.update(range(start, end))
    result.sort(key=lambda m: m[1])
    return result


def guard_rows(doc: Doc):
    """Lemmas and spaces of every token, for the guards: the Doc's TokenTable, built
    once per Doc (guards look at a few neighbours of each match, and converting the
    whole Doc to lists for every matcher cost more than the matching)."""
    from .context import TokenTable  # context imports this module

    return TokenTable.of(doc)


def expand_token_pattern(
    pattern: list[dict[str, Any]], limit: int = 500
) -> tuple[str, set[str]] | None:
    """A token pattern of fixed words, e.g. [{LOWER: vulnerable}, {LOWER: {IN: [student,
    students]}}], as the phrases it stands for, so a fast ``PhraseMatcher`` can run it
    instead of spaCy's token ``Matcher`` (slow with ``IN`` sets). Returns
    (attribute, phrases), or None when the pattern has operators or mixes LEMMA with
    LOWER. ORTH is allowed for punctuation only, which is the same in either attribute."""
    attr: str | None = None
    options: list[list[str]] = []
    for token in pattern:
        keys = set(token)
        if len(keys) != 1:
            return None
        (name,) = keys
        value = token[name]
        if name == "ORTH" and isinstance(value, str) and not value.isalnum():
            options.append([value])
            continue
        if name not in ("LOWER", "LEMMA") or (attr is not None and attr != name):
            return None
        attr = name
        if isinstance(value, str):
            options.append([value])
        elif isinstance(value, dict) and set(value) == {"IN"}:
            options.append([str(v) for v in value["IN"]])
        else:
            return None
    if attr is None:
        return None
    phrases = [""]
    for choice in options:
        phrases = [f"{p} {c}".strip() for p in phrases for c in choice]
        if len(phrases) > limit:
            return None
    return attr, set(phrases)


# spaCy's Matcher keeps every partial match alive while an unbounded operator
# ("*", "+", "{2,}") can still extend it: [a, *, b] on a draft with many "a" and
# no "b" is quadratic (5,000 "a" took 6 s). Library patterns repeat a token at
# most MAX_REPEAT times, which keeps matching linear.
MAX_REPEAT = 8
_UNBOUNDED_OPS = {"*": f"{{0,{MAX_REPEAT}}}", "+": f"{{1,{MAX_REPEAT}}}"}


def _bounded(token_pattern: dict[str, Any]) -> dict[str, Any]:
    op = token_pattern.get("OP")
    if not isinstance(op, str):
        return token_pattern
    if op in _UNBOUNDED_OPS:
        return {**token_pattern, "OP": _UNBOUNDED_OPS[op]}
    if op.startswith("{") and op.endswith(",}"):  # "{n,}"
        low = int(op[1:-2] or 0)
        return {**token_pattern, "OP": f"{{{low},{max(low, MAX_REPEAT)}}}"}
    return token_pattern


def _runs_regex(tokens: Iterable[dict[str, Any]]) -> bool:
    """Does a token pattern use spaCy's REGEX or FUZZY predicates anywhere?"""

    def walk(value: Any) -> bool:
        if isinstance(value, dict):
            return any(
                (isinstance(k, str) and k.upper().startswith(("REGEX", "FUZZY"))) or walk(v)
                for k, v in value.items()
            )
        if isinstance(value, (list, tuple)):
            return any(walk(v) for v in value)
        return False

    return any(walk(t) for t in tokens)


def _lower_keys(token_pattern: dict[str, Any]) -> dict[str, Any]:
    """Library authors write LEMMA: "Epidemic"; our lemmas are lower case."""
    out = dict(token_pattern)
    for attr in ("LEMMA", "LOWER"):
        value = out.get(attr)
        if isinstance(value, str):
            out[attr] = value.lower()
        elif isinstance(value, dict) and "IN" in value:
            out[attr] = {**value, "IN": [v.lower() for v in value["IN"]]}
    return out


class CompiledLibrary:
    """Everything the checks need from a library, ready to run."""

    def __init__(self, library: Library, nlp: Language):
        self.library = library
        self.jargon_entries: dict[str, GlossaryTerm] = {
            f"glossary:{t.id}": t for t in library.jargon_terms
        }
        written = {p.lower() for t in library.jargon_terms for p in (t.term, *t.variants)}
        self.jargon = RuleMatcher.build(
            nlp,
            [
                (
                    key,
                    (
                        *hyphen_forms((t.term, *t.variants, *reordered(t))),
                        *related_forms(t, written),
                        *t.patterns,
                    ),
                )
                for key, t in self.jargon_entries.items()
            ],
        )
        self.rejected = RuleMatcher.build(
            nlp, [(f"reject:{term.lower()}", [term]) for term in library.vocab.reject]
        )
        self.accepted = {term.lower() for term in library.vocab.accept}
        # Words the rare-word check leaves alone: accepted words and known forms.
        self.known_words = frozenset(
            self.accepted | {a.lower() for a in library.known_acronyms}
        )
        self.acronyms = library.acronyms
        self.known_acronyms = set(library.known_acronyms) | set(library.vocab.accept)
        self.values = RuleMatcher.build(nlp, [(f"value:{v.id}", v.cues) for v in library.values])
        self.key_messages = RuleMatcher.build(
            nlp, [(f"message:{m.id}", m.cues) for m in library.key_messages]
        )
        self.preferred = RuleMatcher.build(
            nlp,
            [(f"preferred:{p.id}", p.avoid) for p in library.preferred_terms],
            guards={f"preferred:{p.id}": p.guards for p in library.preferred_terms},
        )
        self.frames_by_key: dict[str, FrameToAvoid] = {
            f"frame:{f.id}": f for f in library.frames_to_avoid
        }
        self.frames = FrameMatcher(library.frames_to_avoid, nlp)
        self.cues: dict[str, RuleMatcher] = {
            c.id: RuleMatcher.build(
                nlp, [(f"cue:{c.id}", c.phrases)], guards={f"cue:{c.id}": c.guards}
            )
            for c in library.cue_sets
        }
        # The action verbs' words, for the engagement check's imperatives (made once,
        # not read from the library's cue sets for every draft).
        self.action_verbs = frozenset(
            p.lower()
            for c in library.cue_sets
            if c.id == "action_verbs"
            for p in c.phrases
            if isinstance(p, str)
        )
        self.style_rules = {f"style:{r.id}": r for r in library.style_rules}
        self.style = RuleMatcher.build(
            nlp, [(key, r.patterns()) for key, r in self.style_rules.items()]
        )
        # One phrase pass per Doc for all of them (the frames' sentence conditions run
        # only for drafts that need them, so they keep their own).
        self.shared = SharedPhrases(
            nlp,
            [
                self.jargon,
                self.rejected,
                self.values,
                self.key_messages,
                self.preferred,
                self.frames.fixed,
                *self.cues.values(),
                self.style,
            ],
        )
        # Content lemmas of each key message's statement and proof points, for alignment.
        self.message_terms: dict[str, tuple[frozenset[str], list[frozenset[str]]]] = {
            m.id: (
                content_lemmas(nlp, m.statement),
                [content_lemmas(nlp, p) for p in m.proof_points],
            )
            for m in library.key_messages
        }
        self.plain_words: dict[str, tuple[str, ...]] = {
            t.term.lower(): t.plain for t in library.jargon_terms if t.plain and " " not in t.term
        }

    def cue_spans(self, cue_set: str, doc: Doc) -> list[Span]:
        """Matches of one cue set (empty when the library has no such set)."""
        matcher = self.cues.get(cue_set)
        return [span for _, span in matcher(doc)] if matcher else []

    def cue_chars(self, cue_set: str, doc: Doc) -> list[tuple[int, int]]:
        """(start_char, end_char) of each match of one cue set, as ``cue_spans``
        finds them, read from the TokenTable instead of a Span each."""
        matcher = self.cues.get(cue_set)
        if not matcher:
            return []
        table = guard_rows(doc)
        return [(table.idx[a], table.end_char(b - 1)) for _, a, b in matcher.matches(doc)]

    def frame_matches(self, doc: Doc) -> list[tuple[FrameToAvoid, Span]]:
        """Frames to avoid found in ``doc``, minus matches a guard word cancels
        ("crisis hotline" in a safety message is not crisis framing) and
        conditional patterns whose sentence does not meet their conditions."""
        return self.frames(doc)


_NOT_CONTENT = frozenset(
    "a an the of to in on for and or with by at as is be it this that your our their".split()
)


_ADJECTIVE_ENDINGS = ("ive", "al", "ed", "ic", "ous", "ful", "ary", "ent", "ant", "er", "ly")


def reordered(term: GlossaryTerm) -> list[str]:
    """The other safe word order of a two-word term or its "of" form: "implementation
    fidelity" ~ "fidelity of implementation", "data use" ~ "use of data". Only plain
    content words, so a wordy phrase ("a number of") is never turned around."""
    if term.is_acronym or term.category == "wordy-phrase":
        return []
    out: list[str] = []
    for phrase in (term.term, *term.variants):
        words = phrase.lower().split()
        if any(w in _NOT_CONTENT or not w.replace("-", "").isalpha() for w in words[::2]):
            continue
        if len(words) == 2:
            if not words[0].endswith(_ADJECTIVE_ENDINGS):  # "summative assessment" stays
                out.append(f"{words[1]} of {words[0]}")
        elif len(words) == 3 and words[1] == "of":
            out.append(f"{words[2]} {words[0]}")
    return out


def hyphen_forms(phrases: Iterable[str], max_words: int = 4) -> list[str]:
    """Each phrase with every mix of hyphens and spaces between its words, up to
    ``max_words`` words: "social emotional learning" ~ "social-emotional learning" ~
    "social emotional-learning" (writers hyphenate compound modifiers freely)."""
    out: list[str] = []
    for phrase in phrases:
        words = phrase.replace("-", " ").split()
        if not 1 < len(words) <= max_words:
            out.append(phrase)
            continue
        forms = [words[0]]
        for word in words[1:]:
            forms = [f"{f}{sep}{word}" for f in forms for sep in (" ", "-")]
        out += [phrase, *(f for f in forms if f != phrase)]
    return list(dict.fromkeys(out))


# Derivational pairs: a glossary verb stands for its noun ("facilitate" ~
# "facilitation", "prioritize" ~ "prioritization"). Tried on one-word terms only, and a
# derived form is kept only when it is a real English word (in the frequency list) and
# no other entry names it. Not the other way: the technical sense of an education noun
# lives in the noun ("an assessment" is a standardised test, "accommodations" are a
# disability plan's supports), while its verb is everyday English ("assess a danger",
# "accommodate requests", "designated tables", "an enriching day"). Measured on the
# family letters of the eight used corpora: noun-to-verb forms were 5 labelled and 8
# unlabelled flags (a coin toss); without them, 11 of 1,208 labelled phrases are missed.
_DERIVATIONS = (
    ("ize", "ization"),
    ("ate", "ation"),
    ("ism", "ist"),
)
MIN_RELATED_ZIPF = 2.5


def related_forms(
    term: GlossaryTerm, written: set[str] | frozenset[str] = frozenset()
) -> list[str]:
    """Other members of a one-word glossary term's word family (see ``_DERIVATIONS``).
    A form much more common than the term is an everyday word of its own
    ("appropriation" -> "appropriate"), and is left out."""
    from .wordfreq_layer import frequencies

    if term.is_acronym:
        return []
    table = frequencies()
    out: list[str] = []
    for phrase in (term.term, *term.variants):
        word = phrase.lower()
        if not word.isalpha():
            continue
        for old, new in _DERIVATIONS:
            if not word.endswith(old) or len(word) - len(old) < 4:
                continue
            form = word[: len(word) - len(old)] + new
            zipf = table.get(form, 0.0)
            if (
                form not in written
                and form not in out
                and MIN_RELATED_ZIPF <= zipf <= table.get(word, 0.0) + 0.5
            ):
                out.append(form)
    return out


def content_lemmas(nlp: Language, text: str) -> frozenset[str]:
    """Lemmas of the words that carry meaning (no stop words, numbers or punctuation)."""
    doc = nlp.get_pipe("commplan_lemmatizer")(nlp.make_doc(text))
    return doc_content_lemmas(doc)


def doc_content_lemmas(doc: Doc) -> frozenset[str]:
    return frozenset(t.lemma_ for t in doc if t.is_alpha and not t.is_stop and len(t) > 2)


def _lemmas(nlp: Language, phrase: str) -> list[str]:
    doc = nlp.get_pipe("commplan_lemmatizer")(nlp.make_doc(phrase))
    return [t.lemma_ for t in doc if not t.is_space]


_cache: dict[tuple[str, int], CompiledLibrary] = {}
_lock = threading.Lock()


def compile_library(library: Library, nlp: Language) -> CompiledLibrary:
    """Compiled matchers, cached by library content and pipeline (Streamlit reruns hit this)."""
    key = (library.fingerprint, id(nlp))
    with _lock:
        compiled = _cache.get(key)
        if compiled is None:
            if len(_cache) > 16:
                _cache.clear()
            compiled = _cache[key] = CompiledLibrary(library, nlp)
        return compiled

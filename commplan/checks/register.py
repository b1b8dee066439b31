"""Register: formal and institutional wording that no glossary lists word by word.

General rules (data in ``message_library/default/register/``), for readers
of plain English only (audiences that tolerate no glossary category but acronyms,
as for abstract-noun stacks):

- ``jargon.register.formal_word``: a formal word with a plain alternative, from the
  federal plain language guidelines' "Use simple words and phrases" list and
  similar published lists ("reside" -> "live", "pertaining to" -> "about"), matched
  on lemmas. A single word counts only when it is less common than
  ``FORMAL_MAX_ZIPF`` in general English, as written and as its lemma: "provide"
  and "regarding" are on those lists but every family reads them.
- ``jargon.register.shell_compound``: an abstract modifier before an abstract
  container noun ("growth expectations", "reporting requirements", "focus areas").
- ``jargon.register.buzz_verb``: a buzzword verb with an abstract object a few
  words on ("elevate student performance", "foster a positive environment").
- ``jargon.register.buzz_adjective``: a buzzword adjective before an abstract noun
  ("transformative change"); ``jargon.register.abstract_pair``: two abstract
  institutional nouns joined by "and" ("culture and climate").

All are suggestions in category ``jargon``: the reader may not follow the word,
and a plain one exists. Words already flagged by the glossary, a wordy phrase or
the frequency layer are left to those findings; a word in the team's
``vocab.accept`` is never flagged. Each wording is flagged once, at its first use.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress

from spacy.tokens import Doc
from spacy.vocab import Vocab

from message_library.register import (
    AbstractPairRule,
    BuzzVerbRule,
    FormalWord,
    RegisterRules,
    ShellCompoundRule,
    load_register_rules,
)

from ..nlp import lemma_table
from .context import CheckContext, TokenTable
from .findings import Severity
from .wordfreq_layer import zipf_frequency

RULE = "jargon.register"
SOURCE_FORMAL = "Federal plain language guidelines: use simple words and phrases"
SOURCE_SHELL = "Plain-language guidance: abstract nouns"
SOURCE_BUZZ = "Plain-language guidance: corporate buzzwords"

# A single formal word is flagged only when rarer than this (Zipf: log10 of uses per
# billion words), both as written and as its lemma. Measured on the six labelled
# corpora (dev, holdout, holdout2-5) over a candidate list of about 200 words: under
# 4.0, labelled uses outnumber unlabelled uses in plain family letters by about five
# to one (the exceptions, such as "notify" and "anticipate", are left off the list);
# at 4.0-4.9 ("remainder", "mandate", "assist", "ensure", "require") unlabelled
# uses in family letters outnumber labelled ones, up to 24 to 0.
FORMAL_MAX_ZIPF = 4.0


@dataclass(frozen=True)
class Hit:
    rule: str  # the rule id's last part
    key: str  # the wording, once per text
    start: int  # token indices [start, end)
    end: int
    message: str
    suggestion: str
    source: str


def _quote_list(options: tuple[str, ...]) -> str:
    quoted = [f"'{o}'" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


def word_lemma(word: str) -> str:
    word = word.lower()
    return lemma_table().get(word, word)


def formal_word_counts(word: str) -> bool:
    """Is a single-word entry rare enough to flag (under ``FORMAL_MAX_ZIPF``)?"""
    return zipf_frequency(word, word_lemma(word)) < FORMAL_MAX_ZIPF and (
        zipf_frequency(word_lemma(word)) < FORMAL_MAX_ZIPF
    )


class CompiledRegister:
    """The register rules ready to run on one pipeline's Docs."""

    def __init__(self, rules: RegisterRules, vocab: Vocab):
        self.rules = rules
        self.vocab = vocab
        self.single: dict[str, FormalWord] = {}
        # Phrases, checked in place around their rarest word: (entry, words to compare,
        # position of the anchor in the phrase, compare lower-case forms or lemmas).
        self.phrase_specs: dict[str, list[tuple[FormalWord, tuple[str, ...], int, bool]]] = {}
        for entry in rules.formal_words:
            words = entry.word.lower().split()
            if len(words) == 1:
                if formal_word_counts(entry.word):
                    self.single[word_lemma(entry.word)] = entry
                continue
            lemmas = [word_lemma(w) for w in words]
            at = min(range(len(words)), key=lambda k: (zipf_frequency(words[k]), -len(words[k])))
            compare = tuple(words) if entry.as_written else tuple(lemmas)
            spec = (entry, compare, at, entry.as_written)
            self.phrase_specs.setdefault(lemmas[at], []).append(spec)
        self.shells = [_Shell(rule) for rule in rules.shell_compounds]
        self.buzz = [_Buzz(rule) for rule in rules.buzz_verbs]
        self.pairs = [_Pair(rule) for rule in rules.abstract_pairs]
        # Every lemma a rule starts from: one pass over the lemmas finds the few
        # tokens worth a look.
        anchors = set(self.single) | set(self.phrase_specs)
        if self.single:
            anchors.add("-")  # a formal word written with a hyphen
        for shell in self.shells:
            anchors |= shell.head_lemmas
        for buzz in self.buzz:
            anchors |= buzz.verbs
        for pair in self.pairs:
            anchors |= pair.nouns
        self.anchors = frozenset(anchors)

    def hits(self, ctx: CheckContext) -> list[Hit]:
        return self.raw_hits(ctx.text, ctx.doc, ctx.tokens)

    def raw_hits(self, text: str, doc: Doc, tokens: TokenTable) -> list[Hit]:
        """Every rule's matches, overlapping, before findings are chosen."""
        anchors = self.anchors
        # The tokens whose lemma is an anchor, picked in C (no Python step per token).
        lemma = tokens.lemma
        candidates = list(compress(range(len(lemma)), map(anchors.__contains__, lemma)))
        if not candidates:
            return []
        found = list(self._formal(text, doc, tokens, candidates))
        for shell in self.shells:
            found += shell.hits(text, tokens, candidates)
        for buzz in self.buzz:
            found += buzz.hits(text, tokens, candidates)
        for pair in self.pairs:
            found += pair.hits(text, tokens, candidates)
        return found

    def _formal(
        self, text: str, doc: Doc, tokens: TokenTable, candidates: list[int]
    ) -> Iterator[Hit]:
        single = self.single
        lower = tokens.lower
        for i in candidates:
            if lower[i] == "-":
                # "pre-determined", "multi-faceted": the word written with a hyphen.
                if not (0 < i < len(lower) - 1 and _glued(tokens, i - 1) and _glued(tokens, i)):
                    continue
                if not (tokens.alpha[i - 1] and tokens.alpha[i + 1]):
                    continue
                joined = lower[i - 1] + lower[i + 1]
                entry = single.get(word_lemma(joined))
                if entry is not None and zipf_frequency(joined) < FORMAL_MAX_ZIPF:
                    yield _formal_hit(entry, i - 1, i + 2, joined)
                continue
            entry = single.get(tokens.lemma[i])
            if entry is None or zipf_frequency(lower[i]) >= FORMAL_MAX_ZIPF:
                continue
            if _in_name(text, tokens, i):
                continue
            yield _formal_hit(entry, i, i + 1, lower[i])
        specs = self.phrase_specs
        for i in candidates:
            for entry, compare, at, as_written in specs.get(tokens.lemma[i], ()):
                start, end = i - at, i - at + len(compare)
                if start < 0 or end > len(lower):
                    continue
                words = lower[start:end] if as_written else tokens.lemma[start:end]
                if tuple(words) == compare:
                    yield _formal_hit(entry, start, end, entry.id)


def _title(text: str, tokens: TokenTable, i: int) -> bool:
    start = tokens.idx[i]
    word = text[start : start + tokens.length[i]]
    return tokens.alpha[i] and word[:1].isupper()


def _in_name(text: str, tokens: TokenTable, i: int) -> bool:
    """Is token ``i`` a capitalised word next to another (a name or title:
    "Supplemental Nutrition Assistance Program")?"""
    if not _title(text, tokens, i):
        return False
    before = i > 0 and _title(text, tokens, i - 1) and _glued_by_space(text, tokens, i - 1)
    after = i + 1 < len(tokens.lower) and _title(text, tokens, i + 1)
    return before or (after and _glued_by_space(text, tokens, i))


def _glued_by_space(text: str, tokens: TokenTable, k: int) -> bool:
    """Do tokens ``k`` and ``k + 1`` stand on one line, one space apart at most?"""
    gap = text[tokens.end_char(k) : tokens.idx[k + 1]]
    return gap in ("", " ")


def _formal_hit(entry: FormalWord, start: int, end: int, form: str) -> Hit:
    return Hit(
        "formal_word",
        form,
        start,
        end,
        "is formal wording; a plain word reads more easily.",
        f"Try {_quote_list(entry.plain)}.",
        SOURCE_FORMAL,
    )


def _suffixed(lemma: str, suffixes: tuple[str, ...]) -> bool:
    return any(lemma.endswith(s) and len(lemma) >= len(s) + 4 for s in suffixes)


def _lowercase(text: str, tokens: TokenTable, i: int) -> bool:
    start = tokens.idx[i]
    return text[start : start + tokens.length[i]].islower()


class _Shell:
    def __init__(self, rule: ShellCompoundRule):
        self.rule = rule
        self.heads = frozenset(rule.heads)
        # A head listed as a form ("supports") is found through its lemma.
        self.head_lemmas = frozenset(word_lemma(h) for h in rule.heads)
        self.modifiers = frozenset(rule.modifiers)
        self.suffixes = tuple(rule.modifier_suffixes)
        self.not_modifiers = frozenset(rule.not_modifiers)
        self.hyphen_endings = frozenset(rule.hyphenated_endings)
        self._verdicts: dict[str, bool] = {}

    def modifier(self, lemma: str, lower: str) -> bool:
        verdict = self._verdicts.get(lower)
        if verdict is None:
            if len(self._verdicts) > 10_000:
                self._verdicts.clear()
            excluded = lemma in self.not_modifiers or lower in self.not_modifiers
            listed = lower in self.modifiers or lemma in self.modifiers
            verdict = self._verdicts[lower] = not excluded and (
                listed or _suffixed(lower, self.suffixes)
            )
        return verdict

    def head(self, lemma: str, lower: str) -> bool:
        """A container noun, singular or plural ("targeted" is not "target"); a head
        listed in the plural ("supports") matches only the plural."""
        if lower in self.heads:
            return True
        return lemma in self.heads and (lower == lemma or not lower.endswith(("ed", "ing")))

    def hits(self, text: str, tokens: TokenTable, candidates: list[int]) -> Iterator[Hit]:
        lemma, lower, alpha = tokens.lemma, tokens.lower, tokens.alpha
        starts = [s for s, _ in tokens.sentences]
        for i in candidates:
            if not self.head(lemma[i], lower[i]):
                continue
            sentence_start = starts[bisect_right(starts, i) - 1]
            first = i
            while first > sentence_start and i - first < 4:
                k = first - 1
                if k < 2 or lower[k - 1] != "-":  # the common case: no hyphen compound
                    if alpha[k] and self.modifier(lemma[k], lower[k]):
                        first = k
                        continue
                    break
                before = self._modifier_start(tokens, k)
                if before is None:
                    break
                first = before
            if first == i:
                continue
            if not all(
                _lowercase(text, tokens, k) for k in range(first, i + 1) if tokens.alpha[k]
            ):
                continue  # a name ("Performance Index") or a title-case heading
            yield Hit(
                self.rule.id,
                " ".join(lemma[first : i + 1]),
                first,
                i + 1,
                self.rule.message,
                self.rule.suggestion,
                SOURCE_SHELL,
            )

    def _modifier_start(self, tokens: TokenTable, k: int) -> int | None:
        """First token of the modifier that ends at token ``k`` and is glued to the
        next token by a space only, or None: a listed or suffixed word, or a listed
        hyphenated compound ("data-driven") or one with a listed ending ("grade-level")."""
        if not tokens.alpha[k] or tokens.space[k]:
            return None
        start = k
        while (
            start >= 2
            and tokens.lower[start - 1] == "-"
            and tokens.alpha[start - 2]
            and _glued(tokens, start - 2)
            and _glued(tokens, start - 1)
        ):
            start -= 2
        if start < k:
            joined = "".join(tokens.lower[start : k + 1])
            if joined in self.not_modifiers:
                return None
            listed = joined in self.modifiers or tokens.lower[k] in self.hyphen_endings
            return start if listed else None
        return k if self.modifier(tokens.lemma[k], tokens.lower[k]) else None


def _glued(tokens: TokenTable, k: int) -> bool:
    """Does token ``k`` touch token ``k + 1`` (no space between)?"""
    return tokens.idx[k] + tokens.length[k] == tokens.idx[k + 1]


class _Buzz:
    def __init__(self, rule: BuzzVerbRule):
        self.rule = rule
        self.verbs = frozenset(rule.verbs)
        self.objects = frozenset(rule.objects)
        self.suffixes = tuple(rule.object_suffixes)
        self.not_objects = frozenset(rule.not_objects)
        self.between = frozenset(rule.between)

    def object(self, lemma: str, lower: str) -> bool:
        if lemma in self.not_objects or lower in self.not_objects:
            return False
        return lemma in self.objects or _suffixed(lemma, self.suffixes)

    def hits(self, text: str, tokens: TokenTable, candidates: list[int]) -> Iterator[Hit]:
        lemma, lower, alpha, stop = tokens.lemma, tokens.lower, tokens.alpha, tokens.stop
        n = len(lemma)
        for i in [i for i in candidates if lemma[i] in self.verbs]:
            j = i + 1
            while j < n and j <= i + self.rule.window:
                if tokens.space[j]:
                    j += 1
                    continue
                if not alpha[j] and lower[j] != "-":
                    break
                if self.object(lemma[j], lower[j]):
                    yield Hit(
                        self.rule.id,
                        f"{lemma[i]} {lemma[j]}",
                        i,
                        j + 1,
                        self.rule.message,
                        self.rule.suggestion,
                        SOURCE_BUZZ,
                    )
                    break
                if stop[j] and lower[j] not in self.between:
                    break  # "drive to school", "engage with": not a verb + object
                j += 1


class _Pair:
    def __init__(self, rule: AbstractPairRule):
        self.rule = rule
        self.nouns = frozenset(rule.nouns)

    def hits(self, text: str, tokens: TokenTable, candidates: list[int]) -> Iterator[Hit]:
        lemma, lower = tokens.lemma, tokens.lower
        n = len(lemma)
        for i in candidates:
            j = i + 2
            if j >= n or lemma[i] not in self.nouns or lower[i + 1] not in ("and", "&"):
                continue
            if lemma[j] not in self.nouns or lemma[j] == lemma[i]:
                continue
            if all(_lowercase(text, tokens, k) for k in (i, j)):
                yield Hit(
                    self.rule.id,
                    f"{lemma[i]} and {lemma[j]}",
                    i,
                    j + 1,
                    self.rule.message,
                    self.rule.suggestion,
                    SOURCE_SHELL,
                )


_lock = threading.Lock()
_cache: dict[int, CompiledRegister] = {}


def compiled_register(vocab: Vocab, rules: RegisterRules | None = None) -> CompiledRegister:
    """The default rules compiled once per vocabulary (other rules: compiled each call)."""
    if rules is not None:
        return CompiledRegister(rules, vocab)
    with _lock:
        found = _cache.get(id(vocab))
        if found is None or found.vocab is not vocab:
            if len(_cache) > 16:
                _cache.clear()
            found = _cache[id(vocab)] = CompiledRegister(load_register_rules(), vocab)
        return found


def general_reader(ctx: CheckContext) -> bool:
    return not any(c != "acronym" for c in ctx.audience.jargon_tolerance.categories)


def run(ctx: CheckContext, register: CompiledRegister | None = None) -> None:
    if not general_reader(ctx) or not len(ctx.doc):
        return
    register = register or compiled_register(ctx.doc.vocab)
    tokens = ctx.tokens
    taken = _merged(
        (f.start, f.end)
        for f in ctx.sink.findings
        if f.category == "jargon" or f.rule == "style.wordy_phrase"
    )
    accepted = ctx.compiled.known_words
    seen: set[tuple[str, str]] = set()
    hits = sorted(register.hits(ctx), key=lambda h: (h.start, -h.end))
    last_end = -1
    for hit in hits:
        start, end = tokens.idx[hit.start], tokens.end_char(hit.end - 1)
        if start < last_end or _covered(start, end, taken):
            continue
        words = {tokens.lower[k] for k in range(hit.start, hit.end)}
        if ctx.text[start:end].lower() in accepted or words & accepted:
            continue
        if (hit.rule, hit.key) in seen:
            continue
        seen.add((hit.rule, hit.key))
        last_end = end
        ctx.sink.add(
            f"{RULE}.{hit.rule}",
            "jargon",
            Severity.suggestion,
            start,
            end,
            f"'{ctx.sink.text[start:end]}' {hit.message}",
            hit.suggestion,
            source=hit.source,
        )


def _merged(spans) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _covered(start: int, end: int, merged: list[tuple[int, int]]) -> bool:
    """Does [start, end) overlap one of the disjoint, sorted ``merged`` spans?"""
    i = bisect_right(merged, (start, float("inf"))) - 1
    if i >= 0 and merged[i][1] > start:
        return True
    return i + 1 < len(merged) and merged[i + 1][0] < end


def rule_complains(section: str, entry, text: str, nlp) -> bool:
    """Does this one register rule (alone) flag ``text``? For running its examples."""
    rules = RegisterRules.model_validate({section: [entry]})
    doc = nlp(text)
    ctx_tokens = TokenTable.from_doc(doc)
    register = CompiledRegister(rules, doc.vocab)
    return bool(register.raw_hits(text, doc, ctx_tokens))

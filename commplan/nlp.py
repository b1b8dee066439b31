"""Build the spaCy pipeline once per process.

The default pipeline needs no download: ``spacy.blank("en")`` + a sentence
splitter (spaCy's Sentencizer rule plus blank lines and list items) + a
case-insensitive lookup lemmatizer whose table comes from the
official ``spacy-lookups-data`` package. A trained pipeline can be named in
``COMMPLAN_SPACY_MODEL`` (for parser-based checks); nothing requires one.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from functools import lru_cache
from importlib import resources

import numpy
import spacy
from spacy.attrs import IDX, IS_PUNCT, LEMMA, LOWER, NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

MODEL_ENV = "COMMPLAN_SPACY_MODEL"

# Lone surrogates ("\ud800") cannot be encoded, and spaCy hashes every string as
# UTF-8. Each one becomes U+FFFD: one character for one, so offsets do not move.
_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (same length, same offsets)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


# spaCy's tokenizer strips prefixes and suffixes from a whitespace-free run one
# at a time, re-running its affix regexes over the rest each time: on a run of
# "(", quotes or emoji that is worse than quadratic (2,000 "(" take about 1 s).
# Runs longer than MAX_RUN are never prose; they are cut into tokens here instead.
# A link (http://, https://, www.) up to MAX_LINK characters still goes to spaCy,
# which keeps it whole.
MAX_RUN = 100
MAX_LINK = 2048
CHUNK = 64
# A long run starts where the previous character is not part of it, so each
# character is looked at once: linear in the text.
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN + 1}}}\S*+")
_LINK_START = re.compile(r"(?:https?://|www\.)[^\W_]", re.IGNORECASE)
# Closing punctuation kept as tokens of its own at the end of a long run, so a
# sentence that ends with a long run still ends there.
_RUN_TAIL = re.compile(r"[^\w\s]{1,8}+$")
# A whitespace-delimited word of symbols only (brackets, quotes, emoji, rules like
# "-----"): one token, as spaCy makes of "....." or "-----". spaCy's affix rules
# would otherwise split it one character at a time (about 25 µs a split for a
# string it has not seen), so a page of such words took 3x the time of prose.
SYMBOL_RUN = 5
_SYMBOL_RUN = re.compile(rf"(?<!\S)(?:[^\w\s]|_){{{SYMBOL_RUN},{MAX_RUN}}}+(?!\S)")


class TailSearch:
    """spaCy's suffix search, looking at the end of a string first.

    The suffix regex ends in ``$`` but ``re`` still tries it at every position,
    so each call costs the length of the string (about 1 µs a character), and
    the tokenizer calls it once per suffix it strips. Searching from
    ``WINDOW`` characters before the end gives the same match unless a match
    could start further left, which shows as a match at the window's first
    character: only then is the whole string searched. The results are the same
    as spaCy's (tests/test_hostile_input.py compares them).
    """

    WINDOW = 16

    def __init__(self, search) -> None:
        self.search = search

    def __call__(self, string: str):
        start = len(string) - self.WINDOW
        if start <= 0:
            return self.search(string)
        match = self.search(string, start)
        if match is not None and match.start() == start:
            return self.search(string)
        return match


# The text of a Doc, kept by the tokenizer: ``Doc.text`` joins every token (about 1 s
# on 1 MB), and the sentence splitter needs it for every draft.
TEXT_KEY = "commplan_text"


def doc_text(doc: Doc) -> str:
    """``doc.text`` without rebuilding it, when our tokenizer made the Doc."""
    text = doc.user_data.get(TEXT_KEY)
    if isinstance(text, str) and len(doc) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws):
        return text
    return doc.text


class BoundedTokenizer:
    """spaCy's tokenizer, linear in its input and safe for any ``str``.

    Lone surrogates become U+FFFD; each whitespace-free run longer than
    ``MAX_RUN`` characters (but a link up to ``MAX_LINK``) becomes tokens of
    ``CHUNK`` characters (plus its closing punctuation) without going through
    spaCy's affix rules. ``doc.text`` has the
    length of the input and every token keeps its exact offset.
    """

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer
        search = tokenizer.suffix_search
        if search is not None and not isinstance(search, TailSearch):
            tokenizer.suffix_search = TailSearch(search)
        # Words seen once, and words already put in spaCy's cache (see _prime).
        self._seen: set[str] = set()
        self._primed: set[str] = set()
        # Words that are (True) or are not (False) long runs or symbol runs, and the
        # ones of them that are.
        self._run_words: dict[str, bool] = {}
        self._runs_seen: set[str] = set()

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)

    def __call__(self, text: str) -> Doc:
        text = encodable(text)
        words = set(text.split())
        self._prime(words)
        doc = self._tokenize(text) if self._has_runs(words) else self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def _has_runs(self, words: set[str]) -> bool:
        """Is one of ``words`` (the whitespace-free runs of a text) a long run or a
        symbol run? Drafts seldom have one, and scanning the text for them cost a
        third of tokenizing a cached draft; a word's answer is kept."""
        kinds = self._run_words
        # Words seen before answer in C (a set difference, and the few runs kept apart
        # checked against the words); only new words take a Python step (a loop over
        # every word cost more than the answer).
        for word in words.difference(kinds):
            kind = len(word) >= SYMBOL_RUN and (
                len(word) > MAX_RUN or _SYMBOL_RUN.fullmatch(word) is not None
            )
            if len(kinds) < self.tokenizer.max_cache_size:
                kinds[word] = kind
                if kind:
                    self._runs_seen.add(word)
            if kind:
                return True
        return not self._runs_seen.isdisjoint(words)

    def _prime(self, words: set[str]) -> None:
        """Put each word seen before into spaCy's tokenizer cache, on its own.

        spaCy caches how it split a whitespace-free word only until the first
        special case of the Doc ("don't", "e.g.", "a.m.", ":)"): after that, no word
        of that Doc is cached (spaCy issue #1250). Nearly every draft has one early,
        so most words went through the affix rules again in every draft (about a
        quarter of the words of a warm 1,000-word draft). A word tokenized on its
        own has no special case before it, so it is cached as spaCy would cache it;
        the split is the same either way (the cache holds a word's own split). Only
        words seen in an earlier call are primed, so a text of new words costs one
        set lookup a word, and words spaCy never sees whole (long runs, symbol
        runs) are left out.
        """
        primed = self._primed
        if len(primed) >= self.tokenizer.max_cache_size:
            return  # spaCy's cache is full: it takes no new words
        words = words - primed
        if not words:
            return
        seen = self._seen
        again = words & seen
        seen |= words - again
        if len(seen) > 20 * self.tokenizer.max_cache_size:
            seen.clear()
        tokenize = self.tokenizer
        for word in again:
            if len(word) <= MAX_RUN and not (
                len(word) >= SYMBOL_RUN and _SYMBOL_RUN.fullmatch(word)
            ):
                tokenize(word)
            primed.add(word)

    def _tokenize(self, text: str) -> Doc:
        long_runs = [
            m
            for m in _LONG_RUN.finditer(text)
            if len(m.group()) > MAX_LINK or not _LINK_START.match(m.group())
        ]
        symbol_runs = list(_SYMBOL_RUN.finditer(text))
        if symbol_runs:  # the two never overlap: a symbol run is at most MAX_RUN long
            long_runs = sorted([*long_runs, *symbol_runs], key=lambda m: m.start())
        if not long_runs:
            return self.tokenizer(text)
        docs: list[Doc] = []
        # Runs next to each other (only whitespace between) go into one Doc: a page of
        # thousands of runs as thousands of Docs made Doc.from_docs the slow part.
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        vocab = self.tokenizer.vocab
        for m in long_runs:
            if m.start() > pos:
                if words:
                    docs.append(Doc(vocab, words=words, spaces=spaces))
                    words, spaces = [], []
                docs.append(self.tokenizer(text[pos : m.start()]))
            run = m.group()
            if m.re is _SYMBOL_RUN:
                pieces = [run]
            else:
                tail = _RUN_TAIL.search(run, len(run) - 8)
                body_end = tail.start() if tail else len(run)
                pieces = [run[i : min(i + CHUNK, body_end)] for i in range(0, body_end, CHUNK)]
                pieces += list(run[body_end:])
            words += pieces
            spaces += [False] * len(pieces)
            # Whitespace after the run, as spaCy stores it: one " " on the last
            # token, anything more as a whitespace token of its own.
            end = m.end()
            ws_end = end
            while ws_end < len(text) and text[ws_end].isspace():
                ws_end += 1
            rest = text[end:ws_end]
            if rest.startswith(" "):
                spaces[-1] = True
                rest = rest[1:]
            if rest:
                words.append(rest)
                spaces.append(False)
            pos = ws_end
        if words:
            docs.append(Doc(vocab, words=words, spaces=spaces))
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


@lru_cache(maxsize=2)
def lemma_table(lang: str = "en") -> dict[str, str]:
    """Lemma lookups (``leveraged`` -> ``leverage``; Spanish ``evaluaciones`` ->
    ``evaluación``), loaded straight from the ``spacy-lookups-data`` package file
    (installed with commplan; nothing is downloaded): about 25 ms for English, against
    about 1 s through ``spacy.lookups.load_lookups``."""
    path = resources.files("spacy_lookups_data") / "data" / f"{lang}_lemma_lookup.json.gz"
    with path.open("rb") as raw, gzip.open(raw) as f:
        return json.load(f)


class CaseInsensitiveLemmatizer:
    """Set ``token.lemma_`` to the lower-cased lookup lemma.

    spaCy's own lookup lemmatizer is case-sensitive ("Leveraged" stays as it is);
    library rules match case-insensitively, so lemmas here are always lower case.
    Works on hash arrays (``Doc.to_array``/``from_array``) rather than Token
    objects: a Python loop over Tokens cost more than tokenizing.
    """

    def __init__(self, vocab) -> None:
        strings = vocab.strings
        self.by_lower: dict[int, int] = {
            strings.add(form): strings.add(lemma) for form, lemma in lemma_table().items()
        }

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lowers = doc.to_array(LOWER).tolist()
        # map() with two iterables calls get(h, h) in C: no generator step per token.
        lemmas = numpy.fromiter(
            map(self.by_lower.get, lowers, lowers), dtype=numpy.uint64, count=len(lowers)
        )
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory("commplan_lemmatizer")
def make_lemmatizer(nlp: Language, name: str) -> CaseInsensitiveLemmatizer:
    return CaseInsensitiveLemmatizer(nlp.vocab)


class LazyLemmatizer:
    """As :class:`CaseInsensitiveLemmatizer`, for a large table (Spanish: about 490,000
    forms): a word form's lemma is looked up the first time the form is seen and kept,
    instead of putting every form of the table into the vocabulary up front.

    With ``fold``, ``token.norm_`` is the lower form without accents ("evaluacion"
    for "Evaluación"), so rules can match text typed without them.
    """

    LIMIT = 500_000  # forms kept; past it, lemmas are still looked up, not kept

    def __init__(self, vocab, table: dict[str, str], fold=None) -> None:
        self.strings = vocab.strings
        self.table = table
        self.fold = fold
        self.by_lower: dict[int, tuple[int, int]] = {}

    def _facts(self, h: int) -> tuple[int, int]:
        lower = self.strings[h]
        lemma = self.table.get(lower)
        lemma_h = self.strings.add(lemma) if lemma else h
        norm_h = self.strings.add(self.fold(lower)) if self.fold else h
        if len(self.by_lower) < self.LIMIT:
            self.by_lower[h] = (lemma_h, norm_h)
        return lemma_h, norm_h

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lowers = doc.to_array(LOWER).tolist()
        by_lower = self.by_lower
        facts = {h: by_lower.get(h) or self._facts(h) for h in set(lowers)}
        rows = numpy.array([facts[h] for h in lowers], dtype=numpy.uint64)
        doc.from_array([LEMMA, NORM], rows)
        return doc


@Language.factory("commplan_lemmatizer_es")
def make_spanish_lemmatizer(nlp: Language, name: str) -> LazyLemmatizer:
    return LazyLemmatizer(nlp.vocab, lemma_table("es"), fold=fold_accents)


# Accented vowels to plain ones ("ñ" stays: it is a letter of its own in Spanish).
_FOLD = str.maketrans("áéíóúüàèìòùÁÉÍÓÚÜÀÈÌÒÙ", "aeiouuaeiouAEIOUUAEIOU")


def fold_accents(text: str) -> str:
    """``text`` without accents on vowels, same length: "inscríbase" -> "inscribase"."""
    return text.translate(_FOLD)


_BULLET_CHARS = frozenset("-*•·–—▪◦")


def block_starts(text: str) -> list[int]:
    """Offsets where a block starts: after a blank line, or at a bullet or numbered item."""
    out: list[int] = []
    n = len(text)
    pos = text.find("\n")
    while pos != -1:
        i = pos + 1
        while i < n and text[i] in " \t\r":
            i += 1
        if i < n and text[i] == "\n":  # blank line: the block starts at the next text
            while i < n and text[i].isspace():
                i += 1
            if i < n:
                out.append(i)
        elif i + 1 < n and (
            (text[i] in _BULLET_CHARS and text[i + 1] in " \t")
            or (text[i].isdigit() and text[i + 1 : i + 3].lstrip("0123456789")[:1] in {".", ")"})
        ):
            out.append(i)
        pos = text.find("\n", i)
    return out


# Sentence-final punctuation, as spaCy's Sentencizer defaults (the common ones).
PUNCT_CHARS = ("!", ".", "?", "…", "‼", "⁇", "⁈", "⁉", "。", "！", "？")


class SentenceSplitter:
    """Sentence starts from punctuation and block breaks, in one pass over arrays.

    The rule is spaCy's Sentencizer's: a sentence starts at the first
    non-punctuation token after sentence-final punctuation. On top of that, a
    blank line, a bullet or a numbered item starts a sentence: drafts are full
    of headings and lists without final punctuation, and without this a whole
    list reads as one 200-word sentence. Reading attribute arrays instead of
    Token objects makes this about ten times cheaper than the Sentencizer.
    """

    def __init__(self, vocab) -> None:
        self.final = {vocab.strings.add(ch) for ch in PUNCT_CHARS}
        self.final_array = numpy.array(sorted(self.final), dtype=numpy.uint64)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        rows = doc.to_array([ORTH, IS_PUNCT, IDX])
        # SENT_START is read as uint64; -1 ("not a start") is stored wrapped, as spaCy does.
        starts = numpy.full(n, numpy.uint64(2**64 - 1), dtype=numpy.uint64)
        starts[0] = 1
        offsets = block_starts(doc_text(doc))
        at = numpy.searchsorted(rows[:, 2], numpy.array(offsets, dtype=numpy.uint64), "left")
        blocks = [i for i in at.tolist() if 0 < i < n]
        final = numpy.isin(rows[:, 0], self.final_array)
        # The period of a numbered item ("1. Sign the form") does not end a sentence.
        for i in blocks:
            if i + 1 < n and doc[i].is_digit:
                final[i + 1] = False
        # A sentence starts at a word (not final, not punctuation) whose nearest final
        # or word token before it is final punctuation.
        word = ~final & (rows[:, 1] == 0)
        events = numpy.flatnonzero(final | word)
        after_final = word[events[1:]] & final[events[:-1]]
        starts[events[1:][after_final]] = 1
        starts[blocks] = 1
        doc.from_array([SENT_START], starts.reshape(-1, 1))
        return doc


@Language.factory("commplan_sentences")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp.vocab)


# A bracket glued to a word: "Intervention(RTI)" and "(RTI)Response" are three
# tokens each, so a glossary long form next to its acronym is still matched. Only
# before a capital or after a capital or digit: "parent(s)" stays as it was.
_GLUED_BRACKETS = r"(?<=[A-Za-z])[(\[](?=[A-Z])|(?<=[A-Z0-9])[)\]](?=[A-Za-z])"


def split_glued_brackets(tokenizer) -> None:
    """Add the glued-bracket infixes to a spaCy tokenizer's own."""
    search = getattr(tokenizer.infix_finditer, "__self__", None)
    pattern = search.pattern if search is not None else None
    joined = f"{pattern}|{_GLUED_BRACKETS}" if pattern else _GLUED_BRACKETS
    tokenizer.infix_finditer = re.compile(joined).finditer


def build_pipeline(model: str | None = None) -> Language:
    """A new pipeline. Prefer :func:`get_nlp`, which builds it once per process."""
    if model:
        nlp = spacy.load(model)
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
        if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
            nlp.add_pipe("commplan_sentences")
    else:
        nlp = spacy.blank("en")
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
        nlp.add_pipe("commplan_sentences")
    split_glued_brackets(nlp.tokenizer.tokenizer)
    if "lemmatizer" in nlp.pipe_names:
        nlp.replace_pipe("lemmatizer", "commplan_lemmatizer")
    else:
        nlp.add_pipe("commplan_lemmatizer")
    return nlp


@lru_cache(maxsize=4)
def get_nlp(model: str | None = None) -> Language:
    """The shared pipeline: the configured trained model, or the blank default."""
    return build_pipeline(model if model is not None else os.environ.get(MODEL_ENV) or None)


def build_spanish_pipeline() -> Language:
    """A new Spanish pipeline: ``spacy.blank("es")`` (spaCy's Spanish tokenizer rules,
    shipped with spaCy) + the same bounded tokenizer and sentence splitter as English +
    lower-cased lookup lemmas from ``spacy-lookups-data``. Prefer
    :func:`get_spanish_nlp`, which builds it once per process."""
    nlp = spacy.blank("es")
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    nlp.add_pipe("commplan_sentences")
    split_glued_brackets(nlp.tokenizer.tokenizer)
    nlp.add_pipe("commplan_lemmatizer_es")
    return nlp


@lru_cache(maxsize=1)
def get_spanish_nlp() -> Language:
    """The shared Spanish pipeline, built the first time a Spanish text is checked."""
    return build_spanish_pipeline()

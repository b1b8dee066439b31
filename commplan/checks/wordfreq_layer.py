"""Jargon by word frequency: words a general reader rarely meets, and stacks of
abstract nouns ("program sustainability", "implementation of accountability").

The glossary names known jargon precisely; this layer catches what no list names.
A word is rare for an audience when its Zipf frequency (log10 of uses per billion
words, from ``data/word_frequency_en.txt``, derived from wordfreq's English list)
is under the audience's ``jargon_tolerance.rare_below``. Each token costs two dict
look-ups (lower-case form and lemma); the table is read once per process.

Not rare-word findings: names and places (capitalised mid-sentence, or a
capitalised run), acronyms and anything with capitals inside, numbers, parts of
URLs, e-mail addresses and file names, short words, the library's accepted
words and known forms, words made of parts a reader knows (see ``transparent``:
"hopelessness", "drawstring", "rechecked", "familiarize"), and words inside a
parenthesis that spells out a name or acronym ("DTP (diphtheria, pertussis,
tetanus)"), and names of illnesses and vaccines (``data/health_names.txt``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress, repeat
from operator import ge

from .context import TokenTable

DATA_FILE = "word_frequency_en.txt"
# Words shorter than this are never rare-word findings: short rare words are mostly
# everyday words a reader still knows ("tardy", "heighten") or names and brands,
# while rare jargon runs long and Latinate ("communicable", "socioeconomically").
# Measured on the family letters of dev, holdout, holdout2 and holdout3: 5 gave 19
# false flags in 72 jargon flags, 9 gave 14 in 66, for one labelled phrase less.
MIN_LENGTH = 9
# Nominalisation endings for abstract-noun stacks.
ABSTRACT_SUFFIXES = ("tion", "sion", "ment", "ity", "ness", "ance", "ence", "ancy", "ency")
# Words that end like a nominalisation but are not one ("city", "moment").
_NOT_ABSTRACT = frozenset(
    "city pity entity sentence fence science conscience silence violence evidence "
    "comment moment cement garment pavement apartment basement department element "
    "instrument tournament segment fragment ointment document monument supplement "
    "business witness wilderness harness audience glance dance chance balance "
    "province distance licence license presence ambulance allowance insurance "
    "sequence residence residency agency emergency currency frequency station "
    "nation question onion mention lotion potion portion vacation celebration".split()
)
# How far apart (in words) two abstract nouns may stand and still be a stack:
# "X Y", "X of Y", "X and Y", "X of the Y".
STACK_WINDOW = 3
_STACK_GLUE = frozenset({"of", "for", "the", "-"})


@lru_cache(maxsize=1)
def frequencies() -> dict[str, float]:
    """Word -> Zipf frequency for every word at or above the list's cut-off."""
    text = resources.files(__package__).joinpath("data", DATA_FILE).read_text("utf-8")
    table: dict[str, float] = {}
    zipf = 0.0
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            zipf = float(line[1:])
        else:
            table[line] = zipf
    return table


def zipf_frequency(word: str, lemma: str | None = None) -> float:
    """Zipf frequency of a word as written (of its lemma when the list lacks the
    form); 0.0 when both are rarer than the list's cut-off."""
    table = frequencies()
    found = table.get(word.lower())
    if found is None and lemma:
        found = table.get(lemma.lower())
    return found or 0.0


@dataclass(frozen=True)
class RareWord:
    start: int  # character offsets
    end: int
    word: str
    zipf: float


@dataclass(frozen=True)
class AbstractStack:
    start: int
    end: int
    nouns: tuple[str, ...]


_URLISH = frozenset("./@_\\:=#&%~")


def _plain_word(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a free-standing word, not part of a URL, e-mail or file name?"""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if before in _URLISH or after in "/@_\\:=#&%~":
        return False
    # "example.org", "report.pdf": a dot followed by a letter.
    return not (after == "." and after2.isalnum())


# Derivational endings whose base a reader knows: "lateness" is "late", "alarmingly"
# is "alarming"; agent nouns in "-ee" and "-or" are as plain as in "-er" ("enrollees",
# "evaluators"), and "-ship" as "-ness" ("mentorship").
_SUFFIXES = (
    "ness", "ly", "ing", "ed", "ers", "er", "able", "ful", "less",
    "ees", "ee", "ors", "or", "ship",
)  # fmt: skip
# Prefixes a reader strips without thinking: "rechecked" is "checked" again,
# "unvaccinated" is not "vaccinated". The base only has to be a word the audience
# knows (at or above ``rare_below``). A prefixed nominalisation stays rare:
# "misperceptions" and "disengagement" are harder than their parts. (Measured on the
# six used corpora: 5 unlabelled rare-word flags went, no labelled one.)
_PREFIXES = ("un", "re", "pre", "non", "over", "under", "mis")
# "-ize" on an everyday word means "make it so": "familiarize", "immunized". The
# stem must be this much above ``rare_below`` (a very common word, not "conceptual").
_IZE_ENDINGS = ("ize", "izes", "ized", "izing", "ise", "ises", "ised", "ising")
IZE_STEM_MARGIN = 1.0
# A part of a compound ("sun" + "block") must be at least this common.
COMPOUND_PART = 4.0
# A subject the text keeps coming back to (a letter about fentanyl) is not jargon
# the writer slipped in: it is flagged only when used fewer times than this.
TOPIC_USES = 3
# Distinct rare-looking words checked per text (parts, misspellings) before the layer
# stops: a page of long junk tokens stays fast, and no real draft comes near it.
MAX_RARE_CHECKS = 300


def transparent(word: str, rare_below: float, table: dict[str, float] | None = None) -> bool:
    """Is a rare word made of parts a reader knows: a common word plus a common
    ending ("hopelessness"), two common words ("drawstring"), a compound with an
    ending ("carpooling": "car" + "pool" + "-ing"), or another spelling of a word the
    reader knows ("cancelation" for "cancellation")?"""
    table = table if table is not None else frequencies()
    if _known_with_prefix(word, rare_below, table) or _known_with_ize(word, rare_below, table):
        return True
    # The base only has to be a word the audience knows, as for prefixes: with a
    # margin of 0.5 over ``rare_below``, "habitually" (habitual) and "itchiness"
    # (itchy) were flagged. Measured on the eight used corpora: 3 unlabelled
    # rare-word flags went, no labelled one.
    base_needed = rare_below
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            candidates = (stem, stem + "e", stem[:-1] + "y" if stem.endswith("i") else stem)
            if suffix in ("ing", "ed", "er", "ers") and len(stem) > 3 and stem[-1] == stem[-2]:
                candidates = (*candidates, stem[:-1])  # "getting" -> "get"
            if any(table.get(c, 0.0) >= base_needed for c in candidates):
                return True
            if any(_compound(c, table) for c in candidates):
                return True  # "carpooling": the stem is two common words
    return _compound(word, table) or spelling_variant(word, rare_below, table)


def _compound(word: str, table: dict[str, float]) -> bool:
    """Is ``word`` two common words written together ("drawstring")?"""
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if table.get(head, 0.0) >= COMPOUND_PART and table.get(tail, 0.0) >= COMPOUND_PART:
            return True
    return False


_VOWELS = frozenset("aeiou")


def spelling_variant(word: str, rare_below: float, table: dict[str, float] | None = None) -> bool:
    """Is ``word`` another spelling of a word the reader knows (at or above
    ``rare_below``): a consonant doubled or single ("cancelation", "enrolment",
    "travelled"), or British "-our" for "-or" ("behaviour")? The reader knows the
    word; the spelling is a style guide's business. About 2 * len(word) look-ups."""
    table = table if table is not None else frequencies()
    n = len(word)
    for i in range(1, n - 1):
        c = word[i]
        if c in _VOWELS or not c.isalpha():
            continue
        if word[i + 1] == c:
            variant = word[:i] + word[i + 1 :]  # "travelled" -> "traveled"
        elif word[i - 1] != c:
            variant = word[: i + 1] + word[i:]  # "cancelation" -> "cancellation"
        else:
            continue
        if table.get(variant, 0.0) >= rare_below:
            return True
    at = word.find("our")
    return at > 0 and table.get(word[:at] + "or" + word[at + 3 :], 0.0) >= rare_below


def _known_with_prefix(word: str, rare_below: float, table: dict[str, float]) -> bool:
    singular = word[:-1] if word.endswith("s") else word
    if singular.endswith(ABSTRACT_SUFFIXES):
        return False
    for prefix in _PREFIXES:
        base = word[len(prefix) :].lstrip("-")
        if word.startswith(prefix) and len(base) >= 4 and table.get(base, 0.0) >= rare_below:
            return True
    return False


def _known_with_ize(word: str, rare_below: float, table: dict[str, float]) -> bool:
    needed = rare_below + IZE_STEM_MARGIN
    for ending in _IZE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            return any(table.get(c, 0.0) >= needed for c in (stem, stem + "e"))
    return False


# A parenthesis that opens right after a name or an acronym (one of the two words
# before it) spells it out or lists what it stands for ("DTP shots (diphtheria,
# pertussis, tetanus)"): its words are
# the explanation, not jargon. Looked for at most this many characters back.
GLOSS_WINDOW = 80


def explains_a_name(text: str, start: int) -> bool:
    """Is ``start`` inside an open parenthesis on its line, after a capitalised word
    (an acronym or a name)? Bounded look-backs: linear in the text."""
    left = text.rfind("(", max(0, start - GLOSS_WINDOW), start)
    if left < 0:
        return False
    between = text[left + 1 : start]
    if ")" in between or "\n" in between:
        return False
    before = text[max(0, left - 40) : left].split()[-2:]
    return any(w[:1].isupper() for w in before)


def rare_words(
    text: str,
    tokens: TokenTable,
    rare_below: float,
    known: frozenset[str] | set[str] = frozenset(),
) -> Iterator[RareWord]:
    """Words under ``rare_below`` Zipf that are not names, acronyms, numbers, known,
    made of common parts, or the subject of the text; each word once (its first use)."""
    if rare_below <= 0:
        return
    table = frequencies()
    lower, lemma, alpha, idx, length = (
        tokens.lower,
        tokens.lemma,
        tokens.alpha,
        tokens.idx,
        tokens.length,
    )
    candidates: dict[str, list[RareWord]] = {}
    verdicts: dict[str, bool] = {}
    # Most tokens are short: one pass in C keeps the rest of the loop on the few long ones.
    for i in compress(range(len(length)), map(ge, length, repeat(MIN_LENGTH))):
        if not alpha[i]:
            continue
        word = lower[i]
        rare = verdicts.get(word)
        if rare is None:
            if table.get(word, 0.0) >= rare_below:
                continue  # the common case, without the checks below
            if len(verdicts) >= MAX_RARE_CHECKS:
                break  # not prose: a real draft never has this many rare words
            rare = verdicts[word] = _is_rare(word, lemma[i], rare_below, known, table)
        if not rare:
            continue
        start = idx[i]
        end = start + length[i]
        surface = text[start:end]
        # Capitals: a name, a place, a brand, an acronym, a title-case heading; or a
        # sentence's first word, which is too often a name ("Grossi said") to tell
        # apart without a tagger.
        if not surface.islower() or not _plain_word(text, start, end):
            continue
        if explains_a_name(text, start):
            continue
        zipf = table.get(word, table.get(lemma[i], 0.0))
        candidates.setdefault(lemma[i].lower(), []).append(RareWord(start, end, surface, zipf))
    for uses in candidates.values():
        if len(uses) < TOPIC_USES:
            yield uses[0]


@lru_cache(maxsize=1)
def health_names() -> frozenset[str]:
    """Names of illnesses and vaccines (``data/health_names.txt``): never rare words."""
    text = resources.files(__package__).joinpath("data", "health_names.txt").read_text("utf-8")
    return frozenset(w for w in map(str.strip, text.splitlines()) if w and not w.startswith("#"))


def _is_rare(
    word: str, lemma: str, rare_below: float, known: frozenset[str] | set[str], table
) -> bool:
    # The form as written: "vetted" is rarer than "vet", "curricula" than
    # "curriculum". A plural counts as its singular ("overdoses" as "overdose"),
    # and the lemma stands in for a form the list lacks.
    zipf = table.get(word)
    if zipf is None or (word.endswith("s") and lemma != word):
        zipf = max(zipf or 0.0, table.get(lemma, 0.0))
    if zipf >= rare_below or word in known or lemma in known:
        return False
    names = health_names()
    if word in names or lemma in names:
        return False  # "pertussis", "meningococcal": a name, with no plainer word
    if not word.isascii():
        return False  # a word of another language, or a mangled apostrophe ("childrenís")
    if not learned(word):
        return False
    if transparent(word, rare_below, table):
        return False
    return len(word) > TYPO_MAX_LENGTH or not _typo(word, rare_below, table)


def _typo(word: str, rare_below: float, table: dict[str, float]) -> bool:
    """``likely_typo``, remembered when ``table`` is the shipped word list: the search
    costs about 54 look-ups a letter, and a draft checked again (or the next letter of
    the same kind) repeats its rare words."""
    if table is frequencies():
        return _shipped_typo(word, rare_below)
    return likely_typo(word, rare_below, table)


@lru_cache(maxsize=50_000)
def _shipped_typo(word: str, rare_below: float) -> bool:
    return likely_typo(word, rare_below, frequencies())


# Endings of learned (Latin and Greek) vocabulary, the register of policy and
# academic writing ("inclement", "itinerant", "resiliency", "inequitable",
# "pediculosis", "adjudicate"). A rare word without one is mostly an everyday word
# that is simply infrequent in print ("chaperone", "allergens", "entrusting",
# "tardiness"), which families read. Measured on the eight used corpora: of the
# rare-word flags without a learned ending, 2 were labelled and 8 were not (on family
# letters 1 and 4); with one, 21 labelled and 9 not.
LEARNED_ENDINGS = (
    "ity", "ive", "ent", "ant", "ous", "ic", "al", "ion", "ence", "ance", "cy", "able",
    "ible", "ate", "ize", "ise", "ify", "ism", "ist", "sis", "itis", "ary", "ory",
    "ure", "ment", "ium", "ia", "logy",
)  # fmt: skip
_INFLECTIONS = ("ies", "ly", "es", "s", "ing", "ed", "d")


def learned(word: str) -> bool:
    """Does ``word``, or its stem without an inflection ("stipulates", "notarized",
    "socioeconomically"), end like learned Latin or Greek vocabulary?"""
    if word.endswith(LEARNED_ENDINGS):
        return True
    for ending in _INFLECTIONS:
        if word.endswith(ending) and len(word) > len(ending) + 3:
            stem = word[: -len(ending)]
            stems = (stem + "y",) if ending == "ies" else (stem, stem + "e")
            if any(s.endswith(LEARNED_ENDINGS) for s in stems):
                return True
    return False


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A rare word one edit away from a word this much more common is a misspelling
# ("definately" ~ "definitely"), not jargon: a spelling checker's business.
TYPO_MARGIN = 1.5
# Misspellings of real words are short; a longer "word" is never looked at this way,
# which keeps a draft of long junk tokens linear (about 54 look-ups per letter).
TYPO_MAX_LENGTH = 16


def likely_typo(word: str, rare_below: float, table: dict[str, float] | None = None) -> bool:
    """Is ``word`` one deletion, swap, change or insertion away from a much more common
    word? About 54 * len(word) look-ups, done only for the few rare words of a text."""
    table = table if table is not None else frequencies()
    needed = rare_below + TYPO_MARGIN
    n = len(word)
    for i in range(n + 1):
        head, tail = word[:i], word[i:]
        if tail and table.get(head + tail[1:], 0.0) >= needed:
            return True
        if len(tail) > 1 and table.get(head + tail[1] + tail[0] + tail[2:], 0.0) >= needed:
            return True
        for c in _LETTERS:
            if tail and c != tail[0] and table.get(head + c + tail[1:], 0.0) >= needed:
                return True
            if table.get(head + c + tail, 0.0) >= needed:
                return True
    return False


def _abstract(word: str, lemma: str) -> bool:
    return (
        len(word) >= 8
        and word.isalpha()
        and (word.endswith(ABSTRACT_SUFFIXES) or lemma.endswith(ABSTRACT_SUFFIXES))
        and word not in _NOT_ABSTRACT
        and lemma not in _NOT_ABSTRACT
    )


def abstract_stacks(text: str, tokens: TokenTable, min_nouns: int = 3) -> Iterator[AbstractStack]:
    """Runs of ``min_nouns`` or more abstract nominalisations in one sentence, each
    within ``STACK_WINDOW`` words of the last, joined only by small words ("of", "the")."""
    lower, lemma, idx, length = tokens.lower, tokens.lemma, tokens.idx, tokens.length
    verdicts: dict[str, bool] = {}
    nouns = []
    # The tokens of 8 characters or more, picked in C (no Python step per token).
    for i in compress(range(len(length)), map(ge, length, repeat(8))):
        word = lower[i]
        abstract = verdicts.get(word)
        if abstract is None:
            abstract = verdicts[word] = _abstract(word, lemma[i])
        if abstract and text[idx[i]].islower():
            nouns.append(i)
    if len(nouns) < min_nouns:
        return
    sentence_starts = [start for start, _ in tokens.sentences]
    run = [nouns[0]]
    for i in nouns[1:]:
        last = run[-1]
        joined = (
            i - last <= STACK_WINDOW
            and all(lower[k] in _STACK_GLUE for k in range(last + 1, i))
            and bisect_right(sentence_starts, last) == bisect_right(sentence_starts, i)
        )
        if joined:
            run.append(i)
            continue
        if len(run) >= min_nouns:
            yield _stack(text, tokens, run)
        run = [i]
    if len(run) >= min_nouns:
        yield _stack(text, tokens, run)


def _stack(text: str, tokens: TokenTable, run: list[int]) -> AbstractStack:
    start = tokens.idx[run[0]]
    end = tokens.idx[run[-1]] + tokens.length[run[-1]]
    return AbstractStack(start, end, tuple(tokens.lower[i] for i in run))

"""One-click fixes that keep the sentence grammatical.

A finding's ``fix`` replaces exactly ``text[start:end]``. A plain alternative is a
*drop-in* only when it fits the slot the term fills in the sentence; otherwise the
finding keeps the plain words as advice (its ``suggestion``) and offers no fix.

The rule (see message_library/FORMAT.md, glossary ``drop_in``):

- Only the wording the entry lists (its term or a variant, or their plural) gets a
  one-click fix: a wording found by a pattern or an inflected verb ("leveraged")
  would need a different form of the plain words.
- A modifier (a hyphenated word, "data-driven", or a word ending in -ed, -al, -ive,
  -ic, -ous ... : "tiered", "statutory") is replaced only by one word.
- A noun phrase is replaced by a noun phrase: not by a clause ("based on what ...",
  "how teachers teach"), not by a note in parentheses; its number is kept (the
  plain form's head noun is made plural, or no fix when it cannot be).
- No fix where the result would read wrong around the slot: the text goes on with
  "of"/"between"/... after a plain form that already has its own ending phrase; a
  coordinated modifier comes before ("data-driven, evidence-based practices"); "a"
  or "an" before a plain form whose head takes no article ("a extra help").
- The plain form's own article is dropped when the text already has a determiner
  before the slot ("close the achievement gap" -> "close the difference ...", never
  "the the"), and ``edit`` makes "a"/"an" before the slot agree with the new word.

A glossary entry's ``drop_in`` names a form written to fit the term's slot; it is
used instead of the first plain alternative, with the same article and number care.
Every pattern here is linear: fixed words, bounded windows, no nested repeats.
"""

from __future__ import annotations

import re

ARTICLES = frozenset({"a", "an", "the"})
DETERMINERS = ARTICLES | frozenset(
    "our their your his her its my this that these those each every any some no".split()
)
# Words that start a clause or a postmodifier rather than a noun phrase.
CLAUSE_STARTS = frozenset(
    "based shown that who which how what when where why whether if to by as".split()
)
PREPOSITIONS = frozenset(
    "of in on at for from with between among about across through to by into "
    "during inside outside beyond around after before under over without".split()
)
# Heads that take no "a"/"an" and have no plural.
MASS_NOUNS = frozenset(
    "help support information advice teaching learning training funding research "
    "evidence guidance money feedback progress time work knowledge equipment "
    "permission approval care".split()
)
# -ing words that are nouns, not a verb starting a clause.
ING_NOUNS = frozenset(
    "teaching learning training funding building meeting reading tutoring writing "
    "spending housing screening thinking schooling planning".split()
)
# Words after which a plain form's head noun has ended: "services such as ...",
# "method shown to work", "school the state flagged".
_HEAD_ENDS = frozenset("such shown given taken made like".split())
# Words no plural "s" goes on: particles and adverbs ending a verb phrase ("set
# aside", "put first"), and words already not nouns.
NO_PLURAL = frozenset("aside up out off on in first together back down over away".split())
_PRONOUNS = frozenset("we you they he she it i".split())
_BREAKS = PREPOSITIONS | CLAUSE_STARTS | DETERMINERS | _HEAD_ENDS | _PRONOUNS | {"than", "and"}
MODIFIER_SUFFIXES = ("ed", "al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ary", "ory")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# A coordinated modifier just before the slot: "data-driven, " / "tiered and ".
_COORDINATED = re.compile(
    r"[^\W\d_]+(?:-[^\W\d_]+|ed)(?:,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)$"
)
WINDOW = 60  # characters looked at either side of the slot


def _words(phrase: str) -> list[str]:
    return _WORD.findall(phrase.lower())


def is_modifier(phrase: str) -> bool:
    """Is ``phrase`` (as written) a modifier by its last word: hyphenated
    ("data-driven", "student-centered") or with an adjective ending ("tiered",
    "statutory")? A hyphenated compound is read as a modifier: before a noun, which
    is how most are used, only one word fits its slot."""
    words = phrase.lower().split()
    if not words:
        return False
    last = words[-1]
    if "-" in last.strip("-"):
        return True
    return len(last) > 4 and last.endswith(MODIFIER_SUFFIXES)


def _head_index(words: list[str]) -> int:
    """The head noun of a plain noun phrase: the word before its first preposition,
    participle or clause word ("method shown to work" -> method), else the last."""
    for i, w in enumerate(words[1:], start=1):
        if w in _BREAKS:
            return i - 1
    return len(words) - 1


def _pluralise_phrase(words: list[str], phrase: str) -> str | None:
    """``phrase`` with its head noun made plural, or None when that cannot be done
    safely: a verb after the head would have to agree ("a team that meets"), the
    phrase joins two things, or its head is not plainly a countable noun."""
    head = _head_index(words)
    after = words[head + 1] if head + 1 < len(words) else None
    if "and" in words or "or" in words:
        return None
    if after is None and len(words) > 3:
        return None
    if after is not None and after not in PREPOSITIONS and after not in _HEAD_ENDS:
        return None  # a relative clause follows: its verb would have to agree
    if words[head].endswith(("ed", "en")):
        return None
    new = _pluralise(words[head])
    if new is None:
        return None
    out = _replace_word(phrase, words[head], new)
    return _strip_article(out) if words[0] in ("a", "an") else out


def _is_plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _pluralise(word: str) -> str | None:
    if word in MASS_NOUNS or word in NO_PLURAL or word.endswith("ing") or _is_plural(word):
        return None
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _normal(phrase: str) -> str:
    return " ".join(phrase.lower().replace("-", " ").split())


def listed_form(written: str, forms: tuple[str, ...]) -> tuple[bool, bool] | None:
    """(found, plural): is ``written`` one of ``forms`` (hyphens and spaces alike), or
    its plural? None when it is neither (a pattern's wording, an inflected verb)."""
    w = _normal(written)
    normal = {_normal(f) for f in forms}
    if w in normal:
        # A listed plural variant ("evidence-based practices") of another listed form.
        singular = {w[:-1], w[:-2], w[:-3] + "y"} if _is_plural(w) else set()
        return True, bool(singular & normal)
    for ending in ("s", "es"):
        if w.endswith(ending) and w[: -len(ending)] in normal:
            return True, True
    if w.endswith("ies") and w[:-3] + "y" in normal:
        return True, True
    return None


def _strip_article(replacement: str) -> str:
    first, _, rest = replacement.partition(" ")
    return rest if first.lower() in ARTICLES and rest else replacement


def word_before(text: str, start: int) -> str:
    """The word right before ``start`` (lower case), looked for within WINDOW."""
    window = text[max(0, start - WINDOW) : start]
    if not window[-1:].isspace():
        return ""
    stripped = window.rstrip()
    words = _WORD.findall(stripped)
    return words[-1].lower() if words and stripped.endswith(words[-1]) else ""


def fit_article(text: str, start: int, replacement: str) -> str | None:
    """``replacement`` without its own article when the text already has a
    determiner before ``start``; None when it starts with a possessive ("your
    child's ...") that would stand after the text's own determiner."""
    before = word_before(text, start)
    if before not in DETERMINERS:
        return replacement
    first = _words(replacement)[:1]
    if first and first[0] in DETERMINERS - ARTICLES:
        return None
    return _strip_article(replacement)


def drop_in(
    text: str,
    start: int,
    end: int,
    replacement: str,
    forms: tuple[str, ...],
    given: bool = False,
    wordy: bool = False,
) -> str | None:
    """The replacement for ``text[start:end]`` that fits its slot, or None when the
    plain words are advice only. ``forms`` are the wordings the entry lists;
    ``given`` says ``replacement`` is the entry's own ``drop_in`` form; ``wordy``, that
    it is a wordy phrase's plain words (written as its drop-in, often a verb)."""
    written = text[start:end]
    listed = listed_form(written, forms)
    if listed is None or "(" in replacement:
        return None
    plural = listed[1]
    words = _words(replacement)
    if not words:
        return None
    before = word_before(text, start)
    after = text[end : end + WINDOW]
    next_words = _WORD.findall(after[:30])
    next_word = next_words[0].lower() if next_words and after[:1].isspace() else ""
    if not (given or wordy):
        if is_modifier(written):
            if len(words) != 1 or replacement.strip().count(" "):
                return None
        else:
            first = words[0]
            # "missing too much school" is a clause; "starting point" a noun phrase.
            gerund = first.endswith("ing") and first not in ING_NOUNS and len(words) > 2
            if first in CLAUSE_STARTS or gerund:
                return None
            if ", " in replacement and not (plural and _is_plural(words[-1])):
                return None  # a sentence, or a list where the text has one thing
        if _COORDINATED.search(text[max(0, start - WINDOW) : start]):
            return None  # "data-driven, evidence-based practices"
    fitted = fit_article(text, start, replacement)  # never "the the", "the your"
    if fitted is None:
        return None
    fitted_words = _words(fitted)
    head = _head_index(fitted_words)
    if next_word in PREPOSITIONS and head < len(fitted_words) - 1:
        return None  # "extra help at different levels of supports"
    if before in ("a", "an") and fitted_words[head] in MASS_NOUNS:
        return None  # "a extra help"
    if plural and not is_modifier(written) and ", " not in fitted:
        if wordy and len(fitted_words) > 1:
            return None  # a verb phrase ("make up") or a noun phrase: no telling where "s" goes
        if not _is_plural(fitted_words[head]):
            fitted = _pluralise_phrase(fitted_words, fitted)
            if fitted is None:
                return None
    elif before in ("a", "an") and not is_modifier(written) and _is_plural(fitted_words[head]):
        return None  # "a teaching methods"
    return fitted


def _replace_word(phrase: str, word: str, new: str) -> str:
    """``phrase`` with its first whole-word ``word`` (any case) changed to ``new``."""
    for m in _WORD.finditer(phrase):
        if m.group().lower() == word:
            return phrase[: m.start()] + new + phrase[m.end() :]
    return phrase


_VOWEL_SOUND_LETTERS = frozenset("aefhilmnorsx")  # letters read with a vowel first


def wants_an(word: str) -> bool:
    """Does ``word`` take "an"? By its first sound, as far as spelling tells: vowels
    but "uni-", "use", "eu-", "one"; silent "h" in hour/honest/honor; an acronym
    by its first letter's name ("an MTSS plan", "a PDF")."""
    if not word:
        return False
    if len(word) > 1 and word.isupper():
        return word[0].lower() in _VOWEL_SOUND_LETTERS
    w = word.lower()
    if w.startswith(("hour", "honest", "honor", "heir")):
        return True
    if w.startswith(("uni", "use", "usu", "uti", "eu", "one", "once", "ewe", "ure")):
        return False
    return w[0] in "aeiou"


_ARTICLE_BEFORE = re.compile(r"\b(an?)(\s{1,3})$", re.IGNORECASE)


def edit(text: str, start: int, end: int, fix: str) -> tuple[int, int, str]:
    """The edit that puts ``fix`` in place of ``text[start:end]``: widened to the
    "a"/"an" right before it when the new first word needs the other one."""
    m = _ARTICLE_BEFORE.search(text[max(0, start - 12) : start])
    first = _WORD.findall(fix[:40])
    if not m or not first:
        return start, end, fix
    begin = start - len(m.group(0))
    if begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        return start, end, fix  # "Logan " is no article
    article = m.group(1)
    want = "an" if wants_an(first[0]) else "a"
    if article.lower() == want:
        return start, end, fix
    if article[0].isupper():
        want = want.capitalize()
    return begin, end, want + m.group(2) + fix


def apply(text: str, start: int, end: int, fix: str) -> str:
    begin, stop, new = edit(text, start, end, fix)
    return text[:begin] + new + text[stop:]


_DOUBLED = re.compile(
    r"\b(the|a|an|our|their|your|this|these|those)\s+(the|a|an|our|their|your)\b", re.IGNORECASE
)
_A_AN = re.compile(r"\b(an?)\s+([^\W\d_][\w-]*)", re.IGNORECASE)


def grammar_slips(text: str) -> list[str]:
    """Doubled determiners ("the the", "our the") and "a"/"an" before the wrong sound,
    for tests and the library's example checks."""
    slips = [m.group() for m in _DOUBLED.finditer(text)]
    slips += [
        m.group()
        for m in _A_AN.finditer(text)
        if (m.group(1).lower() == "an") != wants_an(m.group(2))
    ]
    return slips


def passing_example(sentence: str, start: int, end: int, plain: str) -> str:
    """A passing example for a glossary entry made from a draft's ``sentence`` whose
    ``[start, end)`` holds the new term: the sentence with ``plain`` in its place when
    that fits the slot (as a one-click fix would), else the plain words on their own,
    so that "use metacognitive scaffolding" never becomes "use thinking about their
    own thinking scaffolding"."""
    written = sentence[start:end]
    fitted = drop_in(sentence, start, end, plain, (written,))
    if fitted is not None:
        return apply(sentence, start, end, fitted)
    words = plain.strip().rstrip(".!?")
    return words[:1].upper() + words[1:] + "."

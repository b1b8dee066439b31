"""Acronyms and initialisms: each must be defined where it is first used.

An acronym is *defined* when its first use pairs it with its long form:
"Long Form (ABC)", "ABC (Long Form)", "Long Form, or ABC," and "Long Form — ABC".
Whether words are the long form of an acronym is decided with the Schwartz-Hearst
algorithm (Schwartz & Hearst, "A simple algorithm for identifying abbreviation
definitions in biomedical text", PSB 2003).

Not acronyms: emphasis capitals (ALL, FOR IMMEDIATE RELEASE), Roman numerals
(Title I, Title IX), dotted abbreviations (U.S.), state codes in addresses
(Sacramento, CA 95814), and the library's widely known forms (COVID-19).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..nlp import lemma_table
from .compiled import CompiledLibrary
from .context import CheckContext
from .findings import Severity
from .readability import familiar_words
from .syllables import cmu_syllables

SOURCE = "Plain language guidelines: define abbreviations at first use"

# A "word" for this check: letters/digits/& joined by inner . ' ’ - ("U.S", "LEA's").
_WORD = re.compile(r"[A-Za-z0-9&](?:[A-Za-z0-9&]|[-.'’](?=[A-Za-z0-9]))*")
# The same words, but only those that start with a capital (and not mid-word).
_CAPITALISED = re.compile(r"(?<![A-Za-z0-9&])[A-Z](?:[A-Za-z0-9&]|[-.'’](?=[A-Za-z0-9]))*")
_ROMAN = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_CONTEXT = {
    "title", "part", "section", "chapter", "phase", "tier", "article", "level", "volume",
    "grade", "stage", "class", "type", "step", "appendix", "schedule", "war", "book",
}  # fmt: skip
STATE_CODES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP".split()
)  # fmt: skip
_STATE_AFTER = re.compile(
    r"[ \t]+(?:\d{5}\b|(?i:dept\b|department|governor|state\b|legislature|senate|house\b"
    r"|assembly|commissioner|secretary|attorney general|superintendent|board of))"
)
_CITY_BEFORE = re.compile(r"[A-Z][A-Za-z.'’-]*,[ \t]*$")
_TYPIST_INITIALS = re.compile(r":[a-z]{2,3}\b")
_DEFINITION_LEAD = re.compile(
    r"(?:,?\s+(?:or|also known as|known as|called|abbreviated)\s+|\s*[—–]\s*|\s+--?\s+|\s*:\s*)$"
)
# "ABC (Long Form)": read in a bounded window after the acronym (no copy of the rest).
_LONG_FORM_AFTER = re.compile(r"\s{0,16}+[(\[{]([^()\[\]{}]{3,200}+)[)\]}]")
_STOP = {"of", "and", "for", "the", "to", "in", "on", "with", "a", "an", "&", "at", "by"}


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    table = lemma_table()
    return familiar_words() | frozenset(table) | frozenset(table.values())


@dataclass(frozen=True, slots=True)
class Occurrence:
    acronym: str  # base form: LEAs -> LEA
    start: int
    end: int


def schwartz_hearst(short: str, long: str) -> str | None:
    """The shortest tail of ``long`` that ``short`` abbreviates, or None.

    Each character of the short form is found in the long form from right to
    left; the first character must begin a word. Plural ``s`` is stripped first.
    """
    s_idx, l_idx = len(short) - 1, len(long) - 1
    while s_idx >= 0:
        ch = short[s_idx].lower()
        if not ch.isalnum():
            s_idx -= 1
            continue
        while l_idx >= 0 and (
            long[l_idx].lower() != ch or (s_idx == 0 and l_idx > 0 and long[l_idx - 1].isalnum())
        ):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    start = max(long.rfind(" ", 0, l_idx + 1), long.rfind("(", 0, l_idx + 1)) + 1
    candidate = long[start:].strip()
    return candidate or None


def is_long_form(short: str, words: str, max_words: int | None = None) -> bool:
    """Do ``words`` (the text next to the acronym) spell out ``short``?

    Digits often stand outside the long form (RTI2, "response to instruction and
    intervention"), so a failed match is retried without them.
    """
    words = words.strip(" \t\n\"'“”,;:")
    if not words or short.lower() == words.lower():
        return False
    letters = sum(ch.isalpha() for ch in short)
    limit = max_words or min(letters + 5, letters * 2)
    for form in dict.fromkeys((short, "".join(ch for ch in short if not ch.isdigit()))):
        if sum(ch.isalpha() for ch in form) < 2:
            continue
        found = schwartz_hearst(form, words)
        if found and len(found) > len(form) and found[0].isalnum() and len(found.split()) <= limit:
            return True
    return False


_OPEN, _CLOSE = "([{", ")]}"
MAX_ACRONYM = 24  # a longer capital run (pasted, shouted) is not an acronym


def _window_before(text: str, end: int, max_words: int) -> str:
    """Up to ``max_words`` words ending at ``end``, not crossing a sentence or bracket."""
    chunk = text[max(0, end - 300) : end]
    cut = max(chunk.rfind(". "), chunk.rfind("\n\n"), *(chunk.rfind(c) for c in _OPEN + _CLOSE))
    if cut >= 0:
        chunk = chunk[cut + 1 :]
    return " ".join(chunk.split()[-max_words:])


def _enclosing_bracket(text: str, occ: Occurrence) -> tuple[int, int] | None:
    """(open, close) offsets when the acronym sits inside (...), [...] or {...}
    with only short companions: "(MTSS)", "(LEAs)", "(Part B SPP/APR)"."""
    lo = max(0, occ.start - 25)
    opens = [text.rfind(c, lo, occ.start) for c in _OPEN]
    open_at = max(opens)
    if open_at < 0 or any(c in text[open_at + 1 : occ.start] for c in _CLOSE):
        return None
    pair = _CLOSE[_OPEN.index(text[open_at])]
    close_at = text.find(pair, occ.end, occ.end + 25)
    if close_at < 0 or any(c in text[occ.end : close_at] for c in _OPEN):
        return None
    return open_at, close_at


def _title_case_long_form(short: str, words: str) -> bool:
    """A Title Case name right before "(ABC)" whose initials carry most of the
    acronym's letters in order: "Elementary and Secondary School Relief Fund
    (ESSER)". Writers define this way even when a word of the name is missing."""
    tokens = [w for w in re.split(r"[\s/-]+", words) if w]
    initials = []
    for word in reversed(tokens):
        if word.lower() in _STOP:
            continue
        if not word[0].isupper():
            break
        initials.append(word[0].upper())
    initials.reverse()
    letters = [ch for ch in short if ch.isalpha()]
    if len(initials) < 2 or not letters or initials[0] != letters[0]:
        return False
    # Longest common subsequence of initials and acronym letters.
    prev = [0] * (len(letters) + 1)
    for a in initials:
        row = [0]
        for j, b in enumerate(letters):
            row.append(prev[j] + 1 if a == b else max(prev[j + 1], row[j]))
        prev = row
    return prev[-1] >= max(2, 0.75 * len(letters))


def is_defined_here(text: str, occ: Occurrence, expansion: str | None) -> bool:
    """Is this occurrence paired with its long form in one of the accepted ways?"""
    short = occ.acronym
    letters = sum(ch.isalpha() for ch in short)
    max_words = min(letters + 5, letters * 2) + 2

    def spelled_out_before(end: int, widen: int = 1) -> bool:
        words = _window_before(text, end, max_words * widen)
        if is_long_form(short, words, max_words * widen if widen > 1 else None):
            return True
        return bool(expansion) and words.lower().rstrip(" ,").endswith(expansion.lower())

    # "Long Form (ABC)", "Long Form {ABC}", "Long Forms (Part B ABC/XYZ)"
    bracket = _enclosing_bracket(text, occ)
    if bracket is not None:
        inside = text[bracket[0] + 1 : bracket[1]]
        widen = 1 + inside.count("/") + inside.count(" and ")
        return spelled_out_before(bracket[0], widen) or _title_case_long_form(
            short, _window_before(text, bracket[0], max_words)
        )
    # "ABC (Long Form)"
    m = _LONG_FORM_AFTER.match(text, occ.end, occ.end + 220)
    if m:
        inner = m.group(1).split(";")[0].split(",")[0]
        if is_long_form(short, inner) or (
            expansion and inner.strip().lower().startswith(expansion.lower())
        ):
            return True
    # "Long Form, or ABC," / "Long Form — ABC" / "Long Form: ABC"
    tail = text[max(0, occ.start - 40) : occ.start]
    lead = _DEFINITION_LEAD.search(tail)
    if lead:
        return spelled_out_before(occ.start - (len(tail) - lead.start()))
    return False


class AcronymFinder:
    """Finds acronym occurrences while skipping what only looks like one."""

    def __init__(self, known: set[str], library_acronyms: set[str]):
        self.known = known
        self.library = library_acronyms
        # Common English words (shouted for emphasis) vs names and rare words: the
        # Dale-Chall familiar list plus every form in the lemma table. The CMU
        # dictionary alone also holds names (ALICE) and acronyms (STAAR).
        self.words = _common_words()
        self.familiar = familiar_words()
        self.dictionary = cmu_syllables()
        self._bases: dict[str, str | None] = {}

    def occurrences(self, text: str) -> list[Occurrence]:
        out: list[Occurrence] = []
        for m in _CAPITALISED.finditer(text):
            raw = m.group()
            # Cheap filter first: most capitalised words fail here.
            if not (raw.isupper() or "-" in raw or (raw[-1] == "s" and raw[:-1].isupper())):
                continue
            for part in _split_compound(m):
                occ = self._occurrence(text, part)
                if occ is not None:
                    out.append(occ)
        return out

    def _occurrence(self, text: str, m: re.Match[str]) -> Occurrence | None:
        raw = m.group()
        base = self._acronym_base(raw)
        if base is None or not self._is_real(base, text, m.start(), m.end()):
            return None
        end = m.start() + len(raw) - 2 if raw.endswith(("'s", "’s")) else m.end()
        return Occurrence(base, m.start(), end)

    def _acronym_base(self, raw: str) -> str | None:
        try:
            return self._bases[raw]
        except KeyError:
            base = self._bases[raw] = self._find_base(raw)
            return base

    def _find_base(self, raw: str) -> str | None:
        word = raw
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if "." in word or "'" in word or "’" in word:
            return None  # dotted abbreviation (U.S., Ph.D.) or contraction
        if word in self.known:
            return None
        if word.endswith("s") and _is_acronym_shape(word[:-1]):
            word = word[:-1]
        if not _is_acronym_shape(word) or word in self.known:
            return None
        return word

    def _is_real(self, base: str, text: str, start: int, end: int) -> bool:
        if base in self.library:
            return True
        before = _WORD.findall(text, max(0, start - 60), start)[-2:]
        if _ROMAN.match(base) and (
            set(base) <= {"I", "V", "X"} or (before and before[-1].lower() in _ROMAN_CONTEXT)
        ):
            return False
        if base in STATE_CODES and (
            _STATE_AFTER.match(text, end) or _CITY_BEFORE.search(text, max(0, start - 40), start)
        ):
            return False  # Sacramento, CA 95814; the CA Department of Public Health
        if _TYPIST_INITIALS.match(text, end):
            return False  # reference initials closing a letter: "TT:ko"
        lower = base.lower()
        after = _WORD.findall(text, end, end + 60)[:2]
        if _in_caps_run(before, after) and (lower in self.dictionary or not base.isalpha()):
            return False  # a shouted heading: FOR IMMEDIATE RELEASE
        common = self.words if len(base) > 3 else self.familiar  # the lemma table has "hs", "ed"
        if lower in common or (len(base) >= 6 and lower in self.dictionary):
            # Emphasis (ALL families, FREE meals), unless the word is part of a
            # name: "Project GRAD", "the READ Act".
            return _in_proper_name(text, start, end, before, after)
        return True


_PART = re.compile(r"[^-]+")


def _split_compound(m: re.Match[str]) -> list[re.Match[str]]:
    """ "THC-based" or "SEL-focused" -> its parts; "ELO-P" and "COVID-19" stay whole."""
    word = m.group()
    if "-" not in word or not any(ch.islower() for ch in word):
        return [m]
    return list(_PART.finditer(m.string, m.start(), m.end()))


@lru_cache(maxsize=4096)  # drafts repeat their acronyms; pure function of the word
def _is_acronym_shape(word: str) -> bool:
    """Two to MAX_ACRONYM capitals, no lower case, only letters/digits/&/inner hyphens."""
    if not 2 <= len(word) <= MAX_ACRONYM or any(ch.islower() for ch in word):
        return False
    if sum(ch.isupper() for ch in word) < 2:
        return False
    if "-" in word and not any(sum(c.isupper() for c in p) >= 2 for p in word.split("-")):
        return False  # a range of letters: A-F ratings, A-G courses
    return all(ch.isalnum() or ch in "&-" for ch in word)


@lru_cache(maxsize=4096)
def _caps_word(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _title_word(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _in_proper_name(text: str, start: int, end: int, before: list[str], after: list[str]) -> bool:
    """Is a shouted common word part of a name: next to a Title Case word that
    does not merely start the sentence ("Project GRAD", "READ Act")?"""
    if after and _title_word(after[0]) and text.startswith(" " + after[0], end):
        return True
    if before and _title_word(before[-1]):
        lead = text[max(0, start - 60) : start]
        if not lead.endswith(before[-1] + " "):
            return False  # not adjacent on the same line
        head = lead[: -len(before[-1]) - 1].rstrip(" \t")
        return bool(head) and head[-1] not in '.!?:\n"“'
    return False


def _in_caps_run(before: list[str], after: list[str], run: int = 3) -> bool:
    """With up to two words either side: is the word one of 3+ all-capital words in a row?"""
    left = 0
    for word in reversed(before):
        if not _caps_word(word):
            break
        left += 1
    right = 0
    for word in after:
        if not _caps_word(word):
            break
        right += 1
    return left + 1 + right >= run


@dataclass(frozen=True, slots=True)
class AcronymUse:
    first: Occurrence
    defined: bool
    defined_later: Occurrence | None = None


def first_uses(text: str, compiled: CompiledLibrary) -> list[AcronymUse]:
    """Each acronym's first use in ``text``, and whether it is defined there."""
    finder = AcronymFinder(compiled.known_acronyms, set(compiled.acronyms))
    uses: dict[str, AcronymUse] = {}
    for occ in finder.occurrences(text):
        entry = compiled.acronyms.get(occ.acronym)
        expansion = entry.expansion if entry else None
        use = uses.get(occ.acronym)
        if use is None:
            uses[occ.acronym] = AcronymUse(occ, is_defined_here(text, occ, expansion))
        elif (
            not use.defined and use.defined_later is None and is_defined_here(text, occ, expansion)
        ):
            uses[occ.acronym] = AcronymUse(use.first, False, occ)
    return list(uses.values())


def run(ctx: CheckContext) -> None:
    compiled, audience, text = ctx.compiled, ctx.audience, ctx.text
    uses = first_uses(text, compiled)
    ctx.results["acronyms"] = sorted(u.first.acronym for u in uses)
    for use in uses:
        if use.defined:
            continue
        occ = use.first
        entry = compiled.acronyms.get(occ.acronym)
        tolerated = audience.tolerates_acronym(occ.acronym) or (
            entry is not None and audience.id in entry.tolerated_by
        )
        if entry is not None:
            suggestion = f"Write '{entry.expansion} ({occ.acronym})' the first time."
            if not tolerated and entry.plain:
                suggestion += f" For {audience.name.lower()}, '{entry.plain[0]}' may be plainer."
        else:
            suggestion = None
        message = f"'{occ.acronym}' is not defined where it is first used."
        if use.defined_later is not None:
            line, _ = ctx.sink.locate(use.defined_later.start)
            message += f" It is defined later (line {line}); move the definition here."
        elif entry is None:
            message += " Spell it out the first time, with the acronym in parentheses."
        ctx.sink.add(
            "jargon.acronym.undefined",
            "jargon",
            Severity.suggestion if tolerated else Severity.warning,
            occ.start,
            occ.end,
            message,
            suggestion,
            source=SOURCE,
        )

"""Which language a draft is written in: English, Spanish, or other.

A function-word profile, written for commplan (no package, no model, nothing
downloaded): each word that is one of the most common short words of English or
of Spanish ("the", "and", "you" / "de", "que", "los", "su") counts for that
language, and letters only Spanish uses ("ñ", "¿", "¡", accented vowels) count for
Spanish. Function words make up about 40 % of running text in both languages and
barely overlap, so a few sentences are enough. A text mostly in a script other
than Latin is "other", and so is text with more common French or Portuguese words
than English or Spanish ones. A text with no evidence either way (codes, numbers,
a word or two) takes a default: the audience's first language.

Letters often come in two languages (English, then the same in Spanish): the text
is judged paragraph by paragraph (a blank line ends a paragraph), and a paragraph
whose lines clearly change language is split at the lines, so each part can be
checked in its own language. A paragraph too short to judge takes the language
of the one before it.

Measured accuracy: see ``README.md`` ("Spanish-language drafts") and
``tests/test_language.py``. Linear in the text: one regex pass, set lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EN, ES, OTHER = "en", "es", "other"
NAMES = {EN: "English", ES: "Spanish", OTHER: "another language"}

# The commonest short words of each language that are not also common words of the
# other ("a", "no", "me", "final" are both and are left out).
ENGLISH = frozenset(
    "the and of to is are was were be been that this these those it its with for on at "
    "by from you your we our they their he she his her them will would can could should "
    "have has had do does did not or if but as an which who what when where there here "
    "all any more about into than then so just please only also how may must our us in "
    "each every i my get out up one two".split()
)
SPANISH = frozenset(
    "el la los las de del que y en un una unos unas es son por para con su sus se lo le "
    "les al más pero como está están fue ser hay muy también este esta estos estas ese esa "
    "nuestro nuestra nuestros nuestras usted ustedes ellos ellas nos ya sin sobre entre "
    "cuando donde porque hasta desde todo todos toda todas cada otro otra puede pueden "
    "tiene tienen hacer favor gracias hijo hija hijos escuela escuelas estudiantes día "
    "días año padres familias mi mis yo él qué cómo cuándo dónde".split()
)
# Common words of French and Portuguese that are words of neither English nor Spanish:
# a letter in one of those reads as "other", not as Spanish.
OTHER_LATIN = frozenset(
    "nous vous avec pour dans pas est une des du au aux je il ils elle sont ce cette qui "
    "leur très être chez votre vos notre nos enfants não você vocês com uma são os do da "
    "dos das em é seu sua pelo pela ao às muito também isso".split()
)
# A word counts for the first of English, Spanish, other it is in.
_SPANISH_ONLY = SPANISH - ENGLISH
_OTHER_ONLY = OTHER_LATIN - ENGLISH - SPANISH
# Letters only Spanish uses (of the two): each one counts like a function word.
_SPANISH_LETTERS = frozenset("ñÑ¿¡áéíóúÁÉÍÓÚ")
# All of them counted in one pass (one str.count per letter and paragraph took a
# quarter of detect() on a 1,000-word draft).
_SPANISH_LETTER = re.compile("[" + "".join(sorted(_SPANISH_LETTERS)) + "]")

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# The same words in a lower-cased text whose letters and digits are all ASCII (curly
# quotes and dashes aside, most drafts): a range test per character instead of a
# Unicode category look-up, about twice as fast.
_ASCII_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Letters of scripts other than Latin (Latin ends at U+024F; combining marks are not
# letters). A run at a time, so the count is of characters, linear.
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f]+")
# A paragraph break: a blank line. Linear (one pass, no nested repetition).
_PARAGRAPH = re.compile(r"\n[ \t\r]*\n\s*")

MIN_WORDS = 4  # under this, a paragraph takes its neighbour's language


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    language: str
    words: int


@dataclass(frozen=True)
class LanguageProfile:
    """The language of the whole text (by most words) and of each part."""

    language: str
    segments: tuple[Segment, ...]
    english: int  # evidence counts, for the record
    spanish: int

    @property
    def mixed(self) -> bool:
        """Parts in both English and Spanish, each at least a fifth of the words."""
        totals = self.words_by_language()
        total = sum(totals.values()) or 1
        return totals.get(EN, 0) / total >= 0.2 and totals.get(ES, 0) / total >= 0.2

    def words_by_language(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.segments:
            out[s.language] = out.get(s.language, 0) + s.words
        return out

    def spans(self, language: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.segments if s.language == language]

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "name": NAMES[self.language],
            "mixed": self.mixed,
            "parts": [
                {"start": s.start, "end": s.end, "language": s.language, "words": s.words}
                for s in self.segments
            ],
        }


def ascii_letters(text: str) -> bool:
    """Are all the letters and digits of ``text`` ASCII (whatever its punctuation)?"""
    return text.isascii() or not any(map(str.isalnum, "".join(_NON_ASCII.findall(text))))


def _evidence(
    text: str, ascii_only_letters: bool | None = None
) -> tuple[int, int, int, int, int, int]:
    """(words, English words, Spanish words + Spanish letters, French or Portuguese
    words, Latin letters, letters). Counted by C-level string methods and one regex
    pass: about 2 µs a word. ``ascii_only_letters``: the caller knows whether
    ``ascii_letters(text)`` (None: find out)."""
    if ascii_only_letters is None:
        ascii_only_letters = ascii_letters(text)
    if ascii_only_letters:
        # No letter outside ASCII: no Spanish letter but "¿" and "¡" (punctuation),
        # and no letter of another script.
        words = _ASCII_WORD.findall(text.lower())
        en = sum(map(ENGLISH.__contains__, words))
        es = sum(map(_SPANISH_ONLY.__contains__, words)) + text.count("¿") + text.count("¡")
        other = sum(map(_OTHER_ONLY.__contains__, words))
        letters = sum(map(len, words))
        return len(words), en, es, other, letters, letters
    words = _WORD.findall(text.lower())
    # Counted by C-level map()s over disjoint word sets, not a Python step per word.
    en = sum(map(ENGLISH.__contains__, words))
    es = sum(map(_SPANISH_ONLY.__contains__, words))
    other = sum(map(_OTHER_ONLY.__contains__, words))
    ascii_only = text.isascii()  # then no Spanish letter and no other script
    if not ascii_only:
        es += len(_SPANISH_LETTER.findall(text))
    letters = sum(map(len, words))
    non_latin = sum(map(len, _NON_LATIN.findall(text))) if not ascii_only else 0
    return len(words), en, es, other, letters - non_latin, letters


def _judge(words: int, en: int, es: int, other: int, latin: int, letters: int) -> str | None:
    """The language of a stretch of text, or None when there is no telling (too short,
    or no function word of either language: then the default decides, so odd input
    such as a list of codes is still checked as the audience's language)."""
    if letters and latin / letters < 0.5:
        return OTHER
    if other >= 2 and other > en and 2 * other > es:
        return OTHER
    if en == es == 0 or (words < MIN_WORDS and en + es < 2):
        return None
    return ES if es > en else EN


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (blank-line separated), covering all the text."""
    out, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        out.append((pos, m.start()))
        pos = m.start()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if b > a]


LINE_WORDS = 6  # a line this long, with clear evidence, may start a translation
MAX_LINES = 200  # paragraphs of more lines are judged whole


def _clear(facts: tuple[int, int, int, int, int, int]) -> str | None:
    """A line's language when the evidence is clear: enough words, and one language's
    function words at least three times the other's."""
    words, en, es = facts[:3]
    if words < LINE_WORDS or en + es < 3:
        return None
    if en >= 3 * max(es, 1) and en > es:
        return EN
    if es >= 3 * max(en, 1) and es > en:
        return ES
    return None


def _switching_lines(
    text: str, a: int, b: int, ascii_only_letters: bool | None = None
) -> list[tuple[int, int, str | None, int]] | None:
    """A paragraph whose lines clearly change language ("...the school building.\n
    Estimados padres, ...", a translation with no blank line before it), as one part
    per line; None when its lines do not (a paragraph in one language, hard-wrapped)."""
    parts, pos = [], a
    while pos < b:
        end = text.find("\n", pos, b)
        end = b if end < 0 else end + 1
        facts = _evidence(text[pos:end], ascii_only_letters)
        parts.append((pos, end, _clear(facts), facts[0]))
        pos = end
    found = {lang for _, _, lang, _ in parts if lang}
    return parts if found == {EN, ES} else None


def detect(text: str, default: str = EN) -> LanguageProfile:
    """The language of ``text`` and of each of its paragraphs. A text with no
    evidence either way (empty, a few words, numbers) is ``default``."""
    raw: list[tuple[int, int, str | None, int]] = []
    # The whole text's evidence is the paragraphs' summed (they cover it, and split
    # only at blank lines, so no word is cut): one pass over the text, not two.
    totals = [0, 0, 0, 0, 0, 0]
    # Asked once for the whole text: each paragraph and line then takes the fast path.
    plain = ascii_letters(text)
    for a, b in paragraphs(text):
        facts = _evidence(text[a:b], plain)
        for k, value in enumerate(facts):
            totals[k] += value
        # Only a paragraph with clear evidence of both languages is looked at line by line.
        # (A "paragraph" of hundreds of lines is no letter's paragraph: left whole.)
        both = facts[1] >= 3 and facts[2] >= 3 and 0 < text.count("\n", a, b) <= MAX_LINES
        lines = _switching_lines(text, a, b, plain) if both and "\n" in text[a:b].strip() else None
        raw += lines or [(a, b, _judge(*facts), facts[0])]
    # The whole text decides paragraphs too short to judge (a line "Gracias" or a
    # signature) when no paragraph before them was judged.
    whole = _judge(*totals) or default
    total_en, total_es = totals[1], totals[2]
    segments: list[Segment] = []
    for a, b, lang, words in raw:
        lang = lang or (segments[-1].language if segments else whole)
        if segments and segments[-1].language == lang:
            last = segments[-1]
            segments[-1] = Segment(last.start, b, lang, last.words + words)
        else:
            segments.append(Segment(a, b, lang, words))
    by_words: dict[str, int] = {}
    for s in segments:
        by_words[s.language] = by_words.get(s.language, 0) + s.words
    main = max(by_words, key=lambda k: (by_words[k], k == whole)) if by_words else default
    if not any(by_words.values()):
        main = whole
    return LanguageProfile(main, tuple(segments), total_en, total_es)


def detect_language(text: str, default: str = EN) -> str:
    """"en", "es" or "other" for the text as a whole (most words decide)."""
    return detect(text, default).language

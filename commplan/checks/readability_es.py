"""Spanish readability: Fernández-Huerta and Szigriszt-Pazos (INFLESZ), not a US grade.

Pure functions with a Spanish syllable counter written here: textstat's Spanish
path hyphenates with Pyphen and needs ``textstat.set_lang("es")``, global state
shared by every session of the (multi-threaded) server, so it is not used.

- Fernández-Huerta (1959), Flesch's reading ease adapted to Spanish, in the form
  with words per sentence (the printed original's "sentences per 100 words" is a
  known transcription slip; Law 2011): ``206.84 - 60 * syllables/word - 1.02 *
  words/sentence``. Its bands keep Flesch's school-grade correspondences, so an
  audience's target grade maps onto it (:func:`target_score`).
- Szigriszt-Pazos (1993), "perspicuity": ``206.835 - 62.3 * syllables/word -
  words/sentence``, read on the INFLESZ scale (Barrio-Cantalejo et al., 2008), the
  scale Spanish health and public-service writers use.

Plain-language guidance in Spanish (lenguaje claro, lectura fácil) keeps sentences
under about 20-25 words, as English guidance does.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import Any

from commplan.wording import plural

from .context import CheckContext
from .findings import Severity, excerpt

SOURCE = "Fernández-Huerta (1959) and Szigriszt-Pazos/INFLESZ (Barrio-Cantalejo et al., 2008)"
SOURCE_PLAIN = "Lenguaje claro: plain-language guidance for Spanish public writing"
RELIABLE_WORDS = 100
LONG_SENTENCE = 25  # words; a hint, as readability.sentence.long in English
VERY_LONG_SENTENCE = 40

_STRONG = frozenset("aeoáéóíú")  # an accented i/u breaks a diphthong like a strong vowel
_VOWELS = frozenset("aeiouáéíóúü")
_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=50_000)
def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word: one per vowel nucleus. Adjacent vowels share a
    syllable (a diphthong or triphthong) unless both are strong (a, e, o, or an
    accented vowel): then they are a hiatus. The "u" of que/qui/gue/gui is silent,
    "y" is a vowel only as the word "y". Words are letters only; 0 for none."""
    total = 0
    for part in _LETTERS.findall(word.lower()):
        if part == "y":
            total += 1
            continue
        prev_vowel: str | None = None
        n = len(part)
        for i, ch in enumerate(part):
            vowel = ch in _VOWELS
            if (
                ch == "u"
                and i > 0
                and part[i - 1] in "qg"
                and i + 1 < n
                and part[i + 1] in "eiéí"
            ):
                vowel = False  # que, qui, gue, gui: the u is not pronounced
            if not vowel:
                prev_vowel = None
                continue
            if prev_vowel is None or (prev_vowel in _STRONG and ch in _STRONG):
                total += 1
            prev_vowel = ch
    return total


def fernandez_huerta(words: int, sentences: int, syllables: int) -> float | None:
    if not words:
        return None
    return 206.84 - 60 * syllables / words - 1.02 * words / max(sentences, 1)


def szigriszt_pazos(words: int, sentences: int, syllables: int) -> float | None:
    if not words:
        return None
    return 206.835 - 62.3 * syllables / words - words / max(sentences, 1)


# Fernández-Huerta bands (lower bound, Spanish, English), as Flesch's.
_BANDS = (
    (90, "muy fácil", "very easy"),
    (80, "fácil", "easy"),
    (70, "bastante fácil", "fairly easy"),
    (60, "normal", "standard"),
    (50, "bastante difícil", "fairly difficult"),
    (30, "difícil", "difficult"),
    (float("-inf"), "muy difícil", "very difficult"),
)
# INFLESZ bands for Szigriszt-Pazos.
_INFLESZ = (
    (80, "muy fácil", "very easy"),
    (65, "bastante fácil", "fairly easy"),
    (55, "normal", "standard"),
    (40, "algo difícil", "somewhat difficult"),
    (float("-inf"), "muy difícil", "very difficult"),
)


def band(score: float) -> tuple[str, str]:
    """(Spanish, English) plain-words band of a Fernández-Huerta score."""
    return next((es, en) for low, es, en in _BANDS if score >= low)


def inflesz_band(score: float) -> tuple[str, str]:
    """(Spanish, English) INFLESZ band of a Szigriszt-Pazos score."""
    return next((es, en) for low, es, en in _INFLESZ if score >= low)


def target_score(grade: float) -> float:
    """The Fernández-Huerta score a text for readers at US ``grade`` should reach.

    Flesch's (and so Fernández-Huerta's) grade bands: 90 = grade 5, 80 = grade 6,
    70 = grade 7, 60 = grades 8-9, 50 = grades 10-12, 30 = college. Between the
    anchors the score goes down linearly; never above 100 or below 30.
    """
    anchors = ((5, 90.0), (6, 80.0), (7, 70.0), (8, 60.0), (12, 50.0), (16, 30.0))
    if grade <= anchors[0][0]:
        return min(100.0, 90.0 + (anchors[0][0] - grade) * 5)
    for (g0, s0), (g1, s1) in pairwise(anchors):
        if grade <= g1:
            return s0 + (s1 - s0) * (grade - g0) / (g1 - g0)
    return 30.0


def run(ctx: CheckContext) -> None:
    """Spanish readability of the text's Spanish part (the whole text, or the Spanish
    paragraphs of a bilingual letter: see ``ctx.results["language"]``)."""
    text = ctx.text
    n_words = n_sentences = n_syllables = 0
    sentences: list[dict[str, Any]] = []
    for start, end in ctx.tokens.sentence_chars():
        words = [w for w in text[start:end].split() if _LETTERS.search(w)]
        if not words:
            continue
        syllables = sum(spanish_syllables(w) for w in words)
        n_words += len(words)
        n_syllables += syllables
        n_sentences += len(words) > 2
        sentences.append({"start": start, "end": end, "words": len(words)})
    fh = fernandez_huerta(n_words, n_sentences, n_syllables)
    sp = szigriszt_pazos(n_words, n_sentences, n_syllables)
    target_grade = ctx.audience.reading_grade_target
    target = round(target_score(target_grade), 1)
    block: dict[str, Any] = {
        "language": "es",
        "scale": "Fernández-Huerta",
        "words": n_words,
        "sentences": n_sentences,
        "syllables": n_syllables,
        "target_grade": target_grade,
        "target_score": target,
        "reliable": n_words >= RELIABLE_WORDS,
    }
    if fh is not None and sp is not None:
        # One rounding for every place the score is shown (the summary, the finding,
        # the metric): 58.47 and its stored 58.5 must not read as 59 and 58.
        fh, sp = round(fh, 1), round(sp, 1)
        es, en = band(fh)
        block |= {
            "fernandez_huerta": fh,
            "band": es,
            "band_en": en,
            "szigriszt_pazos": sp,
            "inflesz": inflesz_band(sp)[0],
            "below_target_by": round(max(0.0, target - fh), 1),
            "longest_sentences": [
                {**s, "text": excerpt(text[s["start"] : s["end"]].strip())}
                for s in sorted(sentences, key=lambda s: -s["words"])[:5]
                if s["words"] > LONG_SENTENCE
            ],
        }
    ctx.results["readability"] = block
    if fh is None:
        return
    _flag_score(ctx, fh, target, target_grade, n_words)
    _flag_sentences(ctx, sentences)


def _flag_score(ctx: CheckContext, fh: float, target: float, grade: float, words: int) -> None:
    if words < RELIABLE_WORDS:
        ctx.sink.add(
            "readability.es.too_short",
            "readability",
            Severity.suggestion,
            0,
            0,
            f"This Spanish draft has {plural(words, 'word')}; readability formulas need about "
            f"{RELIABLE_WORDS} to be reliable, so read the score as a rough guide.",
            source=SOURCE,
        )
    short = target - fh
    if short <= 5:
        return
    severity = Severity.error if short > 25 else Severity.warning
    if words < 30:
        severity = Severity.suggestion
    es, en = band(fh)
    want_es, want_en = band(target)
    ctx.sink.add(
        "readability.es.score",
        "readability",
        severity,
        0,
        0,
        f"Spanish readability (Fernández-Huerta) is {fh:.0f}, '{es}' ({en}); for "
        f"{ctx.audience.name} (about grade {grade:g}) aim for {target:.0f} or more, "
        f"'{want_es}' ({want_en}).",
        "Use shorter sentences and everyday words (palabras de uso diario).",
        source=SOURCE,
    )


def _flag_sentences(ctx: CheckContext, sentences: list[dict[str, Any]]) -> None:
    text = ctx.text
    for s in sentences:
        if s["words"] <= LONG_SENTENCE:
            continue
        start, end = s["start"], s["end"]
        while end > start and text[end - 1].isspace():
            end -= 1
        very = s["words"] > VERY_LONG_SENTENCE
        ctx.sink.add(
            "readability.es.sentence_long",
            "readability",
            Severity.warning if very else Severity.suggestion,
            start,
            end,
            f"This Spanish sentence has {s['words']} words; aim for under {LONG_SENTENCE}.",
            "Split it where the idea changes (una idea por oración), or use a list.",
            source=SOURCE_PLAIN,
        )


def describe(block: dict[str, Any]) -> str:
    """One line for people: the Spanish score, its band in Spanish and English, and the
    audience's target on the same scale."""
    if block.get("fernandez_huerta") is None:
        return "Spanish readability: no estimate (no words)"
    return (
        f"Spanish readability (Fernández-Huerta) {block['fernandez_huerta']:.0f}, "
        f"'{block['band']}' ({block['band_en']}); target {block['target_score']:.0f} or "
        f"more for about grade {block['target_grade']:g}; Szigriszt-Pazos "
        f"{block['szigriszt_pazos']:.0f} (INFLESZ '{block['inflesz']}')"
    )

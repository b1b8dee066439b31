"""Readability against the audience's target grade, with the reasons behind the number.

Sources: the formulas in :mod:`commplan.checks.metrics`; Hemingway Editor's
"hard" (grade 10+) and "very hard" (grade 14+) sentence bands; the federal
plain language guidelines (plainlanguage.gov: short sentences, common words).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Any

from commplan.wording import plural

from .context import CheckContext
from .findings import Severity, excerpt
from .metrics import Counts, all_metrics, flesch_kincaid
from .syllables import syllable_counter

SOURCE_PLAIN = "Federal plain language guidelines (plainlanguage.gov)"
SOURCE_HEMINGWAY = "Hemingway Editor readability bands"
RELIABLE_WORDS = 100  # below this, grade formulas swing widely
MIN_SENTENCE_WORDS = 8  # per-sentence grades of shorter sentences are noise
_has_word_char = re.compile(r"[^\W_]").search
# Punctuation around a word as shown in a hint (inner hyphens are kept).
_EDGE_PUNCT = string.punctuation.replace("-", "") + "“”‘’–—…"


def _plain_word(raw: str) -> bool:
    """A word as readers see it: not a link, an email address or a path."""
    inner = raw.strip(_EDGE_PUNCT)
    return not any(ch in inner for ch in "/@.:_\\") and not inner.lower().startswith("www")


# Punctuation to drop inside a word before looking it up (apostrophes kept, as textstat).
_DROP = str.maketrans("", "", string.punctuation.replace("'", "") + "“”‘’–—…")


@lru_cache(maxsize=1)
def familiar_words() -> frozenset[str]:
    """The Dale-Chall list of ~3,000 familiar words, as shipped with textstat."""
    path = resources.files("textstat") / "resources" / "en" / "easy_words.txt"
    return frozenset(line.strip() for line in path.read_text("utf-8").splitlines() if line)


_FACTS: dict[str, tuple[int, int, bool, str | None]] = {}
_FACTS_LIMIT = 200_000
# The loop in run() sorts each whitespace-free run once: a word (with its facts) or
# not a word (no letter or digit: "—", "&").
_WORDS: dict[str, tuple[int, int, bool, str | None]] = {}
_NOT_WORDS: set[str] = set()


def word_facts(raw: str) -> tuple[int, int, bool, str | None]:
    """(syllables, letters, familiar, shown) for a word as written, memoised: a
    draft repeats most of its words, and every re-check repeats nearly all.
    ``shown`` is the word as a hint names it (hyphens kept: "community-wide"), or
    None for links, addresses and paths, which have no plainer word."""
    facts = _FACTS.get(raw)
    if facts is not None:
        return facts
    word = raw.translate(_DROP).lower()
    easy = familiar_words()
    familiar = word in easy or word.replace("-", "") in easy
    shown = None
    if word.replace("-", "").isalpha() and _plain_word(raw):
        shown = raw.strip(_EDGE_PUNCT).lower()
    facts = (syllable_counter()(raw), len(word) - word.count("'"), familiar, shown)
    if len(_FACTS) < _FACTS_LIMIT:
        _FACTS[raw] = facts
    return facts


def sentence_thresholds(target: float) -> tuple[float, float, int]:
    """(hard, very hard, long-sentence words) for an audience target grade.

    Hemingway marks grade 10+ hard and 14+ very hard; for audiences whose target
    is above grade 8 the bands move up by the difference. Plain-language guidance
    keeps sentences under about 20 words for general readers, 25 for specialists.
    """
    shift = max(0.0, target - 8)
    return 10 + shift, 14 + shift, (20 if target <= 8 else 25)


def run(ctx: CheckContext) -> None:
    text, audience = ctx.text, ctx.audience
    n_words = n_sentences = n_syllables = n_letters = n_poly = n_difficult = n_complex = 0
    sentences: list[dict[str, Any]] = []
    hard_words: Counter[str] = Counter()
    word_syllables: dict[str, int] = {}

    known, not_words = _WORDS, _NOT_WORDS
    for sent_start, sent_end in ctx.tokens.sentence_chars():
        # One pass per sentence: each run's facts are added up as they are read (a
        # list of (run, facts) walked a second time cost a tenth of this loop).
        words = syllables = capitalised = 0
        long_ones: list[str] = []  # rare words of 3+ syllables, for the rewrite hint
        for raw in text[sent_start:sent_end].split():
            facts = known.get(raw)
            if facts is None:
                if raw in not_words or not _has_word_char(raw):
                    if len(not_words) < _FACTS_LIMIT:
                        not_words.add(raw)
                    continue
                facts = word_facts(raw)
                if len(known) < _FACTS_LIMIT:
                    known[raw] = facts
            n, letters, familiar, shown = facts
            first = words == 0
            words += 1
            syllables += n
            n_letters += letters
            name_like = raw[:1].isupper()
            capitalised += name_like
            if not familiar:
                n_difficult += 1
            if n >= 3:
                n_poly += 1
                if not familiar:
                    n_complex += 1
                    # A capital inside a sentence marks a name ("Riverside Unified",
                    # "Vietnamese"), which has no plainer word to offer.
                    if shown is not None and (first or not name_like):
                        long_ones.append(shown)
                    if shown is not None and not name_like:
                        hard_words[shown] += 1
                        word_syllables[shown] = n
        if not words:
            continue
        n_words += words
        n_syllables += syllables
        n_sentences += words > 2
        grade = flesch_kincaid(words, 1, syllables)
        sentences.append(
            {
                "start": sent_start,
                "end": sent_end,
                "words": words,
                "grade": grade,
                "long_words": long_ones,
                # Every word capitalised, and short: a signature or a heading ("Dr.
                # Angela Ruiz / Superintendent, Riverside Unified School District").
                "names_only": capitalised == words <= 12,
            }
        )
    total = Counts(
        words=n_words,
        sentences=n_sentences,
        syllables=n_syllables,
        letters=n_letters,
        polysyllables=n_poly,
        difficult_words=n_difficult,
        complex_words=n_complex,
    )

    metrics = all_metrics(total)
    target = audience.reading_grade_target
    consensus = metrics["consensus_grade"]
    hard, very_hard, long_words = sentence_thresholds(target)
    _flag_sentences(ctx, sentences, hard, very_hard, long_words)
    _flag_grade(ctx, consensus, target, total.words)

    ranked = sorted(sentences, key=lambda s: s["grade"], reverse=True)
    # The five hardest only: the block for every hard sentence was built, then cut.
    hard_ones = (
        s
        for s in ranked
        if s["words"] >= MIN_SENTENCE_WORDS and s["grade"] >= hard and not s["names_only"]
    )
    hardest = [
        {
            **{k: v for k, v in s.items() if k not in ("long_words", "names_only")},
            "grade": round(s["grade"], 1),
            "text": excerpt(text[s["start"] : s["end"]].strip()),
            "level": "very hard" if s["grade"] >= very_hard else "hard",
        }
        for s in islice(hard_ones, 5)
    ]
    plain = ctx.compiled.plain_words
    ctx.results["readability"] = {
        **{k: round(v, 2) for k, v in metrics.items()},
        "words": total.words,
        "sentences": total.sentences,
        "syllables": total.syllables,
        "polysyllables": total.polysyllables,
        "difficult_words": total.difficult_words,
        "target_grade": target,
        "above_target_by": round(max(0.0, consensus - target), 1),
        "reliable": total.words >= RELIABLE_WORDS,
        "hardest_sentences": hardest,
        "hard_words": [
            {"word": w, "count": n, "syllables": word_syllables[w], "plain": list(plain.get(w, ()))}
            for w, n in hard_words.most_common(10)
        ],
    }


def _flag_grade(ctx: CheckContext, consensus: float, target: float, words: int) -> None:
    over = consensus - target
    name = ctx.audience.name
    if words and words < RELIABLE_WORDS:
        ctx.sink.add(
            "readability.too_short",
            "readability",
            Severity.suggestion,
            0,
            0,
            f"This draft has {plural(words, 'word')}; grade formulas need about {RELIABLE_WORDS} "
            "to be reliable, so read the grade as a rough guide.",
            source=SOURCE_PLAIN,
        )
    if over <= 0.5:
        return
    severity = Severity.error if over > 4 else Severity.warning
    if words < 30:
        severity = Severity.suggestion
    ctx.sink.add(
        "readability.grade",
        "readability",
        severity,
        0,
        0,
        f"Reads at about grade {consensus:.1f}; the target for {name} is grade "
        f"{target:g} ({over:.1f} grades above).",
        "Shorten the hardest sentences and swap long words for everyday ones.",
        source=SOURCE_PLAIN,
    )


def _flag_sentences(
    ctx: CheckContext,
    sentences: list[dict[str, Any]],
    hard: float,
    very_hard: float,
    long_words: int,
) -> None:
    count = syllable_counter()
    for s in sentences:
        # (Trimmed only for a finding: most sentences get none.)
        if s["words"] >= MIN_SENTENCE_WORDS and s["grade"] >= hard and not s["names_only"]:
            start, end = _trim(ctx.text, s["start"], s["end"])
            level = "very hard" if s["grade"] >= very_hard else "hard"
            longest = sorted(dict.fromkeys(s["long_words"]), key=lambda w: (-count(w), w))[:3]
            hint = "Split it into two or three shorter sentences"
            if longest:
                hint += "; try plainer words for " + ", ".join(f"'{w}'" for w in longest)
            ctx.sink.add(
                f"readability.sentence.{level.replace(' ', '_')}",
                "readability",
                Severity.warning if level == "very hard" else Severity.suggestion,
                start,
                end,
                f"This sentence is {level} to read: grade {s['grade']:.0f}, "
                f"{plural(s['words'], 'word')}.",
                hint + ".",
                source=SOURCE_HEMINGWAY,
            )
        elif s["words"] > long_words:
            start, end = _trim(ctx.text, s["start"], s["end"])
            ctx.sink.add(
                "readability.sentence.long",
                "readability",
                Severity.suggestion,
                start,
                end,
                f"This sentence has {s['words']} words; aim for under {long_words}.",
                "Break it where the idea changes, or turn a list into bullets.",
                source=SOURCE_PLAIN,
            )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end

"""Sentiment of interest-holder feedback: positive, neutral, mixed or negative, or
``None`` ("can't judge") for words the scorer cannot read.

Base lexicon: VADER (Valence Aware Dictionary and sEntiment Reasoner), C. J. Hutto and
E. Gilbert, ICWSM 2014. Package ``vaderSentiment`` 3.3.2 (May 2020), MIT licence; its
English lexicon (7,500 entries) ships inside the package, so nothing is downloaded at
run time. VADER already handles negation ("not happy"), intensifiers ("very",
capitals, "!") and weights the clause after "but". The other offline lexicons on PyPI
were not better fits: AFINN 0.1 (2016) is a plain word list with no negation rules;
TextBlob's pattern lexicon is for product reviews; ``vader-multi`` translates other
languages through a web service, which cannot run here.

VADER is tuned on social-media text, so on what families, students and staff write to
a school district it misses complaints in plain words ("a nightmare", "nobody called",
"way too early"), reads information questions as feelings ("is it free?" as
positive) and blurs mixed feedback. The rules added here, in order:

1. **Language.** Text that reads as Spanish (or any script other than Latin) gets
   ``label=None`` with a reason: the lexicon is English only. Never "neutral".
2. **Clauses.** The text is cut into sentences, and sentences at "but", "though",
   "however", "that said", "on the other hand". Each clause is scored by VADER, plus:
   - general complaint and praise idioms of service feedback (``COMPLAINTS``,
     ``PRAISE``: "a nightmare", "a joke", "too early", "nobody called back", "still
     no", "can't afford", "woke the whole house", "Again." on its own; "shout out",
     "above and beyond", "made a difference");
   - emoji read as what people mean by them (``EMOJI_WORDS``: 😡 and 🤬 angry, 👎
     bad, 🙄 annoyed, 💔 heartbroken, 👍 good), where VADER reads their names. An
     angry or negative emoji says how its clause is meant: the clause scores no
     higher than the emoji alone (praise beside it is sarcasm: "Great, another
     robocall 👎"), and praise said on its own ("Wonderful.") in a text with one
     counts as nothing. The cost: "Love the teachers, hate pickup 😡" in one clause
     reads negative, not mixed;
   - an information question ("How do I ...?", "Is there ...?", "When will ...?")
     counts as neutral, whatever its words; a "why" question or "??" does not;
   - a suggestion ("8:30 would be better") is neutral; a wish about the past ("would
     have been nice", "I wish") leans negative.
3. **Mixed** when one clause is at least ``STRONG`` and another at most ``-STRONG``,
   or a clearly positive clause is followed by a contrast ("but ...") that is not, or
   one clause has at least ``MIXED_PROPORTION`` of both positive and negative words
   ("Happy with the curriculum, unhappy with the class sizes").
4. Otherwise the clause scores are summed (so one clear complaint among plain
   sentences counts) and squashed to -1..1: positive at ``>= THRESHOLD``, negative at
   ``<= -THRESHOLD``, else neutral.
5. **The respondent's rating** (1-5; 1-2 negative, 3 neutral, 4-5 positive), when
   given, decides when the words do not: they are neutral, weak (under ``DECISIVE``)
   or unreadable. Words that agree with it, or are mixed, keep their label. Clear
   words that contradict the rating win (a reversed scale is a common survey slip),
   with a low confidence so staff can check.

``confidence`` is the measured precision of that kind of call on the labelled comment
set (``accuracy.json``, written by ``bench/eval_feedback.py``), lowered near a decision
boundary: roughly how often such a call agreed with a careful human reader there. It is
never 1.0. These rules were written after the blind first look
(tests/data/comments_blind/FIRST_LOOK.md) and checked on the same set, so figures
measured after them are on a set they were tuned on.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

LABELS = ("positive", "neutral", "mixed", "negative")

THRESHOLD = 0.1  # squashed sum of clause scores: positive / negative beyond it
STRONG = 0.3  # a clause this far from 0 counts towards "mixed"
DECISIVE = 0.35  # words at least this clear outweigh a contradicting rating
CONTRAST_POSITIVE = 0.4  # "Love X, but ..." is mixed when the first part is this clear
MIXED_PROPORTION = 0.2  # a clause with this share of positive and of negative words

ACCURACY_FILE = Path(__file__).with_name("accuracy.json")
# Only the first this many characters are scored: VADER slows down more than
# linearly on one very long text (its "but" rule), and a comment longer than this is
# a document whose opening says enough.
MAX_SCORED_CHARS = 20_000

# A sentence, or a clause starting at a contrast word. Linear: a character class and
# a fixed alternation.
_SENTENCE_END = re.compile(r"[.!?\n]+")
_CONTRAST = re.compile(
    r"(?:,|;|\s-+)?\s+(?=(?:but|though|although|however|that said|on the other hand|"
    r"yet|except)\b)",
    re.IGNORECASE,
)
_CONTRAST_START = re.compile(
    r"^(?:but|though|although|however|that said|on the other hand|yet|except)\b", re.I
)

# --- idioms of complaint and praise (weights on VADER's compound scale) -------------

_W = r"(?:\w+\s+)"  # one word and its space
COMPLAINTS: tuple[tuple[str, float], ...] = (
    (r"\b(?:a|an|such a|total|complete|absolute|real)\s+(?:nightmare|joke|mess|disaster|"
     r"farce|circus|zoo|fiasco|headache|waste)\b", -0.6),
    (r"\b(?:nightmare|fiasco|absurd|pointless|useless|chaotic|shambles)\b", -0.4),
    (r"\b(?:way\s+|far\s+|much\s+)?too\s+(?:much|many|early|late|long|short|far|hot|cold|"
     r"crowded|expensive|little|few|small|big|loud|hard|slow|often|high|low|steep|strict|"
     r"confusing|complicated|noisy)\b", -0.45),
    (r"\b(?:no\s*one|nobody|no-one)\s+" + _W + r"{0,2}(?:call|called|calls|answer|"
     r"answered|answers|respond|responded|responds|tell|tells|told|explain|explained|"
     r"return|returns|returned|care|cares|listen|listens|listened|know|knows|"
     r"warned|notified|informed|bothered|helps|helped)\b", -0.55),
    (r"\bnever\s+" + _W + r"?(?:return|returns|returned|respond|responds|responded|answer|"
     r"answers|answered|call|calls|called|hear|heard|get|gets|got|work|works|worked|"
     r"fixed|fix|explained|explains|showed|shows|came|comes|posted|consulted|asked)\b",
     -0.5),
    (r"\bstill\s+(?:no|not|nothing|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|isn'?t|"
     r"aren'?t|can'?t|waiting|missing|broken)\b", -0.45),
    (r"\b(?:doesn'?t|don'?t|didn'?t|won'?t|isn'?t|aren'?t|wasn'?t|haven'?t|hasn'?t)\s+"
     + _W + r"?(?:work|working|worked|fixed|posted|updated|enough|answered|returned|"
     r"connect|load|open|start|arrive|come|show)\b", -0.4),
    (r"\b(?:can'?t|cannot|couldn'?t|unable\s+to)\s+(?:afford|get|find|reach|hear|see|"
     r"eat|sleep|focus|keep up|understand|access|log in|park)\b", -0.4),
    (r"\b(?:without|with\s+no|zero)\s+(?:any\s+)?(?:notice|warning|explanation|"
     r"communication|input|reason)\b", -0.45),
    (r"\b(?:one|1|a)\s+day'?s?\s+notice\b|\blast[-\s]minute\b", -0.35),
    (r"\b(?:fed up|sick of|tired of|had enough|last straw|what'?s the point|come on|"
     r"are you kidding|give me a break|out of control|falling apart|fell through the "
     r"cracks|in the dark|says it all|not acceptable|not okay|not ok)\b", -0.55),
    (r"\bhow\s+(?:does|did|could|can|is)\s+(?:this|that)\s+(?:happen|happening|ok|okay|"
     r"allowed|possible)\b", -0.55),
    # Woken by a call, a bus, a bell: "woke the whole house", "woke us up".
    (r"\bw(?:oke|aked|oken)\s+(?:up\s+)?(?:the\s+(?:whole|entire)\s+|my\s+|our\s+|"
     r"all\s+(?:the\s+|of\s+)?)?(?:house|household|home|family|baby|babies|kids|children|"
     r"neighbou?rs|neighbou?rhood|us|me|everyone|everybody)\b", -0.45),
    # "Again." said on its own, after the thing that happened: exasperation.
    (r"^(?:and\s+|yet\s+|once\s+|here\s+we\s+go\s+|not\s+)?again$", -0.35),
    (r"\b(?:late|delayed|cancell?ed|crash(?:es|ed|ing)?|leak(?:s|ed|ing)?|broken|lost|"
     r"stuck|behind|missing|missed|ran out|waitlist(?:ed)?|overcrowded|understaffed|"
     r"short-staffed|freezing|starving|unsafe|rude|ignored|dismissed)\b", -0.25),
)
PRAISE: tuple[tuple[str, float], ...] = (
    (r"\b(?:shout[-\s]?out|kudos|hats off|above and beyond|thank you|thanks|grateful|"
     r"appreciate)\b", 0.3),
    (r"\b(?:made|makes|make)\s+(?:a|such a)\s+(?:real\s+|huge\s+|big\s+)?difference\b", 0.5),
    (r"\b(?:changed|changing)\s+(?:our|his|her|their|my)\s+li(?:fe|ves)\b", 0.6),
    (r"\bcan'?t\s+thank\s+" + _W + r"{0,2}enough\b", 0.6),
)
_COMPLAINTS = [(re.compile(p, re.IGNORECASE), w) for p, w in COMPLAINTS]
_PRAISE = [(re.compile(p, re.IGNORECASE), w) for p, w in PRAISE]

# An information question: starts with a question word or an auxiliary and asks.
_INFO_QUESTION = re.compile(
    r"^\W*(?:how|where|when|what|which|who|whom|is|are|was|does|do|did|will|would|can|"
    r"could|may|should|has|have|any|anyone)\b",
    re.IGNORECASE,
)
_SUGGESTION = re.compile(
    r"\b(?:would|could|might)\s+(?:be|help|make|work)\b|\bit'?d\s+be\b|\bsuggest\w*\b|"
    r"\bconsider\b",
    re.IGNORECASE,
)
_REGRET = re.compile(
    r"\b(?:would|could|should)\s+have\s+been\b|\bi\s+wish\b|\bjust\s+wish\b|\bif\s+only\b",
    re.IGNORECASE,
)

# --- language ------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
ENGLISH = frozenset(
    "the and to of a is are my i we you it in for not was this that be have with our on "
    "at they he she what how why when where do does can will would there their your his "
    "her me us an as but so just about from or if all get got been has had were them"
    .split()
)
SPANISH = frozenset(
    "el la los las de que y en un una es por para con mi mis su sus se lo al del muy pero "
    "hay como qué cómo dónde cuándo está están nos le les ya sin porque también este esta "
    "estos son fue ser tengo tiene tenemos hijo hija hijos escuela nuestro nuestra más "
    "cuando yo ella ellos todo todos nada".split()
)


def language_problem(text: str) -> str | None:
    """Why the English lexicon cannot read ``text`` (a sentence for staff), or None
    when it can (or the text is too short to tell)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return None
    letters = [c for c in text if c.isalpha()]
    latin = sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters)
    if letters and latin / len(letters) < 0.5:
        return "Not in English: the sentiment scorer reads English only."
    english = sum(w in ENGLISH for w in words)
    spanish = sum(w in SPANISH for w in words)
    if spanish >= 2 and spanish > english:
        return "Written in Spanish: the sentiment scorer reads English only."
    return None


# --- results -------------------------------------------------------------------------


class Sentiment(NamedTuple):
    label: str | None  # one of LABELS, or None: can't judge (see ``reason``)
    score: float  # value to store with the label: -1..1 (0 when the label is None)
    confidence: float  # 0..1, never 1: how often such a call was right on the test set
    compound: float  # VADER's compound for the whole text
    pos: float
    neu: float
    neg: float
    reason: str = ""  # why: "words", "rating", "words over rating", or why not judged
    clauses: tuple[float, ...] = ()


# Emoji VADER reads as nothing or the wrong way: it replaces each emoji by its name
# (😡 "pouting face", 🤬 "face with symbols on mouth", 👎 "thumbs down": no word of
# feeling in them; 💔 "broken heart" reads as positive). Here each is read as one
# word of its lexicon that says what people mean by it.
NEGATIVE_EMOJI_WORDS = {
    "\U0001f621": "angry",  # 😡
    "\U0001f92c": "furious",  # 🤬
    "\U0001f620": "angry",  # 😠 (VADER: "angry face", the same reading)
    "\U0001f4a2": "angry",  # 💢
    "\U0001f44e": "bad",  # 👎
    "\U0001f595": "furious",  # 🖕
    "\U0001f624": "frustrated",  # 😤
    "\U0001f926": "frustrated",  # 🤦
    "\U0001f612": "annoyed",  # 😒
    "\U0001f644": "annoyed",  # 🙄
    "\U0001f92e": "disgusting",  # 🤮
    "\U0001f4a9": "awful",  # 💩
    "\U0001f494": "heartbroken",  # 💔
}
EMOJI_WORDS = {**NEGATIVE_EMOJI_WORDS, "\U0001f44d": "good"}  # 👍
# One of those emoji says how its clause is meant: praise beside it is sarcasm
# ("Great, another 5:45am robocall 👎"), and so is praise said on its own before it
# ("Wonderful. The bus left without her 😡").
_NEGATIVE_EMOJI = re.compile("[" + "".join(NEGATIVE_EMOJI_WORDS) + "]")
_PRAISE_ALONE = re.compile(
    r"(?:oh\s+|just\s+|gee\s+|well\s+|wow\s+)?(?:great|wonderful|perfect|awesome|"
    r"fantastic|lovely|nice|brilliant|terrific|super|wow|thanks\s+a\s+lot|"
    r"thanks\s+for\s+nothing|good\s+job|way\s+to\s+go)\W*",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    """Built once per process: loading the lexicon takes a noticeable moment."""
    analyzer = SentimentIntensityAnalyzer()
    # Words VADER lacks or reads the wrong way in a complaint to a school.
    analyzer.lexicon.update({"nightmare": -2.7, "joke": 0.0, "lifesaver": 2.8})
    analyzer.emojis.update(EMOJI_WORDS)
    return analyzer


@lru_cache(maxsize=32)
def _emoji_score(emoji: str) -> float:
    """VADER's compound for the word an emoji is read as (😡: "angry", -0.51)."""
    return _analyzer().polarity_scores(EMOJI_WORDS[emoji])["compound"]


@lru_cache(maxsize=1)
def measured() -> dict:
    """The figures bench/eval_feedback.py measured (empty if the file is missing)."""
    try:
        return json.loads(ACCURACY_FILE.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def sentences(text: str) -> list[str]:
    """Split on ``.``, ``!``, ``?`` and line breaks; deliberately simple ("Ms." splits
    too)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def clauses(text: str) -> list[tuple[str, bool]]:
    """(clause, is a question) pieces: sentences, cut again before a contrast word.
    A clause keeps its sentence's end mark so questions can be told apart."""
    out: list[tuple[str, bool]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        sentence = " ".join(text[start : m.start()].split())  # no runs of spaces
        question = "?" in m.group()
        start = m.end()
        if not sentence:
            continue
        for part in _CONTRAST.split(sentence):
            if part.strip():
                out.append((part.strip(), question))
    return out


def _adjust(text: str) -> float:
    total = 0.0
    for pattern, weight in _COMPLAINTS:
        total += weight * len(pattern.findall(text))
    for pattern, weight in _PRAISE:
        total += weight * len(pattern.findall(text))
    return total


def clause_score(
    clause: str, question: bool, exasperated: bool = False, compound: float | None = None
) -> float:
    """-1..1 for one clause: VADER's compound plus the idioms, with information
    questions and suggestions neutral."""
    adjustment = _adjust(clause)
    if compound is None:
        compound = _analyzer().polarity_scores(clause)["compound"]
    if question and not exasperated and _INFO_QUESTION.match(clause) and adjustment > -0.3:
        return 0.0
    if _REGRET.search(clause):
        return min(compound, 0.0) + min(adjustment, 0.0) - 0.3
    if _SUGGESTION.search(clause) and adjustment > -0.3:
        return min(compound, 0.0)
    return max(-1.0, min(1.0, compound + adjustment))


def _squash(total: float) -> float:
    return math.tanh(total)


def rating_label(rating: float | None) -> str | None:
    """1-2 negative, 3 neutral, 4-5 positive (a mean of several: under 2.5, 2.5 to 3.5,
    over 3.5)."""
    if rating is None:
        return None
    if rating < 2.5:
        return "negative"
    if rating <= 3.5:
        return "neutral"
    return "positive"


def rating_of(ratings: Mapping[str, float | None] | None) -> float | None:
    """One 1-5 rating from a response's closed answers (``Response.ratings``): the mean
    of the numbers given; a set with any number over 5 is read as 0-10 and halved
    (floored at 1). None when there is no number."""
    values = [float(v) for v in (ratings or {}).values() if isinstance(v, int | float)]
    values = [v for v in values if not isinstance(v, bool) and 0 <= v <= 10]
    if not values:
        return None
    if any(v > 5 for v in values):
        values = [max(1.0, v / 2) for v in values]
    values = [max(1.0, v) for v in values]
    return sum(values) / len(values)


def _confidence(kind: str, label: str | None, margin: float) -> float:
    """The measured precision of this kind of call (``accuracy.json``), lowered near
    a decision boundary (``margin`` 0 on it, 1 far from it); 0.5 before anything is
    measured. Capped at 0.95: a lexicon is never sure."""
    table = measured().get("precision", {})
    base = table.get(f"{kind}:{label}", table.get(str(label), 0.5))
    return round(max(0.05, min(0.95, base * (0.6 + 0.4 * max(0.0, min(1.0, margin))))), 4)


def _from_words(text: str) -> tuple[str | None, float, float, str, tuple[float, ...]]:
    """(label, score, margin, reason, clause scores) from the words alone."""
    problem = language_problem(text)
    if problem:
        return None, 0.0, 0.0, problem, ()
    pieces = clauses(text)
    exasperated = "??" in text
    analyzer = _analyzer()
    polar = [analyzer.polarity_scores(c) for c, _ in pieces]
    scores = [
        clause_score(c, q, exasperated, p["compound"])
        for (c, q), p in zip(pieces, polar, strict=True)
    ]
    if not scores:
        return "neutral", 0.0, 0.0, "words", ()
    angry = [bool(_NEGATIVE_EMOJI.search(c)) for c, _ in pieces]
    if any(angry):
        for k, (c, _) in enumerate(pieces):
            if angry[k]:  # the emoji's reading at most: praise beside it is sarcasm
                scores[k] = min(scores[k], _emoji_score(_NEGATIVE_EMOJI.search(c).group()))
            elif _PRAISE_ALONE.fullmatch(c):
                scores[k] = 0.0
        polar = [p for p, a in zip(polar, angry, strict=True) if not a]
    high, low = max(scores), min(scores)
    contrast = any(
        scores[k] >= CONTRAST_POSITIVE and _CONTRAST_START.match(pieces[k + 1][0])
        and scores[k + 1] <= 0.05
        for k in range(len(scores) - 1)
    ) or any(
        scores[k] <= -CONTRAST_POSITIVE and _CONTRAST_START.match(pieces[k + 1][0])
        and scores[k + 1] >= STRONG
        for k in range(len(scores) - 1)
    )
    both = any(min(p["pos"], p["neg"]) >= MIXED_PROPORTION for p in polar)
    score = _squash(sum(scores))
    if (high >= STRONG and low <= -STRONG) or contrast or both:
        margin = min(high, -low) / STRONG - 1.0 if not contrast else 0.5
        return "mixed", score, margin, "words", tuple(scores)
    if score >= THRESHOLD or score <= -THRESHOLD:
        margin = (abs(score) - THRESHOLD) / (1.0 - THRESHOLD) * 2
        return ("positive" if score > 0 else "negative"), score, margin, "words", tuple(scores)
    margin = 1.0 - abs(score) / THRESHOLD
    return "neutral", score, margin, "words", tuple(scores)


def classify(text: str, rating: float | None = None) -> Sentiment:
    """Classify one piece of feedback, with the respondent's 1-5 ``rating`` if there is
    one. Empty text with no rating is neutral with confidence 0."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int | float)):
        raise TypeError(f"rating must be a number, not {type(rating).__name__}")
    if rating is not None and not 1 <= rating <= 5:
        raise ValueError(f"rating must be from 1 to 5, not {rating}")
    text = text[:MAX_SCORED_CHARS]
    whole = _analyzer().polarity_scores(text)
    compound, pos, neu, neg = (float(whole[k]) for k in ("compound", "pos", "neu", "neg"))

    def result(label, score, confidence, reason, parts=()):
        return Sentiment(label, round(score, 4), confidence, compound, pos, neu, neg, reason,
                         parts)  # fmt: skip

    by_rating = rating_label(rating)
    if not text.strip():
        if by_rating is None:
            return result("neutral", 0.0, 0.0, "no words")
        return result(by_rating, (rating - 3) / 2, _confidence("rating", by_rating, 1), "rating")
    label, score, margin, reason, parts = _from_words(text)
    if by_rating is None:
        if label is None:
            return result(None, 0.0, 0.0, reason)
        return result(label, score, _confidence("words", label, margin), reason, parts)
    rated_score = (rating - 3) / 2
    if label is None or label == "neutral" or (label != "mixed" and abs(score) < DECISIVE
                                               and label != by_rating):
        return result(by_rating, rated_score, _confidence("rating", by_rating, 1), "rating",
                      parts)  # fmt: skip
    if label == by_rating or label == "mixed":
        return result(label, score, _confidence("agree", label, margin), "words and rating",
                      parts)  # fmt: skip
    return result(label, score, _confidence("contradicted", label, 0), "words over rating",
                  parts)  # fmt: skip


def classify_many(texts: Iterable[str]) -> list[Sentiment]:
    """Classify each text in order."""
    return [classify(t) for t in texts]


def accuracy_note() -> str:
    """One line for staff wherever sentiment is shown, from the measured figure
    (``accuracy.json``); empty when nothing has been measured."""
    figures = measured()
    try:
        comments, exact = int(figures["comments"]), float(figures["exact"])
    except (KeyError, TypeError, ValueError):
        return ""
    return (
        f"Sentiment is an estimate: on {comments:,} test comments it matched a careful "
        f"human reader {exact:.0%} of the time. Comments not in English show \"can't "
        "judge\" unless the person gave a rating."
    )

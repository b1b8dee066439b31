"""Style: hidden verbs, hedges, weasel words (library rules), passive voice, long
paragraphs and noun stacks. Few false alarms, each with a concrete rewrite hint.

Sources: federal plain language guidelines (plainlanguage.gov: active voice,
short paragraphs, verbs not nouns); Hemingway Editor (passive voice, qualifiers).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import compress
from operator import gt

from spacy.tokens import Doc, Span, Token

from .context import CheckContext, TokenTable
from .findings import Severity, excerpt
from .patterns import MONTHS

SOURCE_PLAIN = "Federal plain language guidelines (plainlanguage.gov)"

BE_FORMS = {"am", "is", "are", "was", "were", "be", "been", "being", "'s", "'re", "’s", "’re"}
GET_FORMS = {"get", "gets", "got", "gotten", "getting"}
_AUXILIARIES = frozenset(BE_FORMS | GET_FORMS)
# Words allowed between the auxiliary and the participle ("was not approved").
_BETWEEN = {
    "not",
    "n't",
    "also",
    "already",
    "still",
    "now",
    "just",
    "being",
    "all",
    "then",
    "never",
    "often",
    "usually",
    "always",
    "fully",
    "recently",
    "quickly",
    "soon",
}
IRREGULAR_PARTICIPLES = frozenset(
    """arisen awoken born borne beaten become begun bent bet bid bitten bled blown broken
    brought built burnt burst bought cast caught chosen clung come cost crept cut dealt dug
    done drawn dreamt drunk driven eaten fallen fed felt fought found fled flung flown
    forbidden forgotten forgiven frozen given gone ground grown hung heard hidden hit held
    hurt kept knelt known laid led leant learnt left lent let lain lit lost made meant met
    paid put quit read ridden rung risen run said seen sought sold sent set sewn shaken shed
    shone shot shown shrunk shut sung sunk sat slain slept slid slung spoken spent spilt spun
    spread sprung stood stolen stuck stung stridden struck strung sworn swept swollen swum
    swung taken taught torn told thought thrown thrust trodden understood undertaken woken
    worn woven wept won wound written withdrawn""".split()
)
# Past-participle forms that read as adjectives after "be": not passive voice.
ADJECTIVAL = frozenset(
    """located excited interested pleased thrilled delighted concerned worried tired scared
    based supposed used committed dedicated involved engaged qualified prepared married
    retired experienced talented gifted advanced detailed limited skilled blessed honored
    honoured proud determined known united closed open aligned licensed certified enrolled
    welcomed accepted""".split()
)
MAX_WORD = 30  # longer "words" (pasted runs, cut into tokens) are not nouns
_PLACEHOLDER = re.compile(r"\{(match|swap)\}")


def fill_placeholders(template: str, values: dict[str, str]) -> str:
    """Put ``values`` in for ``{match}`` and ``{swap}``, literally. Library text is
    data, not a format string: any other brace ("{fewer}", a stray "{") stays as
    written, and a value is never read as a template itself."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def run(ctx: CheckContext) -> None:
    _library_rules(ctx)
    _passive_voice(ctx)
    _long_paragraphs(ctx)
    _noun_stacks(ctx)


def _library_rules(ctx: CheckContext) -> None:
    for key, span in ctx.compiled.style(ctx.doc):
        rule = ctx.compiled.style_rules[key]
        swap = ""
        if rule.kind == "substitution":
            swap = _swap_for(rule.swap, span)
        fill = {"match": span.text, "swap": swap}
        ctx.sink.add(
            f"style.{rule.id}",
            "style",
            Severity[rule.severity],
            span.start_char,
            span.end_char,
            fill_placeholders(rule.message, fill),
            fill_placeholders(rule.suggestion, fill) if rule.suggestion else None,
            source=rule.source or None,
        )


def _swap_for(swap: dict[str, str], span: Span) -> str:
    lemmas = " ".join(t.lemma_ for t in span)
    for phrase, replacement in swap.items():
        if phrase.lower() in (span.text.lower(), lemmas):
            return replacement
    # Lemma forms of the library phrase ("made a decision" ~ "make a decision").
    nlp_lemmas = {" ".join(w.lower() for w in phrase.split()): r for phrase, r in swap.items()}
    return nlp_lemmas.get(lemmas, next(iter(swap.values())))


def _is_participle(word: str) -> bool:
    if word in ADJECTIVAL:
        return False
    return word in IRREGULAR_PARTICIPLES or (word.endswith("ed") and len(word) > 4)


def passive_spans(doc: Doc, table: TokenTable | None = None) -> list[Span]:
    """Passive constructions: "be"/"get" + optional adverbs + past participle.

    With a trained parser in the pipeline, the parser's ``auxpass`` labels are
    used instead of the word rule.
    """
    if doc.has_annotation("DEP"):
        spans = []
        for token in doc:
            if token.dep_ == "auxpass":
                head = token.head
                spans.append(doc[min(token.i, head.i) : max(token.i, head.i) + 1])
        return spans
    table = table or TokenTable.from_doc(doc)
    lower, alpha, n = table.lower, table.alpha, len(table.lower)
    spans = []
    auxiliaries = _AUXILIARIES
    # Only the auxiliaries start a passive: picked in C, no Python step per token.
    for i in compress(range(n), map(auxiliaries.__contains__, lower)):
        j = i + 1
        while j < n and j - i <= 3 and (lower[j] in _BETWEEN or lower[j].endswith("ly")):
            j += 1
        if j < n and alpha[j] and _is_participle(lower[j]):
            spans.append(doc[i : j + 1])
    return spans


def _passive_voice(ctx: CheckContext) -> None:
    sentences = ctx.tokens.sentences
    starts = [a for a, _ in sentences]
    for span in passive_spans(ctx.doc, ctx.tokens):
        sentence = sentences[max(0, bisect_right(starts, span.start) - 1)]
        ctx.sink.add(
            "style.passive",
            "style",
            Severity.suggestion,
            span.start_char,
            span.end_char,
            f"'{span.text}' is passive voice; readers have to guess who acts.",
            passive_hint(span, ctx.text, sentence),
            source=SOURCE_PLAIN,
        )


GENERIC_PASSIVE_HINT = (
    "Say who does it: 'The board approved the plan', not 'The plan was approved'."
)
_MODALS = {"will", "would", "can", "could", "must", "should", "may", "might", "shall"}
# "by" + one of these is a deadline or a time, not who acts ("returned by Friday").
_TIME_WORDS = frozenset(MONTHS) | {
    f"{d}day" for d in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
} | {
    "noon", "midnight", "end", "today", "tonight", "tomorrow", "week", "weekend",
    "deadline", "morning", "afternoon", "evening", "semester", "year", "date", "time",
    "hour", "minute", "day", "then", "now", "next", "close", "start", "beginning",
}  # fmt: skip
# Words that end the agent: a new clause or phrase starts ("by the board to save money").
_AGENT_STOP = {
    "and", "or", "but", "to", "that", "which", "who", "whom", "whose", "in", "on", "at",
    "for", "with", "from", "before", "after", "when", "if", "because", "so", "as", "by",
    "during", "until", "through", "about", "over", "under", "into", "is", "are", "was",
    "were", "will", "has", "have", "had", "can", "could", "must", "should", "may", "might",
}  # fmt: skip
# A clause that opens with one of these is not a plain subject to move ("When forms are
# returned by ...", "There were ...", "It was decided ...").
_NOT_SUBJECT = {
    "when", "if", "because", "after", "before", "although", "though", "since", "as",
    "while", "once", "until", "unless", "there", "it", "this", "that", "which", "who",
    "what", "where", "how", "why", "and", "but", "or", "so",
}  # fmt: skip
_DETERMINERS = {
    "the", "a", "an", "our", "your", "their", "his", "her", "its", "my", "this", "these",
    "those", "each", "every", "all", "some", "any", "many", "most", "several",
}  # fmt: skip
_OBJECT_PRONOUNS = {"i": "me", "we": "us", "they": "them", "he": "him", "she": "her", "you": "you"}
_EASY_ADVERBS = {"also", "already", "still", "just", "often", "usually", "always", "soon",
                 "recently", "quickly", "fully"}  # fmt: skip
IRREGULAR_PAST = {
    "arisen": "arose", "awoken": "awoke", "beaten": "beat", "become": "became",
    "begun": "began", "bitten": "bit", "blown": "blew", "broken": "broke", "chosen": "chose",
    "come": "came", "done": "did", "drawn": "drew", "driven": "drove", "eaten": "ate",
    "fallen": "fell", "flown": "flew", "forbidden": "forbade", "forgotten": "forgot",
    "forgiven": "forgave", "frozen": "froze", "given": "gave", "gone": "went", "grown": "grew",
    "hidden": "hid", "known": "knew", "ridden": "rode", "risen": "rose", "run": "ran",
    "seen": "saw", "shaken": "shook", "shown": "showed", "spoken": "spoke", "stolen": "stole",
    "sworn": "swore", "taken": "took", "torn": "tore", "thrown": "threw", "undertaken":
    "undertook", "woken": "woke", "worn": "wore", "woven": "wove", "written": "wrote",
    "withdrawn": "withdrew",
}  # fmt: skip


def _breaks_line(token: Token) -> bool:
    return "\n" in token.whitespace_ or (token.is_space and "\n" in token.text)


def _agent(doc: Doc, by: int, end: int) -> tuple[int, int] | None:
    """Token range of who acts after "by", within the clause: no line break, no
    punctuation but inner hyphens, stopping where a new phrase starts. None when it is
    not a plain agent (a deadline, a time, "by visiting ...")."""
    if _breaks_line(doc[by]):
        return None
    j = by + 1
    while j < end and j - by <= 7:
        t = doc[j]
        joined = j > by + 1 and not doc[j - 1].whitespace_  # "co" "-" "chairs"
        if t.is_space or (t.is_punct and not (t.text in "-'’" and joined and not t.whitespace_)):
            break
        if t.lower_ in _AGENT_STOP and not joined:
            break
        if t.lower_ == "of" and j == by + 1:
            return None
        j += 1
        if _breaks_line(t):
            break
    words = doc[by + 1 : j]
    if not len(words) or doc[j - 1].is_punct:
        return None
    if words[0].lower_.endswith("ing") or not all(_agent_word(t) for t in words):
        return None
    return by + 1, j


def _agent_word(token: Token) -> bool:
    """A word that can name who acts: not a number or a time ("by 3 p.m.", "by the end
    of May"); words, inner hyphens, links and titles ("Ms.") are fine."""
    if token.like_num or token.lower_.rstrip(".") in _TIME_WORDS:
        return False
    return token.is_alpha or token.is_punct or token.like_url or token.text.endswith(".")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


def passive_hint(span: Span, text: str, sentence: tuple[int, int] | None = None) -> str:
    """A rewrite hint built from the clause itself: "The school board approved the
    plan." when the clause is simple, "Start with who acts: 'The school board ...'" when
    only the agent is clear, and a generic hint when unsure. Nothing is taken from
    across a sentence, a heading or a line break, and words are quoted as written
    (hyphens, links)."""
    doc = span.doc
    if sentence is None:
        sentence = (doc[span.start].sent.start, doc[span.start].sent.end)
    start, end = sentence
    if span.end >= end or doc[span.end].lower_ != "by":
        return GENERIC_PASSIVE_HINT
    agent = _agent(doc, span.end, end)
    if agent is None:
        return GENERIC_PASSIVE_HINT
    a, b = agent
    who = text[doc[a].idx : doc[b - 1].idx + len(doc[b - 1].text)]
    if doc[a].lower_ in _DETERMINERS or (doc[a].is_lower and doc[a].is_alpha):
        who = _capitalised(who)
    partial = f"Start with who acts: '{who} ...'."
    rewrite = _active_clause(span, text, start, b, end, who)
    return f"Start with who acts: '{rewrite}'" if rewrite else partial


def _active_clause(span: Span, text: str, start: int, after: int, end: int, who: str):
    """'<who> <verb> <subject> <rest>.' for a simple clause, else None."""
    doc = span.doc
    aux, participle = doc[span.start], doc[span.end - 1]
    between = [t.lower_ for t in doc[span.start + 1 : span.end - 1]]
    if any(w not in _EASY_ADVERBS and not w.endswith("ly") for w in between):
        return None  # "not", "never", "being", "all": leave the rewrite to the writer
    subject_end = span.start
    modal = None
    if aux.lower_ == "be" and span.start > start and doc[span.start - 1].lower_ in _MODALS:
        subject_end, modal = span.start - 1, doc[span.start - 1].lower_
    subject = doc[start:subject_end]
    if not 1 <= len(subject) <= 6 or subject[0].lower_ in _NOT_SUBJECT:
        return None
    if any(_breaks_line(t) for t in doc[start : span.end]) or any(
        t.is_punct and t.text not in "-'’" for t in subject
    ):
        return None
    word = participle.lower_
    if modal:
        verb = f"{modal} {participle.lemma_}"
    elif aux.lower_ in {"was", "were", "got"}:
        verb = IRREGULAR_PAST.get(word) or (word if word.endswith("ed") else "")
        if not verb:
            return None
    else:
        return None
    adverbs = " ".join(doc[span.start + 1 : span.end - 1].text.split())
    if end - after > 20:
        return None
    rest = doc[after:end]
    while len(rest) and rest[-1].is_punct:
        rest = rest[:-1]
    if len(rest) > 10 or any(_breaks_line(t) for t in doc[after - 1 : end - 1]):
        return None
    if len(rest) and (rest[0].is_punct or rest[0].lower_ in _NOT_SUBJECT):
        return None
    if any(t.is_punct and t.text not in "-'’." for t in rest):
        return None
    object_ = text[subject.start_char : subject.end_char]
    first = subject[0]
    if len(subject) == 1 and first.lower_ in _OBJECT_PRONOUNS:
        object_ = _OBJECT_PRONOUNS[first.lower_]
    elif first.lower_ in _DETERMINERS or (
        first.is_title and (len(subject) == 1 or not subject[1].is_title)
    ):
        object_ = first.lower_ + object_[len(first.text) :]
    words = [who, adverbs, verb, object_]
    if len(rest):
        words.append(text[rest.start_char : rest.end_char])
    return " ".join(w for w in words if w) + "."


# A paragraph ends at a line break followed by a blank line (spaces and tabs only).
_PARAGRAPH_END = re.compile(r"\n(?=[ \t]*\n)")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph: the non-empty runs of ``text`` between the
    line breaks that a blank line follows. These are the matches of the pattern
    ``(?:[^\\n]|\\n(?![ \\t]*\\n))+``, found without trying it at every character."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _PARAGRAPH_END.finditer(text):
        if m.start() > pos:
            out.append((pos, text[pos : m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append((pos, text[pos:]))
    return out


def _long_paragraphs(ctx: CheckContext) -> None:
    limit = 100 if ctx.audience.reading_grade_target <= 8 else 150
    text = ctx.text
    # Each paragraph is split once (counting the whole draft's words first, to stop
    # early, split every word of a long draft twice).
    for offset, paragraph in paragraphs(text):
        words = len(paragraph.split())
        if words > limit:
            start = offset + (len(paragraph) - len(paragraph.lstrip()))
            end = start + len(paragraph.strip())
            line_end = text.find("\n", start, end)
            ctx.sink.add(
                "style.long_paragraph",
                "style",
                Severity.suggestion,
                start,
                line_end if line_end > 0 else min(end, start + 80),
                f"This paragraph has {words} words; keep paragraphs under {limit} for "
                f"{ctx.audience.name.lower()}.",
                "Split it where the topic shifts, or turn steps into a list.",
                source=SOURCE_PLAIN,
            )


# Verbs that are seldom nouns: in "help students feel safe" they end a run of words,
# which is then a verb phrase, not a stack of nouns (matched on lemmas).
VERB_LEMMAS = frozenset(
    """feel learn stay grow thrive succeed become seem let bring give keep know want
    understand remain ensure provide allow enable encourage prepare receive include continue
    believe think tell ask say explain see go come get take send speak hear enjoy arrive
    begin improve identify connect participate attend explore discover create celebrate
    choose decide belong build develop gain lead achieve reach return bring join""".split()
)
# Adjectives that end a verb phrase ("keep students safe", "make reading fun"): a run
# ending in one is read without it.
FINAL_ADJECTIVES = frozenset(
    """safe ready able healthy happy successful welcome strong important possible available
    free good great better best clear sure easy hard comfortable confident fun proud
    active positive inclusive safer healthier stronger""".split()
)


def _noun_stacks(ctx: CheckContext, size: int = 4) -> None:
    """Four or more lower-case content words in a row: "district literacy program
    improvement plan". Capitalised names and anything with a function word are skipped.
    Verb phrases are not stacks: a verb that is seldom a noun breaks the run ("help
    students feel safe"), a plural noun ends it (nouns that modify a noun are singular:
    "student attendance data", but "small steps | help families"), and a final
    adjective is not part of it ("keep students safe")."""
    table, text = ctx.tokens, ctx.text
    not_nouns = _NOT_NOUNS
    run: list[int] = []

    def flush() -> None:
        last = table.lower[run[-1]] if run else ""
        if run and (last in FINAL_ADJECTIVES or last.endswith(("ful", "ous"))):
            run.pop()
        if len(run) >= size:
            start, end = table.idx[run[0]], table.end_char(run[-1])
            ctx.sink.add(
                "style.noun_stack",
                "style",
                Severity.suggestion,
                start,
                end,
                f"'{excerpt(text[start:end], 80)}' stacks {len(run)} words that readers "
                "must unpack.",
                "Unstack it with 'of', 'for' or a verb: 'a plan to improve the district's "
                "literacy program'.",
                source=SOURCE_PLAIN,
            )
        run.clear()

    lower, idx, lemma = table.lower, table.idx, table.lemma
    kinds = _STACK_WORDS
    # Only alphabetic non-stop words can join a run: compress() picks them in C (about
    # half the tokens), and a token left out between two of them breaks the run.
    # A run shorter than ``size`` can be no stack (dropping a final adjective only
    # shortens it), so it is cleared without calling flush(): most runs are a word or two.
    for i in compress(range(len(lower)), map(gt, table.alpha, table.stop)):
        if run and run[-1] != i - 1:
            flush() if len(run) >= size else run.clear()
        word = lower[i]
        kind = kinds.get((word, lemma[i]))
        if kind is None:
            kind = _stack_word(word, lemma[i], not_nouns)
            if len(kinds) < 200_000:
                kinds[word, lemma[i]] = kind
        if kind and text[idx[i]].islower():
            run.append(i)
            if kind == _ENDS_STACK:
                # a plural noun (or a verb in -s) ends the phrase ("robotics" not)
                flush() if len(run) >= size else run.clear()
        elif run:  # (an empty run has nothing to flush)
            flush() if len(run) >= size else run.clear()
    flush()


_NOT_NOUNS = frozenset("today tomorrow tonight yesterday now here there soon".split())
_NOT_IN_STACK, _IN_STACK, _ENDS_STACK = 0, 1, 2
# (lower form, lemma) -> one of the three: the word-level half of the noun-stack test.
_STACK_WORDS: dict[tuple[str, str], int] = {}


def _stack_word(word: str, lemma: str, not_nouns: frozenset[str]) -> int:
    if (
        not 2 < len(word) <= MAX_WORD
        or word.endswith(("ly", "ing", "ed"))
        or word in not_nouns
        or lemma in VERB_LEMMAS
    ):
        return _NOT_IN_STACK
    if lemma != word and word.endswith("s") and not word.endswith("ics"):
        return _ENDS_STACK
    return _IN_STACK

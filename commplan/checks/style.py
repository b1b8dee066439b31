"""Style: hidden verbs, hedges, weasel words (library rules), passive voice, long
paragraphs and noun stacks. Few false alarms, each with a concrete rewrite hint.

Sources: federal plain language guidelines (plainlanguage.gov: active voice,
short paragraphs, verbs not nouns); Hemingway Editor (passive voice, qualifiers).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .context import CheckContext, TokenTable
from .findings import Severity, excerpt

SOURCE_PLAIN = "Federal plain language guidelines (plainlanguage.gov)"

BE_FORMS = {"am", "is", "are", "was", "were", "be", "been", "being", "'s", "'re", "’s", "’re"}
GET_FORMS = {"get", "gets", "got", "gotten", "getting"}
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
_WORD_RE = re.compile(r"\S+")
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
    for i, word in enumerate(lower):
        if word not in BE_FORMS and word not in GET_FORMS:
            continue
        j = i + 1
        while j < n and j - i <= 3 and (lower[j] in _BETWEEN or lower[j].endswith("ly")):
            j += 1
        if j < n and alpha[j] and _is_participle(lower[j]):
            spans.append(doc[i : j + 1])
    return spans


def _passive_voice(ctx: CheckContext) -> None:
    for span in passive_spans(ctx.doc, ctx.tokens):
        agent = ""
        after = ctx.doc[span.end : span.end + 4]
        if len(after) > 1 and after[0].lower_ == "by":
            agent = " ".join(t.text for t in after[1:] if t.is_alpha)
        hint = (
            f"Start with who acts: '{agent} ...'."
            if agent
            else "Say who does it: 'The board approved the plan', not 'The plan was approved'."
        )
        ctx.sink.add(
            "style.passive",
            "style",
            Severity.suggestion,
            span.start_char,
            span.end_char,
            f"'{span.text}' is passive voice; readers have to guess who acts.",
            hint,
            source=SOURCE_PLAIN,
        )


def _long_paragraphs(ctx: CheckContext) -> None:
    limit = 100 if ctx.audience.reading_grade_target <= 8 else 150
    text = ctx.text
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):
        words = len(_WORD_RE.findall(m.group()))
        if words > limit:
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            end = start + len(m.group().strip())
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


def _noun_stacks(ctx: CheckContext, size: int = 4) -> None:
    """Four or more lower-case content words in a row: "district literacy program
    improvement plan". Capitalised names and anything with a function word are skipped."""
    table, text = ctx.tokens, ctx.text
    not_nouns = {"today", "tomorrow", "tonight", "yesterday", "now", "here", "there", "soon"}
    run: list[int] = []

    def flush() -> None:
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

    for i, word in enumerate(table.lower):
        if (
            table.alpha[i]
            and not table.stop[i]
            and 2 < len(word) <= MAX_WORD
            and text[table.idx[i]].islower()
            and not word.endswith(("ly", "ing", "ed"))
            and word not in not_nouns
        ):
            run.append(i)
        else:
            flush()
    flush()

"""Jargon: the glossary, matched on lemmas ("leveraged" ~ "leverage"), with a
word-frequency layer under it for what no list names.

Severity follows the audience: a glossary term the audience tolerates is only a
suggestion; a term the team rejected (``vocab.reject``) is always an error.
Wordy phrases ("in order to") are style, not jargon, and only ever a suggestion.
Rare words and stacks of abstract nouns are suggestions, and a glossary match wins
over them on the same words.
"""

from __future__ import annotations

from .context import CheckContext
from .findings import Severity, match_case
from .wordfreq_layer import abstract_stacks, rare_words

SOURCE_LIBRARY = "Agency message library: jargon glossary"
SOURCE_FREQUENCY = "Word frequencies (wordfreq, English)"


def _format_plain(options: tuple[str, ...]) -> str:
    quoted = [f"'{o}'" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


def run(ctx: CheckContext) -> None:
    doc, audience, compiled = ctx.doc, ctx.audience, ctx.compiled
    taken: list[tuple[int, int]] = []
    # Each wording of a term once, at its first use (as for acronyms): the writer
    # fixes every use, and a letter that says "open enrollment" eight times has one
    # problem, not eight.
    uses: dict[tuple[str, str], list] = {}
    for key, span in compiled.jargon(doc):
        if span.text.lower() in compiled.accepted:
            continue
        taken.append((span.start_char, span.end_char))
        uses.setdefault((key, span.text.lower()), []).append(span)
    for (key, _form), spans in uses.items():
        entry = compiled.jargon_entries[key]
        # The first use in running text: a heading ("Open Enrollment") names the topic
        # the text then explains; flag a heading only when the term is nowhere else.
        span = next((sp for sp in spans if not in_heading(ctx.text, sp.start_char)), spans[0])
        more = _more_uses(len(spans))
        tolerated = audience.tolerates_category(entry.category) or audience.id in entry.tolerated_by
        if entry.plain:
            suggestion = f"Try {_format_plain(entry.plain)}."
            if entry.explanation:
                suggestion += f" ({entry.explanation})"
        else:
            suggestion = entry.explanation
        if entry.category == "wordy-phrase":
            ctx.sink.add(
                "style.wordy_phrase",
                "style",
                Severity.suggestion,
                span.start_char,
                span.end_char,
                f"'{span.text}' is wordy.{more}",
                suggestion,
                source=SOURCE_LIBRARY,
                fix=match_case(span.text, entry.plain[0]) if entry.plain else None,
            )
            continue
        kind = entry.category.replace("-", " ")
        if tolerated:
            message = (
                f"'{span.text}' is {kind} that {audience.name.lower()} usually know; "
                f"a plain word may still read better.{more}"
            )
        else:
            message = f"'{span.text}' is {kind} that {audience.name.lower()} may not know.{more}"
        ctx.sink.add(
            f"jargon.{entry.category.replace('-', '_')}",
            "jargon",
            Severity.suggestion if tolerated else Severity.warning,
            span.start_char,
            span.end_char,
            message,
            suggestion,
            source=SOURCE_LIBRARY,
            fix=match_case(span.text, entry.plain[0]) if entry.plain else None,
        )
    for _key, span in compiled.rejected(doc):
        taken.append((span.start_char, span.end_char))
        ctx.sink.add(
            "jargon.rejected",
            "jargon",
            Severity.error,
            span.start_char,
            span.end_char,
            f"'{span.text}' is on the team's reject list.",
            None,
            source="Team vocabulary (vocab.reject)",
        )
    _frequency_layer(ctx, taken)


HEADING_MAX = 80  # characters: a longer line is prose
_SMALL_WORDS = frozenset({"a", "an", "and", "the", "of", "for", "to", "in", "on", "or", "at"})


def in_heading(text: str, offset: int) -> bool:
    """Is ``offset`` on a short title-case line without closing punctuation? Looks at
    most HEADING_MAX characters either way, so many findings on one huge line stay
    linear."""
    left = text.rfind("\n", max(0, offset - HEADING_MAX), offset)
    if left < 0 and offset > HEADING_MAX:
        return False
    right = text.find("\n", offset, offset + HEADING_MAX)
    if right < 0:
        if len(text) - offset > HEADING_MAX:
            return False
        right = len(text)
    line = text[left + 1 : right].strip()
    if not line or len(line) > HEADING_MAX or line[-1] in ".!?:;,":
        return False
    words = [w for w in line.split() if w[:1].isalpha()]
    return bool(words) and all(w[0].isupper() or w in _SMALL_WORDS for w in words)


def _more_uses(count: int) -> str:
    if count <= 1:
        return ""
    return f" The text uses it {count} times; this is the first."


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _frequency_layer(ctx: CheckContext, taken: list[tuple[int, int]]) -> None:
    audience, compiled = ctx.audience, ctx.compiled
    rare_below = audience.rare_below
    if rare_below <= 0:
        return
    name = audience.name.lower()
    for hit in rare_words(ctx.text, ctx.tokens, rare_below, compiled.known_words):
        if _overlaps(hit.start, hit.end, taken):
            continue
        ctx.sink.add(
            "jargon.rare",
            "jargon",
            Severity.suggestion,
            hit.start,
            hit.end,
            f"'{hit.word}' is a rare word that {name} may not know.",
            "Use a more common word, or say what it means.",
            source=SOURCE_FREQUENCY,
        )
    if any(c != "acronym" for c in audience.jargon_tolerance.categories):
        return  # readers of education-speak or policy-speak read abstract nouns too
    for stack in abstract_stacks(ctx.text, ctx.tokens):
        if _overlaps(stack.start, stack.end, taken):
            continue
        ctx.sink.add(
            "jargon.abstract_stack",
            "jargon",
            Severity.suggestion,
            stack.start,
            stack.end,
            f"'{ctx.sink.text[stack.start : stack.end]}' stacks abstract nouns.",
            "Say who does what: use a verb for the action.",
            source="Plain-language guidance: abstract nouns",
        )

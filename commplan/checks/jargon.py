"""Jargon: the glossary, matched on lemmas ("leveraged" ~ "leverage"), with a
word-frequency layer under it for what no list names.

Severity follows the audience: a glossary term the audience tolerates is only a
suggestion; a term the team rejected (``vocab.reject``) is always an error.
Wordy phrases ("in order to") are style, not jargon, and only ever a suggestion.
Rare words and stacks of abstract nouns are suggestions, and a glossary match wins
over them on the same words.

Not glossary findings: a term inside a longer name ("the Smarter Balanced
Assessment": see ``in_name``), and the everyday verb phrase written like a
hyphenated term ("set aside twenty minutes" for "a set-aside": ``phrasal_verb``).
"""

from __future__ import annotations

from message_library import GlossaryTerm

from .context import CheckContext
from .findings import Severity, match_case
from .fixes import drop_in
from .wordfreq_layer import abstract_stacks, explains_a_name, rare_words

SOURCE_LIBRARY = "Agency message library: jargon glossary"
SOURCE_FREQUENCY = "Word frequencies (wordfreq, English)"


def _format_plain(options: tuple[str, ...]) -> str:
    quoted = [f"'{o}'" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


def run(ctx: CheckContext) -> None:
    doc, audience, compiled, text = ctx.doc, ctx.audience, ctx.compiled, ctx.text
    table = ctx.tokens
    lemma = table.lemma
    taken: list[tuple[int, int]] = []
    # Each wording of a term once, at its first use (as for acronyms): the writer
    # fixes every use, and a letter that says "open enrollment" eight times has one
    # problem, not eight.
    uses: dict[tuple[str, str], list] = {}
    for key, first, after in compiled.jargon.keyed(doc):
        # Offsets, text and lemmas from the token table: a Span, its .text, .start_char
        # and iterating it build Tokens each time (a few hundred per draft).
        start, end = table.idx[first], table.end_char(after - 1)
        if text[start:end].lower() in compiled.accepted:
            continue
        taken.append((start, end))
        # "waiver" and "waivers" are one wording: grouped by lemmas, shown as first written.
        lemmas = " ".join(lemma[i].lower() for i in range(first, after))
        uses.setdefault((key, lemmas), []).append((first, start, end))
    for (key, _lemmas), spans in uses.items():
        entry = compiled.jargon_entries[key]
        if phrasal_verb(entry, text[spans[0][1] : spans[0][2]].lower()):
            continue
        # Uses inside a name are not the writer's wording. Only the first
        # MAX_NAME_CHECKS uses are looked at: a page of one name stays fast.
        checked = spans[:MAX_NAME_CHECKS]
        plain = [use for use in checked if not name_word(ctx.text, doc, use[0], use[1])]
        if not plain:
            continue
        # The first use in running text: a heading ("Open Enrollment") names the topic
        # the text then explains; flag a heading only when the term is nowhere else.
        _, start, end = next((use for use in plain if not in_heading(text, use[1])), plain[0])
        written = text[start:end]
        more = _more_uses(len(plain) + len(spans) - len(checked))
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
                start,
                end,
                f"'{written}' is wordy.{more}",
                suggestion,
                source=SOURCE_LIBRARY,
                fix=one_click(text, start, end, entry),
            )
            continue
        kind = entry.category.replace("-", " ")
        if tolerated:
            message = (
                f"'{written}' is {kind} that {audience.name.lower()} usually know; "
                f"a plain word may still read better.{more}"
            )
        else:
            message = f"'{written}' is {kind} that {audience.name.lower()} may not know.{more}"
        ctx.sink.add(
            f"jargon.{entry.category.replace('-', '_')}",
            "jargon",
            Severity.suggestion if tolerated else Severity.warning,
            start,
            end,
            message,
            suggestion,
            source=SOURCE_LIBRARY,
            fix=one_click(text, start, end, entry),
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


def one_click(text: str, start: int, end: int, entry: GlossaryTerm) -> str | None:
    """The fix for the glossary term at ``[start, end)``: the entry's ``drop_in`` form,
    or its first plain alternative when that fits the term's slot; None (the plain
    words stay advice) when it does not. See ``fixes.drop_in``."""
    plain = entry.drop_in or (entry.plain[0] if entry.plain else None)
    if plain is None:
        return None
    # A wordy phrase's plain form is written as its drop-in ("in order to" -> "to").
    forms = (entry.term, *entry.variants)
    wordy = entry.category == "wordy-phrase"
    fitted = drop_in(text, start, end, plain, forms, given=bool(entry.drop_in), wordy=wordy)
    return None if fitted is None else match_case(text[start:end], fitted)


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


MAX_NAME_CHECKS = 25  # uses of one wording checked for being part of a name

# Particles that make a verb phrase: "set aside", "push in", "carry over".
_PARTICLES = frozenset("aside up in out off through around down over on back".split())


def phrasal_verb(entry: GlossaryTerm, written: str) -> bool:
    """Is ``written`` the everyday verb phrase ("set aside twenty minutes", "push in
    your chair") of a term the glossary writes as one hyphenated noun ("a set-aside",
    "push-in support")? Only when no spaced form of the entry ends in that particle
    ("scaling up" written with a space is meant as it is)."""
    words = written.lower().split()
    if len(words) != 2 or words[1] not in _PARTICLES or "-" in written:
        return False
    forms = [p.lower() for p in (entry.term, *entry.variants)]
    hyphened = any(p.endswith("-" + words[1]) for p in forms)
    spaced = any(" " in p and p.split()[-1] == words[1] for p in forms)
    return hyphened and not spaced


def in_name(text: str, span) -> bool:
    """Is a capitalised match part of a longer name: "Smarter Balanced Assessment",
    "Kansas College and Career Ready Standards"? It is when the word before it is
    capitalised and is not the first word of its sentence or line (a title-case
    heading is left to ``in_heading``). The name of a test, program or standard is
    not the writer's wording to change; the acronym check covers names that need
    spelling out."""
    return name_word(text, span.doc, span.start, span.start_char)


def name_word(text: str, doc, i: int, start_char: int) -> bool:
    """``in_name`` for the match that starts at token ``i`` (character ``start_char``)."""
    if i == 0:
        return False
    if not doc[i].text[:1].isupper():  # (Span.text builds every Token)
        return False
    prev = doc[i - 1]
    if not prev.is_alpha or not prev.is_title or prev.is_sent_start:
        return False  # an acronym before it ("IDEA Reauthorization") is no name
    line_start = text.rfind("\n", max(0, prev.idx - HEADING_MAX), prev.idx) + 1
    if not text[line_start : prev.idx].strip(" \t-*•–\"'“‘(["):
        return False  # first word of its line (a bullet, a heading)
    if explains_a_name(text, start_char):
        return False  # the long form of an acronym: the jargon the acronym hides
    return not in_heading(text, start_char) and not _headline(text, start_char)


HEADLINE_CAPITALISED = 0.75  # share of a line's words (small words aside)


def _headline(text: str, offset: int) -> bool:
    """Is ``offset`` on a line (looked at HEADING_MAX characters either way) whose words
    are nearly all capitalised: a headline too long or too punctuated for
    ``in_heading``, where a name cannot be told apart from the rest?"""
    left = text.rfind("\n", max(0, offset - HEADING_MAX), offset) + 1
    right = text.find("\n", offset, offset + HEADING_MAX)
    line = text[max(left, offset - HEADING_MAX) : right if right >= 0 else offset + HEADING_MAX]
    words = [w for w in line.split() if w[:1].isalpha() and w not in _SMALL_WORDS]
    upper = sum(w[0].isupper() for w in words)
    return len(words) >= 4 and upper >= HEADLINE_CAPITALISED * len(words)


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

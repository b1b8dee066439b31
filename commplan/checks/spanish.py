"""Checks for Spanish drafts: school jargon and acronyms (``jargon.es.*``) and whether
the message asks for action and invites a reply (``engagement.*``, as in English).

Rules are data (``message_library/default/spanish/``). Terms are matched on lemmas
and on accent-free forms with the Spanish pipeline (:func:`commplan.nlp.get_spanish_nlp`);
acronyms as written. Readability is :mod:`commplan.checks.readability_es`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from message_library.spanish import SpanishRules, SpanishTerm, load_spanish_rules

from ..nlp import fold_accents
from .context import CheckContext, TokenTable
from .engagement import MIN_WORDS
from .engagement import SOURCE as ENGAGEMENT_SOURCE
from .findings import Severity
from .patterns import find_emails, find_links, find_phones

SOURCE = "Plain Spanish for families (commplan Spanish glossary)"
_ACRONYM_WORD = re.compile(r"[A-Z0-9&]+(?:-[A-Z0-9&]+)*")
_SIGLAS = re.compile(r"\s*[,(]?\s*(?:por sus siglas|siglas en ingl[eé]s)", re.IGNORECASE)


@dataclass
class CompiledSpanish:
    rules: SpanishRules
    terms: dict[str, SpanishTerm]
    by_lemma: PhraseMatcher
    by_norm: PhraseMatcher
    cues: dict[str, PhraseMatcher]
    acronyms: dict[str, SpanishTerm]
    expansions: dict[str, str]  # acronym -> its expansion, folded and lower-cased

    def term_spans(self, doc) -> list[tuple[SpanishTerm, int, int]]:
        """(term, start char, end char) of every glossary term, longest first where
        two overlap."""
        found: dict[tuple[int, int], str] = {}
        for matcher in (self.by_lemma, self.by_norm):
            for key, start, end in matcher(doc):
                found.setdefault((start, end), doc.vocab.strings[key])
        spans = sorted(found.items(), key=lambda kv: (kv[0][0], -(kv[0][1] - kv[0][0])))
        out, last_end = [], -1
        for (start, end), key in spans:
            if start < last_end:
                continue
            last_end = end
            span = doc[start:end]
            out.append((self.terms[key], span.start_char, span.end_char))
        return out

    def cue_spans(self, cue_id: str, doc) -> list[tuple[int, int, str]]:
        matcher = self.cues.get(cue_id)
        if matcher is None:
            return []
        return [
            (doc[s:e].start_char, doc[s:e].end_char, doc[s:e].text) for _, s, e in matcher(doc)
        ]


def compile_spanish(rules: SpanishRules, nlp: Language) -> CompiledSpanish:
    return _compiled(rules, nlp)


@lru_cache(maxsize=4)
def _compiled(rules: SpanishRules, nlp: Language) -> CompiledSpanish:
    by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
    by_norm = PhraseMatcher(nlp.vocab, attr="NORM")
    terms: dict[str, SpanishTerm] = {}
    for term in rules.glossary:
        if term.is_acronym:
            continue
        terms[term.id] = term
        phrases = [term.term, *term.variants]
        docs = list(nlp.pipe(phrases))
        by_lemma.add(term.id, docs)
        by_norm.add(term.id, docs)
    cues = {}
    for cue in rules.cue_sets:
        matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        matcher.add(cue.id, list(nlp.pipe(cue.phrases)))
        cues[cue.id] = matcher
    acronyms = {t.term: t for t in rules.glossary if t.is_acronym}
    expansions = {a: fold_accents(t.expansion or "").lower() for a, t in acronyms.items()}
    return CompiledSpanish(rules, terms, by_lemma, by_norm, cues, acronyms, expansions)


def default_compiled() -> CompiledSpanish:
    """The shipped Spanish rules, compiled for the shared Spanish pipeline."""
    from ..nlp import get_spanish_nlp

    return compile_spanish(load_spanish_rules(), get_spanish_nlp())


# --- acronyms --------------------------------------------------------------------


def acronym_uses(text: str, compiled: CompiledSpanish) -> list[tuple[SpanishTerm, int, int]]:
    """First use of each library acronym the text does not spell out. An acronym in a
    line of capitals ("EL DISTRITO INFORMA") is a heading word, not an acronym."""
    folded = fold_accents(text).lower()
    out, seen = [], set()
    words = list(_ACRONYM_WORD.finditer(text))
    for i, m in enumerate(words):
        word = m.group()
        entry = compiled.acronyms.get(word)
        if entry is None or word in seen:
            continue
        start, end = m.start(), m.end()
        if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue  # part of a longer word
        if _in_capitals(text, words, i):
            continue
        seen.add(word)
        if _spelled_out(text, folded, start, end, compiled.expansions[word]):
            continue
        out.append((entry, start, end))
    return out


def _in_capitals(text: str, words: list[re.Match], i: int) -> bool:
    """Is the word right next to another word of capitals (2+ letters) on its line,
    with only a space or a comma between?"""
    here = words[i]
    for j in (i - 1, i + 1):
        if not 0 <= j < len(words):
            continue
        other = words[j]
        gap = text[other.end() : here.start()] if j < i else text[here.end() : other.start()]
        word = other.group()
        if len(word) >= 2 and word.isalpha() and not gap.strip(" ,:;-") and len(gap) <= 3:
            return True
    return False


def _spelled_out(text: str, folded: str, start: int, end: int, expansion: str) -> bool:
    if expansion and expansion in folded:
        return True
    before = text[max(0, start - 2) : start]
    after = text[end : end + 40]
    return "(" in before or after.lstrip().startswith("(") or bool(_SIGLAS.match(after))


# --- checks ------------------------------------------------------------------------


def run_jargon(ctx: CheckContext) -> None:
    compiled = default_compiled()
    audience = ctx.audience
    for term, start, end in compiled.term_spans(ctx.doc):
        if audience.id in term.tolerated_by or audience.tolerates_category(term.category):
            continue
        plain = " or ".join(f"'{p}'" for p in term.plain[:2])
        english = f" (English: {term.english})" if term.english else ""
        ctx.sink.add(
            "jargon.es.term",
            "jargon",
            Severity.warning,
            start,
            end,
            f"'{ctx.text[start:end]}' is school language{english} that "
            f"{audience.name.lower()} may not know.",
            f"Try {plain}." if plain else (term.explanation or None),
            source=SOURCE,
        )
    acronyms = []
    for term, start, end in acronym_uses(ctx.text, compiled):
        acronyms.append({"acronym": term.term, "start": start, "end": end})
        if audience.id in term.tolerated_by:
            continue
        plain = term.plain[0] if term.plain else term.expansion
        ctx.sink.add(
            "jargon.es.acronym",
            "jargon",
            Severity.warning,
            start,
            end,
            f"'{term.term}' is not spelled out; Spanish-speaking families may not know it"
            + (f" (English: {term.english})." if term.english else "."),
            f"Write '{term.expansion} ({term.term})' the first time, or say '{plain}'.",
            source=SOURCE,
        )
    ctx.results["acronyms"] = acronyms


def spanish_engagement(ctx: CheckContext) -> dict[str, Any]:
    """What the Spanish text asks of its readers, as the English check reports it."""
    compiled = default_compiled()
    text = ctx.text
    cta = compiled.cue_spans("call_to_action", ctx.doc)
    replies = compiled.cue_spans("invitation_to_respond", ctx.doc)
    links = [m._asdict() for m in find_links(text)]
    emails = [m._asdict() for m in find_emails(text)]
    phones = [m._asdict() for m in find_phones(text)]
    return {
        "call_to_action": bool(cta or links),
        "invitation_to_respond": bool(replies or emails or phones),
        "requests": [{"start": a, "end": b, "text": t} for a, b, t in cta],
        "invitations": [{"start": a, "end": b, "text": t} for a, b, t in replies]
        + emails
        + phones,
        "links": links,
        "dates": [],
    }


def run_engagement(ctx: CheckContext) -> None:
    found = spanish_engagement(ctx)
    elsewhere = ctx.results.get("engagement_elsewhere", {})
    has_cta = found["call_to_action"] or elsewhere.get("call_to_action", False)
    invites = found["invitation_to_respond"] or elsewhere.get("invitation_to_respond", False)
    ctx.results["engagement"] = found
    words = sum(TokenTable.of(ctx.doc).alpha)
    if not words:
        return
    name = ctx.audience.name.lower()
    short = words < MIN_WORDS
    severity = Severity.suggestion if short else Severity.warning
    if not has_cta:
        ctx.sink.add(
            "engagement.no_call_to_action",
            "engagement",
            severity,
            0,
            0,
            f"This Spanish message informs but does not ask {name} to do anything.",
            "Say what you want them to do, and by when: 'Por favor, inscríbase antes del "
            "1 de marzo en ...' or 'Llame a la oficina al ...'.",
            source=ENGAGEMENT_SOURCE,
        )
    if not invites:
        ctx.sink.add(
            "engagement.no_invitation_to_respond",
            "engagement",
            severity,
            0,
            0,
            f"This Spanish message gives {name} no way to respond or ask questions.",
            "Invite a reply and name a person to contact: 'Si tiene preguntas, llame a ... "
            "al ...' (say whether someone answers in Spanish).",
            source=ENGAGEMENT_SOURCE,
        )


# --- rule examples -----------------------------------------------------------------


def rule_complains(section: str, entry: Any, text: str, nlp: Language | None = None) -> bool:
    """Does this one Spanish rule complain about ``text``? For running its examples: a
    glossary entry complains when it is found, a cue set when none of its cues is."""
    from ..nlp import get_spanish_nlp

    nlp = nlp or get_spanish_nlp()
    rules = SpanishRules(**{section: (entry,)})
    compiled = compile_spanish(rules, nlp)
    doc = nlp(text)
    if section == "glossary":
        if entry.is_acronym:
            return any(t.term == entry.term for t, _, _ in acronym_uses(text, compiled))
        return any(t.id == entry.id for t, _, _ in compiled.term_spans(doc))
    if section == "cue_sets":
        return not compiled.cue_spans(entry.id, doc)
    raise ValueError(f"unknown Spanish section {section!r}")

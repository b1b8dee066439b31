"""Run the registered checks on a text: ``draft -> Doc -> checks -> Report``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.language import Language

from audiences import Audience, AudienceSet, load_default_audiences
from commplan.wording import plural
from message_library import Library, load_default_library

from ..nlp import encodable, get_nlp, get_spanish_nlp
from . import (
    acronyms,
    alignment,
    engagement,
    framing,
    jargon,
    readability,
    readability_es,
    register,
    spanish,
    style,
    terms,
)
from .compiled import compile_library
from .context import CheckContext
from .findings import Finding, FindingSink, Report, Severity, count_findings
from .language import EN, ES, NAMES, OTHER, LanguageProfile, detect

MAX_CHARS = 1_000_000  # spaCy's own default max_length

# Line breaks other than "\n" that str.splitlines knows ("\n" in "\r\n" is kept as is).
_OTHER_BREAKS = re.compile("\r(?!\n)|[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def analysis_text(text: str) -> str:
    """The text the checks read: every line break a lone "\n", every lone surrogate
    U+FFFD. One character for one, so every offset into it is an offset into ``text``
    (findings quote ``text`` itself)."""
    return _OTHER_BREAKS.sub("\n", encodable(text))


@dataclass(frozen=True)
class CheckFamily:
    name: str  # the rule-id prefix it owns
    run: Callable[[CheckContext], None]


# One entry per check family, in report order. Adding a family = one module + one line.
REGISTRY: tuple[CheckFamily, ...] = (
    CheckFamily("readability", readability.run),
    CheckFamily("jargon.acronym", acronyms.run),
    CheckFamily("jargon", jargon.run),
    CheckFamily("jargon.register", register.run),  # formal words, shell nouns, buzzwords
    CheckFamily("style", style.run),
    CheckFamily("framing", framing.run),
    CheckFamily("framing.term", terms.run),  # and framing.inclusive
    CheckFamily("framing.key_message", alignment.run),
    CheckFamily("engagement", engagement.run),
)
# Spanish drafts (and the Spanish part of a bilingual letter) get these instead: no
# English readability grade, jargon, register, style, framing or key-message checks,
# which read English words only. Engagement is judged for the whole message.
SPANISH_REGISTRY: tuple[CheckFamily, ...] = (
    CheckFamily("readability.es", readability_es.run),
    CheckFamily("jargon.es", spanish.run_jargon),
)
SOURCE_LANGUAGE = "Audience profile languages (audiences/default/audiences.yaml)"


def rule_selected(rule: str, enable: tuple[str, ...], disable: tuple[str, ...]) -> bool:
    """The longest prefix naming the rule decides; with an ``enable`` list, unnamed is off."""

    def longest(prefixes: tuple[str, ...]) -> int:
        return max((len(p) for p in prefixes if rule == p or rule.startswith(p + ".")), default=-1)

    on, off = longest(enable), longest(disable)
    if on < 0 and off < 0:
        return not enable
    return on > off


def resolve_audience(audience: str | Audience, audiences: AudienceSet | None) -> Audience:
    if isinstance(audience, Audience):
        return audience
    return (audiences or load_default_audiences()).get(audience)


def check_text(
    text: str,
    audience: str | Audience = "general_public",
    library: Library | None = None,
    *,
    audiences: AudienceSet | None = None,
    path: str | None = None,
    key_message: str | None = None,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
    min_severity: Severity | str = Severity.suggestion,
    nlp: Language | None = None,
) -> Report:
    """Check a draft for one audience and return a :class:`Report`.

    ``key_message`` names the library key message the draft should carry.
    ``enable``/``disable`` take dotted rule-id prefixes (``"jargon"``,
    ``"readability.sentence"``); a longer prefix wins over a shorter one.
    Raises ``UnknownAudience`` for an unknown audience id and ``ValueError``
    for text over ``MAX_CHARS``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ValueError(f"text is {len(text):,} characters; the limit is {MAX_CHARS:,}")
    profile = resolve_audience(audience, audiences)
    library = library or load_default_library()
    nlp = nlp or get_nlp()
    if isinstance(min_severity, str):
        min_severity = Severity.parse(min_severity)
    enable, disable = tuple(enable), tuple(disable)

    if not text.strip():
        return _empty_report(path, profile)

    plain = analysis_text(text)
    spoken = [lang for lang in profile.languages if lang in (EN, ES)]
    language = detect(plain, default=spoken[0] if spoken else EN)

    def context(checked: str, pipeline: Language) -> CheckContext:
        return CheckContext(
            text=checked,
            doc=pipeline(checked),
            audience=profile,
            library=library,
            compiled=compile_library(library, nlp),
            sink=sink,
            key_message=key_message,
        )

    sink = FindingSink(text)
    extras: dict = {}
    if language.language == EN and not language.mixed:
        ctx = context(plain, nlp)  # English, as always
        for family in REGISTRY:
            family.run(ctx)
    else:
        ctx = _check_by_language(plain, language, context, nlp, extras)
    _note_audience_languages(sink, language, profile)
    findings = sorted(
        (
            f
            for f in ctx.sink.findings
            if f.severity >= min_severity
            # With no enable or disable list every rule is selected: skip the call.
            and (not (enable or disable) or rule_selected(f.rule, enable, disable))
        ),
        key=lambda f: (f.start, -f.severity, f.rule),
    )
    readability_block = ctx.results.get("readability", {})
    return Report(
        path=path,
        audience=profile.id,
        readability=readability_block,
        findings=findings,
        summary=_summary(findings, readability_block, profile),
        extras={
            "acronyms": ctx.results.get("acronyms", []),
            **{
                k: ctx.results[k]
                for k in ("framing", "engagement", "key_message")
                if k in ctx.results
            },
            "language": language.to_dict(),
            **extras,
        },
    )


def masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with everything outside ``spans`` blanked (line breaks kept): one
    character for one, so offsets into it are offsets into ``text``."""
    out, pos = [], 0
    for a, b in spans:
        out.append(_blank(text[pos:a]))
        out.append(text[a:b])
        pos = b
    out.append(_blank(text[pos:]))
    return "".join(out)


def _blank(part: str) -> str:
    return "".join(ch if ch == "\n" else " " for ch in part)


def _check_by_language(
    plain: str,
    language: LanguageProfile,
    context: Callable[[str, Language], CheckContext],
    english: Language,
    extras: dict,
) -> CheckContext:
    """Spanish, bilingual or other-language drafts. Returns the context whose results
    make the report (the main language's)."""
    if language.language == OTHER and not language.spans(ES) and not language.spans(EN):
        ctx = context(plain, get_spanish_nlp())
        words = sum(s.words for s in language.segments)
        ctx.results["readability"] = {"language": OTHER, "words": words}
        ctx.sink.add(
            "readability.other_language",
            "readability",
            Severity.suggestion,
            0,
            0,
            "This draft does not read as English or Spanish; commplan checks only those "
            "two, so nothing else was checked.",
            "Ask a fluent reader from the community to review it.",
            source=SOURCE_LANGUAGE,
        )
        return ctx
    contexts: dict[str, CheckContext] = {}
    es_text = masked(plain, language.spans(ES)) if language.mixed else plain
    contexts[ES] = es_ctx = context(es_text, get_spanish_nlp())
    for family in SPANISH_REGISTRY:
        family.run(es_ctx)
    if language.mixed:
        en_ctx = contexts[EN] = context(masked(plain, language.spans(EN)), english)
        for family in REGISTRY:
            if family.name != "engagement":
                family.run(en_ctx)
        # One message, one judgement: a request or a way to reply in either part counts.
        en_ctx.results["engagement_elsewhere"] = spanish.spanish_engagement(es_ctx)
        engagement.run(en_ctx)
        extras["readability_parts"] = {
            lang: c.results.get("readability", {}) for lang, c in contexts.items()
        }
        extras["acronyms"] = es_ctx.results.get("acronyms", []) + en_ctx.results.get(
            "acronyms", []
        )
        main = contexts.get(language.language, en_ctx)
        if main is es_ctx:
            es_ctx.results["engagement"] = en_ctx.results.get("engagement", {})
        return main
    spanish.run_engagement(es_ctx)
    return es_ctx


def _note_audience_languages(sink: FindingSink, language: LanguageProfile, profile) -> None:
    """The detected language decides the checks; when the audience profile does not list
    it, say so (the draft may be for another audience, or the profile may need it)."""
    found = [lang for lang in (EN, ES) if language.spans(lang)]
    missing = [lang for lang in found if lang not in profile.languages]
    if not missing:
        return
    listed = ", ".join(NAMES.get(lang, lang) for lang in profile.languages) or "none"
    names = " and ".join(NAMES[lang] for lang in missing)
    sink.add(
        "consistency.audience_language",
        "consistency",
        Severity.suggestion,
        0,
        0,
        f"{'Parts of this draft read' if language.mixed else 'This draft reads'} as "
        f"{names}, but the audience profile for "
        f"{profile.name} lists {listed}. The checks follow the draft's language.",
        f"Check the audience, or add {', '.join(repr(m) for m in missing)} to its languages.",
        source=SOURCE_LANGUAGE,
    )


def _summary(findings: list[Finding], readability_block: dict, profile: Audience) -> dict:
    counts = count_findings(findings)
    worst = max((f.severity for f in findings), default=None)
    grade = readability_block.get("consensus_grade")
    spanish_score = readability_block.get("fernandez_huerta")
    if grade is not None:
        grade_part = f"reads at about grade {grade:.1f} (target {profile.reading_grade_target:g})"
    elif spanish_score is not None:
        grade_part = (
            f"reads as '{readability_block['band']}' ({readability_block['band_en']}) in "
            f"Spanish, Fernández-Huerta {spanish_score:.0f} (target "
            f"{readability_block['target_score']:.0f} or more)"
        )
    else:
        grade_part = "no readability estimate"
    found = plural(counts["total"], "finding")
    if worst is None:
        verdict = f"Ready for {profile.name}: {grade_part}; no findings."
    elif worst == Severity.error:
        verdict = f"Not ready for {profile.name}: {grade_part}; {found}."
    elif worst == Severity.warning:
        verdict = f"Needs work for {profile.name}: {grade_part}; {found}."
    else:
        verdict = f"Nearly ready for {profile.name}: {grade_part}; only suggestions."
    return {**counts, "verdict": verdict, "empty": False}


def _empty_report(path: str | None, profile: Audience) -> Report:
    return Report(
        path=path,
        audience=profile.id,
        readability={"words": 0, "sentences": 0, "target_grade": profile.reading_grade_target},
        findings=[],
        summary={
            **count_findings([]),
            "verdict": "Nothing to check: the text is empty.",
            "empty": True,
        },
        extras={"acronyms": []},
    )

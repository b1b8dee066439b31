"""Run the registered checks on a text: ``draft -> Doc -> checks -> Report``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.language import Language

from audiences import Audience, AudienceSet, load_default_audiences
from message_library import Library, load_default_library

from ..nlp import encodable, get_nlp
from . import (
    acronyms,
    alignment,
    engagement,
    framing,
    jargon,
    readability,
    register,
    style,
    terms,
)
from .compiled import compile_library
from .context import CheckContext
from .findings import Finding, FindingSink, Report, Severity, count_findings

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
    ctx = CheckContext(
        text=plain,
        doc=nlp(plain),
        audience=profile,
        library=library,
        compiled=compile_library(library, nlp),
        sink=FindingSink(text),
        key_message=key_message,
    )
    for family in REGISTRY:
        family.run(ctx)
    findings = sorted(
        (
            f
            for f in ctx.sink.findings
            if f.severity >= min_severity and rule_selected(f.rule, enable, disable)
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
        },
    )


def _summary(findings: list[Finding], readability_block: dict, profile: Audience) -> dict:
    counts = count_findings(findings)
    worst = max((f.severity for f in findings), default=None)
    grade = readability_block.get("consensus_grade")
    grade_part = (
        f"reads at about grade {grade:.1f} (target {profile.reading_grade_target:g})"
        if grade is not None
        else "no readability estimate"
    )
    if worst is None:
        verdict = f"Ready for {profile.name}: {grade_part}; no findings."
    elif worst == Severity.error:
        verdict = f"Not ready for {profile.name}: {grade_part}; {counts['total']} findings."
    elif worst == Severity.warning:
        verdict = f"Needs work for {profile.name}: {grade_part}; {counts['total']} findings."
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

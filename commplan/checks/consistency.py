"""Consistency across variants of one message written for different audiences.

Facts must agree: amounts, percentages, dates, times, counts, links, phone
numbers and email addresses. Each difference is a finding naming both values
and both files. Values and key messages carried by one variant but not another,
and each variant's readability against its own audience, are reported too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from audiences import Audience, AudienceSet
from message_library import Library, load_default_library

from ..nlp import get_nlp
from .compiled import compile_library
from .engine import check_text, resolve_audience
from .findings import LineIndex, Report, Severity
from .patterns import MONTHS, find_dates, find_emails, find_links, find_phones

SOURCE = "Consistency across audience variants (one message, one set of facts)"

MONEY = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand)\b)?", re.I)
PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b)", re.I)
TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.?m\.?|p\.?m\.?)(?![\w])|\bnoon\b", re.I)
# A count starts where a run of digits and commas starts, so "1,1,1,..." is read once.
COUNT = re.compile(r"(?<![\w,])(\d[\d,]*+)\s++([a-z][a-z-]++)")
_COUNT_SKIP = {
    "a",
    "am",
    "pm",
    "percent",
    "and",
    "or",
    "to",
    "of",
    "in",
    "at",
    "on",
    "p",
    "st",
    "nd",
    "rd",
    "th",
    "million",
    "billion",
    "thousand",
}


@dataclass(frozen=True)
class Fact:
    kind: str  # amount, percentage, date, time, count:<noun>, link, phone, email
    value: str  # normalised, for comparing
    text: str  # as written
    start: int
    end: int


def _normalise_date(text: str) -> str:
    t = text.lower().replace(".", "").replace(",", "")
    m = re.match(r"([a-z]+)\s+(\d{1,2})", t)
    if m:
        month = MONTHS.get(m.group(1)) or MONTHS.get(m.group(1)[:3])
        if month:
            return f"{month:02d}-{int(m.group(2)):02d}"
    m = re.match(r"(\d{1,2})/(\d{1,2})", t)
    if m:
        return f"{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    return t.rstrip("s")  # weekdays: "mondays" ~ "monday"


def _normalise_time(text: str) -> str:
    t = text.lower().replace(".", "").replace(" ", "")
    if t == "noon":
        return "12:00"
    m = re.match(r"(\d{1,2})(?::(\d{2}))?(am|pm)", t)
    if not m:
        return t
    hour = int(m.group(1)) % 12 + (12 if m.group(3) == "pm" else 0)
    return f"{hour:02d}:{m.group(2) or '00'}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def extract_facts(text: str, lemma=lambda w: w) -> list[Fact]:
    """Facts a reader could act on, normalised so that '6 p.m.' equals '6:00 PM'."""
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, value: str, start: int, end: int, written: str) -> None:
        if any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        facts.append(Fact(kind, value, written, start, end))

    for m in find_emails(text):
        add("email", m.text.lower(), *m)
    for m in find_links(text):
        link = m.text.lower().removeprefix("https://").removeprefix("http://")
        add("link", link.removeprefix("www.").rstrip("/"), *m)
    for m in find_phones(text):
        add("phone", _digits(m.text), *m)
    for m in MONEY.finditer(text):
        value = m.group().lower().replace(" ", "").replace(",", "")
        add("amount", value.removesuffix(".00"), m.start(), m.end(), m.group())
    for m in PERCENT.finditer(text):
        value = re.sub(r"\s?(%|percent)", "%", m.group().lower())
        add("percentage", value, m.start(), m.end(), m.group())
    for m in TIME.finditer(text):
        add("time", _normalise_time(m.group()), m.start(), m.end(), m.group())
    for m in find_dates(text):
        add("date", _normalise_date(m.text), *m)
    for m in COUNT.finditer(text):
        noun = m.group(2).lower()
        if noun in _COUNT_SKIP:
            continue
        add(f"count:{lemma(noun)}", m.group(1).replace(",", ""), m.start(), m.end(), m.group())
    return sorted(facts, key=lambda f: f.start)


@dataclass
class Variant:
    path: str
    text: str
    audience: Audience
    report: Report
    facts: list[Fact] = field(default_factory=list)


@dataclass
class CompareReport:
    reports: list[Report]
    findings: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"files": [r.to_dict() for r in self.reports], "findings": self.findings}

    def at_or_above(self, level: Severity) -> bool:
        return any(Severity[f["severity"]] >= level for f in self.findings) or any(
            r.at_or_above(level) for r in self.reports
        )


def _location(variant: Variant, fact: Fact | None) -> dict[str, Any]:
    if fact is None:
        return {"path": variant.path, "start": 0, "end": 0, "line": 1, "column": 1, "text": ""}
    line, column = LineIndex(variant.text).locate(fact.start)
    return {
        "path": variant.path,
        "start": fact.start,
        "end": fact.end,
        "line": line,
        "column": column,
        "text": fact.text,
    }


def _finding(rule, severity, message, suggestion, locations) -> dict[str, Any]:
    first = locations[0]
    return {
        "rule": rule,
        "category": "consistency",
        "severity": severity.name,
        **{k: first[k] for k in ("path", "start", "end", "line", "column", "text")},
        "message": message,
        "suggestion": suggestion,
        "source": SOURCE,
        "locations": locations,
    }


_KIND_NAMES = {
    "amount": ("amount", "Amounts"),
    "percentage": ("percentage", "Percentages"),
    "date": ("date", "Dates"),
    "time": ("time", "Times"),
    "link": ("link", "Links"),
    "phone": ("phone number", "Phone numbers"),
    "email": ("email address", "Email addresses"),
}


def _kind_name(kind: str, plural: bool = True) -> str:
    if kind.startswith("count:"):
        return f"Counts of '{kind.split(':', 1)[1]}'"
    singular, many = _KIND_NAMES.get(kind, (kind, kind))
    return many if plural else singular


def _compare_facts(base: Variant, other: Variant) -> list[dict[str, Any]]:
    out = []
    kinds = {f.kind for f in base.facts} | {f.kind for f in other.facts}
    for kind in sorted(kinds):
        mine = {f.value: f for f in base.facts if f.kind == kind}
        theirs = {f.value: f for f in other.facts if f.kind == kind}
        if mine.keys() == theirs.keys():
            continue
        if mine and theirs:
            only_a = [mine[v] for v in mine if v not in theirs]
            only_b = [theirs[v] for v in theirs if v not in mine]
            if not only_a or not only_b:
                continue  # one variant adds a detail; the shared ones agree
            a_text = ", ".join(f"'{f.text}'" for f in only_a)
            b_text = ", ".join(f"'{f.text}'" for f in only_b)
            out.append(
                _finding(
                    f"consistency.{kind.split(':')[0]}",
                    Severity.error
                    if kind in {"date", "time", "amount", "link", "phone", "email"}
                    else Severity.warning,
                    f"{_kind_name(kind)} differ: {base.path} says {a_text}; "
                    f"{other.path} says {b_text}.",
                    "Make the facts match in every variant, or explain the difference.",
                    [_location(base, only_a[0]), _location(other, only_b[0])],
                )
            )
        elif not kind.startswith("count:"):
            has, lacks = (base, other) if mine else (other, base)
            present = next(iter((mine or theirs).values()))
            out.append(
                _finding(
                    f"consistency.missing_{kind}",
                    Severity.suggestion,
                    f"{lacks.path} gives no {_kind_name(kind, plural=False)}; "
                    f"{has.path} says '{present.text}'.",
                    "Readers of every variant need the same facts to act on.",
                    [_location(has, present), _location(lacks, None)],
                )
            )
    return out


def _carried(variant: Variant, key: str) -> set[str]:
    framing = variant.report.extras.get("framing", {})
    if key == "values":
        return {v["id"] for v in framing.get("values_invoked", [])}
    return set(variant.report.extras.get("key_messages_found", []))


def compare_texts(
    variants: Sequence[tuple[str, str, str | Audience]],
    library: Library | None = None,
    *,
    audiences: AudienceSet | None = None,
) -> CompareReport:
    """Compare variants ``(path, text, audience)`` of one message."""
    if len(variants) < 2:
        raise ValueError("compare needs at least two variants")
    library = library or load_default_library()
    nlp = get_nlp()
    compiled = compile_library(library, nlp)
    lemmatize = nlp.get_pipe("commplan_lemmatizer")

    def lemma(word: str) -> str:
        return lemmatize(nlp.make_doc(word))[0].lemma_

    parsed: list[Variant] = []
    for path, text, audience in variants:
        profile = resolve_audience(audience, audiences)
        report = check_text(text, profile, library, path=path)
        doc = nlp(text)
        report.extras["key_messages_found"] = sorted(
            {key.removeprefix("message:") for key, _ in compiled.key_messages(doc)}
        )
        parsed.append(Variant(path, text, profile, report, extract_facts(text, lemma)))

    findings: list[dict[str, Any]] = []
    base = parsed[0]
    for other in parsed[1:]:
        findings += _compare_facts(base, other)
    for key, noun in (("values", "value"), ("messages", "key message")):
        everywhere = set.intersection(*(_carried(v, key) for v in parsed))
        for variant in parsed:
            for item in sorted(_carried(variant, key) - everywhere):
                missing = [v for v in parsed if item not in _carried(v, key)]
                name = library.value(item) or library.key_message(item)
                label = getattr(name, "name", None) or getattr(name, "title", item)
                findings.append(
                    _finding(
                        f"consistency.{noun.replace(' ', '_')}",
                        Severity.suggestion,
                        f"The {noun} '{label}' is carried by {variant.path} but not by "
                        + ", ".join(v.path for v in missing)
                        + ".",
                        f"Carry the same {noun}s in every variant, in words that suit each "
                        "audience.",
                        [_location(variant, None)] + [_location(v, None) for v in missing],
                    )
                )
    return CompareReport([v.report for v in parsed], findings)

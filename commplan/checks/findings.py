"""What a check reports: ``Finding`` and the ``Report`` that gathers them.

``Report.to_dict()`` is exactly one element of the CLI JSON ``files`` list
(see DESIGN.md, "Contracts other tools rely on").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import asdict, dataclass, field
from enum import IntEnum
from itertools import accumulate
from typing import Any

CATEGORIES = ("readability", "jargon", "style", "framing", "engagement", "consistency")


class Severity(IntEnum):
    suggestion = 1
    warning = 2
    error = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().lower()]
        except KeyError:
            raise ValueError(
                f"unknown severity {name!r}; use one of: {', '.join(s.name for s in cls)}"
            ) from None


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    text: str
    message: str
    suggestion: str | None = None
    source: str | None = None
    # The exact text to put in place of ``text`` (``[start, end)``) when the check knows
    # one (a glossary's plain word, an acronym's expansion, a preferred term); a person
    # approves it before it is applied. None when there is no mechanical fix.
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.name
        return data


def match_case(original: str, replacement: str) -> str:
    """``replacement`` written the way ``original`` starts: capitalised when the original
    starts with a capital and goes on in lower case ("Leverage" -> "Use"), as typed
    otherwise (an all-capitals acronym says nothing about its expansion's case)."""
    if (
        original[:1].isupper()
        and not original[1:2].isupper()
        and replacement[:1].islower()
    ):
        return replacement[:1].upper() + replacement[1:]
    return replacement


# Line breaks as ``str.splitlines`` knows them; "\r\n" is one break.
LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_BREAK_CHARS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


EXCERPT_CHARS = 300


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` for a message or a report block, cut to ``limit`` characters with "…".
    (A finding's own ``text`` is never cut: it is exactly ``text[start:end]``.)"""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LineIndex:
    """Character offset -> 1-based (line, column).

    A line ends at any break ``str.splitlines`` knows ("\n", "\r\n", a lone "\r",
    U+2028 ...); the column counts characters (code points) from the line start.
    """

    def __init__(self, text: str):
        # str.splitlines knows the same breaks and cuts in C: ten times faster than
        # LINE_BREAK.finditer. A line starts after each line that ends with a break.
        self._starts = [0, *accumulate(map(len, text.splitlines(keepends=True)))]
        if text and text[-1] not in _BREAK_CHARS:
            self._starts.pop()  # the last line has no break after it

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class FindingSink:
    """Collects findings for one text; fills in line, column and matched text."""

    def __init__(self, text: str):
        self.text = text
        self._lines: LineIndex | None = None
        self.findings: list[Finding] = []

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``, as findings report it."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.locate(offset)

    def add(
        self,
        rule: str,
        category: str,
        severity: Severity,
        start: int,
        end: int,
        message: str,
        suggestion: str | None = None,
        source: str | None = None,
        fix: str | None = None,
    ) -> None:
        line, column = self.locate(start)
        self.findings.append(
            Finding(
                rule=rule,
                category=category,
                severity=severity,
                start=start,
                end=end,
                line=line,
                column=column,
                text=self.text[start:end],
                message=message,
                suggestion=suggestion,
                source=source,
                fix=fix,
            )
        )


@dataclass
class Report:
    path: str | None
    audience: str
    readability: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "audience": self.audience,
            "readability": self.readability,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary,
            **self.extras,
        }

    def at_or_above(self, level: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity >= level]

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)


def count_findings(findings: list[Finding]) -> dict[str, Any]:
    # Counted by member, named once each (Enum.name is a property: a call per finding).
    by_severity = Counter(f.severity for f in findings)
    by_category = Counter(f.category for f in findings)
    return {
        "total": len(findings),
        "by_severity": {s.name: by_severity.get(s, 0) for s in Severity},
        "by_category": {c: by_category.get(c, 0) for c in CATEGORIES},
    }

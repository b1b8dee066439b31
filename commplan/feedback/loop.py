"""Close the loop: what we heard, by theme, and what we did about it.

Per theme: how many responses were heard, decided on and told back, example
quotes in people's own words, and the decisions staff recorded. Exports a
publishable "You said, we did" summary as Markdown or Word.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from docx import Document

from commplan.xmltext import xml_safe

STAGES = ("heard", "decided", "told_back")
STAGE_NAMES = {"heard": "Heard", "decided": "Decided", "told_back": "Told back"}


@dataclass(frozen=True)
class Heard:
    """One response as the summaries need it (plain data, no database)."""

    id: int
    audience: str
    status: str
    text: str
    themes: tuple[str, ...]
    note: str = ""


UNTAGGED = "Not yet themed"


@dataclass
class ThemeSummary:
    theme: str
    counts: Counter = field(default_factory=Counter)
    audiences: Counter = field(default_factory=Counter)
    quotes: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    # The responses no theme has tagged yet (their own group, shown last): a team
    # theme may be called anything, even "Not yet themed", so this says it.
    untagged: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def counted(self) -> str:
        """"3 responses (heard 2, decided 1)"."""
        stages = ", ".join(
            f"{STAGE_NAMES[k].lower()} {self.counts[k]:,}" for k in STAGES if self.counts[k]
        )
        n = self.total
        return f"{n:,} response{'' if n == 1 else 's'}" + (f" ({stages})" if stages else "")


def _quote(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _add_quote(s: ThemeSummary, said: str, quotes: int) -> None:
    """Quote ``said`` unless the summary has its quotes, or quotes the same words
    already (in any case and spacing): people who wrote one sentence word for word
    are counted, and the quotes leave room for other voices."""
    if len(s.quotes) >= quotes or not said.strip():
        return
    quote = _quote(said)
    if quote.casefold() not in {q.casefold() for q in s.quotes}:
        s.quotes.append(quote)


def summarise(responses: Iterable[Heard], quotes: int = 3) -> list[ThemeSummary]:
    """Themes, most heard first, with counts by stage, audiences, quotes and decisions;
    then the responses no theme has tagged yet, as a group of their own ("Not yet
    themed", ``untagged``)."""
    by_theme: dict[str | None, ThemeSummary] = {}
    for r in responses:
        for theme in r.themes or (None,):
            s = by_theme.get(theme)
            if s is None:
                untagged = theme is None
                s = by_theme[theme] = ThemeSummary(
                    UNTAGGED if untagged else theme, untagged=untagged
                )
            s.counts[r.status] += 1
            s.audiences[r.audience] += 1
            _add_quote(s, r.text, quotes)
            if (
                r.status in ("decided", "told_back")
                and r.note.strip()
                and r.note.strip() not in s.decisions
            ):
                s.decisions.append(r.note.strip())
    return sorted(by_theme.values(), key=lambda s: (s.untagged, -s.total, s.theme))


def top_themes_by_audience(
    responses: Iterable[Heard], n: int = 5
) -> dict[str, list[tuple[str, int, str]]]:
    """Per audience, its top themes as (theme, count, an example quote)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    example: dict[tuple[str, str], str] = {}
    for r in responses:
        for theme in r.themes:
            counts[r.audience][theme] += 1
            if r.text.strip():  # someone who wrote something (not ratings only)
                example.setdefault((r.audience, theme), _quote(r.text, 160))
    return {
        audience: [
            (theme, count, example.get((audience, theme), ""))
            for theme, count in counter.most_common(n)
        ]
        for audience, counter in counts.items()
    }


def summarise_counted(
    counts: Iterable[tuple[str | None, str, str, int]],
    examples: Iterable[tuple[str | None, object]],
    decisions: Iterable[tuple[str | None, str]],
    quotes: int = 3,
) -> list[ThemeSummary]:
    """``summarise`` from figures counted in the database (``review.heard_by_theme``):
    counts as (theme or None, status, audience, responses), example responses per
    theme newest first (their words become the quotes), and decided or told-back
    notes per theme newest first. The same summaries as ``summarise`` over every
    response, without loading them."""
    by_theme: dict[str | None, ThemeSummary] = {}
    for theme, status, audience, n in counts:
        s = by_theme.get(theme)
        if s is None:
            untagged = theme is None
            s = by_theme[theme] = ThemeSummary(UNTAGGED if untagged else theme, untagged=untagged)
        s.counts[status] += n
        s.audiences[audience] += n
    for theme, response in examples:
        s = by_theme.get(theme)
        said = "\n".join(words_said(response))
        if s is not None:
            _add_quote(s, said, quotes)
    for theme, note in decisions:
        s, note = by_theme.get(theme), note.strip()
        if s is not None and note and note not in s.decisions:
            s.decisions.append(note)
    return sorted(by_theme.values(), key=lambda s: (s.untagged, -s.total, s.theme))


def top_themes_counted(
    counts: Iterable[tuple[str, str, int]], examples: Iterable[tuple[str, str, object]]
) -> dict[str, list[tuple[str, int, str]]]:
    """``top_themes_by_audience`` from figures counted in the database
    (``review.top_themes``): (audience, theme, responses) most first, and example
    responses per (audience, theme), newest first."""
    example: dict[tuple[str, str], str] = {}
    for audience, theme, response in examples:
        said = "\n".join(words_said(response))
        if said.strip():
            example.setdefault((audience, theme), _quote(said, 160))
    out: dict[str, list[tuple[str, int, str]]] = {}
    for audience, theme, n in counts:
        out.setdefault(audience, []).append((theme, n, example.get((audience, theme), "")))
    return out


def _md(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


STILL_DECIDING = "We are still deciding; we will report back."
NOT_YET_THEMED = (
    "What these people said has not been sorted into a theme yet; we read every response."
)


def you_said_we_did_markdown(summaries: list[ThemeSummary], title: str) -> str:
    lines = [f"# {_md(title)}", ""]
    for s in summaries:
        lines += [f"## {_md(s.theme)}", "", f"*{s.counted}*", ""]
        if s.untagged:
            lines += [f"_{NOT_YET_THEMED}_", ""]
        if s.quotes:
            lines += ["**You said**", ""]
            for q in s.quotes:  # a blank line between: each person's words their own block
                lines += [f"> {_md(q)}", ""]
        lines += ["**We did**", ""]
        lines += [f"- {_md(d)}" for d in s.decisions] or [f"- {STILL_DECIDING}"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def you_said_we_did_docx(summaries: list[ThemeSummary], title: str) -> bytes:
    """The summary as a Word document. People's words can hold characters XML cannot
    (a pasted control character): those are dropped so the document is always written."""
    x = xml_safe
    doc = Document()
    doc.add_heading(x(title), level=0)
    for s in summaries:
        doc.add_heading(x(s.theme), level=1)
        doc.add_paragraph().add_run(s.counted).italic = True
        if s.untagged:
            doc.add_paragraph(NOT_YET_THEMED)
        if s.quotes:
            doc.add_heading("You said", level=2)
            for q in s.quotes:
                doc.add_paragraph(x(q), style="Intense Quote")
        doc.add_heading("We did", level=2)
        for d in s.decisions or [STILL_DECIDING]:
            doc.add_paragraph(x(d), style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def words_said(response) -> list[str]:
    """The answers a person wrote, for quotes: closed answers (a survey's ratings,
    "4" or "Very clear", and choices such as "Yes"; see Submission.ratings) are not
    their words, so a response of ratings only has none."""
    ratings = response.ratings or {}
    return [a.answer for a in response.answers if a.answer.strip() and a.question not in ratings]


def ratings_said(response) -> str:
    """A response's closed answers as one line ("Clarity: Very clear (4); Got the
    text: Yes"), for a card that has no words to show."""
    ratings = response.ratings or {}
    parts = []
    for a in response.answers:
        if a.question in ratings and a.answer.strip():
            value = ratings[a.question]
            shown = a.answer.strip()
            if value is not None and _number(value) != shown:
                shown += f" ({_number(value)})"
            parts.append(f"{a.question}: {shown}" if a.question else shown)
    return "; ".join(parts)


def _number(value: float) -> str:
    return f"{value:g}"


def heard_from(response) -> Heard:
    """A stored response (with answers and themes loaded) as plain data."""
    return Heard(
        id=response.id,
        audience=response.audience_key,
        status=response.status,
        text="\n".join(words_said(response)),
        themes=tuple(sorted(t.theme for t in response.themes)),
        note=response.status_note or "",
    )

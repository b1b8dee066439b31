"""Framing against the agency's values-based message library.

Sources: FrameWorks Institute's framing research on education and child
development (avoid crisis, deficit and individual-blame frames; pair problems
with solutions); the CISELSS state-collaborative lessons (seed 000, Theme 6:
values-driven, purposeful, bidirectional communication).

Frames to avoid are general rules in the library (``frames.yaml``), not lists of
phrases from labelled texts: word classes on lemmas (group nouns with deficit
labels or predicates, ranking and gap talk, grade-level and proficiency labels,
"at risk of" + any word), and alarm words scored per sentence (an alarm word
counts only when its sentence also names a group, a result, a downward trend or
a second alarm word). See ``framematch.py`` for how they run.

Decision (issue 11): a *consequence message* is not deficit framing. "Students
who miss school fall behind", "children chronically absent are less likely to
read at grade level", "missing school puts students at risk of falling behind"
describe an outcome of a behaviour or condition; they do not label a group, and
the independent labellers did not label them. Labels are flagged: "struggling
students", "70 percent of students are not reading at grade level", "students at
risk of dropping out", "schools are failing". The rules keep consequence
wording quiet with sentence conditions (``unless``: "if", "when", "can", "may",
"more/less likely", "puts ... at risk"), so a label inside a conditional
sentence ("if your child reads below grade level, ...") is also left alone.
Hardship ("families are struggling to pay for meals") and safeguarding ("at
risk of harm") are not labels either; nor is a health risk a screening looks
for ("at risk for dyslexia", "at risk for asthma attacks").

Also left alone (issue 11, round 3): "students who need it most" is the
library's own reframe of "high-need students", so "who need (us) the most" is
not flagged although one labeller did; "have fallen behind" in a family letter
is an outcome (labellers left it alone in family letters of two corpora), so no
rule flags it. Crisis alarm words in a
sentence of good news ("the progress our students made is unprecedented") are
quiet; "Adequate Yearly Progress" is a status, not good news.
"""

from __future__ import annotations

from typing import Any

from .context import CheckContext
from .findings import Severity, excerpt

SOURCE_LIBRARY = "Agency message library"
SOURCE_RATIO = "FrameWorks Institute: pair every problem with solutions (aim for 2:1)"
RATIO_TARGET = 2.0
MIN_URGENCY = 2  # one "concern" does not make a crisis message


def run(ctx: CheckContext) -> None:
    doc, compiled = ctx.doc, ctx.compiled
    for frame, span in compiled.frame_matches(doc):
        why = frame.why.split(". ")[0].rstrip(".") + "."
        ctx.sink.add(
            f"framing.{frame.id}",
            "framing",
            Severity.warning,
            span.start_char,
            span.end_char,
            f"Frame to avoid ({frame.name.lower()}): '{span.text}'. {why}",
            frame.reframe,
            source=frame.source or SOURCE_LIBRARY,
        )
    # Preferred terms and inclusive language: commplan/checks/terms.py.
    ctx.results["framing"] = {
        **_value_coverage(ctx),
        "solutions_ratio": _solutions_ratio(ctx),
    }


def _value_coverage(ctx: CheckContext) -> dict[str, Any]:
    found: dict[str, list[str]] = {}
    table, text = ctx.tokens, ctx.text
    # The cue's text from the token table's offsets (Span.text builds its Tokens).
    for key, start, end in ctx.compiled.values.keyed(ctx.doc, longest=False):
        cue = text[table.idx[start] : table.end_char(end - 1)].lower()
        cues = found.setdefault(key.removeprefix("value:"), [])
        if cue not in cues:
            cues.append(cue)
    library = ctx.library
    invoked = [
        {"id": v.id, "name": v.name, "cues": found[v.id]} for v in library.values if v.id in found
    ]
    resonant = [v for v in ctx.audience.values if library.value(v) is not None]
    missing = [library.value(v).name for v in resonant if v not in found]
    if not invoked and sum(ctx.tokens.alpha) >= 25 and library.values:
        examples = [library.value(v) for v in resonant[:2]] or list(library.values[:2])
        hint = "; ".join(f"{v.name} (e.g. '{v.cues[0]}')" for v in examples)
        ctx.sink.add(
            "framing.values.none",
            "framing",
            Severity.suggestion,
            0,
            0,
            "This draft does not invoke any of the agency's values.",
            f"Connect it to a value that resonates with {ctx.audience.name.lower()}: {hint}.",
            source=f"{SOURCE_LIBRARY}: values",
        )
    return {"values_invoked": invoked, "resonant_values_missing": missing}


def _solutions_ratio(ctx: CheckContext) -> dict[str, Any]:
    urgency = ctx.compiled.cue_chars("urgency", ctx.doc)
    solutions = ctx.compiled.cue_chars("solution", ctx.doc)
    ratio = len(solutions) / len(urgency) if urgency else None
    sentences = sorted({ctx.tokens.sentence_at(start) for start, _ in urgency})
    block = {
        "urgency_cues": len(urgency),
        "solution_cues": len(solutions),
        "ratio": round(ratio, 2) if ratio is not None else None,
        "urgency_sentences": [
            {"start": a, "end": b, "text": excerpt(ctx.text[a:b].strip())} for a, b in sentences
        ],
    }
    if len(urgency) >= MIN_URGENCY and len(solutions) < RATIO_TARGET * len(urgency):
        start, end = sentences[0]
        ctx.sink.add(
            "framing.solutions_ratio",
            "framing",
            Severity.warning,
            start,
            start + len(ctx.text[start:end].rstrip()),
            f"{len(urgency)} urgency or problem cues against {len(solutions)} solution cues "
            f"(aim for at least 2 solutions per problem). Urgent sentences: "
            + "; ".join(f'"{s["text"][:60]}"' for s in block["urgency_sentences"][:3]),
            "For each problem, say what is being done and what readers can do.",
            source=SOURCE_RATIO,
        )
    return block

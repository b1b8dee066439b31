"""Reports as text a person reads: Markdown for downloads."""

from __future__ import annotations

from commplan.wording import plural

from .findings import Report
from .readability_es import describe as describe_spanish


def _md(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def report_to_markdown(report: Report, title: str = "Draft check") -> str:
    """The report as Markdown; user text is escaped so it stays literal."""
    r = report.readability
    lines = [f"# {_md(title)}", "", f"**{_md(report.summary['verdict'])}**", ""]
    if r.get("language") == "es":
        lines += ["## Readability (Spanish)", "", f"- {_md(describe_spanish(r))}"]
        for s in r.get("longest_sentences", []):
            lines.append(f"- Long sentence ({s['words']} words): {_md(s['text'])}")
        lines.append("")
    elif r.get("words") and "consensus_grade" in r:
        lines += [
            "## Readability",
            "",
            f"- Grade (consensus of six formulas): {r['consensus_grade']:.1f}; "
            f"target {r['target_grade']:g}",
            f"- Flesch reading ease: {r['flesch_reading_ease']:.0f}; "
            f"{plural(r['words'], 'word')} in {plural(r['sentences'], 'sentence')}",
        ]
        for s in r.get("hardest_sentences", []):
            lines.append(
                f"- {s['level'].capitalize()} sentence (grade {s['grade']:.0f}): {_md(s['text'])}"
            )
        lines.append("")
    framing = report.extras.get("framing")
    if framing:
        invoked = ", ".join(v["name"] for v in framing["values_invoked"]) or "none"
        lines += ["## Values", "", f"- Invoked: {_md(invoked)}"]
        if framing["resonant_values_missing"]:
            lines.append(
                f"- Resonant but missing: {_md(', '.join(framing['resonant_values_missing']))}"
            )
        lines.append("")
    engagement = report.extras.get("engagement")
    if engagement:
        lines += [
            "## Engagement",
            "",
            f"- Asks the reader to act: {'yes' if engagement['call_to_action'] else 'no'}",
            f"- Invites a response: {'yes' if engagement['invitation_to_respond'] else 'no'}",
            "",
        ]
    lines += ["## Findings", ""]
    if not report.findings:
        lines.append("None.")
    for f in report.findings:
        where = f"line {f.line}" + (f", '{_md(f.text)}'" if f.text else "")
        lines.append(
            f"- **{f.severity.name}** ({f.category}, {where}): {_md(f.message)}"
            + (f" *Suggestion:* {_md(f.suggestion)}" if f.suggestion else "")
        )
    return "\n".join(lines) + "\n"

"""Plan exports: Word (.docx, python-docx), Markdown and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from docx import Document
from docx.shared import Pt

from commplan.spreadsheets import neutralise
from commplan.xmltext import xml_safe

from .model import AudienceItem, PlanView
from .review import gaps, timeline


def safe_cell(value: object) -> str:
    return neutralise("" if value is None else str(value))


def _objective_line(o: dict) -> str:
    extras = ", ".join(f"{k}: {v}" for k, v in o.items() if k != "text" and v)
    return o.get("text", "") + (f" ({extras})" if extras else "")


def _md_escape(text: str) -> str:
    """Keep user text literal in Markdown: no links, emphasis or HTML from it."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


_LINE_START = frozenset("-+=~")  # a list item, a heading underline, a code fence


def _md_line(line: str) -> str:
    """One line of user text, literal even at the start of a Markdown line."""
    out = _md_escape(line)
    if out[:1] in _LINE_START:
        return "\\" + out
    digits = len(out) - len(out.lstrip("0123456789"))
    if digits and out[digits : digits + 1] in (".", ")"):  # "1." or "1)": a numbered list
        return out[:digits] + "\\" + out[digits:]
    return out


def _md_text(text: str, indent: str = "") -> str:
    """User text that may run over several lines, with its lines kept: each line
    literal, joined by hard line breaks (continuation lines indented by ``indent`` to
    stay inside a list item); blank lines and the lines' outer spaces dropped."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return ("\\\n" + indent).join(_md_line(line) for line in lines if line)


def plan_to_markdown(plan: PlanView, today: date | None = None) -> str:
    today = today or date.today()
    e = _md_escape
    lines = [f"# {e(plan.name)}", ""]
    if plan.is_example:
        lines += ["*Example plan: edit it or remove it.*", ""]
    t = _md_text
    lines += [f"**Status:** {e(plan.status)}", "", "## Goal", "", t(plan.goal) or "—", ""]
    objectives = [f"- {e(_objective_line(o))}" for o in plan.objectives] or ["—"]
    lines += ["## Objectives", "", *objectives]
    lines += ["", "## Theory of action", "", t(plan.theory_of_action) or "—", ""]
    lines += ["## Alignment domains", "", ", ".join(plan.domain_names) or "—", ""]
    if plan.milestones:
        lines += ["## Milestones", "", "| Due | Milestone | Done |", "| --- | --- | --- |"]
        lines += [
            f"| {m.due_on or '—'} | {e(m.title)} | {'yes' if m.done else 'no'} |"
            for m in plan.milestones
        ]
        lines.append("")
    lines += ["## Audiences", ""]
    for item in plan.items:
        lines += _item_markdown(plan, item)
    found = gaps(plan, today)
    if found:
        lines += ["## Gaps to close", ""] + [f"- {e(g.message)}" for g in found] + [""]
    return "\n".join(lines).rstrip() + "\n"


def _item_markdown(plan: PlanView, item: AudienceItem) -> list[str]:
    def e(text: str) -> str:  # inside a list item: continuation lines indented
        return _md_text(text, "  ")

    messages = ", ".join(plan.message_title(m) for m in item.key_messages)
    loop = item.listening_loop
    lines = [
        f"### {e(item.audience_name)}",
        "",
        f"- **We ask them to:** {e(item.desired_action)}",
        f"- **Key messages:** {e(messages) or '—'}",
        f"- **Proof points:** {e('; '.join(item.proof_points)) or '—'}",
        f"- **Messenger:** {e(item.messenger) or '—'}",
        f"- **Channels:** {e(', '.join(item.channels)) or '—'}",
        f"- **Timing:** {e(item.timing) or '—'}",
        f"- **Owner:** {e(item.owner) or '—'}",
        f"- **Readiness:** {e(item.readiness) or '—'}",
        f"- **Barriers:** {e(item.barriers) or '—'}",
    ]
    if loop:
        lines += [
            f"- **Listening loop:** {e(loop.channel)}, {e(loop.cadence) or 'no cadence set'}, "
            f"owner {e(loop.owner) or '—'}, next follow-up {loop.next_follow_up or '—'}"
        ]
        lines += [f"  - {_md_text(q, '    ')}" for q in loop.questions]
    else:
        lines.append("- **Listening loop:** none yet")
    return [*lines, ""]


CSV_COLUMNS = ["audience", "desired_action", "key_messages", "proof_points", "messenger",
               "channels", "timing", "owner", "readiness", "barriers", "listening_channel",
               "listening_questions", "listening_cadence", "listening_owner",
               "next_follow_up"]  # fmt: skip


def plan_to_csv(plan: PlanView) -> str:
    """One row per audience, with its listening loop; formula-safe for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in plan.items:
        loop = item.listening_loop
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    item.audience_name,
                    item.desired_action,
                    "; ".join(plan.message_title(m) for m in item.key_messages),
                    "; ".join(item.proof_points),
                    item.messenger,
                    "; ".join(item.channels),
                    item.timing,
                    item.owner,
                    item.readiness,
                    item.barriers,
                    loop.channel if loop else "",
                    "; ".join(loop.questions) if loop else "",
                    loop.cadence if loop else "",
                    loop.owner if loop else "",
                    loop.next_follow_up.isoformat() if loop and loop.next_follow_up else "",
                )
            ]
        )
    return out.getvalue()


def plan_to_docx(plan: PlanView, today: date | None = None) -> bytes:
    """The plan as a Word document: overview, milestones, one section per audience
    with its listening loop, and the gaps still open."""
    today = today or date.today()

    def x(text: str) -> str:
        """User text for Word: characters XML cannot hold (a pasted \\x01) replaced;
        a value of only spaces is empty, so the dash for "not set" shows."""
        return xml_safe(text) if text.strip() else ""

    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(x(plan.name), level=0)
    if plan.is_example:
        doc.add_paragraph("Example plan: edit it or remove it.").italic = True
    doc.add_paragraph(x(f"Status: {plan.status}"))
    doc.add_heading("Goal", level=1)
    doc.add_paragraph(x(plan.goal) or "—")
    doc.add_heading("Objectives", level=1)
    for o in plan.objectives:
        doc.add_paragraph(x(_objective_line(o)), style="List Bullet")
    if not plan.objectives:
        doc.add_paragraph("—")
    doc.add_heading("Theory of action", level=1)
    doc.add_paragraph(x(plan.theory_of_action) or "—")
    doc.add_heading("Alignment domains", level=1)
    doc.add_paragraph(x(", ".join(plan.domain_names)) or "—")
    events = timeline(plan)
    if events:
        doc.add_heading("Timeline", level=1)
        table = doc.add_table(rows=1, cols=3)
        table.style = "Light Grid Accent 1"
        for cell, text in zip(table.rows[0].cells, ("Date", "What", "Audience"), strict=True):
            cell.text = text
        for event in events:
            row = table.add_row().cells
            row[0].text = event.on.isoformat()
            row[1].text = x(event.title) + (" (done)" if event.done else "")
            row[2].text = x(event.audience)
    doc.add_heading("Audiences", level=1)
    for item in plan.items:
        doc.add_heading(x(item.audience_name), level=2)
        for label, value in (
            ("We ask them to", item.desired_action),
            ("Key messages", ", ".join(plan.message_title(m) for m in item.key_messages)),
            ("Proof points", "; ".join(item.proof_points)),
            ("Messenger", item.messenger),
            ("Channels", ", ".join(item.channels)),
            ("Timing", item.timing),
            ("Owner", item.owner),
            ("Readiness", item.readiness),
            ("Barriers", item.barriers),
        ):
            p = doc.add_paragraph()
            p.add_run(f"{label}: ").bold = True
            p.add_run(x(value or "") or "—")
        loop = item.listening_loop
        p = doc.add_paragraph()
        p.add_run("Listening loop: ").bold = True
        if loop:
            p.add_run(
                x(
                    f"{loop.channel}; cadence {loop.cadence or '—'}; owner {loop.owner or '—'}; "
                    f"next follow-up {loop.next_follow_up or '—'}"
                )
            )
            for q in loop.questions:
                doc.add_paragraph(x(q), style="List Bullet 2")
        else:
            p.add_run("none yet")
    open_gaps = gaps(plan, today)
    if open_gaps:
        doc.add_heading("Gaps to close", level=1)
        for g in open_gaps:
            doc.add_paragraph(x(g.message), style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()

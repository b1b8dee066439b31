"""Draft studio: write for one audience and see what gets in the way."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import NamedTuple

import altair as alt
import pandas as pd
import streamlit as st

from commplan.checks import CATEGORIES, Report, Severity, readability_es
from commplan.checks.consistency import compare_texts
from commplan.checks.engine import MAX_CHARS
from commplan.checks.findings import excerpt
from commplan.checks.fixes import edit, passing_example
from commplan.checks.formats import report_to_markdown
from commplan.checks.worker import CheckTimedOut, WorkerFailed, check_text_limited
from commplan.store import StoreError
from commplan.store import records as r
from commplan.store.documents import library_entries, save_library_entry
from commplan.store.seed import seed_example_plan
from commplan.textio import clean_controls
from commplan.ui import resources, session
from commplan.ui.livecheck import live_check
from commplan.ui.render import highlight, legend, plural
from commplan.ui.session import flash
from commplan.ui.text import md, one_line


def readability_figures(report: Report) -> None:
    """The readability figures with the draft's language beside them: an English draft
    gets its grade, a Spanish one the Spanish scale (Fernández-Huerta) with its band
    in Spanish and English; another language, only that it was not checked."""
    rd = report.readability
    language = report.extras.get("language", {})
    name = language.get("name", "English")
    if language.get("mixed"):
        name = "English and Spanish"
    # A line of its own, not a metric: in a row of five metrics a language's name
    # was cut to "Eng..." at common window widths.
    st.markdown("**Language:** " + md(name[:1].upper() + name[1:]))
    if rd.get("language") == "es":
        m1, m2, m3 = st.columns(3)
        if rd.get("fernandez_huerta") is not None:
            m1.metric(
                "Fernández-Huerta",
                f"{rd['fernandez_huerta']:.0f}",
                delta=f"{rd['fernandez_huerta'] - rd['target_score']:+.0f} vs target "
                f"{rd['target_score']:.0f}",
            )
            st.caption(
                md(
                    f"Spanish scale: '{rd['band']}' ({rd['band_en']}); target "
                    f"{rd['target_score']:.0f} or more "
                    f"('{readability_es.band(rd['target_score'])[0]}') "
                    f"for about grade {rd['target_grade']:g}. Szigriszt-Pazos "
                    f"{rd['szigriszt_pazos']:.0f}, INFLESZ '{rd['inflesz']}'."
                )
            )
        m2.metric("Words", rd["words"])
        m3.metric("Sentences", rd["sentences"])
        if not rd["reliable"]:
            st.caption("Under 100 words: read the score as a rough guide.")
        if rd.get("longest_sentences"):
            with st.expander("Why this score: the longest sentences"):
                for sentence in rd["longest_sentences"]:
                    st.markdown(f"**{plural(sentence['words'], 'word')}:**")
                    st.text(sentence["text"])
        return
    if "consensus_grade" not in rd:
        st.metric("Words", rd.get("words", 0))
        st.caption("Only English and Spanish drafts are checked.")
        return
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        "Grade",
        f"{rd['consensus_grade']:.1f}",
        delta=f"{rd['consensus_grade'] - rd['target_grade']:+.1f} vs target "
        f"{rd['target_grade']:g}",
        delta_color="inverse",
    )
    m2.metric("Reading ease", f"{rd['flesch_reading_ease']:.0f}")
    m3.metric("Words", rd["words"])
    m4.metric("Sentences", rd["sentences"])
    if not rd["reliable"]:
        st.caption("Under 100 words: read the grade as a rough guide.")
    if language.get("mixed"):
        st.caption(
            "English and Spanish: each part is checked in its own language; the grade is "
            "the English part's."
        )
    with st.expander("Why this grade: hardest sentences and long words"):
        for sentence in rd["hardest_sentences"]:
            st.markdown(f"**{sentence['level']}, grade {sentence['grade']:.0f}:**")
            st.text(sentence["text"])
        if rd["hard_words"]:
            st.dataframe(pd.DataFrame(rd["hard_words"]), hide_index=True, key="studio_hard_words")

NEW = 0  # the "new draft" choice


def finding_key(f) -> dict[str, str]:
    return {"rule": f.rule, "text": f.text}


def change_dismissed(current, entries: list[dict[str, str]], restore: bool = False) -> None:
    """Dismiss (or restore) findings: stored at once for a saved draft, one entry at a
    time so nobody else's dismissals are overwritten; in the session for a new draft."""
    if not current:
        kept = st.session_state.get("dismissed_new", [])
        st.session_state["dismissed_new"] = (
            [] if restore else [*kept, *(e for e in entries if e not in kept)]
        )
        flash(
            "Restored the dismissed findings."
            if restore
            else f"Dismissed {plural(len(entries), 'finding')}; kept when you save this draft."
        )
        return
    change = r.restore_finding if restore else r.dismiss_finding
    try:
        with resources.store().session() as s:
            for entry in entries:
                change(s, current[0], entry["rule"], entry["text"], session.user())
    except StoreError as exc:
        st.session_state["studio_error"] = str(exc)
        return
    what = plural(len(entries), "finding")
    flash(
        f"Restored {what} for {md(repr(current[1]))}."
        if restore
        else f"Dismissed {what} for {md(repr(current[1]))}; it stays dismissed for this draft."
    )


ADDABLE_CATEGORIES = ("education-speak", "policy-speak", "corporate-speak")


def add_to_glossary(f, text: str, plain: str, category: str) -> None:
    """Save a flagged word to the workspace glossary with the plain alternative the
    user typed, through the store (a revision is kept); the library cache refreshes
    because the workspace's documents stamp changes."""
    term = f.text.strip().lower()
    plain = plain.strip()
    if not plain:
        st.session_state["studio_error"] = (
            f"Not added: type a plain alternative for '{term}' first."
        )
        return
    start, end = report_sentence(text, f.start, f.end)
    sentence = text[start:end].strip()
    # The failing example is the draft's sentence; the passing one, the same sentence
    # with the plain words in when they fit the slot, else the plain words alone
    # (plain string slicing: user text is never a template).
    local = f.start - start - (len(text[start:end]) - len(text[start:end].lstrip()))
    passing = passing_example(sentence, local, local + len(f.text), plain)
    data = {
        "term": term,
        "category": category,
        "plain": [plain],
        "examples": {"fail": [sentence], "pass": [passing]},
    }
    try:
        with resources.store().session() as s:
            if any(e.key == term for e in library_entries(s, workspace, "glossary")):
                st.session_state["studio_error"] = f"'{term}' is already in the glossary."
                return
            save_library_entry(s, workspace, "glossary", data, session.user())
    except StoreError as exc:
        st.session_state["studio_error"] = str(exc)
        return
    flash(f"Added {md(repr(term))} to the glossary (plain: {md(repr(plain))}).")


def report_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around [start, end): from the last ". ", "! ", "? " or line
    break before it to the next one after it. Linear: two bounded scans."""
    left = max(text.rfind(sep, 0, start) for sep in (". ", "! ", "? ", "\n"))
    left = 0 if left < 0 else left + 1
    rights = [i for sep in (". ", "! ", "? ", "\n") if (i := text.find(sep, end)) >= 0]
    right = min(rights) + 1 if rights else len(text)
    return left, right


def checked(text: str, audience_id: str, key_message: str | None) -> Report | None:
    """The draft's report, checked in the worker process with a time limit so that no
    draft, however large or strange, can stall the server for everyone; None (with a
    message saying what to do) when the check ran over or the worker failed."""
    try:
        with st.spinner("Checking…"):
            return check_text_limited(
                text,
                audiences.get(audience_id),
                library,
                audiences=audiences,
                key_message=key_message,
            )
    except (CheckTimedOut, WorkerFailed) as exc:
        st.error(md(str(exc)))
        return None


def remove_controls(key: str) -> None:
    """Drop invisible control characters from the draft box (a callback: it runs before
    the text area is drawn again, so it may set the widget's value)."""
    st.session_state[key] = clean_controls(st.session_state.get(key) or "")[0]


SEVERITY_ICONS = {
    Severity.error: ":material/error:",
    Severity.warning: ":material/warning:",
    Severity.suggestion: ":material/lightbulb:",
}
UNDO_DEPTH = 20  # earlier texts kept per draft for Undo
CACHE_SIZE = 4  # reports kept per session, by (text, audience, key message, library)
CONTEXT = 80  # characters of the sentence shown either side of a fix
GROUP_FIRST = 8  # findings a group shows before "Show all"


def severity_label(severity: Severity) -> str:
    """Icon and word: the word carries the meaning, the icon only helps the eye."""
    return f"{SEVERITY_ICONS[severity]} **{severity.name}**"


def numbered(findings) -> list:
    """Findings in reading order: mark n in the text is finding n here."""
    return sorted(findings, key=lambda f: (f.start, -f.end, -f.severity, f.rule))


def fix_preview(text: str, f) -> tuple[str, str] | None:
    """Markdown for the sentence before and after ``f``'s fix (the changed words shown
    struck through and in bold, so colour is not needed), or None when the finding
    has no fix or the text no longer holds it. User text passes through ``md()``."""
    if not f.fix or text[f.start : f.end] != f.text:
        return None
    # "a"/"an" before the words is part of the change when the new word needs the other.
    cut, stop, new = edit(text, f.start, f.end, f.fix)
    start, end = report_sentence(text, cut, stop)
    start = max(start, cut - CONTEXT)
    end = min(end, stop + CONTEXT)
    lead = ("…" if start > 0 and text[start - 1] not in ".!?\n" else "") + text[start:cut]
    tail = text[stop:end] + ("…" if end < len(text) and text[end - 1 : end] not in ".!?" else "")
    lead, tail = lead.lstrip(), tail.rstrip()
    before = f"{md(lead)} ~~{md(text[cut:stop])}~~ {md(tail)}".strip()
    after = f"{md(lead)} **{md(new)}** {md(tail)}".strip()
    return before, after


def apply_fix(text_key: str, undo_key: str, f) -> None:
    """Put ``f.fix`` in place of ``f.text`` (a callback: it runs before the text area is
    drawn again, so it may set its value). The text before is kept for Undo. Nothing
    changes if the draft no longer holds the finding's words where they were."""
    text = st.session_state.get(text_key) or ""
    if text[f.start : f.end] != f.text:
        st.session_state["studio_error"] = (
            f"Not applied: the draft changed since it was checked, and "
            f"{f.text!r} is no longer at line {f.line}. Look at the new findings."
        )
        return
    stack = st.session_state.setdefault(undo_key, [])
    stack.append(text)
    del stack[:-UNDO_DEPTH]
    cut, stop, new = edit(text, f.start, f.end, f.fix)  # "a"/"an" made to agree
    st.session_state[text_key] = text[:cut] + new + text[stop:]
    flash(f"Changed {md(repr(f.text))} to {md(repr(f.fix))}. Undo puts it back.")


def undo(text_key: str, undo_key: str) -> None:
    stack = st.session_state.get(undo_key) or []
    if not stack:
        st.session_state["studio_error"] = "Nothing to undo."
        return
    st.session_state[text_key] = stack.pop()
    flash("Undone: the draft is back as it was before the last change.")


def cached_check(text: str, audience_id: str, key_message: str | None) -> Report | None:
    """The report for this text, audience, key message and library: checked once, then
    kept (a few per session), so a rerun caused by another widget (a dismissal, an
    expander, a download) does not check an unchanged draft again."""
    audience = audiences.get(audience_id)
    key = (text, audience_id, key_message, library.fingerprint, audience.model_dump_json())
    cache: dict = st.session_state.setdefault("studio_reports", {})
    if key in cache:
        cache[key] = cache.pop(key)  # most recently used last
        return cache[key]
    report = checked(text, audience_id, key_message)
    if report is not None:
        cache[key] = report
        while len(cache) > CACHE_SIZE:
            cache.pop(next(iter(cache)))
    return report


SAMPLE_TITLE = "Sample: Back-to-school letter"
SAMPLE_DRAFT = (
    "Dear Parents,\n\n"
    "Welcome back to Lincoln Elementary! The first day of school is Monday, August 25. "
    "Doors open at 7:45 a.m. and classes begin at 8:10 a.m.\n\n"
    "This year our MTSS team will leverage universal screening data to identify "
    "struggling students during the first weeks of school, and interventions will be "
    "implemented by staff for students who are not meeting benchmarks in reading and "
    "math. Students with an IEP will continue to receive their services.\n\n"
    "All stakeholders are invited to Back-to-School Night on Thursday, August 28 at "
    "6 p.m. in the cafeteria. Please complete the emergency contact form in ParentSquare "
    "by September 5.\n\n"
    "Sincerely,\n"
    "Ana Lopez, Principal"
)


def load_examples(load_plan: bool) -> None:
    """One click on the welcome panel: the example plan (when the workspace has no plan)
    and the sample letter in the new-draft box, not saved until the person saves it."""
    if load_plan:
        try:
            with resources.store().session() as s:
                seed_example_plan(s, workspace, session.user())
        except StoreError as exc:
            st.session_state["studio_error"] = str(exc)
            return
    st.session_state["studio_draft"] = NEW
    st.session_state[f"studio_text_{NEW}"] = SAMPLE_DRAFT
    st.session_state[f"studio_title_{NEW}"] = SAMPLE_TITLE
    st.session_state[f"studio_audience_{NEW}"] = "families"
    st.session_state["studio_welcomed"] = True
    flash(
        (
            "Loaded the example plan and a sample letter. "
            if load_plan
            else "Loaded a sample letter. "
        )
        + "The letter is not saved: change it, then Save version to keep it."
    )


def welcome(has_plans: bool) -> None:
    with st.container(border=True):
        st.markdown("### Welcome: start here")
        st.markdown(
            "1. **Paste a draft** (a letter, a post, a text message) in the box below and "
            "pick the audience it is for.\n"
            "2. **Read the summary**: the findings that matter most come first, and each "
            "number matches a mark in your text.\n"
            "3. **Apply the fixes you agree with**, one click each (Undo puts the text "
            "back), then **Save version** to keep the draft and its score.\n\n"
            + (
                "Not sure where to start? Load a sample family letter with a few problems to fix."
                if has_plans
                else "Not sure where to start? Load the example communication plan (a "
                "whole-child well-being plan with audiences and listening loops) and a "
                "sample family letter with a few problems to fix."
            )
        )
        b1, b2 = st.columns([2, 3])
        b1.button(
            "Load a sample letter" if has_plans else "Load the example plan and a sample letter",
            key="studio_load_examples",
            type="primary",
            on_click=load_examples,
            args=(not has_plans,),
        )
        b2.button(
            "Hide this",
            key="studio_hide_welcome",
            on_click=lambda: st.session_state.__setitem__("studio_welcomed", True),
        )


def summary(shown_findings: list, numbers: dict[int, int], dismissed_count: int) -> None:
    """Counts, then the few findings to look at first (most severe, in reading order)."""
    counts = Counter(f.severity for f in shown_findings)
    if not shown_findings:
        st.success(
            "No findings"
            + (
                f" ({plural(dismissed_count, 'dismissed finding')} hidden)."
                if dismissed_count
                else "."
            )
        )
        return
    parts = [plural(counts[s], s.name) for s in sorted(Severity, reverse=True) if counts[s]]
    by_category = Counter(f.category for f in shown_findings)
    cats = ", ".join(f"{c} {by_category[c]}" for c in CATEGORIES if by_category[c])
    st.markdown(
        f"**{plural(len(shown_findings), 'finding')}**: {', '.join(parts)} · {cats}"
        + (f" · {dismissed_count} dismissed" if dismissed_count else "")
    )
    top = sorted(shown_findings, key=lambda f: (-f.severity, numbers[id(f)]))[:3]
    lines = [
        # "1\." not "1.": a line starting "1. " would become a Markdown list.
        f"{numbers[id(f)]}\\. {severity_label(f.severity)} · {f.category}"
        + (f" · “{md(excerpt(f.text, 60))}”" if f.text else "")
        + f": {md(f.message)}"
        for f in top
    ]
    st.markdown("**Start with**  \n" + "  \n".join(lines))


def widget_ids(findings: list) -> dict[int, str]:
    """A key part per finding that does not depend on its number: a dismissal by
    someone else renumbers the list, and a click must still reach its finding."""
    ids: dict[int, str] = {}
    seen: Counter = Counter()
    for f in findings:
        base = f"{f.rule}_{f.start}_{f.end}"
        seen[base] += 1
        ids[id(f)] = base if seen[base] == 1 else f"{base}_{seen[base]}"
    return ids


def finding_row(f, n: int, wid: str, text: str, text_key: str, undo_key: str, current) -> None:
    """One finding, compact: number, severity (icon and word), category, the words,
    the message, the suggestion; a fix to preview and apply; Dismiss."""
    quoted = f" · “{md(excerpt(f.text, 80))}”" if f.text else ""
    lines = [f"**{n}.** {severity_label(f.severity)}{quoted} · line {f.line}", md(f.message)]
    if f.suggestion:
        lines.append(f"*{md(f.suggestion)}*")
    preview = fix_preview(text, f)
    if preview:
        lines += [f"Before: {preview[0]}", f"After: {preview[1]}"]
    st.markdown("  \n".join(lines))  # one block: the list stays short
    with st.container(horizontal=True):
        if preview:
            st.button(
                "Apply fix",
                key=f"fix_{wid}",
                on_click=apply_fix,
                args=(text_key, undo_key, f),
                help="Puts the words in bold in place of the struck-through ones. "
                "Undo puts them back.",
            )
        if st.button("Dismiss", key=f"dismiss_{wid}", type="tertiary"):
            change_dismissed(current, [finding_key(f)])
            st.rerun()
    if f.rule == "jargon.rare":
        g1, g2 = st.columns([3, 2])
        plain = g1.text_input(
            "Plain alternative",
            key=f"glossary_plain_{f.start}",
            placeholder="a word families know",
        )
        kind = g2.selectbox("Kind", ADDABLE_CATEGORIES, key=f"glossary_kind_{f.start}")
        if st.button("Add to glossary", key=f"glossary_add_{f.start}"):
            add_to_glossary(f, text, plain, kind)
            st.rerun()


def grouped(shown_findings: list) -> list[tuple[str, list]]:
    """Categories with findings, the most severe group first (then the larger)."""
    groups = [(c, [f for f in shown_findings if f.category == c]) for c in CATEGORIES]
    groups = [(c, g) for c, g in groups if g]
    return sorted(groups, key=lambda cg: (-max(f.severity for f in cg[1]), -len(cg[1])))


def save_version(
    current, title: str, audience_id: str, item_id, text: str, report, dismissed_key, dismissed
) -> None:
    try:
        with resources.store().session() as s:
            if not current:
                name = title.strip() or "Untitled draft"
                draft = r.create_draft(
                    s, workspace, session.user(), name, audience_id, plan_item_id=item_id or None
                )
                target = draft.id
            else:
                name, target = current[1], current[0]
            version = r.save_draft_version(s, target, text, report.to_dict(), session.user())
            if not current:  # the new draft's dismissals, kept until now
                for entry in dismissed:
                    r.dismiss_finding(s, target, entry["rule"], entry["text"], user)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        return
    st.session_state.pop(dismissed_key, None)
    st.session_state["studio_select_next"] = target
    if not current:
        # The saved draft's boxes start from what was saved, its undo history comes
        # along, and "New draft" is empty again.
        st.session_state[f"studio_text_{target}"] = text
        st.session_state[f"studio_title_{target}"] = name
        st.session_state[f"studio_undo_{target}"] = st.session_state.pop(f"studio_undo_{NEW}", [])
        st.session_state["studio_clear_new"] = True
    flash(f"Saved version {version.number} of {md(repr(name))}.")
    st.rerun()


class SavedDraft(NamedTuple):
    """A saved draft's last version, as Compare offers it."""

    id: int
    title: str
    audience: str
    number: int
    saved_at: datetime
    saved_by: str
    text: str


def saved_for_compare(stored) -> list[SavedDraft]:
    """Saved drafts with text, newest saved version first (a dismissal does not make a
    draft newer)."""
    out = [
        SavedDraft(d.id, d.title, d.audience_key, v.number, v.created_at, v.created_by, v.text)
        for d in stored
        if d.versions and (v := d.versions[-1]).text.strip()
    ]
    return sorted(out, key=lambda d: (d.saved_at, d.id), reverse=True)


def day(moment: datetime) -> str:
    """'2 Dec 2026': no leading zero, the month in letters (never read as 12/2 or 2/12)."""
    return f"{moment.day} {moment:%b %Y}"


def saved_label(d: SavedDraft) -> str:
    """A picker option: title, audience, date. Options are plain text in Streamlit (not
    Markdown), so the title is shown as typed, on one line."""
    who = audiences.get(d.audience).name if d.audience in audiences else d.audience
    return f"{one_line(d.title) or 'Untitled draft'} · {one_line(who)} · {day(d.saved_at)}"


def load_saved(n: int, saved: dict[int, SavedDraft], known: list[str]) -> None:
    """A variant's saved-draft choice changed (a callback: it runs before the widgets
    are drawn again, so it may set their values). The draft's last saved version goes
    in the variant's box, and its audience too when the audience list has it. Choosing
    "none" leaves the box as it is."""
    st.session_state.pop(f"compare_note_{n}", None)
    st.session_state.pop(f"compare_loaded_{n}", None)
    d = saved.get(st.session_state.get(f"compare_saved_{n}"))
    if d is None:
        return
    if len(d.text) > MAX_CHARS:
        st.session_state[f"compare_note_{n}"] = (
            f"'{d.title}' has {len(d.text):,} characters; a variant takes up to "
            f"{MAX_CHARS:,}. Paste the part to compare instead."
        )
        return
    st.session_state[f"compare_text_{n}"] = d.text
    st.session_state[f"compare_loaded_{n}"] = d.number
    if d.audience in known:
        st.session_state[f"compare_audience_{n}"] = d.audience
    else:
        st.session_state[f"compare_note_{n}"] = (
            f"'{d.title}' was saved for an audience that is not in your list now "
            f"('{d.audience}'). Pick the audience for this variant above."
        )


st.title("Draft studio")
st.caption(
    "Write or paste a draft for one audience. commplan checks reading level, jargon and "
    "acronyms, framing against your message library, and whether the draft asks readers to "
    "act and invites them to respond. Findings update as you type (after a short pause) and "
    "when you paste."
)
workspace = session.workspace()
user = session.user()
library, audiences = resources.documents(workspace)
if "studio_error" in st.session_state:
    st.error(md(st.session_state.pop("studio_error"), lines=True))
with resources.store().session() as s:
    plans = r.list_plans(s, workspace)
    stored_drafts = r.list_drafts(s, workspace)
    drafts = [
        (
            d.id,
            d.title,
            d.audience_key,
            d.plan_item_id,
            list(d.dismissed or []),
            d.versions[-1].text if d.versions else "",
        )
        for d in stored_drafts
    ]
    saved_drafts = saved_for_compare(stored_drafts)
items = {i.id: (p.name, i) for p in plans for i in p.items}

write_tab, compare_tab = st.tabs(["Write and check", "Compare variants across audiences"])

with write_tab:
    if (
        not drafts
        and not st.session_state.get("studio_welcomed")
        and not (st.session_state.get(f"studio_text_{NEW}") or "").strip()
    ):
        welcome(has_plans=bool(plans))
    c1, c2, c3 = st.columns([2, 2, 2])
    draft_ids = [NEW] + [d[0] for d in drafts]
    if "studio_select_next" in st.session_state:  # set by "Save version" before a rerun
        st.session_state["studio_draft"] = st.session_state.pop("studio_select_next")
    draft_names = {NEW: "New draft", **{d[0]: d[1] for d in drafts}}
    draft_id = c1.selectbox(
        "Saved drafts", draft_ids, format_func=draft_names.get, key="studio_draft"
    )
    current = next((d for d in drafts if d[0] == draft_id), None)
    item_ids = [0, *items]
    item_default = item_ids.index(current[3]) if current and current[3] in items else 0
    item_id = c2.selectbox(
        "Plan audience",
        item_ids,
        index=item_default,
        key=f"studio_item_{draft_id}",
        format_func=lambda i: (
            "None (pick an audience)"
            if not i
            else f"{items[i][0]}: {audiences.get(items[i][1].audience_key).name}"
            if items[i][1].audience_key in audiences
            else items[i][0]
        ),
    )
    item = items[item_id][1] if item_id else None
    audience_ids = audiences.ids()
    audience_id = item.audience_key if item else (current[2] if current else "families")
    audience_key = f"studio_audience_{draft_id}"
    if st.session_state.get(audience_key) not in audience_ids:
        st.session_state.pop(audience_key, None)
    audience_id = c3.selectbox(
        "Audience",
        audience_ids,
        index=audience_ids.index(audience_id) if audience_id in audience_ids else 0,
        format_func=lambda a: audiences.get(a).name,
        key=audience_key,
        disabled=item is not None,
    )
    messages = [m for m in (item.key_messages if item else []) if library.key_message(m)]
    key_message = (
        st.selectbox(
            "Key message this draft should carry",
            [None, *messages],
            format_func=lambda m: library.key_message(m).title if m else "None chosen",
            key=f"studio_message_{draft_id}",
        )
        if messages
        else None
    )
    title_key, text_key = f"studio_title_{draft_id}", f"studio_text_{draft_id}"
    undo_key = f"studio_undo_{draft_id}"
    if st.session_state.pop("studio_clear_new", False):  # after a new draft's first save
        for k in (f"studio_text_{NEW}", f"studio_title_{NEW}"):
            st.session_state.pop(k, None)
    # Values live in session state only (no value= as well): fixes and Undo set them.
    st.session_state.setdefault(title_key, current[1] if current else "")
    st.session_state.setdefault(text_key, current[5] if current else "")
    title = st.text_input("Title", key=title_key, placeholder="e.g. Back-to-school letter")
    text = st.text_area(
        "Draft text",
        height=260,
        key=text_key,
        placeholder="Paste or write your draft here.",
    )
    live_check(text_key)

    invisible = clean_controls(text)[1]
    if invisible:
        st.warning(
            f"The draft has {plural(invisible, 'invisible control character')} (pasted from "
            "another program). They cannot be saved; removing them changes nothing you can see."
        )
        st.button(
            "Remove them",
            key="studio_clean_controls",
            on_click=remove_controls,
            args=(text_key,),
        )
    report = None
    if len(text) > MAX_CHARS:
        st.error(
            f"This draft has {len(text):,} characters; the checker takes up to "
            f"{MAX_CHARS:,}. Split it into parts and check each."
        )
    elif not text.strip():
        st.info("Nothing to check yet: paste or write a draft above.")
    else:
        report = cached_check(text, audience_id, key_message)
    if undo_key in st.session_state and st.session_state[undo_key] and report is None:
        st.button("Undo last change", key="studio_undo", on_click=undo, args=(text_key, undo_key))
    if report is not None:
        # A saved draft's dismissals live in the database and change one at a time, so
        # two people dismissing at once keep both; a new draft's wait for its first save.
        dismissed_key = "dismissed_new"
        dismissed = current[4] if current else st.session_state.setdefault(dismissed_key, [])
        shown = numbered([f for f in report.findings if finding_key(f) not in dismissed])
        numbers = {id(f): n for n, f in enumerate(shown, 1)}
        wids = widget_ids(shown)

        # The actions first: save, undo, downloads.
        a1, a2, a3, a4 = st.columns(4)
        if a1.button("Save version", key="studio_save", type="primary"):
            save_version(
                current, title, audience_id, item_id, text, report, dismissed_key, dismissed
            )
        stack = st.session_state.get(undo_key) or []
        a2.button(
            f"Undo last change ({len(stack)})" if stack else "Undo last change",
            key="studio_undo",
            on_click=undo,
            args=(text_key, undo_key),
            disabled=not stack,
            help="Puts back the text as it was before the last fix you applied.",
        )
        slug = "".join(c if c.isalnum() else "-" for c in (title or "draft").lower())[:50]
        a3.download_button(
            "Report (Markdown)",
            report_to_markdown(report, title or "Draft check"),
            f"{slug}-report.md",
            "text/markdown",
            key="studio_md",
        )
        a4.download_button(
            "Report (JSON)",
            json.dumps(report.to_dict(), indent=2),
            f"{slug}-report.json",
            "application/json",
            key="studio_json",
        )

        with st.container(key="studio_verdict"):
            st.header(md(report.summary["verdict"]))
        summary(shown, numbers, len(dismissed))
        left, right = st.columns([3, 2])
        with left:
            st.markdown(legend(), unsafe_allow_html=True)  # fixed labels, no user text
            st.markdown(highlight(text, shown), unsafe_allow_html=True)  # escaped inside
            readability_figures(report)
            framing = report.extras.get("framing", {})
            engagement = report.extras.get("engagement", {})
            f1, f2 = st.columns(2)
            with f1:
                st.markdown("**Values invoked**")
                for v in framing.get("values_invoked", []):
                    st.markdown(f"- {md(v['name'])}")
                    st.caption("cues: " + md(", ".join(v["cues"])))
                if not framing.get("values_invoked"):
                    st.caption("None yet.")
                if framing.get("resonant_values_missing"):
                    st.caption(
                        "Resonates with this audience but missing: "
                        + md(", ".join(framing["resonant_values_missing"]))
                    )
            with f2:
                st.markdown("**Purposeful and bidirectional**")
                for ok, what in (
                    (engagement.get("call_to_action"), "asks readers to do something"),
                    (engagement.get("invitation_to_respond"), "invites a response"),
                ):
                    st.markdown(
                        (":material/check_circle: yes:" if ok else ":material/warning: not yet:")
                        + f" {what}"
                    )
                km = report.extras.get("key_message")
                if km:
                    st.markdown(
                        (
                            ":material/check_circle: yes:"
                            if km["carried"]
                            else ":material/warning: not yet:"
                        )
                        + f" carries the key message ({md(km['title'])})"
                    )
        with right:
            st.markdown(f"**Findings** ({len(shown)} shown, {len(dismissed)} dismissed)")
            if dismissed and st.button("Restore dismissed findings", key="studio_restore"):
                change_dismissed(current, dismissed, restore=True)
                st.rerun()
            for rank, (category, group) in enumerate(grouped(shown)):
                worst = max(f.severity for f in group)
                counts = Counter(f.severity for f in group)
                label = (
                    f"{category.capitalize()}: {plural(len(group), 'finding')} ("
                    + ", ".join(
                        plural(counts[s], s.name)
                        for s in sorted(Severity, reverse=True)
                        if counts[s]
                    )
                    + ")"
                )
                with st.expander(label, expanded=rank == 0, icon=SEVERITY_ICONS[worst]):
                    # Most severe first; a long group shows its first few until asked.
                    group = sorted(group, key=lambda f: (-f.severity, numbers[id(f)]))
                    more = len(group) - GROUP_FIRST
                    if more > 0 and not st.toggle(
                        f"Show all {len(group)}", key=f"studio_all_{category}"
                    ):
                        group = group[:GROUP_FIRST]
                    for f in group:
                        finding_row(
                            f, numbers[id(f)], wids[id(f)], text, text_key, undo_key, current
                        )
                    if more > 0 and len(group) == GROUP_FIRST:
                        st.caption(
                            f"{plural(more, 'more finding')} in this group: turn on "
                            f"“Show all {len(group) + more}” above to see them."
                        )

        if current:
            with resources.store().session() as s:
                history = [
                    (v.number, v.grade, v.findings, v.created_at, v.created_by)
                    for v in r.draft_history(s, current[0])
                ]
            if history:
                st.markdown("**Score history**")
                frame = pd.DataFrame(
                    history, columns=["version", "grade", "findings", "saved", "by"]
                )
                long = frame.rename(
                    columns={"version": "Version", "grade": "Reading grade", "findings": "Findings"}
                ).melt(
                    id_vars=["Version"],
                    value_vars=["Reading grade", "Findings"],
                    var_name="Measure",
                    value_name="Value",
                )
                st.altair_chart(
                    alt.Chart(long)
                    .mark_line(point=True)
                    .encode(
                        x=alt.X("Version:O", axis=alt.Axis(labelAngle=0)),
                        y=alt.Y("Value:Q", title=None),
                        color=alt.Color("Measure:N", legend=alt.Legend(title=None)),
                        strokeDash=alt.StrokeDash("Measure:N", legend=None),
                        tooltip=["Version", "Measure", "Value"],
                    )
                    .properties(height=180),
                    width="stretch",
                )

with compare_tab:
    st.caption(
        "Variants of one message for different audiences must agree on the facts: "
        "dates, times, amounts, links, phone numbers."
    )
    if not saved_drafts:
        st.info(
            "No saved drafts yet. Paste or write each variant below, or save each one in "
            "“Write and check” (Save version) to pick it here."
        )
    saved_by_id = {d.id: d for d in saved_drafts}
    count = st.number_input("Variants", 2, 4, 2, key="compare_count")
    columns = st.columns(int(count))
    variants = []
    for n, column in enumerate(columns):
        with column:
            picked = None
            if saved_drafts:
                pick_key = f"compare_saved_{n}"
                if st.session_state.get(pick_key) not in saved_by_id:
                    st.session_state.pop(pick_key, None)  # deleted meanwhile
                picked = saved_by_id.get(
                    st.selectbox(
                        "Saved draft",
                        [None, *saved_by_id],
                        format_func=lambda i: (
                            "None: paste or write below"
                            if i is None
                            else saved_label(saved_by_id[i])
                        ),
                        key=pick_key,
                        on_change=load_saved,
                        args=(n, saved_by_id, audience_ids),
                        help="Newest first. Puts the draft's last saved version (and its "
                        "audience) in this variant; you can still edit it here, and the "
                        "saved draft is not changed.",
                    )
                )
            # The default lives in session state (no index= as well): picking a saved
            # draft sets it.
            audience_state = f"compare_audience_{n}"
            if st.session_state.get(audience_state) not in audience_ids:
                st.session_state[audience_state] = audience_ids[min(n, len(audience_ids) - 1)]
            aud = st.selectbox(
                "Audience",
                audience_ids,
                format_func=lambda a: audiences.get(a).name,
                key=audience_state,
            )
            body = st.text_area(
                f"Variant {n + 1}", height=200, key=f"compare_text_{n}", max_chars=MAX_CHARS
            )
            if picked is not None and st.session_state.get(f"compare_note_{n}"):
                st.warning(md(st.session_state[f"compare_note_{n}"]))
            if picked is not None:
                loaded = st.session_state.get(f"compare_loaded_{n}")
                newer = loaded is not None and loaded != picked.number
                st.caption(
                    md(
                        f"Saved version {picked.number}, {day(picked.saved_at)} "
                        f"by {picked.saved_by}."
                    )
                    + (
                        f" This box holds version {loaded}: a newer one was saved since."
                        if newer
                        else " Changed here since it was picked (the saved draft is not "
                        "changed)."
                        if body != picked.text
                        else ""
                    )
                )
                if body != picked.text:
                    st.button(
                        f"Load version {picked.number}" if newer else "Put back the saved text",
                        key=f"compare_reload_{n}",
                        type="tertiary",
                        on_click=load_saved,
                        args=(n, saved_by_id, audience_ids),
                    )
            variants.append((f"Variant {n + 1} ({audiences.get(aud).name})", body, aud))
    if all(v[1].strip() for v in variants):
        with st.spinner("Comparing…"):
            result = compare_texts(variants, library, audiences=audiences)
        for column, rep in zip(columns, result.reports, strict=True):
            with column:
                st.caption(md(rep.summary["verdict"]))
        # Most severe first (facts that contradict each other before a missing one),
        # in the order found within a severity.
        differences = sorted(result.findings, key=lambda f: -Severity[f["severity"]])
        if differences:
            # Each finding in words first: it names both variants and both values, which
            # a table cell cut off (a QA screenshot showed "Dates differ: Variant 1 ...
            # says"). The table stays below, to sort many findings.
            st.markdown(
                "\n".join(
                    f"- {severity_label(Severity[f['severity']])}: "
                    f"{md(f['message'])} {md(f['suggestion'])}"
                    for f in differences
                )
            )
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "severity": f["severity"],
                            "message": f["message"],
                            "suggestion": f["suggestion"],
                        }
                        for f in differences
                    ]
                ),
                hide_index=True,
                width="stretch",
                column_config={
                    "severity": st.column_config.TextColumn("Severity", width="small"),
                    "message": st.column_config.TextColumn("What differs", width="large"),
                    "suggestion": st.column_config.TextColumn("What to do", width="medium"),
                },
                key="compare_findings",
            )
        else:
            st.success("The variants agree on facts, values and key messages.")
    else:
        st.info("Write every variant to compare them.")


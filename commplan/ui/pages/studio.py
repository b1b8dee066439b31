"""Draft studio: write for one audience and see what gets in the way."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import streamlit as st

from commplan.checks import CATEGORIES, Report
from commplan.checks.consistency import compare_texts
from commplan.checks.engine import MAX_CHARS
from commplan.checks.formats import report_to_markdown
from commplan.checks.worker import CheckTimedOut, WorkerFailed, check_text_limited
from commplan.store import StoreError
from commplan.store import records as r
from commplan.store.documents import library_entries, save_library_entry
from commplan.textio import clean_controls
from commplan.ui import resources, session
from commplan.ui.render import CATEGORY_COLOURS, highlight, plural
from commplan.ui.session import flash
from commplan.ui.text import md

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
        return
    change = r.restore_finding if restore else r.dismiss_finding
    try:
        with resources.store().session() as s:
            for entry in entries:
                change(s, current[0], entry["rule"], entry["text"], session.user())
    except StoreError as exc:
        st.session_state["studio_error"] = str(exc)


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
    # with the plain words in (plain string slicing: user text is never a template).
    local = f.start - start - (len(text[start:end]) - len(text[start:end].lstrip()))
    passing = sentence[:local] + plain + sentence[local + len(f.text) :]
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


def legend() -> str:
    return " ".join(
        f'<span style="background:{CATEGORY_COLOURS[c]};padding:0 6px;border-radius:4px">{c}</span>'
        for c in CATEGORIES
    )


st.title("Draft studio")
st.caption(
    "Write or paste a draft for one audience. commplan checks reading level, jargon and "
    "acronyms, framing against your message library, and whether the draft asks readers to "
    "act and invites them to respond."
)
workspace = session.workspace()
user = session.user()
library, audiences = resources.documents(workspace)
if "studio_error" in st.session_state:
    st.error(md(st.session_state.pop("studio_error"), lines=True))
with resources.store().session() as s:
    plans = r.list_plans(s, workspace)
    drafts = [
        (
            d.id,
            d.title,
            d.audience_key,
            d.plan_item_id,
            list(d.dismissed or []),
            d.versions[-1].text if d.versions else "",
        )
        for d in r.list_drafts(s, workspace)
    ]
items = {i.id: (p.name, i) for p in plans for i in p.items}

write_tab, compare_tab = st.tabs(["Write and check", "Compare variants across audiences"])

with write_tab:
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
    audience_id = c3.selectbox(
        "Audience",
        audience_ids,
        index=audience_ids.index(audience_id) if audience_id in audience_ids else 0,
        format_func=lambda a: audiences.get(a).name,
        key=f"studio_audience_{draft_id}",
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
    title = st.text_input(
        "Title",
        current[1] if current else "",
        key=f"studio_title_{draft_id}",
        placeholder="e.g. Back-to-school letter",
    )
    text = st.text_area(
        "Draft text",
        current[5] if current else "",
        height=260,
        key=f"studio_text_{draft_id}",
        placeholder="Paste or write your draft here.",
    )

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
            args=(f"studio_text_{draft_id}",),
        )
    if len(text) > MAX_CHARS:
        st.error(
            f"This draft has {len(text):,} characters; the checker takes up to "
            f"{MAX_CHARS:,}. Split it into parts and check each."
        )
    elif not text.strip():
        st.info("Nothing to check yet: paste or write a draft above.")
    elif (report := checked(text, audience_id, key_message)) is not None:
        # A saved draft's dismissals live in the database and change one at a time, so
        # two people dismissing at once keep both; a new draft's wait for its first save.
        dismissed_key = "dismissed_new"
        dismissed = current[4] if current else st.session_state.setdefault(dismissed_key, [])
        visible = [f for f in report.findings if finding_key(f) not in dismissed]
        # Listed by category; mark n in the text is finding n in the list.
        shown = [f for c in CATEGORIES for f in visible if f.category == c]
        shown += [f for f in visible if f.category not in CATEGORIES]
        number = {id(f): n for n, f in enumerate(shown, 1)}

        st.subheader(md(report.summary["verdict"]))
        left, right = st.columns([3, 2])
        with left:
            st.markdown(legend(), unsafe_allow_html=True)  # fixed labels, no user text
            st.markdown(highlight(text, shown), unsafe_allow_html=True)  # escaped inside
            rd = report.readability
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
            with st.expander("Why this grade: hardest sentences and long words"):
                for sentence in rd["hardest_sentences"]:
                    st.markdown(f"**{sentence['level']}, grade {sentence['grade']:.0f}:**")
                    st.text(sentence["text"])
                if rd["hard_words"]:
                    st.dataframe(
                        pd.DataFrame(rd["hard_words"]), hide_index=True, key="studio_hard_words"
                    )
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
                st.markdown(
                    (
                        ":material/check_circle:"
                        if engagement.get("call_to_action")
                        else ":material/warning:"
                    )
                    + " asks readers to do something"
                )
                st.markdown(
                    (
                        ":material/check_circle:"
                        if engagement.get("invitation_to_respond")
                        else ":material/warning:"
                    )
                    + " invites a response"
                )
                km = report.extras.get("key_message")
                if km:
                    st.markdown(
                        (":material/check_circle:" if km["carried"] else ":material/warning:")
                        + f" carries the key message ({md(km['title'])})"
                    )
        with right:
            st.markdown(f"**Findings** ({len(shown)} shown, {len(dismissed)} dismissed)")
            if dismissed and st.button("Restore dismissed findings", key="studio_restore"):
                change_dismissed(current, dismissed, restore=True)
                st.rerun()
            for category in CATEGORIES:
                group = [f for f in shown if f.category == category]
                if not group:
                    continue
                with st.expander(f"{category.capitalize()} ({len(group)})", expanded=True):
                    for n, f in enumerate(group):
                        st.markdown(f"**{number[id(f)]}.** **{f.severity.name}** · line {f.line}")
                        if f.text:
                            st.code(f.text, language=None)
                        st.write(md(f.message))
                        if f.suggestion:
                            st.caption(md(f.suggestion))
                        if st.button("Dismiss", key=f"dismiss_{category}_{n}_{f.start}"):
                            change_dismissed(current, [finding_key(f)])
                            st.rerun()
                        if f.rule == "jargon.rare":
                            g1, g2 = st.columns([3, 2])
                            plain = g1.text_input(
                                "Plain alternative",
                                key=f"glossary_plain_{f.start}",
                                placeholder="a word families know",
                            )
                            kind = g2.selectbox(
                                "Kind",
                                ADDABLE_CATEGORIES,
                                key=f"glossary_kind_{f.start}",
                            )
                            if st.button("Add to glossary", key=f"glossary_add_{f.start}"):
                                add_to_glossary(f, text, plain, kind)
                                st.rerun()

        a1, a2, a3 = st.columns(3)
        if a1.button("Save version", key="studio_save", type="primary"):
            try:
                with resources.store().session() as s:
                    if not current:
                        draft = r.create_draft(
                            s,
                            workspace,
                            session.user(),
                            title.strip() or "Untitled draft",
                            audience_id,
                            plan_item_id=item_id or None,
                        )
                        target = draft.id
                    else:
                        target = current[0]
                    version = r.save_draft_version(
                        s, target, text, report.to_dict(), session.user()
                    )
                    if not current:  # the new draft's dismissals, kept until now
                        for entry in dismissed:
                            r.dismiss_finding(s, target, entry["rule"], entry["text"], user)
                st.session_state.pop(dismissed_key, None)
                st.session_state["studio_select_next"] = target
                flash(f"Saved version {version.number}.")
                st.rerun()
            except StoreError as exc:
                st.error(md(str(exc), lines=True))
        slug = "".join(c if c.isalnum() else "-" for c in (title or "draft").lower())[:50]
        a2.download_button(
            "Report (Markdown)",
            report_to_markdown(report, title or "Draft check"),
            f"{slug}-report.md",
            "text/markdown",
            key="studio_md",
        )
        a3.download_button(
            "Report (JSON)",
            json.dumps(report.to_dict(), indent=2),
            f"{slug}-report.json",
            "application/json",
            key="studio_json",
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
                long = frame.melt(id_vars=["version"], value_vars=["grade", "findings"])
                st.altair_chart(
                    alt.Chart(long)
                    .mark_line(point=True)
                    .encode(
                        x=alt.X("version:O"),
                        y=alt.Y("value:Q", title=None),
                        color="variable:N",
                        tooltip=["version", "variable", "value"],
                    )
                    .properties(height=180),
                    width="stretch",
                )

with compare_tab:
    st.caption(
        "Variants of one message for different audiences must agree on the facts: "
        "dates, times, amounts, links, phone numbers."
    )
    count = st.number_input("Variants", 2, 4, 2, key="compare_count")
    columns = st.columns(int(count))
    variants = []
    for n, column in enumerate(columns):
        with column:
            aud = st.selectbox(
                "Audience",
                audience_ids,
                index=min(n, len(audience_ids) - 1),
                format_func=lambda a: audiences.get(a).name,
                key=f"compare_audience_{n}",
            )
            body = st.text_area(
                f"Variant {n + 1}", height=200, key=f"compare_text_{n}", max_chars=MAX_CHARS
            )
            variants.append((f"Variant {n + 1} ({audiences.get(aud).name})", body, aud))
    if all(v[1].strip() for v in variants):
        with st.spinner("Comparing…"):
            result = compare_texts(variants, library, audiences=audiences)
        for column, rep in zip(columns, result.reports, strict=True):
            with column:
                st.caption(md(rep.summary["verdict"]))
        if result.findings:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "severity": f["severity"],
                            "message": f["message"],
                            "suggestion": f["suggestion"],
                        }
                        for f in result.findings
                    ]
                ),
                hide_index=True,
                width="stretch",
                key="compare_findings",
            )
        else:
            st.success("The variants agree on facts, values and key messages.")
    else:
        st.info("Write every variant to compare them.")

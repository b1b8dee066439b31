"""The "Message tests" tab: versions of a message, one outcome per respondent, and
which version did better, overall and for each audience."""

from __future__ import annotations

import streamlit as st

from commplan.feedback import forms, variants
from commplan.store import StoreError, records, review
from commplan.ui import charts, resources, session
from commplan.ui.render import plural
from commplan.ui.text import md

from .common import confirm_delete, show_message
from .context import FeedbackContext

OUTCOME_KINDS = {"rating": "Rating (1–5)", "action": "Action (yes = 1, no = 0)"}
KEEP = (
    "mt_name", "mt_outcome", "mt_variants", "mt_record_test", "mt_outcomes",
    "mt_allow_duplicate", "mt_result_test",
)  # fmt: skip


def _delete_batch(test_id: int, batch: str | None) -> None:
    try:
        with resources.store().session() as s:
            deleted = records.delete_outcome_batch(s, test_id, batch, session.user())
    except StoreError as exc:
        st.session_state["mt_message"] = ("error", str(exc))
    else:
        st.session_state["mt_message"] = ("success", f"Deleted {plural(deleted, 'outcome')}.")


def _outcome_batches(test_id: int) -> None:
    """Each paste of outcomes, with a way to delete one recorded by mistake."""
    try:
        with resources.store().session() as s:
            batches = records.list_outcome_batches(s, test_id)
    except StoreError as exc:
        st.error(md(str(exc)))
        return
    if not batches:
        return
    with st.expander(f"Recorded so far: {plural(len(batches), 'paste')}"):
        for n, b in enumerate(batches):
            when = f"{b.recorded_at:%Y-%m-%d %H:%M}" if b.recorded_at else "before batches"
            who = f" by {b.recorded_by}" if b.recorded_by else ""
            left, right = st.columns([4, 1])
            left.text(f"{plural(b.outcomes, 'outcome')}, {when}{who}")
            confirm_delete(
                right,
                "Delete",
                "Deletes the outcomes of this paste. This cannot be undone.",
                f"Yes, delete {plural(b.outcomes, 'outcome')}",
                f"mt_delete_batch_{n}",
                _delete_batch,
                (test_id, b.batch),
            )


def render(ctx: FeedbackContext) -> None:
    show_message("mt_message")
    st.caption(
        "Test two or more versions of a message: record one outcome per respondent with "
        "their audience, and see which version did better, overall and for each audience."
    )
    audience_names = ctx.audience_names
    with st.expander("Create a test", expanded=False):
        st.text_input("Test name", key="mt_name", max_chars=200)
        st.selectbox(
            "Outcome", list(OUTCOME_KINDS), format_func=OUTCOME_KINDS.get, key="mt_outcome"
        )
        st.text_area(
            "Variants, one per line as “label: text” (the first is the control)",
            key="mt_variants",
            placeholder="A: Every school day counts.\nB: Missing two days a month adds up.",
        )
        if st.button("Create test", key="mt_create"):
            test_name = (st.session_state.get("mt_name") or "").strip()
            try:
                if not test_name:
                    raise ValueError("Not saved: give the test a name.")
                pairs = forms.parse_variants(st.session_state.get("mt_variants") or "")
                with resources.store().session() as s:
                    records.create_message_test(
                        s, ctx.workspace, ctx.user, test_name, st.session_state["mt_outcome"],
                        pairs,
                    )  # fmt: skip
            except (ValueError, StoreError) as exc:
                st.error(md(str(exc), lines=True))
            else:
                st.session_state["mt_message"] = ("success", f"Created the test “{test_name}”.")
                st.rerun()
    try:
        with resources.store().session() as s:
            tests = {t["id"]: t for t in review.message_tests(s, ctx.workspace)}
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        tests = {}
    if not tests:
        st.info("No message tests yet.")
        return
    st.subheader("Record outcomes")
    record_test = st.selectbox(
        "Test", list(tests), format_func=lambda t: tests[t]["name"], key="mt_record_test"
    )
    st.text_area(
        "Outcomes, one per line: variant, audience, value",
        key="mt_outcomes",
        placeholder="A,families,4\nB,families,5",
        help="Comma- or tab-separated (paste three columns from a spreadsheet). "
        "Audience: its name or key (" + md(", ".join(audience_names)) + "). "
        "Value: a rating from 1 to 5, or for an action 1/yes or 0/no.",
    )
    again = st.checkbox(
        "Record them even if the same lines were recorded before",
        key="mt_allow_duplicate",
        help="A second paste of the same lines is not saved twice. Tick this only when "
        "these really are new respondents who answered the same.",
    )
    if st.button("Record outcomes", key="mt_record"):
        try:
            rows = forms.parse_outcomes(
                st.session_state.get("mt_outcomes") or "",
                tests[record_test]["outcome"],
                audience_names,
            )
            with resources.store().session() as s:
                count = records.record_outcomes(
                    s, record_test, rows, ctx.user, allow_duplicate=again
                )
        except (ValueError, StoreError) as exc:
            st.error(md(str(exc), lines=True))
        else:
            if count.already_recorded:
                st.warning(
                    f"{plural(count.recorded, 'new outcome')} recorded; "
                    f"{plural(count.already_recorded, 'line')} already recorded for this "
                    "test, so not saved again. If they are new respondents, tick the box "
                    "above and record again."
                )
            else:
                st.success(f"Recorded {plural(count.recorded, 'outcome')}.")
    _outcome_batches(record_test)

    st.subheader("Results")
    result_test = st.selectbox(
        "Test", list(tests), format_func=lambda t: tests[t]["name"], key="mt_result_test"
    )
    chosen_test = tests[result_test]
    try:
        with resources.store().session() as s:
            outcomes = review.test_outcomes(s, result_test)
    except StoreError as exc:
        st.error(md(str(exc), lines=True))
        outcomes = []
    if not outcomes:
        st.info("No outcomes recorded for this test yet.")
        return
    try:
        with st.spinner("Working out the results…"):
            result = variants.analyse(
                chosen_test["outcome"],
                chosen_test["control"],
                outcomes,
                audience_names=audience_names,
            )
    except ValueError as exc:
        st.error(md(str(exc), lines=True))
        return
    for sentence in variants.summary_sentences(result):
        st.text(sentence)
    for warning in result.warnings:
        st.warning(md(warning, lines=True))
    stats = charts.message_test_table(result)
    number = st.column_config.NumberColumn(
        format="%.2f" if chosen_test["outcome"] == "rating" else "percent"
    )
    st.dataframe(
        stats,
        hide_index=True,
        key="mt_stats",
        column_config={"Estimate": number, "95% CI low": number, "95% CI high": number},
    )
    st.altair_chart(charts.message_test_chart(result), key="mt_chart")

"""Check a draft: readability for the audience, jargon and undefined acronyms."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from commplan.checks import check_text
from commplan.ui import resources
from commplan.ui.render import highlight

SAMPLE = (
    "Dear families,\n\nOur district will leverage MTSS to support every student this fall. "
    "Please reply to this email with your questions."
)


def page() -> None:
    st.title("Check a draft")
    st.caption(
        "Paste a draft, pick who it is for, and see what may get in the way: "
        "reading level, jargon and acronyms nobody defined."
    )
    audiences = resources.audiences()
    ids = audiences.ids()
    audience_id = st.selectbox(
        "Audience",
        ids,
        index=ids.index("families") if "families" in ids else 0,
        format_func=lambda i: audiences.get(i).name,
        key="check_audience",
    )
    text = st.text_area("Draft", value=SAMPLE, height=220, key="check_text")
    if not text.strip():
        st.info("Nothing to check yet: paste or write a draft above.")
        return
    with st.spinner("Checking…"):
        report = check_text(
            text, audience_id, resources.library(), audiences=audiences, nlp=resources.nlp()
        )
    st.subheader(report.summary["verdict"])
    r = report.readability
    cols = st.columns(4)
    cols[0].metric(
        "Grade (consensus)",
        f"{r['consensus_grade']:.1f}",
        delta=f"{r['consensus_grade'] - r['target_grade']:+.1f} vs target",
        delta_color="inverse",
    )
    cols[1].metric("Flesch reading ease", f"{r['flesch_reading_ease']:.0f}")
    cols[2].metric("Words", r["words"])
    cols[3].metric("Sentences", r["sentences"])
    st.markdown(highlight(text, report.findings), unsafe_allow_html=True)
    if report.findings:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "line": f.line,
                        "severity": f.severity.name,
                        "category": f.category,
                        "text": f.text,
                        "message": f.message,
                        "suggestion": f.suggestion or "",
                        "rule": f.rule,
                    }
                    for f in report.findings
                ]
            ),
            hide_index=True,
            key="check_findings",
        )

"""The "Import a survey" tab: a Qualtrics, SurveyMonkey or Google Forms export, or any
CSV or Excel file with one row per respondent, checked whole before anything is saved."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from commplan.feedback import forms
from commplan.feedback.importer import collector_paused, import_survey, resolve_audiences
from commplan.feedback.imports import (
    DATE_ORDERS,
    FORMATS,
    LAYOUT_NAMES,
    SurveyFileError,
    column_values,
    parse_survey,
    suggest_value_mapping,
)
from commplan.store import StoreError
from commplan.ui import resources
from commplan.ui.render import plural
from commplan.ui.text import md

from .common import CHANNEL_MAX, analyse, progress_bar
from .context import FeedbackContext

AS_READ = forms.AS_READ  # column-mapping choice: keep the layout's own reading
# Kept while another tab is open (the file itself is not: Streamlit forgets an upload
# whose widget is not drawn).
KEEP = (
    "import_format", "import_dates", "import_audience", "import_channel", "import_plan",
    "import_keep",
)  # fmt: skip
DATE_NAMES = {
    "auto": "Automatic",
    "mdy": "Month/day (03/04 is March 4)",
    "dmy": "Day/month (03/04 is 3 April)",
}
assert set(DATE_NAMES) == set(DATE_ORDERS)
CHOICES_FOR = "_import_choices_for"  # the file the column choices were made for
ANSWERS_SHOWN = 40  # "who answered" choices shown; a column with more is not a role


@st.cache_data(max_entries=2, show_spinner=False)
def _parse_or_error(raw: bytes, name: str, **options):
    """parse_survey keyed by the file's bytes and options. The error is returned, not
    raised: an exception escaping a cached function would leave its lock held."""
    try:
        with collector_paused():  # as the import does: 0.3 s instead of 0.8 s at 100k rows
            return parse_survey(raw, name, **options), None
    except SurveyFileError as exc:
        return None, str(exc)


@st.cache_data(max_entries=2, show_spinner=False)
def _header_or_error(raw: bytes, name: str):
    """The file's header row, keyed by its bytes (reading it means reading the file)."""
    try:
        return forms.header_columns(raw, name), None
    except SurveyFileError as exc:
        return [], str(exc)


@st.cache_data(max_entries=2, show_spinner=False)
def _values_or_error(raw: bytes, name: str, column: str, fmt: str):
    """How many rows give each answer of ``column``, keyed by the file's bytes."""
    try:
        return column_values(raw, name, column, fmt=fmt), None
    except SurveyFileError as exc:
        return None, str(exc)


def _answer_key(column: str, answer: str) -> str:
    """A widget key per (column, answer): a choice made for one file's answer is never
    read as another's."""
    digest = hashlib.sha256(f"{column}\0{answer}".encode()).hexdigest()[:16]
    return f"import_value_{digest}"


def _who_answered(
    raw: bytes, name: str, fmt: str, column: str, default: str, audience_names: dict[str, str]
) -> dict[str, dict[str, str]] | None:
    """One choice per answer of the audience column (answer -> audience), pre-filled
    with the obvious audience; the value map the choices make, for parse_survey and
    import_survey. None (and the error shown) if the column cannot be read."""
    counts, error = _values_or_error(raw, name, column, fmt)
    if error is not None:
        st.error(md(forms.for_the_app(error), lines=True))
        return None
    st.markdown(f"**Who answered: {md(column)}**")
    st.caption(
        "What each answer means as an audience. Answers left on the default audience "
        "are recorded under it."
    )
    answers = counts.most_common(ANSWERS_SHOWN)
    suggested = suggest_value_mapping([a for a, _ in answers], audience_names)
    options = [None, *audience_names]
    default_name = audience_names.get(default, default)
    chosen: dict[str, str] = {}
    grid = st.columns(2)
    for i, (answer, n) in enumerate(answers):
        pick = grid[i % 2].selectbox(
            md(f"“{answer}” ({plural(n, 'row')})"),
            options,
            index=options.index(suggested[answer]) if suggested[answer] in options else 0,
            format_func=lambda a: (
                f"Default audience ({default_name})" if a is None else audience_names.get(a, a)
            ),
            key=_answer_key(column, answer),
        )
        if pick is not None:
            chosen[answer] = pick
        elif suggested[answer] is not None and default:
            # Said "the default" where there was an obvious audience: say so explicitly,
            # or the import would take the obvious one.
            chosen[answer] = default
    if len(counts) > len(answers):
        st.caption(
            f"The {len(answers)} most given answers of {len(counts):,}; the rest are "
            "recorded as the audience they name, or under the default audience."
        )
    return {column: chosen} if chosen else {}


def _parse_cached(raw: bytes, name: str, **options):
    """An uploaded file is parsed once, not on every rerun while choosing columns."""
    batch, error = _parse_or_error(raw, name, **options)
    if error is not None:
        raise SurveyFileError(error)
    return batch


def _open_review() -> None:
    st.session_state["tab"] = "Review"


def render(ctx: FeedbackContext) -> None:
    st.caption(
        "Import a Qualtrics, SurveyMonkey or Google Forms export, or any CSV or Excel "
        "file with one row per respondent. The whole file is checked first: if a row "
        "cannot be imported, nothing is."
    )
    try:
        plan_names = ctx.plan_names
    except StoreError as exc:
        st.error(md(forms.for_the_app(str(exc)), lines=True))
        return
    audience_names = ctx.audience_names
    upload = st.file_uploader("Survey file", type=["csv", "xlsx"], key="import_file")
    cols = st.columns(3)
    import_format = cols[0].selectbox(
        "Format", list(FORMATS), key="import_format", help="“auto” detects the layout."
    )
    date_order = cols[1].selectbox(
        "Dates",
        list(DATE_ORDERS),
        format_func=DATE_NAMES.get,
        key="import_dates",
        help="How to read a date such as 03/04/2026. “Automatic” reads it from the "
        "file where the dates can tell (a day over 12), and as month/day otherwise.",
    )
    import_audience = cols[2].selectbox(
        "Default audience",
        list(audience_names),
        format_func=lambda a: audience_names.get(a, a),
        key="import_audience",
        help="For rows with no audience column.",
    )
    cols = st.columns(2)
    import_channel = cols[0].text_input(
        "Channel", key="import_channel", max_chars=CHANNEL_MAX, placeholder="e.g. Fall survey",
        help="Where these responses came from. Left empty, it is “Survey” with the tool "
        "that made the file, e.g. “Survey (Google Forms)”.",
    )
    import_plan = cols[1].selectbox(
        "Plan (optional)",
        [None, *plan_names],
        format_func=lambda p: "No plan" if p is None else plan_names.get(p, str(p)),
        key="import_plan",
    )
    keep_identifying = st.checkbox("Keep identifying data", key="import_keep")
    st.caption(
        "Names, email addresses, IP addresses and locations are not stored unless this is checked."
    )
    if upload is None:
        return
    raw, name = upload.getvalue(), upload.name
    # Column choices are kept by position: another file starts from its own (its
    # second column is not "Who answered" because the last file's was).
    digest = hashlib.sha256(name.encode() + b"\0")
    digest.update(raw)  # about 80 ms for a 20 MB file, once per rerun
    this_file = digest.hexdigest()
    if st.session_state.get(CHOICES_FOR) != this_file:
        for key in [k for k in st.session_state if k.startswith(("import_map_", "import_remap_"))]:
            del st.session_state[key]
        st.session_state[CHOICES_FOR] = this_file
    fmt, mapping, batch = import_format, None, None
    try:
        with st.spinner("Reading the file…"):
            batch = _parse_cached(
                raw, name, fmt=fmt, keep_identifying=keep_identifying, date_order=date_order
            )
    except SurveyFileError as exc:
        if not forms.is_unknown_layout(exc):
            st.error(md(forms.for_the_app(str(exc)), lines=True))
        else:
            st.info(
                "This file's layout is not one we know. Say what each column holds; "
                "columns left as “answer” are imported as answers. Some are chosen from "
                "their names (a submission time, an ID, names and emails): check them."
            )
            columns, header_error = _header_or_error(raw, name)
            if header_error:
                st.error(md(forms.for_the_app(header_error), lines=True))
            choices = {
                column: st.selectbox(
                    md(column) or f"(column {i + 1})",
                    list(forms.MAPPING_CHOICES),
                    index=forms.MAPPING_CHOICES.index(use),
                    format_func=forms.MAPPING_LABELS.get,
                    key=f"import_map_{i}",
                )
                for i, (column, use) in enumerate(
                    zip(columns, forms.suggested_uses(columns), strict=True)
                )
            }
            fmt = "xlsx" if name.lower().endswith(".xlsx") else "csv"
            mapping = forms.mapping_from_choices(choices, keep_identifying)
            if columns:
                try:
                    with st.spinner("Reading the file with this mapping…"):
                        batch = _parse_cached(
                            raw, name, fmt=fmt, mapping=mapping,
                            keep_identifying=keep_identifying, date_order=date_order,
                        )  # fmt: skip
                except SurveyFileError as map_exc:
                    st.error(md(forms.for_the_app(str(map_exc)), lines=True))
    if batch is not None and mapping is None:
        # A known layout: offer to read some columns differently ("Role" as the
        # audience, a question called "Score" as an answer).
        with st.expander("Adjust how columns are read (optional)"):
            st.caption(
                "Each column is read as the export's layout says. Choose another use "
                "for a column, e.g. a “Role” column as the audience."
            )
            columns, _ = _header_or_error(raw, name)
            overrides = {
                column: st.selectbox(
                    md(column),
                    [AS_READ, *forms.MAPPING_CHOICES],
                    format_func=forms.MAPPING_LABELS.get,
                    key=f"import_remap_{i}",
                )
                for i, column in enumerate(columns)
                if column.strip()
            }
        remap = forms.mapping_from_choices(
            {c: v for c, v in overrides.items() if v != AS_READ},
            keep_identifying,
            keep_answers=True,
        )
        if remap:
            mapping, batch = remap, None
            try:
                with st.spinner("Reading the file with these columns…"):
                    batch = _parse_cached(
                        raw, name, fmt=fmt, mapping=mapping,
                        keep_identifying=keep_identifying, date_order=date_order,
                    )  # fmt: skip
            except SurveyFileError as remap_exc:
                st.error(md(forms.for_the_app(str(remap_exc)), lines=True))
    if batch is None:
        return
    st.subheader("Preview")
    metrics = st.columns(3)
    metrics[0].metric("Layout", LAYOUT_NAMES.get(batch.layout, "Spreadsheet"))
    metrics[1].metric("Submissions", f"{len(batch.submissions):,}")
    metrics[2].metric("Skipped rows", f"{batch.skipped:,}")
    value_map = None
    if batch.audience_column is not None:
        value_map = _who_answered(
            raw, name, fmt, batch.audience_column, import_audience, audience_names
        )
        if value_map is None:
            return
        if value_map:
            try:
                with st.spinner("Reading the file with these audiences…"):
                    batch = _parse_cached(
                        raw, name, fmt=fmt, mapping=mapping, keep_identifying=keep_identifying,
                        date_order=date_order, value_map=value_map,
                    )  # fmt: skip
            except SurveyFileError as exc:
                st.error(md(forms.for_the_app(str(exc)), lines=True))
                return
    try:
        # Who each row will be recorded as (set on the batch, for the preview).
        _, audience_warnings = resolve_audiences(
            batch, name, import_audience, set(audience_names), audience_names, value_map
        )
    except SurveyFileError as exc:
        st.error(md(forms.for_the_app(str(exc)), lines=True))
        return
    # Said once: the import's result repeats the file's warnings, and those already
    # shown here are not shown again under it.
    warned = dict.fromkeys(forms.for_the_app(w) for w in [*batch.warnings, *audience_warnings])
    for warning in warned:
        st.warning(md(warning, lines=True))
    rows = forms.preview(batch, default_audience=import_audience, names=audience_names)
    if rows:
        st.caption(f"The first {plural(len(rows), 'submission')}.")
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="import_preview")
    if not st.button("Import", type="primary", key="import_run"):
        return
    try:
        bar, update = progress_bar("Importing…")
        with resources.store().session() as s:
            summary = import_survey(
                s,
                ctx.workspace,
                ctx.user,
                raw,
                name,
                fmt=fmt,
                mapping=mapping,
                audience=import_audience,
                channel=" ".join(import_channel.split()) or None,
                plan_id=import_plan,
                known_audiences=set(audience_names),
                keep_identifying=keep_identifying,
                progress=update,
                value_map=value_map,
                audience_names=audience_names,
                date_order=date_order,
            )
        bar.progress(1.0, text="Import finished.")
        analyse(ctx)
    except (SurveyFileError, StoreError) as exc:
        st.error(md(forms.for_the_app(str(exc)), lines=True))
        return
    # Only this tab ran: the others read the new responses when they are opened.
    # What happened, honestly: "0 new responses, 8 already imported".
    st.success(md(f"{summary['message']}.", lines=True))
    if summary["imported"]:
        st.caption("The new responses are in Review and under “Heard”.")
    done = st.columns(3)
    done[0].metric("Imported", f"{summary['imported']:,}")
    done[1].metric("Skipped", f"{summary['skipped']:,}")
    done[2].metric("Duplicates", f"{summary['duplicates']:,}")
    said = _audiences_said(summary.get("audiences") or {}, audience_names)
    if said:
        st.caption(md(said))
    for warning in dict.fromkeys(forms.for_the_app(w) for w in summary["warnings"]):
        if warning not in warned:
            st.warning(md(warning, lines=True))
    # The result is said above, in words; no raw data under it (a QA run found the
    # whole result drawn as JSON here). Nothing new: nothing to go and see.
    if summary["imported"]:
        st.button("See them in Review", key="import_to_review", on_click=_open_review)


def _audiences_said(meant: dict[str, str], names: dict[str, str]) -> str:
    """What each answer of the audience column was recorded as, in a sentence:
    "Who answered: “Parent/Guardian” as Families and caregivers, “Teacher” as
    Educators." Empty when the file had no audience column."""
    if not meant:
        return ""
    pairs = list(meant.items())[:ANSWERS_SHOWN]
    shown = [f"“{answer}” as {names.get(a, a)}" for answer, a in pairs]
    more = len(meant) - len(shown)
    return "Who answered: " + ", ".join(shown) + (f" and {more:,} more" if more else "") + "."

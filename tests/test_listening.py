"""Themes, jargon heard back, analysis that respects staff corrections, and the
"you said, we did" summary."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import docx
import pytest

from commplan.feedback.analysis import analyse_responses
from commplan.feedback.loop import (
    Heard,
    heard_from,
    ratings_said,
    summarise,
    top_themes_by_audience,
    words_said,
    you_said_we_did_docx,
    you_said_we_did_markdown,
)
from commplan.feedback.themes import ThemeTagger, drafts_using
from commplan.store import Store
from commplan.store import records as r
from commplan.store.review import save_theme, set_themes
from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace
from tests.dbtemplate import migrated_sqlite_url


@pytest.fixture(scope="module")
def tagger(library, nlp):
    return ThemeTagger(library, {"transportation": ["bus", "ride to school", "route"]}, nlp)


def test_team_theme_and_value_cues(tagger):
    tagged = tagger.tag("The bus routes changed and my kids feel safe at school now.")
    assert "transportation" in tagged.themes
    assert any(t.startswith("value: ") for t in tagged.themes)


@pytest.mark.parametrize(
    ("text", "heard"),
    [
        ("What does MTSS mean? The letter never said.", ("MTSS",)),
        (
            "The flyer was full of jargon like differentiated instruction.",
            ("differentiated instruction",),
        ),
        ("Our MTSS team was great this year.", ()),  # used, not found confusing
        ("I don't understand IEPs or MTSS.", ("IEP", "MTSS")),  # plural, in text order
        ("Our IEP went well. What does MTSS mean?", ("MTSS",)),  # only the confused sentence
    ],
)
def test_jargon_heard_back(tagger, text, heard):
    tagged = tagger.tag(text)
    assert tagged.jargon == heard
    assert all(f"confusing jargon: {t}" in tagged.themes for t in heard)


def test_drafts_using_a_term():
    drafts = [(1, "Fall letter", "Our MTSS team..."), (2, "Spring", "Extra help for students")]
    assert drafts_using("MTSS", drafts) == [(1, "Fall letter")]


@pytest.fixture
def store(tmp_path):
    """A migrated, seeded database (a copy of the template Store.upgrade() made)."""
    store = Store(migrated_sqlite_url(tmp_path, "db.sqlite"))
    yield store
    store.dispose()


def test_analysis_tags_scores_and_keeps_staff_corrections(store, library):
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        save_theme(s, ws, "transportation", ["bus"], "ana")
        a = r.add_response(
            s,
            ws,
            "ana",
            audience_key="families",
            received_on=date(2026, 10, 1),
            answers=[("Q", "I love the new bus route, thank you!")],
        )
        b = r.add_response(
            s,
            ws,
            "ana",
            audience_key="families",
            received_on=date(2026, 10, 2),
            answers=[("Q", "The bus was late again. Terrible.")],
        )
        ids = a.id, b.id
    with store.session() as s:
        assert analyse_responses(s, ws, library) == 2
    with store.session() as s:
        first, second = (s.get(r.Response, i) for i in ids)
        assert {t.theme for t in first.themes} >= {"transportation"}
        assert first.sentiment == "positive" and second.sentiment == "negative"
        # Staff re-classify the second response; their themes win over auto-tags.
        set_themes(s, second.id, ["punctuality"], "ben")
        second.themes_reviewed = True
    with store.session() as s:
        assert analyse_responses(s, ws, library, redo=True) == 2
    with store.session() as s:
        themes = {t.theme: t.source for t in s.get(r.Response, ids[1]).themes}
        assert themes.get("punctuality") == "staff"


def test_reanalysis_covers_every_batch(store, library):
    """``redo`` re-analyses all responses, not only the first batch."""
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        for day in range(1, 6):
            r.add_response(
                s, ws, "ana", audience_key="families", received_on=date(2026, 10, day),
                answers=[("Q", f"The bus was late on day {day}. Terrible.")],
            )  # fmt: skip
    with store.session() as s:
        assert analyse_responses(s, ws, library, batch=2) == 5
    with store.session() as s:
        assert analyse_responses(s, ws, library, batch=2) == 0  # nothing new
        assert analyse_responses(s, ws, library, redo=True, batch=2) == 5


HEARD = [
    Heard(
        1,
        "families",
        "told_back",
        "The bus comes too early.",
        ("transportation",),
        "We moved the first pickup 15 minutes later.",
    ),
    Heard(2, "families", "heard", "Buses are always late <script>x</script>", ("transportation",)),
    Heard(
        3,
        "educators",
        "decided",
        "Too many acronyms in the staff memo.",
        ("confusing jargon: MTSS",),
        "Spell out acronyms in every memo.",
    ),
]


def test_summary_by_theme_and_audience():
    summaries = summarise(HEARD)
    transport = summaries[0]
    assert transport.theme == "transportation" and transport.total == 2
    assert transport.counts["told_back"] == 1 and transport.decisions == [
        "We moved the first pickup 15 minutes later."
    ]
    top = top_themes_by_audience(HEARD)
    assert top["families"][0][:2] == ("transportation", 2)


def test_you_said_we_did_exports():
    summaries = summarise(HEARD)
    md = you_said_we_did_markdown(summaries, "Fall listening: you said, we did")
    assert "## transportation" in md and "> The bus comes too early." in md
    assert "<script>" not in md
    document = docx.Document(io.BytesIO(you_said_we_did_docx(summaries, "You said, we did")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "We moved the first pickup 15 minutes later." in text
    assert "Spell out acronyms in every memo." in text


def test_staff_sentiment_correction_survives_reanalysis(store, library):
    from commplan.store.review import set_sentiment

    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        resp = r.add_response(
            s,
            ws,
            "ana",
            audience_key="families",
            received_on=date(2026, 10, 1),
            answers=[("Q", "Wow, thanks for the super helpful notice.")],
        )
        rid = resp.id
    with store.session() as s:
        analyse_responses(s, ws, library)
    with store.session() as s:
        set_sentiment(s, rid, "negative", "ana")  # sarcasm, which the lexicon misses
    with store.session() as s:
        analyse_responses(s, ws, library, redo=True)
    with store.session() as s:
        response = s.get(r.Response, rid)
        assert response.sentiment == "negative" and response.sentiment_reviewed


def test_quotes_leave_out_survey_ratings():
    def response(answers, ratings):
        return SimpleNamespace(
            id=1, audience_key="families", status="heard", status_note="", themes=[],
            ratings=ratings, answers=[SimpleNamespace(question=q, answer=a) for q, a in answers],
        )  # fmt: skip

    rated = response(
        [("Clarity (1-5)", "1"), ("Why?", "What does MTSS mean?")], {"Clarity (1-5)": 1}
    )
    assert heard_from(rated).text == "What does MTSS mean?"
    assert words_said(rated) == ["What does MTSS mean?"]
    # A rating is never quoted as someone's words, also when it is all they gave.
    only_rating = response([("Clarity (1-5)", "4")], {"Clarity (1-5)": 4})
    assert heard_from(only_rating).text == "" and words_said(only_rating) == []
    assert ratings_said(only_rating) == "Clarity (1-5): 4"
    text_rating = response([("Clarity", "Very clear")], {"Clarity": 4.0})
    assert ratings_said(text_rating) == "Clarity: Very clear (4)"


def test_analysis_in_batches_lets_other_people_save_meanwhile(tmp_path, library):
    """On SQLite a transaction holds the write lock from its first write: an analysis
    run as one transaction (100k responses take over a minute) made every other save
    wait and then fail. In batches, another save goes through between two batches."""
    from commplan.feedback.analysis import analyse_in_batches
    from commplan.store import DatabaseBusy
    from commplan.store.engine import make_engine

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = Store(url)
    store.upgrade()
    impatient = Store(url, engine=make_engine(url, busy_timeout_s=0.2))
    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        for day in range(1, 7):
            r.add_response(
                s, ws, "ana", audience_key="families", received_on=date(2026, 10, day),
                answers=[("Q", f"The bus was late on day {day}.")],
            )  # fmt: skip
    saved = []

    def someone_else_saves(done: int) -> None:
        if done < 6:
            try:
                with impatient.session() as s:
                    r.create_plan(s, ws, "ben", f"Plan saved while analysing {done}")
            except DatabaseBusy:
                saved.append(False)
            else:
                saved.append(True)

    # One transaction for the whole run holds the lock: the other save fails...
    with store.session() as s:
        analyse_responses(s, ws, library, batch=2, progress=someone_else_saves)
    assert saved == [False, False]
    saved.clear()
    # ...in batches it goes through between two batches.
    n = analyse_in_batches(
        store.session, ws, library, redo=True, batch=2, progress=someone_else_saves
    )
    assert n == 6
    assert saved == [True, True]
    assert analyse_in_batches(store.session, ws, library, batch=2) == 0  # all done
    impatient.dispose()
    store.dispose()


def test_a_typed_response_is_analysed_when_saved(store, library):
    """The log form saves one response and analyses it at once (as an import is), in
    the same transaction: its themes and sentiment show without running the analysis.
    Other responses not analysed yet are left for the batch run; staff themes stay."""
    from commplan.feedback.analysis import analyse_saved

    with store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        save_theme(s, ws, "transportation", ["bus"], "ana")
        waiting = r.add_response(
            s, ws, "ana", audience_key="families", received_on=date(2026, 10, 1),
            answers=[("Q", "Thanks for the great bus news!")],
        )  # fmt: skip
        typed = r.add_response(
            s, ws, "ana", audience_key="families", received_on=date(2026, 10, 2),
            answers=[("", "The bus was late again. Terrible.")], themes=["punctuality"],
        )  # fmt: skip
        result = analyse_saved(s, ws, library, typed.id)
        ids = waiting.id, typed.id
    assert result.sentiment == "negative" and "transportation" in result.themes
    with store.session() as s:
        first, second = (s.get(r.Response, i) for i in ids)
        assert first.sentiment is None and not first.themes  # not this one's turn
        assert second.sentiment == "negative"
        assert {t.theme: t.source for t in second.themes} == {
            "punctuality": "staff", "transportation": "auto",
        }  # fmt: skip
    with store.session() as s, pytest.raises(LookupError, match="no response 999"):
        analyse_saved(s, ws, library, 999)


def test_a_summary_quotes_different_words_not_the_same_words_three_times():
    """A QA run: the published "You said" of a theme quoted one sentence three times
    (several people had written it, word for word), and the other voices were left
    out. Each quote is different words; the counts still count everyone."""
    same = "The later start is hard because of after-school care."
    heard = [
        Heard(i, "families", "heard", same if i < 4 else f"Other words {i}.", ("start times",))
        for i in range(6)
    ] + [Heard(9, "families", "heard", "the LATER start is hard because of  after-school care.",
               ("start times",))]  # fmt: skip
    (summary,) = summarise(heard)
    assert summary.total == 7
    assert summary.quotes == [same, "Other words 4.", "Other words 5."]
    from commplan.feedback.loop import summarise_counted

    examples = [("start times", SimpleNamespace(
        answers=[SimpleNamespace(question="Why?", answer=h.text)], ratings={}))
        for h in heard]  # fmt: skip
    (counted,) = summarise_counted([("start times", "heard", "families", 7)], examples, [])
    assert counted.quotes == summary.quotes

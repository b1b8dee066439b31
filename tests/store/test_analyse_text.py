"""What the analysis reads of a response (SQLite and PostgreSQL): the person's own
words, not their closed answers. A rating answer such as "Very clear" is the
respondent's rating, not text (the same rule as commplan.feedback.loop.words_said);
it reaches the sentiment as the rating."""

from datetime import date

from commplan.feedback.analysis import analyse_responses
from commplan.store import records as r
from commplan.store import review
from message_library import load_default_library

CLARITY = "How clear was the letter?"


def test_rating_answers_are_not_analysed_as_text(store, workspace):
    with store.session() as s:
        rated = r.add_response(
            s, workspace, "ana", audience_key="families", received_on=date(2026, 10, 5),
            answers=[(CLARITY, "Very clear"), ("Anything else?", "The bus comes at 6:40.")],
            ratings={CLARITY: 4.0},
        )  # fmt: skip
        plain = r.add_response(
            s, workspace, "ana", audience_key="families", received_on=date(2026, 10, 6),
            answers=[("Anything else?", "Very clear"), ("Other?", "Thanks")],
        )  # fmt: skip
        rated_id, plain_id = rated.id, plain.id
    with store.session() as s:
        found = {row[0]: row for row in review.responses_to_analyse(s, workspace)}
    assert found[rated_id][1] == "The bus comes at 6:40."
    assert found[rated_id][5] == {CLARITY: 4.0}
    assert found[plain_id][1] == "Very clear\nThanks"  # words when the question is open
    assert found[plain_id][5] == {}


def test_the_rating_reaches_the_sentiment(store, workspace):
    with store.session() as s:
        resp = r.add_response(
            s, workspace, "ana", audience_key="families", received_on=date(2026, 10, 5),
            answers=[(CLARITY, "2"), ("Anything else?", "My son is in 3rd grade.")],
            ratings={CLARITY: 2.0},
        )  # fmt: skip
        response_id = resp.id
    with store.session() as s:
        assert analyse_responses(s, workspace, load_default_library()) == 1
    with store.session() as s:
        (row,) = review.filtered_responses(s, workspace)
        assert row.id == response_id
        assert row.sentiment == "negative"  # the words are neutral; the rating decides

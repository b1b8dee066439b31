"""The by-theme summaries counted in the database (``review.heard_by_theme``,
``review.top_themes``) say what the summaries over every loaded response say
(SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from commplan.feedback import loop
from commplan.store import records as r
from commplan.store import review

THEMES = ["transportation", "lunch", "safety", "homework", "Not yet themed"]
AUDIENCES = ["families", "students", "educators"]


@pytest.fixture
def heard(store, workspace):
    """120 responses: themes (none, one or two), statuses with and without notes,
    and some of ratings only (no words to quote)."""
    rng = random.Random(5)
    rows = []
    for i in range(120):
        ratings_only = i % 9 == 0
        words = f"Said {i}: " + "word " * rng.randrange(1, 80)
        rows.append(
            {
                "audience_key": AUDIENCES[i % 3],
                "received_on": date(2026, 1, 5) + timedelta(days=rng.randrange(200)),
                "answers": [("How clear was it?", "4")]
                if ratings_only
                else [("What should we know?", words), ("How clear was it?", "4")],
                "ratings": {"How clear was it?": 4.0},
                "themes": rng.sample(THEMES, rng.choice((0, 1, 1, 2)))
                + (["transportation"] * (i % 4 == 0)),
                "external_id": f"R_{i}",
                "status": rng.choice(("heard", "decided", "told_back")),
            }
        )
    for row in rows:
        row["themes"] = list(dict.fromkeys(row["themes"]))
    with store.session() as s:
        r.bulk_add_responses(s, workspace, "ana", rows)
        for x in review.filtered_responses(s, workspace, limit=1000):
            if x.status != "heard" and x.id % 3:
                note = f"  Decision {x.id % 7}\n" if x.id % 5 else "   "
                r.set_response_status(s, x.id, x.status, "ana", note=note)
    return store


def _all_heard(s, workspace, audiences=()):
    return [
        loop.heard_from(x)
        for x in review.filtered_responses(s, workspace, audiences=audiences, limit=100_000)
    ]


def _plain(summaries):
    return [
        (x.theme, x.untagged, dict(x.counts), dict(x.audiences), x.quotes, x.decisions)
        for x in summaries
    ]


@pytest.mark.parametrize("audiences", [(), ("families",), ("nobody",)])
def test_heard_by_theme_says_what_the_summary_of_every_response_says(
    heard, workspace, audiences
):
    with heard.session() as s:
        expected = loop.summarise(_all_heard(s, workspace, audiences))
        found = review.heard_by_theme(s, workspace, audiences=audiences)
        got = loop.summarise_counted(found.counts, found.examples, found.decisions)
    assert _plain(got) == _plain(expected)
    if audiences != ("nobody",):
        assert any(x.untagged for x in got) and any(x.decisions for x in got)


def test_heard_by_theme_loads_only_examples(heard, workspace):
    with heard.session() as s:
        found = review.heard_by_theme(s, workspace, examples=2)
    per_theme: dict = {}
    for theme, _ in found.examples:
        per_theme[theme] = per_theme.get(theme, 0) + 1
    assert per_theme and max(per_theme.values()) <= 2
    assert sum(n for *_, n in found.counts) > len(found.examples)


def test_top_themes_say_what_the_top_themes_of_every_response_say(heard, workspace):
    with heard.session() as s:
        expected = loop.top_themes_by_audience(_all_heard(s, workspace), n=2)
        found = review.top_themes(s, workspace, per_audience=2)
        got = loop.top_themes_counted(found.counts, found.examples)
    # Equal counts may come in another order (here: the first in the alphabet first).
    assert {a: sorted(t) for a, t in got.items()} == {a: sorted(t) for a, t in expected.items()}
    assert all([n for _, n, _ in t] == sorted((n for _, n, _ in t), reverse=True)
               for t in got.values())  # fmt: skip


def test_examples_found_by_walking_or_by_asking_per_theme_are_the_same(heard, workspace):
    """The newest responses per theme, whether the walk from the newest reaches them
    or (a short walk) the themes still short are asked for one by one."""
    with heard.session() as s:
        where = review._conditions(s, workspace)
        wanted = [("transportation",), ("lunch",), ("Not yet themed",), ("safety",)]
        walked = review._newest_examples(s, where, wanted, 4)
        asked = review._newest_examples(s, where, wanted, 4, chunk=3, walk=6)
        pairs = [("families", "lunch"), ("students", "safety")]
        walked_pairs = review._newest_examples(s, where, pairs, 3)
        asked_pairs = review._newest_examples(s, where, pairs, 3, chunk=2, walk=2)
    assert walked == asked and len(walked) == 16
    assert walked_pairs == asked_pairs and len(walked_pairs) == 6

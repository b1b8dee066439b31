"""Analyse what was heard: themes and sentiment for responses, in batches.

Kept apart from the import so that a 100k-row import stays fast; the Feedback
page and `commplan feedback analyse` run it after an import (with progress). A
response typed in on the Feedback page is analysed as it is saved
(:func:`analyse_saved`).
Staff corrections win: a response whose themes or sentiment staff reviewed keeps
them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from message_library import Library

from .sentiment import classify, rating_of
from .themes import ThemeTagger

UNKNOWN = "unknown"  # stored when the scorer cannot read the words and there is no rating


def analyse_responses(
    session,
    workspace,
    library: Library,
    *,
    redo: bool = False,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Tag and score every response not analysed yet (all of them with ``redo``), in
    the caller's transaction. For a large run that other people should not wait for,
    use :func:`analyse_in_batches`."""
    return _analyse(lambda: nullcontext(session), workspace, library, redo, batch, progress)


def analyse_in_batches(
    open_session: Callable[[], AbstractContextManager],
    workspace,
    library: Library,
    *,
    redo: bool = False,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Like :func:`analyse_responses`, each batch in transactions of its own
    (``open_session``, e.g. ``Store.session``): the responses are read, analysed with
    no transaction open, and saved and committed. On SQLite a transaction holds the
    write lock from its first write to its end, and 100k responses take over a
    minute, so one transaction for the whole run made every other save wait and fail.
    A run that stops part-way keeps the batches already saved; running it again
    carries on."""
    return _analyse(open_session, workspace, library, redo, batch, progress)


@dataclass(frozen=True)
class Analysed:
    """What the analysis found in one response (None where staff's word stands)."""

    themes: tuple[str, ...] | None
    sentiment: str | None
    score: float | None
    note: str | None = None  # why the sentiment is "unknown"


def analyse_saved(
    session, workspace, library: Library, response_id: int, *, tagger: ThemeTagger | None = None
) -> Analysed:
    """Tag and score one response just saved (the Feedback page's log form), in the
    caller's transaction, as an import's responses are: so its themes and sentiment
    show at once. Staff themes are kept beside the ones found; a response whose
    themes or sentiment staff reviewed keeps them. Pass ``tagger`` (built once per
    library and team themes) to save building one per response. Raises LookupError
    if the workspace has no such response."""
    from commplan.store.review import (
        list_themes,
        plan_key_messages,
        responses_to_analyse,
        save_analysis,
    )

    # The first response after id - 1, analysed or not: this one, if it is there.
    found = responses_to_analyse(
        session, workspace, redo=True, after_id=response_id - 1, limit=1
    )
    if not found or found[0][0] != response_id:
        raise LookupError(f"no response {response_id} in workspace {workspace.name!r}")
    tagger = tagger or ThemeTagger(library, list_themes(session, workspace))
    (result,) = _results(tagger, plan_key_messages(session, workspace), found)
    save_analysis(session, workspace, [result])
    _, themes, label, score, note = result
    return Analysed(tuple(themes) if themes is not None else None, label, score, note)


def _results(tagger: ThemeTagger, messages: dict, pending: Iterable[tuple]) -> list[tuple]:
    """(id, themes or None to keep, sentiment or None to keep, score, note) per
    response. The sentiment reads the person's words and their rating (the mean of the
    response's 1-5 ratings, see ``sentiment.rating_of``). Words the scorer cannot read
    (Spanish, another script) and no rating: "unknown" with the reason as its note, so
    the response says so rather than "not analysed yet" or a "neutral" nobody judged."""
    results = []
    for response_id, text, plan_id, themes_reviewed, sentiment_reviewed, *rest in pending:
        tagged = (
            None if themes_reviewed else list(tagger.tag(text, messages.get(plan_id, ())).themes)
        )
        sentiment = classify(text, rating=rating_of(rest[0] if rest else None))
        label, note = sentiment.label, None
        if label is None:
            label, note = UNKNOWN, sentiment.reason or "The sentiment scorer cannot read it."
        if sentiment_reviewed:
            label = None
        score = sentiment.score if label and label != UNKNOWN else None
        results.append((response_id, tagged, label, score, note if label else None))
    return results


def _analyse(open_session, workspace, library, redo, batch, progress) -> int:
    from commplan.store.review import (
        list_themes,
        plan_key_messages,
        responses_to_analyse,
        save_analysis,
    )

    with open_session() as session:
        tagger = ThemeTagger(library, list_themes(session, workspace))
        messages = plan_key_messages(session, workspace)
    done = 0
    last_id = 0
    while True:
        # Page by id: with ``redo`` every response matches, so the next page must
        # start after the last one seen (it used to stop after the first batch).
        with open_session() as session:
            pending = responses_to_analyse(
                session, workspace, redo=redo, after_id=last_id, limit=batch
            )
        if not pending:
            return done
        results = _results(tagger, messages, pending)
        with open_session() as session:
            save_analysis(session, workspace, results)
        done += len(pending)
        last_id = pending[-1][0]
        if progress:
            progress(done)

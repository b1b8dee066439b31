"""Analyse what was heard: themes and sentiment for responses, in batches.

Kept apart from the import so that a 100k-row import stays fast; the Feedback
page and `commplan feedback analyse` run it after an import (with progress).
Staff corrections win: a response whose themes or sentiment staff reviewed keeps
them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from message_library import Library

from .sentiment import classify
from .themes import ThemeTagger


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
        results = []
        for response_id, text, plan_id, themes_reviewed, sentiment_reviewed in pending:
            tagged = (
                None
                if themes_reviewed
                else list(tagger.tag(text, messages.get(plan_id, ())).themes)
            )
            sentiment = classify(text)
            label = sentiment.label if not sentiment_reviewed else None
            results.append((response_id, tagged, label, sentiment.score if label else None))
        with open_session() as session:
            save_analysis(session, workspace, results)
        done += len(pending)
        last_id = pending[-1][0]
        if progress:
            progress(done)

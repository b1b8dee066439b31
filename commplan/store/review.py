"""Queries behind the feedback review page: responses filtered by plan, audience,
channel, theme, "you said, we did" status, date and words in the answers.

Plain functions over a Session, like ``records``; callers own the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from commplan.wording import plural

from .errors import InvalidRecord
from .models import Draft, Plan, Response, ResponseAnswer, ResponseTheme, Workspace
from .records import _expect, _locked, flush

THEME_MAX = 200  # ResponseTheme.theme is String(200)


def _contains(session: Session, column, needle: str) -> ColumnElement[bool]:
    """``needle`` anywhere in ``column``, not case-sensitive, with % and _ as plain
    characters. SQLite's LIKE already ignores case exactly as far as its lower() does
    (ASCII letters), so there the column is compared as it is: three times faster on
    a scan of every answer than lower(answer) LIKE lower(needle). On PostgreSQL this is
    answer ILIKE …, which the trigram index of migration 0005 serves."""
    if session.get_bind().dialect.name == "sqlite":
        return column.contains(needle, autoescape=True)
    return column.icontains(needle, autoescape=True)


def _conditions(
    session: Session,
    workspace: Workspace,
    *,
    plan_id: int | None = None,
    audiences: Iterable[str] = (),
    channels: Iterable[str] = (),
    themes: Iterable[str] = (),
    key_messages: Iterable[str] = (),
    statuses: Iterable[str] = (),
    since: date | None = None,
    until: date | None = None,
    search: str | None = None,
) -> list[ColumnElement[bool]]:
    """WHERE clauses for the review filters; an empty filter does not filter."""
    where: list[ColumnElement[bool]] = [Response.workspace_id == workspace.id]
    if plan_id is not None:
        where.append(Response.plan_id == plan_id)
    if audiences := list(audiences):
        where.append(Response.audience_key.in_(audiences))
    if channels := list(channels):
        where.append(Response.channel.in_(channels))
    if statuses := list(statuses):
        where.append(Response.status.in_(statuses))
    if key_messages := list(key_messages):  # the key message a response answers
        where.append(Response.key_message.in_(key_messages))
    if since is not None:
        where.append(Response.received_on >= since)
    if until is not None:
        where.append(Response.received_on <= until)
    # IN (subquery), not a correlated EXISTS: the subquery runs once per statement
    # (SQLite scans the answers once instead of probing them for every response:
    # 0.15 s instead of 0.84 s at 100k responses), and PostgreSQL plans both as a
    # semi-join anyway.
    if themes := list(themes):  # any of the themes
        where.append(
            Response.id.in_(
                select(ResponseTheme.response_id).where(
                    ResponseTheme.workspace_id == workspace.id, ResponseTheme.theme.in_(themes)
                )
            )
        )
    if search and search.strip():
        where.append(
            Response.id.in_(
                select(ResponseAnswer.response_id).where(
                    _contains(session, ResponseAnswer.answer, search.strip())
                )
            )
        )
    return where


def filtered_responses(
    session: Session,
    workspace: Workspace,
    *,
    plan_id: int | None = None,
    audiences: Iterable[str] = (),
    channels: Iterable[str] = (),
    themes: Iterable[str] = (),
    key_messages: Iterable[str] = (),
    statuses: Iterable[str] = (),
    since: date | None = None,
    until: date | None = None,
    search: str | None = None,
    limit: int = 2000,
    offset: int = 0,
) -> list[Response]:
    """Responses matching every filter given, newest first, with answers and themes
    loaded (two more statements, whatever the number of rows). Within a filter the
    values are alternatives (audience A or B); a theme filter keeps a response
    carrying any of the themes, a key-message filter one answering any of the messages.
    ``offset`` skips that many of the newest."""
    where = _conditions(
        session,
        workspace,
        plan_id=plan_id,
        audiences=audiences,
        channels=channels,
        themes=themes,
        key_messages=key_messages,
        statuses=statuses,
        since=since,
        until=until,
        search=search,
    )
    from .access import redact_responses

    found = list(
        session.scalars(
            select(Response)
            .where(*where)
            .order_by(Response.received_on.desc(), Response.id.desc())
            .limit(limit)
            .offset(max(offset, 0))
            .options(selectinload(Response.answers), selectinload(Response.themes))
        )
    )
    return redact_responses(session, workspace.id, found)


PAGE_SIZE_MAX = 500


@dataclass(frozen=True)
class ReviewPage:
    """One page of the responses matching the review filters, newest first, with the
    number of all of them and their weekly counts (for the chart)."""

    responses: list[Response]
    total: int
    weekly: list[tuple[str, date, int]]
    page: int  # 1-based, within 1..pages
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def first(self) -> int:
        """Position of the page's first response among all matching (1-based)."""
        return (self.page - 1) * self.page_size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return self.first + len(self.responses) - 1 if self.responses else 0


def review_page(
    session: Session,
    workspace: Workspace,
    *,
    page: int = 1,
    page_size: int = 50,
    plan_id: int | None = None,
    audiences: Iterable[str] = (),
    channels: Iterable[str] = (),
    themes: Iterable[str] = (),
    key_messages: Iterable[str] = (),
    statuses: Iterable[str] = (),
    since: date | None = None,
    until: date | None = None,
    search: str | None = None,
) -> ReviewPage:
    """What the Review tab shows for the filters: the weekly counts of every matching
    response (their sum is the total) and the ids of the rows of ``page`` come from one
    statement, so the answers are searched once per keystroke, not once for the count
    and again for the page; then the page's rows, answers and themes (three statements
    on the primary keys). A page past the end shows the last one. One statement when
    nothing matches."""
    where = _conditions(
        session,
        workspace,
        plan_id=plan_id,
        audiences=audiences,
        channels=channels,
        themes=themes,
        key_messages=key_messages,
        statuses=statuses,
        since=since,
        until=until,
        search=search,
    )
    page_size = min(max(int(page_size), 1), PAGE_SIZE_MAX)
    page = max(int(page), 1)
    # A search (or a theme) is a subquery over every answer: one statement then. The
    # other filters are served by the indexes: the counts by (workspace, audience,
    # week) and the page by (workspace, received_on) in order, stopping at the page.
    together = bool((search and search.strip()) or list(themes))
    if together:
        weekly, ids = _weeks_and_page(session, where, page, page_size)
    else:
        weekly = _weeks(session, where)
    total = sum(n for *_, n in weekly)
    pages = max(1, -(-total // page_size))
    if total and page > pages:  # rare: rows were deleted, or an old page number
        page, together = pages, False
    if total and not together:
        ids = _page_ids(session, where, page, page_size)
    elif not total:
        ids = []
    rows: list[Response] = []
    if ids:
        by_id = {
            x.id: x
            for x in session.scalars(
                select(Response)
                .where(Response.id.in_(ids))
                .options(selectinload(Response.answers), selectinload(Response.themes))
            )
        }
        rows = [by_id[i] for i in ids if i in by_id]
    from .access import redact_responses

    rows = redact_responses(session, workspace.id, rows)
    return ReviewPage(rows, total, weekly, min(page, pages), page_size)


def _weeks(session: Session, where) -> list[tuple[str, date, int]]:
    rows = session.execute(
        select(Response.audience_key, Response.received_week, func.count())
        .where(*where)
        .group_by(Response.audience_key, Response.received_week)
        .order_by(Response.received_week, Response.audience_key)
    )
    return [(audience, week, count) for audience, week, count in rows]


def _page_ids(session: Session, where, page: int, page_size: int) -> list[int]:
    return list(
        session.scalars(
            select(Response.id)
            .where(*where)
            .order_by(Response.received_on.desc(), Response.id.desc())
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
    )


def _weeks_and_page(
    session: Session, where, page: int, page_size: int
) -> tuple[list[tuple[str, date, int]], list[int]]:
    """(audience, week, count) of the matching responses, by week then audience, and
    the ids on ``page``, newest first. The matching responses are a CTE used twice,
    which SQLite (3.35+) and PostgreSQL (12+) both compute once."""
    matching = (
        select(Response.id, Response.audience_key, Response.received_week, Response.received_on)
        .where(*where)
        .cte("matching")
    )
    newest = (
        select(matching.c.id, matching.c.received_on)
        .order_by(matching.c.received_on.desc(), matching.c.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
        .subquery("newest")
    )
    on_page = select(
        literal(1).label("part"),
        cast(null(), String).label("audience"),
        newest.c.received_on.label("day"),
        newest.c.id.label("n"),
    )
    by_week = select(
        literal(0).label("part"),
        matching.c.audience_key,
        matching.c.received_week,
        func.count(),
    ).group_by(matching.c.audience_key, matching.c.received_week)
    rows = session.execute(union_all(by_week, on_page).order_by(text("1, 3, 2"))).all()
    weekly = [(audience, week, n) for part, audience, week, n in rows if part == 0]
    newest_first = sorted(((day, n) for part, _, day, n in rows if part == 1), reverse=True)
    return weekly, [i for _, i in newest_first]


def has_responses(session: Session, workspace: Workspace) -> bool:
    """Whether the workspace has any response at all (one index probe)."""
    found = session.scalar(
        select(Response.id).where(Response.workspace_id == workspace.id).limit(1)
    )
    return found is not None


def channel_names(session: Session, workspace: Workspace) -> list[str]:
    """Every channel used in the workspace, alphabetically (from the channel index,
    without counting the responses)."""
    return list(
        session.scalars(
            select(Response.channel)
            .where(Response.workspace_id == workspace.id)
            .distinct()
            .order_by(Response.channel)
        )
    )


def plan_names(session: Session, workspace: Workspace) -> dict[int, str]:
    """The workspace's plans by id, alphabetically by name (without their items)."""
    rows = session.execute(
        select(Plan.id, Plan.name)
        .where(Plan.workspace_id == workspace.id)
        .order_by(Plan.name, Plan.id)
    )
    return {plan_id: name for plan_id, name in rows}


def listening_channels(session: Session, workspace: Workspace) -> dict[tuple[int, str], str]:
    """The channel of each plan audience's listening loop: (plan id, audience key) ->
    channel, for the workspace's plans (in the order of plan_names)."""
    from .models import ListeningLoop, PlanItem

    rows = session.execute(
        select(PlanItem.plan_id, PlanItem.audience_key, ListeningLoop.channel)
        .join(ListeningLoop, ListeningLoop.plan_item_id == PlanItem.id)
        .join(Plan, Plan.id == PlanItem.plan_id)
        .where(Plan.workspace_id == workspace.id)
        .order_by(Plan.name, Plan.id, PlanItem.audience_key)
    )
    return {(plan_id, audience): channel for plan_id, audience, channel in rows}


def weekly_counts(
    session: Session,
    workspace: Workspace,
    *,
    plan_id: int | None = None,
    audiences: Iterable[str] = (),
    channels: Iterable[str] = (),
    themes: Iterable[str] = (),
    key_messages: Iterable[str] = (),
    statuses: Iterable[str] = (),
    since: date | None = None,
    until: date | None = None,
    search: str | None = None,
) -> list[tuple[str, date, int]]:
    """(audience, Monday of the week, responses) for the responses matching the
    filters, by week then audience."""
    where = _conditions(
        session,
        workspace,
        plan_id=plan_id,
        audiences=audiences,
        channels=channels,
        themes=themes,
        key_messages=key_messages,
        statuses=statuses,
        since=since,
        until=until,
        search=search,
    )
    return _weeks(session, where)


def status_counts(
    session: Session,
    workspace: Workspace,
    *,
    plan_id: int | None = None,
    audiences: Iterable[str] = (),
    channels: Iterable[str] = (),
    themes: Iterable[str] = (),
    key_messages: Iterable[str] = (),
    statuses: Iterable[str] = (),
    since: date | None = None,
    until: date | None = None,
    search: str | None = None,
) -> dict[str, int]:
    """Responses matching the filters, by "you said, we did" status."""
    where = _conditions(
        session,
        workspace,
        plan_id=plan_id,
        audiences=audiences,
        channels=channels,
        themes=themes,
        key_messages=key_messages,
        statuses=statuses,
        since=since,
        until=until,
        search=search,
    )
    rows = session.execute(
        select(Response.status, func.count()).where(*where).group_by(Response.status)
    )
    return {status: count for status, count in rows}


def clean_themes(themes: Iterable[str]) -> list[str]:
    """Themes trimmed, blanks dropped, repeats removed (first spelling kept)."""
    out: dict[str, str] = {}
    for theme in themes:
        theme = " ".join(str(theme).split())
        if theme and theme.casefold() not in out:
            out[theme.casefold()] = theme
    too_long = [t for t in out.values() if len(t) > THEME_MAX]
    if too_long:
        raise InvalidRecord(
            f"Not saved: a theme can be at most {THEME_MAX} characters "
            f"({too_long[0][:40]}… is {len(too_long[0])})"
        )
    return list(out.values())


def set_themes(
    session: Session,
    response_id: int,
    themes: Sequence[str],
    by: str,
    *,
    expected_version: int | None = None,
) -> Response:
    """Replace the staff themes of a response with ``themes``. Themes found
    automatically stay, unless staff name them too (in any capitalisation; then
    they count as staff's, spelled as before)."""
    response = _locked(session, Response, response_id, "response")
    _expect(response, expected_version, "response")
    wanted = clean_themes(themes)
    folded = {w.casefold() for w in wanted}
    current = {t.theme.casefold(): t for t in response.themes}
    kept: list[ResponseTheme] = [
        t for t in response.themes if t.source != "staff" and t.theme.casefold() not in folded
    ]
    for theme in wanted:
        existing = current.get(theme.casefold())  # same theme, any capitalisation
        if existing is not None:
            existing.source = "staff"
            kept.append(existing)
        else:
            kept.append(
                ResponseTheme(theme=theme, workspace_id=response.workspace_id, source="staff")
            )
    response.themes = kept
    response.updated_by = by
    response.themes_reviewed = True  # staff corrections win over re-analysis
    flag_modified(response, "updated_by")  # an UPDATE even when only themes changed: new version
    flush(session, "response")
    return response


def theme_names(session: Session, workspace: Workspace) -> list[str]:
    """Every theme used in the workspace, alphabetically."""
    return list(
        session.scalars(
            select(ResponseTheme.theme)
            .where(ResponseTheme.workspace_id == workspace.id)
            .distinct()
            .order_by(ResponseTheme.theme)
        )
    )


def themes_of(session: Session, workspace: Workspace, response_id: int) -> list[str]:
    """The themes recorded for one response (staff's and those found), alphabetically."""
    return list(
        session.scalars(
            select(ResponseTheme.theme)
            .where(
                ResponseTheme.workspace_id == workspace.id,
                ResponseTheme.response_id == response_id,
            )
            .order_by(ResponseTheme.theme)
        )
    )


def draft_choices(session: Session, workspace: Workspace, limit: int = 200) -> list[dict[str, Any]]:
    """Recent drafts, for "told back with draft": id, title and audience."""
    rows = session.execute(
        select(Draft.id, Draft.title, Draft.audience_key)
        .where(Draft.workspace_id == workspace.id)
        .order_by(Draft.updated_at.desc(), Draft.id.desc())
        .limit(limit)
    )
    return [{"id": i, "title": title, "audience": audience} for i, title, audience in rows]


# ---- team themes and analysis ----------------------------------------------------


def list_themes(session: Session, workspace: Workspace) -> dict[str, list[str]]:
    from .models import Theme

    rows = session.scalars(
        select(Theme).where(Theme.workspace_id == workspace.id).order_by(Theme.name)
    )
    return {t.name: list(t.cues or []) for t in rows}


def save_theme(session: Session, workspace: Workspace, name: str, cues: list[str], by: str):
    """Create or replace a team theme and its cue phrases."""
    from .models import Theme
    from .records import flush

    name = name.strip()
    if not name:
        raise InvalidRecord("Not saved: a theme needs a name")
    theme = session.scalar(
        select(Theme).where(Theme.workspace_id == workspace.id, Theme.name == name)
    )
    clean = [c.strip() for c in cues if c.strip()]
    if theme is None:
        theme = Theme(
            workspace_id=workspace.id, name=name, cues=clean, created_by=by, updated_by=by
        )
        session.add(theme)
    else:
        theme.cues, theme.updated_by = clean, by
    flush(session, "theme")
    return theme


def responses_to_analyse(
    session: Session,
    workspace: Workspace,
    *,
    redo: bool = False,
    after_id: int = 0,
    limit: int = 5000,
) -> list[tuple[int, str, int | None, bool, bool, dict]]:
    """(id, answers text, plan id, themes reviewed, sentiment reviewed, ratings) of
    responses not analysed yet (no sentiment), or of all of them with ``redo``. The
    text is the person's own words: answers to a question that is a key of
    ``Response.ratings`` (closed answers such as "Very clear" or "4") are left out, as
    in ``commplan.feedback.loop.words_said``; the ratings come separately."""
    query = select(
        Response.id,
        Response.plan_id,
        Response.themes_reviewed,
        Response.sentiment_reviewed,
        Response.ratings,
    ).where(Response.workspace_id == workspace.id, Response.id > after_id)
    if not redo:
        query = query.where(Response.sentiment.is_(None))
    heads = session.execute(query.order_by(Response.id).limit(limit)).all()
    if not heads:
        return []
    closed = {h[0]: h[4] or {} for h in heads}
    texts: dict[int, list[str]] = {}
    for response_id, question, answer in session.execute(
        select(ResponseAnswer.response_id, ResponseAnswer.question, ResponseAnswer.answer)
        .where(ResponseAnswer.response_id.in_([h[0] for h in heads]))
        .order_by(ResponseAnswer.response_id, ResponseAnswer.position)
    ):
        if question not in closed[response_id]:
            texts.setdefault(response_id, []).append(answer)
    return [
        (h[0], "\n".join(texts.get(h[0], [])), h[1], h[2], h[3], dict(closed[h[0]]))
        for h in heads
    ]


def plan_key_messages(session: Session, workspace: Workspace) -> dict[int, set[str]]:
    from .models import Plan, PlanItem

    out: dict[int, set[str]] = {}
    rows = session.execute(
        select(PlanItem.plan_id, PlanItem.key_messages)
        .join(Plan, Plan.id == PlanItem.plan_id)
        .where(Plan.workspace_id == workspace.id)
    )
    for plan_id, messages in rows:
        out.setdefault(plan_id, set()).update(messages or [])
    return out


def save_analysis(
    session: Session,
    workspace: Workspace,
    results: list[tuple],
) -> None:
    """Results as (response id, auto themes or None to keep, sentiment or None to keep,
    score, note): the note says why a sentiment is "unknown" (and may be left off).
    Auto themes are replaced; staff themes are never touched."""
    from sqlalchemy import delete, update

    from .access import require
    from .audit import record

    if not results:
        return
    require(session, workspace.id, "responses")
    themed = [r for r in results if r[1] is not None]
    if themed:
        ids = [r[0] for r in themed]
        session.execute(
            delete(ResponseTheme).where(
                ResponseTheme.response_id.in_(ids), ResponseTheme.source == "auto"
            )
        )
        staff = set(
            session.execute(
                select(ResponseTheme.response_id, ResponseTheme.theme).where(
                    ResponseTheme.response_id.in_(ids)
                )
            ).all()
        )
        rows = [
            {"response_id": rid, "theme": t, "workspace_id": workspace.id, "source": "auto"}
            for rid, themes, *_ in themed
            for t in themes
            if (rid, t) not in staff
        ]
        if rows:
            session.execute(ResponseTheme.__table__.insert(), rows)
    scored = [r for r in results if r[2] is not None]
    if scored:
        session.connection().execute(
            update(Response.__table__)
            .where(Response.__table__.c.id == bindparam("rid"))
            .values(
                sentiment=bindparam("label"),
                sentiment_score=bindparam("score"),
                sentiment_note=bindparam("note"),
            ),
            [
                {"rid": rid, "label": label, "score": score, "note": rest[0] if rest else None}
                for rid, _, label, score, *rest in scored
            ],
        )
    record(
        session,
        workspace.id,
        "analysed",
        "responses",
        f"Themes and sentiment found for {plural(len(results), 'response')}",
        fields=["themes", "sentiment"],
    )


# ---- message tests ---------------------------------------------------------------


def message_tests(session: Session, workspace: Workspace) -> list[dict[str, Any]]:
    """The workspace's message tests, newest first: id, name, outcome, control and
    variant labels (control first)."""
    from .models import MessageTest

    tests = session.scalars(
        select(MessageTest)
        .where(MessageTest.workspace_id == workspace.id)
        .order_by(MessageTest.id.desc())
        .options(selectinload(MessageTest.variants))
    )
    out = []
    for t in tests:
        labels = [v.label for v in sorted(t.variants, key=lambda v: (not v.is_control, v.id))]
        control = next((v.label for v in t.variants if v.is_control), labels[0] if labels else "")
        out.append(
            {"id": t.id, "name": t.name, "outcome": t.outcome, "control": control,
             "variants": labels}
        )  # fmt: skip
    return out


def test_outcomes(session: Session, test_id: int) -> list[tuple[str, str, float]]:
    """(variant label, audience, value) of every outcome recorded for the test."""
    from .models import MessageVariant, VariantOutcome

    rows = session.execute(
        select(MessageVariant.label, VariantOutcome.audience_key, VariantOutcome.value)
        .join(VariantOutcome, VariantOutcome.variant_id == MessageVariant.id)
        .where(MessageVariant.test_id == test_id)
        .order_by(VariantOutcome.id)
    )
    return [(label, audience, float(value)) for label, audience, value in rows]


test_outcomes.__test__ = False  # not a pytest test


# What staff can set; "unknown" (the scorer could not read the words) is the
# analysis's own answer, never a correction.
SENTIMENTS = ("positive", "neutral", "mixed", "negative")


def set_sentiment(
    session: Session, response_id: int, label: str, by: str, *, expected_version: int | None = None
) -> Response:
    """Staff correct the sentiment; re-analysis will not override it."""
    if label not in SENTIMENTS:
        raise InvalidRecord(f"Not saved: sentiment must be one of {', '.join(SENTIMENTS)}")
    response = _locked(session, Response, response_id, "response")
    _expect(response, expected_version, "response")
    response.sentiment, response.sentiment_reviewed, response.updated_by = label, True, by
    response.sentiment_note = None
    flush(session, "response")
    return response


# ---- what was heard, by theme (aggregated in the database) -------------------------


@dataclass(frozen=True)
class HeardByTheme:
    """What the "by theme" summaries need, counted over every matching response:

    - ``counts``: (theme or None for a response with no theme, status, audience,
      responses), a response with several themes counted once under each;
    - ``examples``: (theme or None, response) for the newest responses of each theme
      (with their answers loaded; those of ratings only give no quote), newest first;
    - ``decisions``: (theme or None, note) of decided and told-back responses with a
      note, newest first."""

    counts: list[tuple[str | None, str, str, int]]
    examples: list[tuple[str | None, Response]]
    decisions: list[tuple[str | None, str]]


def _newest_per(session: Session, keys: list, where: list, per: int, extra=()) -> list[tuple]:
    """(key values..., response id) of the ``per`` newest responses for each value of
    ``keys`` (ROW_NUMBER over a partition), newest first within each."""
    rank = func.row_number().over(
        partition_by=keys, order_by=(Response.received_on.desc(), Response.id.desc())
    )
    ranked = (
        select(
            *[k.label(f"k{i}") for i, k in enumerate(keys)],
            *extra,
            Response.id.label("rid"),
            rank.label("rn"),
        )
        .select_from(Response)
        .outerjoin(ResponseTheme, ResponseTheme.response_id == Response.id)
        .where(*where)
        .subquery()
    )
    key_columns = [ranked.c[f"k{i}"] for i in range(len(keys))]
    extra_columns = [ranked.c[e.key] for e in extra]
    return list(
        session.execute(
            select(*key_columns, *extra_columns, ranked.c.rid)
            .where(ranked.c.rn <= per)
            .order_by(*key_columns, ranked.c.rn)
        )
    )


def _newest_examples(
    session: Session,
    where: list,
    wanted: Iterable[tuple],
    per: int,
    chunk: int = 2000,
    walk: int = 10_000,
) -> list[tuple]:
    """(key..., response id) of the ``per`` newest responses for each key in ``wanted``
    (a key is (theme,) or (audience, theme); theme None: no theme), newest first
    within each. Walks the responses newest first (an index) in chunks, at most
    ``walk`` rows, then asks for the keys still short one by one (rare themes: an
    index too); a ROW_NUMBER over every response sorted them all."""
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return []
    width = len(wanted[0])
    found: dict[tuple, list[int]] = {k: [] for k in wanted}
    query = (
        select(Response.id, Response.audience_key, ResponseTheme.theme)
        .select_from(Response)
        .outerjoin(ResponseTheme, ResponseTheme.response_id == Response.id)
        .where(*where)
        .order_by(Response.received_on.desc(), Response.id.desc())
    )
    short = set(wanted)
    for offset in range(0, walk, chunk):
        rows = session.execute(query.limit(chunk).offset(offset)).all()
        for rid, audience, theme in rows:
            key = (theme,) if width == 1 else (audience, theme)
            if key in short:
                found[key].append(rid)
                if len(found[key]) >= per:
                    short.discard(key)
        if not short or len(rows) < chunk:
            short = set() if len(rows) < chunk else short
            break
    for key in [k for k in wanted if k in short and k[-1] is not None]:
        theme = key[-1]
        narrow = [*where, ResponseTheme.theme == theme]
        if width == 2:
            narrow.append(Response.audience_key == key[0])
        found[key] = list(
            session.scalars(
                select(Response.id)
                .join(ResponseTheme, ResponseTheme.response_id == Response.id)
                .where(*narrow)
                .order_by(Response.received_on.desc(), Response.id.desc())
                .limit(per)
            )
        )
    return [(*key, rid) for key in wanted for rid in found[key]]


def _loaded(session: Session, ids: Iterable[int]) -> dict[int, Response]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = session.scalars(
        select(Response).where(Response.id.in_(ids)).options(selectinload(Response.answers))
    )
    return {x.id: x for x in rows}


def heard_by_theme(
    session: Session,
    workspace: Workspace,
    *,
    audiences: Iterable[str] = (),
    examples: int = 12,
    decisions: int = 200,
) -> HeardByTheme:
    """The "What we heard, by theme" figures for every response (of ``audiences``),
    without loading them: one GROUP BY, the ``examples`` newest responses per theme,
    and up to ``decisions`` notes per theme."""
    where = _conditions(session, workspace, audiences=audiences)
    theme = ResponseTheme.theme
    counts = [
        (t, status, audience, n)
        for t, status, audience, n in session.execute(
            select(theme, Response.status, Response.audience_key, func.count())
            .select_from(Response)
            .outerjoin(ResponseTheme, ResponseTheme.response_id == Response.id)
            .where(*where)
            .group_by(theme, Response.status, Response.audience_key)
        )
    ]
    if not counts:
        return HeardByTheme([], [], [])
    themes_heard = [(t,) for t in dict.fromkeys(t for t, *_ in counts)]
    picked = _newest_examples(session, where, themes_heard, examples)
    loaded = _loaded(session, (rid for _, rid in picked))
    noted = _newest_per(
        session,
        [theme],
        [*where, Response.status.in_(("decided", "told_back")), Response.status_note != ""],
        decisions,
        extra=(Response.status_note.label("note"),),
    )
    return HeardByTheme(
        counts,
        [(t, loaded[rid]) for t, rid in picked if rid in loaded],
        [(t, note) for t, note, _ in noted],
    )


@dataclass(frozen=True)
class TopThemes:
    """Per audience, its most heard themes: ``counts`` (audience, theme, responses),
    most first, and ``examples`` (audience, theme, response) for those themes, the
    newest responses with words first."""

    counts: list[tuple[str, str, int]]
    examples: list[tuple[str, str, Response]]


def top_themes(
    session: Session, workspace: Workspace, *, per_audience: int = 5, examples: int = 5
) -> TopThemes:
    """Every audience's ``per_audience`` most heard themes over all its responses (a
    tie goes to the theme first in the alphabet), with examples (three statements)."""
    counted = session.execute(
        select(Response.audience_key, ResponseTheme.theme, func.count())
        .join(ResponseTheme, ResponseTheme.response_id == Response.id)
        .where(Response.workspace_id == workspace.id)
        .group_by(Response.audience_key, ResponseTheme.theme)
        .order_by(Response.audience_key, func.count().desc(), ResponseTheme.theme)
    ).all()
    counts: list[tuple[str, str, int]] = []
    kept: dict[str, int] = {}
    for audience, theme, n in counted:
        if kept.get(audience, 0) < per_audience:
            kept[audience] = kept.get(audience, 0) + 1
            counts.append((audience, theme, n))
    if not counts:
        return TopThemes([], [])
    top = [(a, t) for a, t, _ in counts]
    where = [Response.workspace_id == workspace.id]
    picked = _newest_examples(session, where, top, examples)
    loaded = _loaded(session, (rid for *_, rid in picked))
    return TopThemes(counts, [(a, t, loaded[rid]) for a, t, rid in picked if rid in loaded])

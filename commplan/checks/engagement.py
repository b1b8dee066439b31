"""Purposeful and bidirectional: does the draft ask for action, and invite a reply?

Source: CISELSS lessons from state peer collaboratives (seed 000, Theme 6):
strategic communication is purposeful (it asks the audience to do something)
and bidirectional (it opens a way for the audience to talk back).
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import pairwise
from typing import Any

from .context import CheckContext
from .findings import Severity, excerpt
from .patterns import Match, find_dates, find_emails, find_links, find_phones

SOURCE = "Strategic communication is purposeful and bidirectional (CISELSS lessons, Theme 6)"
# Under this many words a draft is a short message or a text (SMS): it is still judged,
# but lightly (a suggestion, with a hint that fits a text message).
MIN_WORDS = 20

# Words that, right after a sentence-initial verb, show it is not an imperative
# ("Help is available", "Start times vary").
_NOT_IMPERATIVE_NEXT = {"is", "are", "was", "were", "will", "has", "have", "can", "times", "dates"}
# Words that join a second request to the first ("Please read this and sign the form").
_JOINERS = {"and", "then"}


def _overlaps(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Does [start, end) overlap one of ``spans`` (sorted, not overlapping each other;
    ``starts`` their starts)? A bisect, so many spans stay linear."""
    i = bisect_left(starts, end) - 1
    return i >= 0 and spans[i][1] > start


def _imperatives(
    ctx: CheckContext, verbs: frozenset[str], attention: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentences that ask the reader to act: they open with "please" or an action verb.
    An opening that only asks for attention to the message ("PLEASE READ THIS",
    "Please note", "See below") is not a request, unless a request is joined to it
    ("... and return the form")."""
    table, text, out = ctx.tokens, ctx.text, []
    alpha = table.alpha
    starts = [a for a, _ in attention]
    for (start, end), (a, b) in zip(table.sentences, table.sentence_chars(), strict=True):
        # The first two words (the whole list only when a joined request is looked for).
        first = second = -1
        for i in range(start, end):
            if alpha[i]:
                if first < 0:
                    first = i
                else:
                    second = i
                    break
        if second < 0:
            continue
        word = table.lower[first]
        if not (
            word == "please"
            or (
                word in verbs
                and text[table.idx[first]].isupper()
                and table.lower[second] not in _NOT_IMPERATIVE_NEXT
            )
        ):
            continue
        if _overlaps(table.idx[first], table.idx[first] + 1, attention, starts) and not any(
            table.lower[i] in _JOINERS and table.lower[j] in verbs
            for i, j in pairwise(k for k in range(start, end) if alpha[k])
        ):
            continue
        out.append((a, b))
    return out


def _spans(matches: list[Match]) -> list[dict[str, Any]]:
    return [m._asdict() for m in matches]


def run(ctx: CheckContext) -> None:
    text, compiled = ctx.text, ctx.compiled
    verbs = compiled.action_verbs
    # Cue offsets from the token table (cue_chars), and their text from the draft.
    attention = sorted(compiled.cue_chars("attention_only", ctx.doc))
    starts = [a for a, _ in attention]
    imperatives = _imperatives(ctx, verbs, attention)
    cta_cues = [
        (a, b)
        for a, b in compiled.cue_chars("call_to_action", ctx.doc)
        if not _overlaps(a, b, attention, starts)
    ]
    reply_cues = compiled.cue_chars("invitation_to_respond", ctx.doc)
    links, emails, phones, dates = (
        _spans(find(text)) for find in (find_links, find_emails, find_phones, find_dates)
    )
    # A bilingual letter is one message: its Spanish part's request or invitation to
    # reply counts too (the engine puts what the Spanish checks found here).
    elsewhere = ctx.results.get("engagement_elsewhere", {})
    has_cta = bool(imperatives or cta_cues or links or elsewhere.get("call_to_action"))
    invites = bool(reply_cues or emails or phones or elsewhere.get("invitation_to_respond"))
    ctx.results["engagement"] = {
        "call_to_action": has_cta,
        "invitation_to_respond": invites,
        "requests": [
            {"start": a, "end": b, "text": excerpt(text[a:b].strip())} for a, b in imperatives
        ]
        + [{"start": a, "end": b, "text": text[a:b]} for a, b in cta_cues],
        "invitations": [{"start": a, "end": b, "text": text[a:b]} for a, b in reply_cues]
        + emails
        + phones,
        "links": links,
        "dates": dates,
    }
    if not sum(ctx.tokens.alpha):
        return
    name = ctx.audience.name.lower()
    if sum(ctx.tokens.alpha) < MIN_WORDS:
        _judge_short(ctx, name, has_cta, invites, dates)
        return
    if not has_cta:
        hint = "Say what you want them to do, and by when"
        hint += (
            f" (for example, by {dates[0]['text']})."
            if dates
            else ", e.g. 'Register by March 1 at ...'."
        )
        ctx.sink.add(
            "engagement.no_call_to_action",
            "engagement",
            Severity.warning,
            0,
            0,
            f"This message informs but does not ask {name} to do anything.",
            hint,
            source=SOURCE,
        )
    if not invites:
        channels = list(ctx.audience.listening_channels[:2])
        how = " or ".join(channels) if channels else "a reply address or phone number"
        ctx.sink.add(
            "engagement.no_invitation_to_respond",
            "engagement",
            Severity.warning,
            0,
            0,
            f"This message gives {name} no way to respond or ask questions.",
            f"Invite a reply and name a person to contact; for {name}, try {how}.",
            source=SOURCE,
        )


def _judge_short(
    ctx: CheckContext, name: str, has_cta: bool, invites: bool, dates: list[dict[str, Any]]
) -> None:
    """A short message or text (SMS): one short ask and one way to reply are enough, so
    the findings are suggestions with hints a text message can carry."""
    if not has_cta:
        when = f" by {dates[0]['text']}" if dates else ""
        ctx.sink.add(
            "engagement.no_call_to_action",
            "engagement",
            Severity.suggestion,
            0,
            0,
            f"This short message (or text message) tells {name} something but asks "
            "nothing of them.",
            f"If there is something to do, add it in a few words: 'Pick up your child{when}' "
            "or a link to the details.",
            source=SOURCE,
        )
    if not invites:
        ctx.sink.add(
            "engagement.no_invitation_to_respond",
            "engagement",
            Severity.suggestion,
            0,
            0,
            f"This short message (or text message) gives {name} no way to reply.",
            "Add a few words: 'Questions? Reply to this text' or a number to call.",
            source=SOURCE,
        )

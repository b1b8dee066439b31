"""Purposeful and bidirectional: does the draft ask for action, and invite a reply?

Source: CISELSS lessons from state peer collaboratives (seed 000, Theme 6):
strategic communication is purposeful (it asks the audience to do something)
and bidirectional (it opens a way for the audience to talk back).
"""

from __future__ import annotations

from typing import Any

from .context import CheckContext
from .findings import Severity, excerpt
from .patterns import Match, find_dates, find_emails, find_links, find_phones

SOURCE = "Strategic communication is purposeful and bidirectional (CISELSS lessons, Theme 6)"
MIN_WORDS = 20  # a headline or a one-line reminder is not judged

# Words that, right after a sentence-initial verb, show it is not an imperative
# ("Help is available", "Start times vary").
_NOT_IMPERATIVE_NEXT = {"is", "are", "was", "were", "will", "has", "have", "can", "times", "dates"}


def _imperatives(ctx: CheckContext, verbs: set[str]) -> list[tuple[int, int]]:
    table, text, out = ctx.tokens, ctx.text, []
    for (start, end), (a, b) in zip(table.sentences, table.sentence_chars(), strict=True):
        words = [i for i in range(start, end) if table.alpha[i]][:2]
        if len(words) < 2:
            continue
        first, second = words
        word = table.lower[first]
        if word == "please" or (
            word in verbs
            and text[table.idx[first]].isupper()
            and table.lower[second] not in _NOT_IMPERATIVE_NEXT
        ):
            out.append((a, b))
    return out


def _spans(matches: list[Match]) -> list[dict[str, Any]]:
    return [m._asdict() for m in matches]


def run(ctx: CheckContext) -> None:
    text, compiled = ctx.text, ctx.compiled
    verbs = {
        p.lower()
        for c in ctx.library.cue_sets
        if c.id == "action_verbs"
        for p in c.phrases
        if isinstance(p, str)
    }
    imperatives = _imperatives(ctx, verbs)
    cta_cues = compiled.cue_spans("call_to_action", ctx.doc)
    reply_cues = compiled.cue_spans("invitation_to_respond", ctx.doc)
    links, emails, phones, dates = (
        _spans(find(text)) for find in (find_links, find_emails, find_phones, find_dates)
    )
    has_cta = bool(imperatives or cta_cues or links)
    invites = bool(reply_cues or emails or phones)
    ctx.results["engagement"] = {
        "call_to_action": has_cta,
        "invitation_to_respond": invites,
        "requests": [
            {"start": a, "end": b, "text": excerpt(text[a:b].strip())} for a, b in imperatives
        ]
        + [{"start": s.start_char, "end": s.end_char, "text": s.text} for s in cta_cues],
        "invitations": [
            {"start": s.start_char, "end": s.end_char, "text": s.text} for s in reply_cues
        ]
        + emails
        + phones,
        "links": links,
        "dates": dates,
    }
    if sum(ctx.tokens.alpha) < MIN_WORDS:
        return
    name = ctx.audience.name.lower()
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

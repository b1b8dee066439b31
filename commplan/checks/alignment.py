"""Key-message alignment: does the draft carry the key message it was written for?

A draft carries a key message when it uses one of the message's cue phrases or
shares at least half of the content words of its statement. Proof points count
as present when half their content words appear. Drift: the draft carries other
key messages more strongly than the chosen one.
"""

from __future__ import annotations

from collections import Counter

from .compiled import doc_content_lemmas
from .context import CheckContext
from .findings import Severity

SOURCE = "Agency message library: key messages"
OVERLAP = 0.5


def _overlap(terms: frozenset[str], draft: frozenset[str]) -> float:
    return len(terms & draft) / len(terms) if terms else 0.0


def run(ctx: CheckContext) -> None:
    if ctx.key_message is None:
        return
    message = ctx.library.key_message(ctx.key_message)
    if message is None:
        known = ", ".join(m.id for m in ctx.library.key_messages)
        raise ValueError(f"unknown key message {ctx.key_message!r}; known: {known}")
    draft = doc_content_lemmas(ctx.doc)
    statement_terms, proof_terms = ctx.compiled.message_terms[message.id]
    hits = Counter(key.removeprefix("message:") for key, _ in ctx.compiled.key_messages(ctx.doc))
    statement_overlap = _overlap(statement_terms, draft)
    carried = hits[message.id] > 0 or statement_overlap >= OVERLAP
    proofs = [
        {"text": text, "found": _overlap(terms, draft) >= OVERLAP}
        for text, terms in zip(message.proof_points, proof_terms, strict=True)
    ]
    others = [{"id": other, "cues": n} for other, n in hits.most_common() if other != message.id]
    ctx.results["key_message"] = {
        "id": message.id,
        "title": message.title,
        "carried": carried,
        "cues_found": hits[message.id],
        "statement_overlap": round(statement_overlap, 2),
        "proof_points": proofs,
        "other_messages": others,
    }
    if not carried:
        ctx.sink.add(
            "framing.key_message.missing",
            "framing",
            Severity.warning,
            0,
            0,
            f"This draft does not carry the key message '{message.title}'.",
            f"Say it plainly: {message.statement}",
            source=SOURCE,
        )
        return
    if proofs and not any(p["found"] for p in proofs):
        ctx.sink.add(
            "framing.key_message.no_proof",
            "framing",
            Severity.suggestion,
            0,
            0,
            f"The key message '{message.title}' has no proof point in this draft.",
            f"Back it with one, e.g.: {message.proof_points[0]}",
            source=SOURCE,
        )
    if others and others[0]["cues"] > hits[message.id]:
        other = ctx.library.key_message(others[0]["id"])
        ctx.sink.add(
            "framing.key_message.drift",
            "framing",
            Severity.suggestion,
            0,
            0,
            f"The draft leans more on '{other.title}' than on the chosen key message "
            f"'{message.title}'.",
            "Keep one key message per draft, or change the key message it is tagged with.",
            source=SOURCE,
        )


def messages_carried(text: str, library, nlp=None) -> set[str]:
    """Ids of the library key messages a text carries (a cue, or half the statement)."""
    from ..nlp import get_nlp
    from .compiled import compile_library

    nlp = nlp or get_nlp()
    compiled = compile_library(library, nlp)
    doc = nlp(text)
    carried = {key.removeprefix("message:") for key, _ in compiled.key_messages(doc)}
    draft = doc_content_lemmas(doc)
    for message_id, (statement, _) in compiled.message_terms.items():
        if _overlap(statement, draft) >= OVERLAP:
            carried.add(message_id)
    return carried

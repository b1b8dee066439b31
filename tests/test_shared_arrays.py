"""Work shared per draft: the checks read each array of the Doc once, not once per
matcher or per check (speed work of issue 11; findings are unchanged, see
bench/golden_check.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import IS_SPACE, LEMMA
from spacy.tokens import Doc

from commplan.checks import engine
from commplan.checks.compiled import compile_library
from commplan.checks.context import CheckContext
from commplan.checks.findings import FindingSink

REAL = sorted((Path(__file__).parent / "data" / "real_texts").glob("*.txt"))


class CountingDoc(Doc):
    """A Doc that records each ``to_array`` call."""

    def to_array(self, attrs):
        self.user_data.setdefault("test_calls", []).append(
            tuple(attrs) if isinstance(attrs, (list, tuple)) else (attrs,)
        )
        return super().to_array(attrs)


def _checked(nlp, library, audiences, text: str) -> CountingDoc:
    made = nlp.make_doc(text)
    doc = CountingDoc(
        nlp.vocab, words=[t.text for t in made], spaces=[bool(t.whitespace_) for t in made]
    )
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    doc.user_data["test_calls"] = []
    ctx = CheckContext(
        text=text,
        doc=doc,
        audience=audiences.get("families"),
        library=library,
        compiled=compile_library(library, nlp),
        sink=FindingSink(text),
    )
    for family in engine.REGISTRY:
        family.run(ctx)
    assert ctx.sink.findings
    return doc


@pytest.fixture(scope="module")
def draft() -> str:
    return "\n\n".join(p.read_text("utf-8") for p in REAL[:6])


def test_guards_read_the_lemmas_of_a_draft_once(nlp, library, audiences, draft):
    doc = _checked(nlp, library, audiences, draft)
    assert doc.user_data["test_calls"].count((LEMMA, IS_SPACE)) <= 1

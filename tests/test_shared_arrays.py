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
from tests.counting import CountingPhrases, count_spans

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
    calls = doc.user_data["test_calls"]
    assert calls.count((LEMMA, IS_SPACE)) <= 1
    # The checks, the guards and the frame matcher share one table of the Doc.
    assert sum(LEMMA in attrs for attrs in calls) <= 2


def test_matchers_make_spans_only_for_the_matches_they_keep(
    nlp, library, draft, monkeypatch
):
    from commplan.checks import compiled as compiled_module

    compiled = compile_library(library, nlp)
    doc = nlp(draft)
    every = compiled.jargon(doc, longest=False)
    longest = compiled.jargon(doc)
    assert len(longest) < len(every)  # overlapping matches, filtered
    made = count_spans(monkeypatch, compiled_module)
    again = compiled.jargon(doc)
    assert [(k, s.start, s.end) for k, s in again] == [(k, s.start, s.end) for k, s in longest]
    assert len(made) == len(longest)


def test_the_token_table_holds_each_tokens_own_attributes(nlp, draft):
    # Word-level attributes are looked up once per word form and kept across drafts;
    # they must still be each token's own (odd words, runs cut by the tokenizer).
    from commplan.checks.context import TokenTable

    text = draft + "\n\nİstanbul’s ÉCOLE  \t x" + "y" * 150 + " 3.5% (((((( co-op’s\n"
    for _ in range(2):
        doc = nlp(text)
        table = TokenTable.from_doc(doc)
        assert table.lower == [t.lower_ for t in doc]
        assert table.lemma == [t.lemma_ for t in doc]
        assert table.alpha == [t.is_alpha for t in doc]
        assert table.stop == [t.is_stop for t in doc]
        assert table.space == [t.is_space for t in doc]
        assert table.idx == [t.idx for t in doc]
        assert table.length == [len(t.text) for t in doc]
        assert table.sentences == [(s.start, s.end) for s in doc.sents]


def _alone(rm, doc, longest):
    shared, rm.shared = rm.shared, None
    try:
        return rm.matches(doc, longest=longest)
    finally:
        rm.shared = shared


def test_one_phrase_pass_gives_each_matcher_its_own_hits(nlp, library):
    from tests.fuzzdrafts import drafts
    from tests.realtexts import CORPORA

    compiled = compile_library(library, nlp)
    members = compiled.shared.members
    assert compiled.jargon in members and compiled.frames.fixed in members
    texts = [p.read_text("utf-8") for d in CORPORA.values() for p in sorted(d.glob("*.txt"))]
    texts += list(drafts(100, seed=11))
    for text in texts:
        doc = nlp(text)
        for rm in members:
            for longest in (False, True):
                assert rm.matches(doc, longest=longest) == _alone(rm, doc, longest)


def test_keys_on_the_same_words_keep_their_matchers_order(nlp):
    from commplan.checks.compiled import RuleMatcher, SharedPhrases

    one = RuleMatcher.build(
        nlp, [("t:a", ["data", "school data"]), ("t:b", ["data"]), ("t:c", ["attendance"])]
    )
    two = RuleMatcher.build(nlp, [("t:d", ["data"]), ("t:e", ["school"])])
    # Two matchers with the same key run alone.
    clash = [RuleMatcher.build(nlp, [("t:z", [w])]) for w in ("data", "attendance")]
    doc = nlp("School data and attendance data. Data!")
    matchers = [one, two, *clash]
    before = [rm.matches(doc, longest=False) for rm in matchers]
    assert any(a[1:] == b[1:] for a, b in zip(before[0], before[0][1:], strict=False))
    shared = SharedPhrases(nlp, matchers)
    assert shared.members == [one, two]
    assert [rm.matches(doc, longest=False) for rm in matchers] == before


def test_each_distinct_sentence_condition_runs_once(nlp, library):
    """A dozen crisis patterns share one ``needs`` list: the context matcher holds
    each distinct condition list once, and every pattern reads its hits."""
    frames = compile_library(library, nlp).frames
    distinct = {
        (kind, repr(tuple(getattr(p, kind, ()))))
        for f in library.frames_to_avoid
        for p in f.patterns
        if not isinstance(p, str)
        for kind in ("needs", "unless")
        if getattr(p, kind, ())
    }
    shared = [u.needs for u in frames.units.values() if u.needs]
    assert len(shared) > len(set(shared))  # the default library repeats a list
    assert len(frames.context.keys) == len(distinct)


def test_a_shared_condition_judges_each_pattern_alike(nlp, library):
    """Two patterns with the same ``needs`` list flag alike in a sentence that meets
    it and in one that does not (the shared hits are read by each)."""
    frames = compile_library(library, nlp).frames
    doc = nlp(
        "Our schools face an unprecedented crisis in reading scores for students. "
        "The weather was unprecedented."
    )
    found = frames(doc)
    assert found and all(span.sent.start == 0 for _, span in found)


def test_the_frame_matcher_reads_the_token_tables_columns(nlp, library, audiences, draft):
    # Lemmas and sentence starts are read from the Doc once, for the TokenTable; the
    # frame matcher takes its hash columns from it (only LOWER is its own to read).
    from spacy.attrs import ORTH, SENT_START

    doc = _checked(nlp, library, audiences, draft)
    calls = doc.user_data["test_calls"]
    assert sum(LEMMA in attrs for attrs in calls) == 1
    assert sum(SENT_START in attrs for attrs in calls) == 1
    assert sum(ORTH in attrs for attrs in calls) == 1


def test_a_draft_finds_its_anchor_words_from_the_token_tables_strings(nlp, library):
    # Which anchor words a draft holds, from the TokenTable's strings, is what the
    # Doc's hash columns say.
    from commplan.checks import framematch
    from tests.fuzzdrafts import drafts

    frames = compile_library(library, nlp).frames
    for text in [*list(drafts(60, seed=5)), *(p.read_text("utf-8") for p in REAL[:10])]:
        doc = nlp(text)
        draft = framematch._Draft(doc, frames.anchors)
        plain = framematch._Draft(doc)
        for attr, words in frames.anchor_words.items():
            assert draft.present(attr) == plain.words(attr) & words


def test_jargon_values_and_cues_are_read_without_spans(nlp, library, audiences, draft, monkeypatch):
    # Their offsets and text come from the TokenTable: a Span builds Tokens for its
    # offsets, and there are a hundred such matches in a 1,000-word draft.
    from commplan.checks import compiled as compiled_module
    from commplan.checks import engagement, framing, jargon

    compiled = compile_library(library, nlp)
    doc = nlp(draft)
    ctx = CheckContext(
        text=draft,
        doc=doc,
        audience=audiences.get("families"),
        library=library,
        compiled=compiled,
        sink=FindingSink(draft),
    )
    made = count_spans(monkeypatch, compiled_module)
    jargon.run(ctx)
    values = framing._value_coverage(ctx)
    ratio = framing._solutions_ratio(ctx)
    engagement.run(ctx)
    assert values["values_invoked"] and ratio["urgency_cues"] and ratio["solution_cues"]
    assert any(f.rule.startswith("jargon.") for f in ctx.sink.findings)
    assert made == []


def test_keyed_matches_and_cue_offsets_are_those_of_the_spans(nlp, library):
    from tests.fuzzdrafts import drafts

    compiled = compile_library(library, nlp)
    texts = [p.read_text("utf-8") for p in REAL] + list(drafts(60, seed=6))
    for text in texts:
        doc = nlp(text)
        for rm in (compiled.jargon, compiled.values, compiled.style, compiled.preferred):
            for longest in (True, False):
                spans = rm(doc, longest=longest)
                assert rm.keyed(doc, longest=longest) == [(k, s.start, s.end) for k, s in spans]
        for cue in compiled.cues:
            spans = compiled.cue_spans(cue, doc)
            assert compiled.cue_chars(cue, doc) == [(s.start_char, s.end_char) for s in spans]


def test_a_tie_asks_the_matchers_own_phrases_about_the_tied_words_only(nlp):
    from commplan.checks.compiled import RuleMatcher, SharedPhrases

    one = RuleMatcher.build(nlp, [("t:a", ["data", "school data"]), ("t:b", ["data"])])
    two = RuleMatcher.build(nlp, [("t:d", ["data"]), ("t:e", ["school"])])
    doc = nlp("Attendance is up this year. " * 20 + "School data and attendance data. Data!")
    before = one.matches(doc, longest=False)
    SharedPhrases(nlp, [one, two])
    one.phrase = counting = CountingPhrases(one.phrase)
    walked = counting.walked
    assert one.matches(doc, longest=False) == before
    assert walked and max(walked) < 5 < len(doc)

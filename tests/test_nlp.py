"""The pipeline: sentence splitting and case-insensitive lemmas."""

from pathlib import Path

import pytest
import spacy

from commplan.nlp import block_starts

REAL = sorted((Path(__file__).parent / "data" / "real_texts").glob("*.txt"))


@pytest.fixture(scope="module")
def sentencizer():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.mark.parametrize("path", REAL[:12], ids=lambda p: p.stem)
def test_splitter_keeps_the_sentencizer_rule_on_prose(path, nlp, sentencizer):
    prose = " ".join(path.read_text("utf-8").split())  # no line breaks: punctuation only
    ours = [t.is_sent_start for t in nlp(prose)]
    theirs = [t.is_sent_start for t in sentencizer(prose)]
    assert ours == theirs


def test_blank_lines_and_list_items_start_sentences(nlp):
    text = "What to bring\n\n- a water bottle\n- a jacket\n1. sign the form\n2) return it"
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents == [
        "What to bring",
        "- a water bottle",
        "- a jacket",
        "1. sign the form",
        "2) return it",
    ]


def test_wrapped_lines_do_not_split(nlp):
    text = "This sentence was wrapped\nby an email program at seventy columns."
    assert len(list(nlp(text).sents)) == 1
    assert block_starts(text) == []


def test_lemmas_are_lower_case_lookups(nlp):
    doc = nlp("Leveraged PARTNERSHIPS were Utilized")
    assert [t.lemma_ for t in doc] == ["leverage", "partnership", "be", "utilize"]


def test_words_after_a_special_case_are_cached_for_the_next_draft():
    # spaCy stops caching a Doc's words at its first special case ("don't"), so every
    # later word went through the affix rules again in every draft. Words seen before
    # are now cached on their own: a draft seen twice needs no affix work, and the
    # tokens are spaCy's own.
    from commplan.nlp import build_pipeline

    nlp = build_pipeline()
    spacy_tokenizer = nlp.tokenizer.tokenizer
    search = spacy_tokenizer.suffix_search
    calls: list[str] = []

    def counting(string):
        calls.append(string)
        return search(string)

    spacy_tokenizer.suffix_search = counting
    text = "We don't know yet. Families, please return forms (signed) by Friday."
    first = [t.text for t in nlp.make_doc(text)]
    nlp.make_doc(text)  # seen before: its words go into the cache
    calls.clear()
    again = [t.text for t in nlp.make_doc(text)]
    assert calls == []
    assert first == again == [t.text for t in spacy.blank("en").tokenizer(text)]


def test_only_a_text_with_a_long_or_symbol_run_is_scanned_for_runs(monkeypatch):
    # Scanning every draft for runs over 100 characters and words of symbols cost a
    # third of tokenizing a cached draft; the words of the text answer it first.
    from commplan import nlp as nlp_module

    scanned: list[str] = []

    class Counting:
        def __init__(self, pattern):
            self.pattern = pattern

        def finditer(self, text):
            scanned.append(text)
            return self.pattern.finditer(text)

    monkeypatch.setattr(nlp_module, "_LONG_RUN", Counting(nlp_module._LONG_RUN))
    nlp = nlp_module.build_pipeline()
    plain = "Families, please return the form (signed) by Friday... Thank you!"
    assert [t.text for t in nlp.make_doc(plain)] == [t.text for t in spacy.blank("en")(plain)]
    assert scanned == []
    for hostile in ("See " + "x" * 150 + " now.", "Hi ((((((( there"):
        doc = nlp.make_doc(hostile)
        assert scanned and scanned[-1] == hostile
        assert doc.text == hostile
    assert max(len(t.text) for t in nlp.make_doc("See " + "x" * 150 + " now.")) <= 64

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


def test_a_words_run_answer_is_the_same_asked_again():
    # Known words answer from the kept kinds in C; each answer is the direct test's,
    # the first time and from the kept kinds.
    from commplan import nlp as nlp_module
    from tests.fuzzdrafts import drafts

    def direct(words):
        return any(
            len(w) > nlp_module.MAX_RUN
            or (len(w) >= nlp_module.SYMBOL_RUN and nlp_module._SYMBOL_RUN.fullmatch(w))
            for w in words
        )

    tokenizer = nlp_module.build_pipeline().tokenizer
    texts = [*drafts(80, seed=4), "a " + "y" * 120, "Hi ((((((( there", "—— ok", "_____ x"]
    for _ in range(2):
        for text in texts:
            words = set(text.split())
            assert tokenizer._has_runs(words) == direct(words), text[:80]


def _sentence_starts_one_token_at_a_time(doc, final_chars):
    """The splitter's rule written as a loop over tokens (the reference)."""
    from bisect import bisect_left

    from commplan.nlp import block_starts

    n = len(doc)
    idx = [t.idx for t in doc]
    starts = [i == 0 for i in range(n)]
    blocks = [i for i in (bisect_left(idx, o) for o in block_starts(doc.text)) if 0 < i < n]
    markers = {i + 1 for i in blocks if i + 1 < n and doc[i].is_digit}
    seen = False
    for i, token in enumerate(doc):
        if token.text in final_chars and i not in markers:
            seen = True
        elif seen and not token.is_punct:
            starts[i] = True
            seen = False
    for i in blocks:
        starts[i] = True
    return starts


def test_sentence_starts_follow_the_rule_token_by_token(nlp):
    # The splitter works on whole arrays; its starts are the rule's, token by token.
    from commplan.nlp import PUNCT_CHARS

    from .fuzzdrafts import drafts

    texts = [p.read_text("utf-8") for p in sorted((Path(__file__).parent / "data").rglob("*.txt"))]
    texts += list(drafts(300, seed=5))
    texts += ["1. Sign it.\n2. Return it!! (Now.) ok", "Wait... what?! Yes.", ". . a", "!"]
    for text in texts:
        doc = nlp(text)
        assert [t.is_sent_start for t in doc] == _sentence_starts_one_token_at_a_time(
            doc, set(PUNCT_CHARS)
        ), text[:80]

"""The draft checker survives any ``str``: case mappings that change length, lone
surrogates, library text with braces, every kind of line break, and inputs that
make naive regexes or spaCy's tokenizer backtrack (issue 10).

No timing thresholds here (speed is measured in bench/bench_hostile.py); the
pathological inputs are big enough that the old quadratic code took minutes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from commplan import check_text
from commplan.checks.findings import LineIndex
from commplan.checks.patterns import (
    Match,
    find_dates,
    find_emails,
    find_links,
    lower_keep_offsets,
)

from .fuzzdrafts import line_col, violations


def assert_sound(text: str, report) -> None:
    """Every finding points at its own text, in range, with the right line/column."""
    assert violations(text, report) == []


# --- 1. length-changing case maps and lone surrogates -----------------------


@pytest.mark.parametrize(
    "text",
    [
        "İ",
        "İİİ",
        "The İ",
        "Meeting İİİ\n\nSign up now İ",
        "İstanbul İzmir İ. Families meet on March 3 at noon İ",
        "\ud800",
        "x \ud800 y",
        "Call \udfff now. The IEP team meets \ud83d\ude00 Monday.",
        "\ud800İ\udc00 March 3",
    ],
)
def test_expanding_lower_case_and_lone_surrogates_are_checked(text):
    assert_sound(text, check_text(text, "families"))


def test_dates_after_a_dotted_capital_i_keep_their_offsets():
    text = "İİİİİ March 3"
    assert find_dates(text) == [Match(6, 13, "March 3")]
    report = check_text("İ " * 30 + "Register by March 3 at x.org.", "families")
    assert [d["text"] for d in report.extras["engagement"]["dates"]] == ["March 3"]


def test_lower_keep_offsets_is_lower_with_one_character_for_one():
    text = "İSTANBUL ẞ Σ ǅ ß ﬁ"
    lower = lower_keep_offsets(text)
    assert len(lower) == len(text)
    assert lower == "istanbul ß σ ǆ ß ﬁ"


def test_a_sentence_ending_in_a_dotted_capital_i_ends_in_the_text():
    # The sentence end was token start + len(lower form): one past the text.
    text = "This sentence runs on and on for a great many words, " * 3 + "İ"
    report = check_text(text, "families")
    assert_sound(text, report)
    sentences = [f for f in report.findings if f.rule.startswith("readability.sentence")]
    assert sentences and sentences[0].text.endswith("İ")


# --- 2. library text is data, not a format string ----------------------------


@pytest.mark.parametrize(
    ("message", "suggestion", "want_message", "want_suggestion"),
    [
        ("Use {fewer} words than '{match}'.", "{", "Use {fewer} words than 'really'.", "{"),
        ("Stray { } {0} {match!r}", "{swap}}", "Stray { } {0} {match!r}", "}"),
        ("'{match}' again: {match}", None, "'really' again: really", None),
    ],
)
def test_style_rule_text_with_braces_is_literal(
    library, message, suggestion, want_message, want_suggestion
):
    data = library.model_dump(by_alias=True)
    for rule in data["style_rules"]:
        if rule["id"] == "weasel":
            rule.update(message=message, suggestion=suggestion)
    # model_validate, not model_copy: a copy would keep the cached fingerprint.
    custom = type(library).model_validate(data)
    text = "This is really {match} big."
    report = check_text(text, "families", custom, enable=["style.weasel"])
    (f,) = report.findings
    assert (f.text, f.message, f.suggestion) == ("really", want_message, want_suggestion)


# --- 3. every line break counts ------------------------------------------------


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"])
def test_findings_count_every_kind_of_line_break(brk):
    text = brk.join(["Line one is here.", "Line two is here.", "The IEP meets today."])
    report = check_text(text, "families", enable=["jargon.acronym"])
    (f,) = report.findings
    assert (f.text, f.line, f.column) == ("IEP", 3, 5)
    assert_sound(text, report)


def test_line_index_agrees_with_splitlines():
    text = "a\rb\r\nc\u2028d\ne\x1cf\r\rg"
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        assert index.locate(offset) == line_col(text, offset), offset


@pytest.mark.parametrize(
    "text", ["", "a", "\n", "a\n", "a\r\n", "\r\n\r", "\n\nb", "x\u2029", "\x1e\x1d y\x85"]
)
def test_line_index_at_the_ends_of_a_text(text):
    """A break as the last character starts one more (empty) line; text after the
    last break is a line of its own."""
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        assert index.locate(offset) == line_col(text, offset), (text, offset)


def test_cr_only_text_splits_paragraphs_and_sentences_as_lf_text():
    lf = "Heading without a stop\n\nThe IEP team meets today. Families are welcome."
    cr = lf.replace("\n", "\r")
    by_lf = check_text(lf, "families")
    by_cr = check_text(cr, "families")
    assert [(f.rule, f.start, f.end) for f in by_cr.findings] == [
        (f.rule, f.start, f.end) for f in by_lf.findings
    ]
    assert by_cr.readability == by_lf.readability


def test_acronym_defined_later_names_the_line_with_cr_breaks():
    text = "The IEP is due.\rAsk us.\rAn individualized education program (IEP) helps."
    (f,) = check_text(text, "families", enable=["jargon.acronym"]).findings
    assert "defined later (line 3)" in f.message


# --- 4. linear regexes and a bounded tokenizer ------------------------------------

N = 50_000  # the old patterns took minutes on these; linear code takes well under a second


def test_link_after_a_long_run_is_found():
    text = "a" * N + " see x.org"
    assert find_links(text) == [Match(N + 5, N + 10, "x.org")]


def test_links_and_emails_in_pathological_runs():
    assert find_links("a." * N) == []
    assert find_emails("a" * N + " mail x@y.org") == [Match(N + 6, N + 13, "x@y.org")]
    run = "a.b+c@" * (N // 6)
    found = find_emails(run)
    assert found[0] == Match(0, 9, "a.b+c@a.b")
    assert all(run[m.start : m.end] == m.text for m in found)
    assert find_links("Visit www.cde.ca.gov/ls or cde.ca.gov today.") == [
        Match(6, 23, "www.cde.ca.gov/ls"),
        Match(27, 37, "cde.ca.gov"),
    ]
    assert find_emails("Write to first.last+x@mail.cde.ca.gov.") == [
        Match(9, 37, "first.last+x@mail.cde.ca.gov")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a" * N + " see x.org",
        "a." * (N // 2),
        "(" * N,
        "😀" * (N // 2),
        "👩\u200d👩\u200d👧 " * 2000,
        '"' * 20_000 + " The IEP meets today.",
        "x" * N + "@y.org",
        "1," * (N // 2),
        "İ" * N,
        "Sign up at https://example.org/" + "a" * 500 + ". The IEP meets today.",
    ],
    ids=[
        "a-run-link",
        "a-dot",
        "parens",
        "emoji",
        "zwj",
        "quotes",
        "email-run",
        "digit-commas",
        "dotted-i",
        "long-url",
    ],
)
def test_pathological_inputs_complete_with_sound_findings(text):
    report = check_text(text, "families")
    assert_sound(text, report)


def test_long_runs_keep_exact_token_offsets(nlp):
    text = "Start (" + "(" * 300 + " middle " + "😀" * 150 + "\n\n  end of it. " + "a." * 200
    doc = nlp(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    assert [t.text for t in doc][-1] == "."  # closing punctuation of a long run stands alone


def test_text_after_a_long_run_is_still_checked():
    text = "(" * 5000 + " The IEP team meets today."
    report = check_text(text, "families", enable=["jargon.acronym"])
    assert [f.text for f in report.findings] == ["IEP"]


def test_a_long_link_stays_one_token(nlp):
    url = "https://example.org/" + "a-b/" * 60 + "page.pdf"
    doc = nlp(f"Read it at {url}. Then reply.")
    assert url in [t.text for t in doc]


def test_library_regex_token_patterns_are_not_run(library, caplog):
    # A library author's REGEX runs on every token; (a+)+$ takes exponential time.
    data = library.model_dump(by_alias=True)
    frame = data["frames_to_avoid"][0]
    frame["patterns"] = [*frame["patterns"], {"tokens": [{"TEXT": {"REGEX": "(a+)+$"}}]}]
    custom = type(library).model_validate(data)
    text = "a" * 40 + "b is here. " + frame["examples"]["fail"][0]
    with caplog.at_level("WARNING"):
        report = check_text(text, "families", custom)
    assert "REGEX" in caplog.text and frame["id"] in caplog.text
    assert [f for f in report.findings if f.rule == f"framing.{frame['id']}"]


def test_sentence_lookups_are_built_once(monkeypatch):
    # framing looked up each urgency cue's sentence by rebuilding every sentence's
    # range: cues x sentences calls, about 7 million (12 s) on 1 MB of real text.
    from commplan.checks.context import TokenTable

    calls = 0
    end_char = TokenTable.end_char

    def counting(self, i):
        nonlocal calls
        calls += 1
        return end_char(self, i)

    monkeypatch.setattr(TokenTable, "end_char", counting)
    sentences = 1500
    text = "This is an urgent matter for the school. " * sentences
    report = check_text(text, "families", enable=["framing"])
    assert report.extras["framing"]["solutions_ratio"]["urgency_cues"] == sentences
    assert calls <= 3 * sentences


@pytest.mark.parametrize("text", ["", "One. Two.\n\n- three", "x \ud800 y", "(" * 500 + " z"])
def test_the_tokenizer_keeps_the_doc_text(nlp, text):
    from commplan.nlp import doc_text

    doc = nlp(text)
    assert doc_text(doc) == doc.text == text.replace("\ud800", "\ufffd")


def test_library_wildcard_patterns_match_a_bounded_stretch(library):
    # [a, *, b]: spaCy's Matcher kept a partial match open from every "a" to the
    # end (quadratic); matches now span at most MAX_REPEAT tokens between.
    from commplan.checks.compiled import MAX_REPEAT

    data = library.model_dump(by_alias=True)
    frame = data["frames_to_avoid"][0]
    wildcard = [{"LOWER": "doom"}, {"OP": "*"}, {"LOWER": "looms"}]
    frame["patterns"] = [*frame["patterns"], {"tokens": wildcard}]
    custom = type(library).model_validate(data)
    text = "doom and gloom " * 300 + "looms. Doom surely looms."
    report = check_text(text, "families", custom, enable=[f"framing.{frame['id']}"])
    spans = [f.text for f in report.findings]
    assert "Doom surely looms" in spans
    assert all(len(s.split()) <= MAX_REPEAT + 2 for s in spans)


@pytest.mark.parametrize(
    "text",
    [
        "a" * 20_000 + " see x.org",
        "Please read " + "word " * 5000 + "now.",
        "THE " + "A" * 20_000 + " IEP is due.",
    ],
    ids=["huge-word", "huge-sentence", "huge-capitals"],
)
def test_messages_and_report_blocks_quote_excerpts_not_the_whole_draft(text):
    from commplan.checks.findings import EXCERPT_CHARS

    report = check_text(text, "families")
    assert_sound(text, report)
    assert all(len(f.message) < 500 and len(f.suggestion or "") < 500 for f in report.findings)
    data = report.to_dict()
    quoted = [s["text"] for s in data["readability"].get("hardest_sentences", [])]
    quoted += [r["text"] for r in data.get("engagement", {}).get("requests", [])]
    assert all(len(q) <= EXCERPT_CHARS for q in quoted)
    assert all(len(a) <= 24 for a in data["acronyms"])


def test_tokens_are_spacys_own_for_ordinary_runs(nlp):
    # The faster suffix search and the run cap must not change how drafts tokenize.
    import spacy

    from commplan.nlp import split_glued_brackets

    from .fuzzdrafts import drafts

    plain = spacy.blank("en").tokenizer
    split_glued_brackets(plain)  # "Intervention(RTI)": on purpose, and spaCy's own mechanism
    real = sorted((Path(__file__).parent / "data").rglob("*.txt"))
    texts = [p.read_text("utf-8") for p in real] + list(drafts(300, seed=7))
    texts += ["x" + "." * k + " a" + "—" * k + " ok" + "!" * k + ")" * k for k in range(1, 40)]
    for text in texts:
        text = text.encode("utf-8", "replace").decode("utf-8")  # plain spaCy needs no surrogates
        if any(len(run) > 100 or _symbols_only(run) for run in text.split()):
            continue  # long runs are cut, and symbol words kept whole, on purpose
        assert [t.text for t in nlp.make_doc(text)] == [t.text for t in plain(text)]


def _symbols_only(word: str) -> bool:
    return len(word) >= 5 and not any(c.isalnum() for c in word)


def test_a_word_of_symbols_only_is_one_token_with_exact_offsets(nlp):
    # spaCy split such words one character at a time (about 25 µs a split for an
    # unseen string): a page of them took about 3x the time of prose.
    text = "Hi (((]]]‘’ there 🎉🎉🎉🎉🎉\r—_—_—. Done ..... ok"
    doc = nlp.make_doc(text)
    assert "(((]]]‘’" in [t.text for t in doc] and "🎉🎉🎉🎉🎉" in [t.text for t in doc]
    assert "—_—_—." in [t.text for t in doc]
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    assert doc.text == text


def test_counts_after_a_long_digit_comma_run():
    # COUNT started at every digit after a comma and read to the end of the run.
    from commplan.checks.consistency import extract_facts

    text = "We serve 1,200 students. " + "1," * N + "."
    facts = [(f.kind, f.value, f.text) for f in extract_facts(text)]
    assert facts == [("count:students", "1200", "1,200 students")]

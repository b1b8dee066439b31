"""Language detection (issue 13): English, Spanish or other, by paragraph."""

from pathlib import Path

import pytest
import yaml

from commplan.checks.language import _evidence, detect, detect_language
from message_library import load_default_library
from tests.realtexts import CORPORA

DATA = Path(__file__).parent / "data"
LETTERS = DATA / "spanish_letters"
SOURCES = yaml.safe_load((LETTERS / "sources.yaml").read_text("utf-8"))


def english_texts() -> list[Path]:
    return sorted(p for d in CORPORA.values() for p in d.glob("*.txt"))


def test_every_english_corpus_text_reads_as_english():
    texts = english_texts()
    assert len(texts) >= 200
    wrong = [p.name for p in texts if detect_language(p.read_text("utf-8")) != "en"]
    assert wrong == []


@pytest.mark.parametrize("entry", SOURCES["letters"], ids=lambda e: e["file"])
def test_each_spanish_letter_reads_as_spanish(entry):
    profile = detect((LETTERS / entry["file"]).read_text("utf-8"))
    assert profile.language == "es"
    assert not profile.mixed


def test_every_library_example_reads_as_english():
    """The rule examples are short English sentences: none may go to the Spanish checks."""
    texts = [
        t
        for _, _, e in load_default_library().rule_entries()
        for t in (*e.examples.fail, *e.examples.pass_)
    ]
    assert [t for t in texts if detect_language(t) != "en"] == []


@pytest.mark.parametrize("entry", SOURCES["bilingual"], ids=lambda e: e["file"])
def test_bilingual_notices_are_split_by_paragraph(entry):
    text = (LETTERS / entry["file"]).read_text("utf-8")
    profile = detect(text)
    assert profile.mixed
    english = " ".join(text[a:b] for a, b in profile.spans("en"))
    spanish = " ".join(text[a:b] for a, b in profile.spans("es"))
    assert " the " in english and " the " not in spanish
    assert " las " in spanish and " las " not in english


def test_spanish_feedback_comments_read_as_spanish():
    comments = yaml.safe_load((DATA / "comments_blind" / "comments.yaml").read_text("utf-8"))
    items = comments["items"] if isinstance(comments, dict) else comments
    spanish = [c["text"] for c in items if "¿" in c["text"] or " que " in c["text"]]
    assert spanish and all(detect_language(t) == "es" for t in spanish)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("", "en"),
        ("12345 !!!", "en"),
        ("Por favor, llame a la escuela.", "es"),
        ("Please call the school.", "en"),
        ("学校は月曜日に始まります。保護者の皆様へのお知らせです。", "other"),
        ("Chers parents, nous vous invitons à une réunion importante jeudi soir "
         "au gymnase avec vos enfants.", "other"),
    ],
)
def test_short_and_other_texts(text, language):
    assert detect_language(text) == language


def test_detection_is_linear_on_hostile_input():
    # No nested repetition: a megabyte of one character is one pass.
    assert detect_language("a" * 1_000_000) in {"en", "other"}
    assert detect_language("\n\n" * 200_000) == "en"


def test_a_translation_with_no_blank_line_before_it_is_still_split():
    text = (
        "Please label every supply with your child's name. We will share the list soon "
        "and the school will be open on Monday.\n"
        "Estimados padres,\n"
        "Por favor, marquen todos los útiles con el nombre de su hijo. Les enviaremos la "
        "lista pronto y la escuela estará abierta el lunes.\n"
    )
    profile = detect(text)
    assert profile.mixed
    assert [s.language for s in profile.segments] == ["en", "es"]


def test_a_hard_wrapped_english_letter_is_not_split_line_by_line():
    text = (
        "Dear families, the district will hold a meeting about\n"
        "the new bus routes on Monday. Please come and bring your\n"
        "questions; interpreters in Spanish and Vietnamese will be there.\n"
    )
    assert not detect(text).mixed


@pytest.mark.parametrize(
    "text",
    [
        "Dear families,\n\nSchool starts Monday.\r\rEstimados padres:\n\n\n"
        "La escuela empieza el lunes.",
        "İstanbul trip 🚌🚌🚌\n \t\nNo school Friday.",
        "\n\n\n",
        "one\n\ntwo\n\n   three words here",
    ],
)
def test_paragraph_evidence_adds_up_to_the_whole_texts(text):
    """detect() sums its paragraphs' evidence instead of reading the text twice."""
    from commplan.checks.language import _evidence, paragraphs

    summed = [0] * 6
    for a, b in paragraphs(text):
        for k, value in enumerate(_evidence(text[a:b])):
            summed[k] += value
    assert tuple(summed) == _evidence(text)


def test_paragraph_evidence_adds_up_on_every_corpus_text():
    from commplan.checks.language import _evidence, paragraphs

    for path in english_texts():
        text = path.read_text("utf-8")
        summed = [0] * 6
        for a, b in paragraphs(text):
            for k, value in enumerate(_evidence(text[a:b])):
                summed[k] += value
        assert tuple(summed) == _evidence(text), path.name


def test_a_word_of_two_lists_counts_once_for_the_first():
    """'do' is English and Portuguese, 'nos' Spanish and French: each counts once, for
    English and Spanish (the order of the lists), as the per-word loop counted them."""
    words, en, es, other, _, _ = _evidence("do nos avec the de")
    assert (words, en, es, other) == (5, 2, 2, 1)


def test_spanish_letters_are_counted_as_each_letter_counted_alone():
    """``_evidence`` counts the letters only Spanish uses in one regex pass; the count is
    what counting each letter on its own gives, on texts of those letters, look-alikes
    (a combining accent, "à", "Ñ" in a word) and other text."""
    import random

    from commplan.checks.language import _SPANISH_LETTER, _SPANISH_LETTERS

    rng = random.Random(9)
    pieces = [*sorted(_SPANISH_LETTERS), "a", "n\u0303", "à", "ü", "e", " ", "\n", "“", "Ñandú"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        want = sum(text.count(ch) for ch in _SPANISH_LETTERS)
        assert len(_SPANISH_LETTER.findall(text)) == want, repr(text)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("“Quoted” words — and dashes… ¿Qué? ¡Sí!", False),
        ("“Quoted” words — and dashes… ¿Que? ¡Si! don’t", True),
        ("Plain ASCII, it's fine.", True),
        ("x² and ½ cup", False),  # numbers beyond ASCII are word characters
        ("Title Ⅳ", False),
        ("café", False),
        ("Kelvin \u212a", False),
        ("emoji 🎉 and ➡ arrows", True),
    ],
)
def test_ascii_letters_and_the_fast_word_path(text, plain):
    from commplan.checks.language import ascii_letters

    assert ascii_letters(text) is plain
    if plain:
        assert _evidence(text, True) == _evidence(text, False)


def test_the_fast_word_path_counts_as_the_unicode_one_on_every_text():
    from commplan.checks.language import ascii_letters, paragraphs
    from tests.fuzzdrafts import drafts
    from tests.hostile import CR_BREAKS, hostile

    texts = [p.read_text("utf-8") for p in english_texts()]
    texts += sorted(str(p.read_text("utf-8")) for p in LETTERS.glob("*.txt"))
    texts += [*drafts(200, seed=9), hostile("x", control=True), CR_BREAKS]
    fast = 0
    for text in texts:
        for a, b in [(0, len(text)), *paragraphs(text)]:
            part = text[a:b]
            if ascii_letters(part):
                fast += 1
                assert _evidence(part, True) == _evidence(part, False)
    assert fast > 100

"""Spanish readability (issue 13): a Spanish syllable counter, Fernández-Huerta and
Szigriszt-Pazos (INFLESZ) as pure functions, plain-words bands, audience targets."""

import pytest

from commplan.checks.readability_es import (
    band,
    fernandez_huerta,
    inflesz_band,
    spanish_syllables,
    szigriszt_pazos,
    target_score,
)

# Syllable counts as a Spanish dictionary splits them (RAE rules: a diphthong is one
# syllable, two strong vowels or an accented weak vowel make a hiatus, "u" is silent
# in "que/qui/gue/gui").
WORDS = {
    "escuela": 3,  # es-cue-la
    "estudiantes": 4,  # es-tu-dian-tes
    "evaluación": 4,  # e-va-lua-ción
    "país": 2,  # pa-ís
    "día": 2,
    "que": 1,
    "guitarra": 3,
    "pingüino": 3,  # pin-güi-no
    "construcción": 3,
    "aéreo": 4,  # a-é-re-o
    "leer": 2,
    "muy": 1,
    "hoy": 1,
    "y": 1,
    "ciudad": 2,
    "Uruguay": 3,
    "averiguáis": 4,  # a-ve-ri-guáis
    "búho": 2,
    "prohibir": 3,
    "reúne": 3,
    "oído": 3,
    "poeta": 3,
    "familia": 3,
    "Inscríbase": 4,
    "por": 1,
    "favor": 2,
    "ausentismo": 4,  # au-sen-tis-mo
    "crónico": 3,
}


@pytest.mark.parametrize(("word", "count"), WORDS.items())
def test_spanish_syllables(word, count):
    assert spanish_syllables(word) == count


def test_syllables_of_non_words():
    assert spanish_syllables("") == 0
    assert spanish_syllables("2026") == 0
    assert spanish_syllables("¡Hola!") == 2


def test_fernandez_huerta_formula():
    # 100 words, 200 syllables, 5 sentences: 206.84 - 60 * 2.0 - 1.02 * 20.
    assert fernandez_huerta(words=100, sentences=5, syllables=200) == pytest.approx(66.44)


def test_szigriszt_pazos_formula():
    # 206.835 - 62.3 * 2.0 - 20.
    assert szigriszt_pazos(words=100, sentences=5, syllables=200) == pytest.approx(62.235)


def test_formulas_with_no_words():
    assert fernandez_huerta(0, 0, 0) is None
    assert szigriszt_pazos(0, 0, 0) is None


@pytest.mark.parametrize(
    ("score", "spanish", "english"),
    [
        (95, "muy fácil", "very easy"),
        (75, "bastante fácil", "fairly easy"),
        (65, "normal", "standard"),
        (55, "bastante difícil", "fairly difficult"),
        (40, "difícil", "difficult"),
        (10, "muy difícil", "very difficult"),
    ],
)
def test_bands(score, spanish, english):
    assert band(score) == (spanish, english)


def test_inflesz_bands():
    assert inflesz_band(85)[0] == "muy fácil"
    assert inflesz_band(70)[0] == "bastante fácil"
    assert inflesz_band(60)[0] == "normal"
    assert inflesz_band(50)[0] == "algo difícil"
    assert inflesz_band(20)[0] == "muy difícil"


def test_audience_grade_maps_onto_the_spanish_scale():
    # Fernández-Huerta kept Flesch's grade bands: 90 ~ grade 5, 80 ~ 6, 70 ~ 7, 60 ~ 8-9.
    assert target_score(5) == 90
    assert target_score(6) == 80
    assert target_score(8) == 60
    assert target_score(12) == 50
    assert target_score(16) == 30
    # A harder target never asks for an easier text.
    scores = [target_score(g) for g in range(1, 20)]
    assert scores == sorted(scores, reverse=True)


def test_the_summary_and_the_finding_give_the_same_score():
    """Each real Spanish letter: the verdict and the readability finding name one
    Fernández-Huerta figure (they were rounded from different values: 58 and 59)."""
    import re
    from pathlib import Path

    from commplan import check_text

    letters = sorted((Path(__file__).parent / "data" / "spanish_letters").glob("*.txt"))
    assert letters
    compared = 0
    for path in letters:
        report = check_text(path.read_text("utf-8"), "families")
        verdict = re.search(r"Fernández-Huerta (\d+)", report.summary["verdict"])
        finding = next(
            (f for f in report.findings if f.rule == "readability.es.score"), None
        )
        if verdict and finding:
            said = re.search(r"\(Fernández-Huerta\) is (\d+)", finding.message)
            assert said and said.group(1) == verdict.group(1), path.name
            compared += 1
    assert compared >= 5

"""The Draft studio with a Spanish draft (issue 13): the detected language next to
the readability figure, a Spanish scale with its band, never an English grade."""

from tests.ui.test_studio_page import studio

SPANISH = (
    "Estimadas familias:\n\nLa escuela tendrá una evaluación formativa de lectura el martes "
    "3 de marzo. Por favor, lea con su hijo veinte minutos cada noche. Si tiene preguntas, "
    "llame a la oficina al (555) 123-4567."
)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def language_line(at) -> str:
    """The draft's language, on a line of its own above the figures."""
    lines = [m.value for m in at.markdown if m.value.startswith("**Language:**")]
    assert len(lines) == 1, lines
    return lines[0].removeprefix("**Language:** ").replace("\\", "")


def test_a_spanish_draft_shows_its_language_and_the_spanish_scale(page):
    at = studio(page, SPANISH)
    assert not at.exception and not at.error
    shown = metrics(at)
    assert language_line(at) == "Spanish"
    assert "Language" not in shown  # a metric cut its name short ("Eng...")
    assert "Grade" not in shown
    assert shown["Fernández-Huerta"].replace(".", "").isdigit()
    bands = [c.value for c in at.caption if "Spanish scale" in c.value]
    assert bands and ("fácil" in bands[0] or "difícil" in bands[0] or "normal" in bands[0])
    assert "target" in bands[0]


def test_an_english_draft_shows_english_next_to_its_grade(page):
    at = studio(page, "Please register by March 1. Call us at 555-123-4567 with questions.")
    shown = metrics(at)
    assert language_line(at) == "English"
    assert "Grade" in shown


def test_an_english_and_a_spanish_variant_are_compared_fact_by_fact(page):
    at = page("studio")
    at.text_area(key="compare_text_0").input(
        "Family night is March 3 at 6 p.m. Call (555) 123-4567."
    )
    at.text_area(key="compare_text_1").input(
        "La noche familiar es el 4 de marzo a las 6 p. m. Llame al (555) 123-4576."
    ).run()
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if "message" in d.value.columns]
    assert table["message"].str.contains("Dates differ").any()
    assert table["message"].str.contains("Phone numbers differ").any()
    assert not table["message"].str.contains("Times differ").any()

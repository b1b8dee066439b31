"""The Spanish pipeline (issue 13): spacy.blank("es") with lookup lemmas, built once."""

import socket

from commplan.nlp import get_nlp, get_spanish_nlp


def test_spanish_pipeline_is_built_once_and_is_not_the_english_one():
    es = get_spanish_nlp()
    assert es is get_spanish_nlp()
    assert es.lang == "es"
    assert get_nlp().lang == "en"


def test_spanish_lemmas_are_lower_case_lookups():
    doc = get_spanish_nlp()("Escuelas: Evaluaciones formativas ayudan a los estudiantes.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["Evaluaciones"] == "evaluación"
    assert lemmas["formativas"] == "formativo"
    assert lemmas["estudiantes"] == "estudiante"
    assert lemmas["Escuelas"] == "escuela"  # lower-cased before the lookup


def test_a_word_the_table_lacks_keeps_its_lower_form():
    doc = get_spanish_nlp()("Ausentismo")
    assert doc[0].lemma_ == "ausentismo"


def test_spanish_sentences_split_at_final_punctuation_and_blank_lines():
    doc = get_spanish_nlp()("¿Tiene preguntas? Llame a la escuela.\n\nGracias por su apoyo")
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == [
        "¿Tiene preguntas?",
        "Llame a la escuela.",
        "Gracias por su apoyo",
    ]


def test_building_it_opens_no_connection(monkeypatch):
    get_spanish_nlp.cache_clear()

    def refuse(*args, **kwargs):
        raise AssertionError("the Spanish pipeline tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert get_spanish_nlp()("Hola")[0].lemma_ == "hola"


def test_spanish_norms_are_lower_forms_without_accents():
    doc = get_spanish_nlp()("Inscríbase en la Evaluación")
    assert [t.norm_ for t in doc] == ["inscribase", "en", "la", "evaluacion"]

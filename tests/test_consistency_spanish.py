"""Cross-language consistency (issue 13): an English variant and its Spanish
translation must give the same dates, times, amounts, phones, links and names."""

from commplan.checks.consistency import compare_texts, extract_facts

ENGLISH = """Dear families,

Family Night is on Tuesday, March 3, 2026, from 6 p.m. to 7:30 p.m. at Lincoln
Elementary. Dinner costs $25 per family; 40% of seats are already taken.
Principal Ana Ruiz will welcome you. Please register at www.district.org/family-night
by February 20. Questions? Call (555) 123-4567 or write to office@district.org.
"""

SPANISH = """Estimadas familias:

La Noche Familiar es el martes 3 de marzo de 2026, de 6 p. m. a 19:30, en la escuela
Lincoln Elementary. La cena cuesta 25 dólares por familia; el 40 % de los lugares ya
están ocupados. La directora Ana Ruiz les dará la bienvenida. Por favor, inscríbase en
www.district.org/family-night antes del 20 de febrero. ¿Preguntas? Llame al
(555) 123-4567 o escriba a office@district.org.
"""


def rules(report):
    return sorted(f["rule"] for f in report.findings)


def test_a_faithful_translation_gives_no_finding():
    report = compare_texts([("en.txt", ENGLISH, "families"), ("es.txt", SPANISH, "families")])
    assert rules(report) == []


def test_one_changed_date_and_one_changed_phone_are_both_flagged():
    changed = SPANISH.replace("martes 3 de marzo", "martes 4 de marzo").replace(
        "123-4567", "123-4576"
    )
    report = compare_texts([("en.txt", ENGLISH, "families"), ("es.txt", changed, "families")])
    found = rules(report)
    assert "consistency.date" in found
    assert "consistency.phone" in found
    date = next(f for f in report.findings if f["rule"] == "consistency.date")
    assert "March 3, 2026" in date["message"] and "4 de marzo de 2026" in date["message"]


def test_changed_time_amount_link_and_name_are_flagged():
    changed = (
        SPANISH.replace("de 6 p. m.", "de 5 p. m.")
        .replace("25 dólares", "35 dólares")
        .replace("www.district.org/family-night", "www.district.org/noche-familiar")
        .replace("Ana Ruiz", "Ana Ruis")
    )
    report = compare_texts([("en.txt", ENGLISH, "families"), ("es.txt", changed, "families")])
    found = set(rules(report))
    assert {"consistency.time", "consistency.amount", "consistency.link"} <= found
    assert "consistency.name" in found


def test_spanish_facts_are_read_in_their_own_forms():
    facts = extract_facts(
        "El lunes 3 de marzo de 2026 a las 7 p. m. (19:00). Cuesta 1.250,50 dólares, "
        "el 15 por ciento. Mediodía.",
        language="es",
    )
    by_kind = {}
    for f in facts:
        by_kind.setdefault(f.kind, []).append((f.value, f.year))
    assert ("03-03", 2026) in by_kind["date"]
    assert ("monday", None) in by_kind["date"]
    assert ("19:00", None) in by_kind["time"]
    assert ("12:00", None) in by_kind["time"]
    assert by_kind["amount"] == [("$1250.50", None)]
    assert by_kind["percentage"] == [("15%", None)]


def test_cognates_are_not_names_spelled_two_ways():
    en = "Dear Families of Roosevelt Middle School District, welcome back."
    es = "Estimadas Familias de la Escuela Intermedia Roosevelt del Distrito, bienvenidos."
    report = compare_texts([("en.txt", en, "families"), ("es.txt", es, "families")])
    assert "consistency.name" not in rules(report)

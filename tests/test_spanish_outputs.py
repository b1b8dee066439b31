"""A Spanish draft through the CLI and the Markdown report (issue 13): a Spanish
scale with a plain-words band, never an English grade."""

import json
import re

from commplan import check_text
from commplan.checks.formats import report_to_markdown
from commplan.cli import main

SPANISH = (
    "Estimadas familias: la escuela tendrá una evaluación formativa de lectura el "
    "martes. Por favor, lea con su hijo veinte minutos cada noche. Si tiene preguntas, "
    "llame a la oficina al (555) 123-4567.\n"
)


def test_cli_text_report_of_a_spanish_draft(capsys, tmp_path):
    path = tmp_path / "carta.txt"
    path.write_text(SPANISH, "utf-8")
    code = main(["check", str(path), "--audience", "families"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "Spanish" in out and "Fernández-Huerta" in out
    assert not re.search(r"grade \d+\.\d", out)  # no US grade estimate ("grade 11.9")
    assert "[jargon.es.term]" in out


def test_cli_json_of_a_spanish_draft(capsys, tmp_path):
    path = tmp_path / "carta.txt"
    path.write_text(SPANISH, "utf-8")
    main(["check", str(path), "--format", "json"])
    data = json.loads(capsys.readouterr().out)["files"][0]
    assert data["language"]["language"] == "es"
    assert data["readability"]["scale"] == "Fernández-Huerta"


def test_markdown_report_of_a_spanish_draft():
    md = report_to_markdown(check_text(SPANISH, audience="families"))
    assert "Fernández-Huerta" in md
    assert "Grade (consensus" not in md

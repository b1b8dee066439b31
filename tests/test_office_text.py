"""Text that XML cannot hold (control characters, U+FFFE/U+FFFF, lone surrogates) in
Word and Excel exports: dropped, everything else kept, and the export never fails."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import docx
import pandas as pd
import pytest
from openpyxl import load_workbook

from commplan.feedback.exports import COLUMNS, responses_table, to_xlsx_bytes
from commplan.feedback.loop import Heard, summarise, you_said_we_did_docx
from commplan.plans import plan_to_docx
from commplan.plans.model import AudienceItem, ListeningLoopView, PlanView
from commplan.xmltext import xml_safe

# Every kind of character XML 1.0 refuses: C0 controls other than tab/LF/CR, the two
# non-characters at the end of the BMP, and lone surrogates (valid in a Python str).
ILLEGAL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\ufffe", "\uffff", "\ud800",
           "\udfff"]  # fmt: skip
# Characters at the edges of the legal ranges, which must survive.
LEGAL = ["\t", "\n", "\r", " ", "\x7f", "\x85", "\u00a0", "\ud7ff", "\ue000", "\ufffd",
         "\U00010000", "\U0001f600", "\U0010ffff", "é", "漢"]  # fmt: skip


@pytest.mark.parametrize("ch", ILLEGAL)
def test_xml_safe_drops_each_illegal_character(ch):
    assert xml_safe(f"bus{ch} late") == "bus late"


def test_xml_safe_keeps_every_legal_character():
    text = "".join(LEGAL)
    assert xml_safe(text) == text
    assert xml_safe("") == ""


def test_xml_safe_is_linear_on_long_input():
    text = ("a\x01" * 200_000) + "b"
    assert xml_safe(text) == "a" * 200_000 + "b"


def heard(text, note="", theme="transportation"):
    return Heard(1, "families", "decided", text, (theme,), note)


def test_you_said_we_did_docx_survives_control_characters():
    nasty = "".join(ILLEGAL)
    summaries = summarise(
        [heard(f"The bus{nasty} is late", note=f"Later stop{nasty}", theme=f"transport{nasty}")]
    )
    data = you_said_we_did_docx(summaries, f"You said{nasty}, we did")
    text = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert text[0] == "You said, we did"
    assert "transport" in text
    assert "The bus is late" in [" ".join(t.split()) for t in text]  # quotes fold spaces
    assert "Later stop" in text


def response(answer):
    return SimpleNamespace(
        id=1, received_on=date(2026, 10, 7), audience_key="families", channel="survey",
        plan_id=None, key_message=None, status="heard", themes=[], ratings={},
        status_note="", sentiment=None, answers=[SimpleNamespace(question="Q", answer=answer)],
    )  # fmt: skip


def test_xlsx_export_survives_every_illegal_character():
    # Lone surrogates cannot be stored (the database drivers refuse to encode them) and
    # pandas' string columns refuse them too, so responses never hold them.
    nasty = "".join(ch for ch in ILLEGAL if not "\ud800" <= ch <= "\udfff")
    df = responses_table([response(f"bell{nasty} gone, emoji \U0001f600 kept")])
    ws = load_workbook(io.BytesIO(to_xlsx_bytes(df))).active
    assert ws.cell(row=2, column=COLUMNS.index("Answers") + 1).value == (
        "Q: bell gone, emoji \U0001f600 kept"
    )
    # Any other table (object columns) may hold them: still written.
    table = pd.DataFrame({"Note": ["a" + "".join(ILLEGAL) + "b"]}, dtype=object)
    ws = load_workbook(io.BytesIO(to_xlsx_bytes(table))).active
    assert ws.cell(row=2, column=1).value == "ab"


def test_plan_docx_survives_control_characters():
    nasty = "\x01\x0b\ufffe\ud800"
    item = AudienceItem(
        id=1,
        audience="families",
        audience_name=f"Families{nasty}",
        desired_action=f"Reply{nasty} to the survey",
        key_messages=("m1",),
        proof_points=(f"proof{nasty}",),
        channels=(f"text{nasty}",),
        owner=f"Liaison{nasty}",
        listening_loop=ListeningLoopView(
            f"session{nasty}", (f"What helps?{nasty}",), "monthly", "Liaison", date(2026, 11, 1)
        ),
    )
    plan = PlanView(
        id=1,
        name=f"Plan{nasty}",
        goal=f"Goal{nasty}",
        objectives=({"text": f"Aware{nasty}", "target": "80%"},),
        theory_of_action=f"If{nasty} we listen",
        domains=(),
        status="active",
        is_example=False,
        milestones=(),
        items=(item,),
        key_message_titles={"m1": f"Message{nasty}"},
    )
    document = docx.Document(io.BytesIO(plan_to_docx(plan, date(2026, 11, 22))))
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in ("Plan", "Goal", "Aware", "If we listen", "Families", "Reply to the survey",
                     "Message", "proof", "text", "Liaison", "session", "What helps?"):  # fmt: skip
        assert expected in text
    assert not any(ch in text for ch in ILLEGAL)


def test_cli_summary_with_a_control_character_in_a_themed_response(tmp_path, monkeypatch, capsys):
    """The reported crash: one response holding "\\x01" with a theme broke
    `commplan feedback summary` (and the Feedback page, which builds the same .docx)."""
    from commplan.cli import main
    from commplan.store import Store
    from commplan.store.records import list_responses
    from commplan.store.review import set_themes
    from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace

    url = f"sqlite:///{tmp_path / 'a.db'}"
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    survey = tmp_path / "g.csv"
    survey.write_bytes(b"Timestamp,Comment\r\n10/5/2025 14:03:11,The bus\x01 is late\r\n")
    assert main(["feedback", "import", str(survey), "--audience", "families"]) == 0
    store = Store(url)
    with store.session() as s:
        (resp,) = list_responses(s, get_workspace(s, DEFAULT_WORKSPACE))
        set_themes(s, resp.id, ["transportation"], "ana")
    store.dispose()
    capsys.readouterr()
    assert main(["feedback", "summary", str(tmp_path / "loop.docx")]) == 0
    text = [p.text for p in docx.Document(str(tmp_path / "loop.docx")).paragraphs]
    assert "transportation" in text and "The bus is late" in text
    assert main(["feedback", "summary", str(tmp_path / "loop.md")]) == 0
    assert "The bus" in (tmp_path / "loop.md").read_text("utf-8")

"""The `commplan` command: exit codes, JSON shape, and bad input."""

import json
import subprocess
import sys

import pytest

from commplan.cli import main

FINDING_KEYS = {
    "rule",
    "category",
    "severity",
    "start",
    "end",
    "line",
    "column",
    "text",
    "message",
    "suggestion",
}
CATEGORIES = {"readability", "jargon", "style", "framing", "engagement", "consistency"}


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def draft(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_text("Our MTSS team will leverage data. Families can reply to this email.\n", "utf-8")
    return p


def test_json_shape(capsys, draft):
    code, out, _ = run(capsys, "check", str(draft), "--audience", "families", "--format", "json")
    data = json.loads(out)
    assert list(data) == ["files"]
    (file,) = data["files"]
    assert {"path", "audience", "readability", "findings", "summary"} <= set(file)
    assert file["path"] == str(draft) and file["audience"] == "families"
    assert file["findings"], "expected findings for MTSS and leverage"
    for f in file["findings"]:
        assert set(f) >= FINDING_KEYS
        assert f["category"] in CATEGORIES
        assert f["severity"] in {"suggestion", "warning", "error"}
        assert f["rule"].count(".") >= 1
    rules = {f["rule"] for f in file["findings"]}
    assert "jargon.acronym.undefined" in rules
    assert any(r.startswith("jargon.corporate") for r in rules)
    assert code == 0  # only warnings; default fail level is error


def test_report_to_dict_is_one_element_of_cli_json(capsys, draft):
    from commplan import check_text

    _, out, _ = run(capsys, "check", str(draft), "--audience", "families", "--format", "json")
    expected = check_text(draft.read_text("utf-8"), "families", path=str(draft)).to_dict()
    assert json.loads(out)["files"][0] == json.loads(json.dumps(expected))


def test_fail_level_controls_exit_status(capsys, draft):
    assert run(capsys, "check", str(draft), "--audience", "families")[0] == 0
    assert (
        run(capsys, "check", str(draft), "--audience", "families", "--fail-level", "warning")[0]
        == 1
    )


def test_text_output_is_readable(capsys, draft):
    _, out, _ = run(capsys, "check", str(draft), "--audience", "families")
    assert f"{draft}:1:5: warning:" in out
    assert "suggestion:" in out
    assert "grade" in out


def test_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Our SARC is out.")))
    code, out, _ = run(capsys, "check", "-", "--format", "json")
    assert code == 0
    assert json.loads(out)["files"][0]["path"] == "-"


def test_empty_file_says_nothing_to_check(capsys, tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"  \n")
    code, out, _ = run(capsys, "check", str(p))
    assert code == 0
    assert "nothing to check" in out
    code, out, _ = run(capsys, "check", str(p), "--format", "json")
    assert json.loads(out)["files"][0]["summary"]["empty"] is True


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Caf\u00e9 menu".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_bytes_exit_2_with_clear_message(capsys, tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    code, _out, err = run(capsys, "check", str(p))
    assert code == 2
    assert message in err and str(p) in err


def test_utf8_bom_and_utf16_are_accepted(capsys, tmp_path):
    a = tmp_path / "bom.txt"
    a.write_bytes("\ufeffHello families.".encode())
    b = tmp_path / "u16.txt"
    b.write_bytes("Hello families.".encode("utf-16"))
    code, out, _ = run(capsys, "check", str(a), str(b), "--format", "json")
    assert code == 0
    assert [f["readability"]["words"] for f in json.loads(out)["files"]] == [2, 2]


def test_oversize_input_is_refused(capsys, tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("word " * 50, "utf-8")
    code, _, err = run(capsys, "check", str(p), "--max-bytes", "100")
    assert code == 2 and "100-byte limit" in err


def test_missing_file_and_directory(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2 and "directory" in err


def test_good_files_still_reported_when_one_is_bad(capsys, tmp_path, draft):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02")
    code, out, _ = run(capsys, "check", str(draft), str(bad), "--format", "json")
    data = json.loads(out)
    assert code == 2
    assert [f["path"] for f in data["files"]] == [str(draft)]
    assert data["errors"][0]["path"] == str(bad)


def test_unknown_audience_is_usage_error(capsys, draft):
    code, _, err = run(capsys, "check", str(draft), "--audience", "martians")
    assert code == 2 and "unknown audience 'martians'" in err


def test_bad_usage_exits_2():
    proc = subprocess.run(
        [sys.executable, "-m", "commplan.cli", "check", "--format", "xml"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("commplan") or str(
        __import__("pathlib").Path(sys.executable).with_name("commplan")
    )
    proc = subprocess.run([exe, "audiences"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "families" in proc.stdout


def test_audiences_json(capsys):
    code, out, _ = run(capsys, "audiences", "--format", "json")
    ids = {a["id"] for a in json.loads(out)}
    assert code == 0 and {"families", "general_public", "policymakers"} <= ids


def test_disable_prefix(capsys, draft):
    _, out, _ = run(
        capsys,
        "check",
        str(draft),
        "--audience",
        "families",
        "--format",
        "json",
        "--disable",
        "jargon",
    )
    rules = {f["rule"] for f in json.loads(out)["files"][0]["findings"]}
    assert not any(r.startswith("jargon") for r in rules)


def test_library_validate_default_is_clean(capsys):
    from message_library import default_library_dir

    code, out, _ = run(capsys, "library", "validate", str(default_library_dir()), "--alone")
    assert code == 0, out
    assert "0 problem(s)" in out


def test_library_validate_reports_broken_examples(capsys, tmp_path):
    (tmp_path / "team.yaml").write_text(
        "glossary:\n"
        "  - term: synergize\n"
        "    category: corporate-speak\n"
        "    plain: [work together]\n"
        "    examples:\n"
        "      fail: ['We will work together.']\n"
        "      pass: ['We will synergize.']\n",
        "utf-8",
    )
    code, out, _ = run(capsys, "library", "validate", str(tmp_path))
    assert code == 1
    assert "glossary synergize: fail example should make the rule complain" in out
    assert "glossary synergize: pass example should make the rule stay quiet" in out


def test_library_validate_unreadable_dir(capsys, tmp_path):
    code, _, err = run(capsys, "library", "validate", str(tmp_path / "missing"))
    assert code == 2 and "no such directory" in err

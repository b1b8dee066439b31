"""The `commplan` command never crashes: any failure exits 2 with one plain paragraph
on stderr naming the command and its input (1 is kept for findings), and
COMMPLAN_DEBUG=1 shows the traceback. Exit codes are checked through the real entry
point (a subprocess), as a shell script or CI job sees them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from commplan import cli
from commplan.cli import main
from tests.dbtemplate import migrated_sqlite_url

ROOT = Path(__file__).resolve().parents[1]
SURVEY = b"Timestamp,Comment\r\n10/5/2025 14:03:11,The bus is late\r\n"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "COMMPLAN_DEBUG"}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "commplan.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environ,
        timeout=300,
    )


def assert_plain_failure(proc: subprocess.CompletedProcess, *names: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    message = proc.stderr.strip()
    assert message.startswith("commplan"), message
    assert "\n\n" not in message  # one paragraph
    for name in names:
        assert name in message, (name, message)


@pytest.fixture
def database(tmp_path, monkeypatch):
    """A migrated, seeded database: a copy of the template that Store.upgrade() (what
    `commplan db upgrade` runs) made once for this test process."""
    url = migrated_sqlite_url(tmp_path, "a.db")
    monkeypatch.setenv("COMMPLAN_DATABASE_URL", url)
    return {"COMMPLAN_DATABASE_URL": url}


def test_import_into_a_plan_that_does_not_exist(tmp_path, database, capsys):
    survey = tmp_path / "survey.csv"
    survey.write_bytes(SURVEY)
    proc = run("feedback", "import", str(survey), "--audience", "families", "--plan", "99",
               env=database)  # fmt: skip
    assert_plain_failure(proc, "plan", "99")
    capsys.readouterr()
    assert main(["feedback", "list"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing was written
    # The same file into an existing plan is imported.
    assert main(["feedback", "import", str(survey), "--audience", "families", "--plan", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 1


def test_check_a_file_above_the_checker_limit_with_a_raised_max_bytes(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Families can reply. " * 60_000, "utf-8")  # 1.2 million characters
    proc = run("check", str(big), "--max-bytes", "2000000")
    assert_plain_failure(proc, str(big), "1,000,000")


def test_a_file_above_the_checker_limit_does_not_stop_the_others(tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_text("Families can reply. " * 60_000, "utf-8")
    small = tmp_path / "small.txt"
    small.write_text("Families can reply.", "utf-8")
    code = main(["check", str(big), str(small), "--max-bytes", "2000000", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 2
    assert [f["path"] for f in data["files"]] == [str(small)]
    assert data["errors"][0]["path"] == str(big) and "1,000,000" in data["errors"][0]["error"]
    assert main(["compare", str(big), str(small), "--max-bytes", "2000000"]) == 2
    assert "1,000,000" in capsys.readouterr().err


def test_an_unexpected_error_is_one_plain_paragraph_and_debug_shows_the_traceback(
    tmp_path, database
):
    target = tmp_path / "missing-folder" / "summary.docx"
    proc = run("feedback", "summary", str(target), env=database)
    assert_plain_failure(proc, "feedback summary", str(target), "COMMPLAN_DEBUG=1")
    debug = run("feedback", "summary", str(target), env={**database, "COMMPLAN_DEBUG": "1"})
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr and str(target) in debug.stderr


def test_other_commands_fail_plainly_too(tmp_path, database):
    assert_plain_failure(run("export", str(tmp_path / "no" / "x.json"), env=database), "export")
    afile = tmp_path / "file.txt"
    afile.write_text("x", "utf-8")
    assert_plain_failure(
        run("library", "export", str(afile / "lib"), env=database), "library export"
    )
    assert_plain_failure(
        run("db", "status", env={"COMMPLAN_DATABASE_URL": "bogus://nowhere"}), "db status"
    )


def test_main_returns_2_not_1_for_any_exception(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("something\nbroke\n\nbadly")

    monkeypatch.setattr(cli, "_audiences", broken)
    monkeypatch.delenv("COMMPLAN_DEBUG", raising=False)
    assert main(["audiences"]) == 2
    err = capsys.readouterr().err
    assert "commplan audiences" in err and "something broke badly" in err
    assert err.count("\n") == 1  # one line
    monkeypatch.setenv("COMMPLAN_DEBUG", "1")
    assert main(["audiences"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_help_documents_the_exit_codes_and_debugging():
    proc = run("--help")
    assert proc.returncode == 0
    assert "COMMPLAN_DEBUG" in proc.stdout and "exit" in proc.stdout.lower()


def _limit_file_size():
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))  # "disk full" at 60 KB


def test_summary_never_half_writes(tmp_path, database):
    """A write that fails part-way (here: a file-size limit, as a full disk) leaves the
    previous summary as it was and no partial or temporary file behind."""
    target = tmp_path / "summary.docx"
    target.write_bytes(b"the previous summary")
    environ = {k: v for k, v in os.environ.items() if k != "COMMPLAN_DEBUG"} | database
    title = os.urandom(60_000).hex()  # hard to compress: the .docx is well over 60 KB
    proc = subprocess.run(
        [sys.executable, "-m", "commplan.cli", "feedback", "summary", str(target),
         "--title", title],
        capture_output=True, text=True, cwd=ROOT, env=environ, timeout=300,
        preexec_fn=_limit_file_size,
    )  # fmt: skip
    assert_plain_failure(proc, "feedback summary", str(target))
    assert target.read_bytes() == b"the previous summary"
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("a.db")] == [target.name]
    # Without the limit it is written whole, in place.
    assert main(["feedback", "summary", str(target), "--title", "Spring"]) == 0
    assert target.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("a.db")] == [target.name]


def test_write_atomic_keeps_permissions_and_leaves_no_temporary_file(tmp_path):
    from commplan.atomicfile import write_atomic

    target = tmp_path / "out.md"
    write_atomic(target, b"one")
    umask = os.umask(0)
    os.umask(umask)
    assert target.read_bytes() == b"one" and target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o600)
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two" and target.stat().st_mode & 0o777 == 0o600
    with pytest.raises(OSError):
        write_atomic(tmp_path / "missing" / "out.md", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_an_import_that_fails_part_way_writes_nothing(tmp_path, database, capsys):
    """The import is one transaction: a failure after rows were inserted (here the
    progress report, called after each batch) leaves no response behind."""
    from commplan.feedback.importer import import_survey
    from commplan.store import Store
    from commplan.store.workspaces import DEFAULT_WORKSPACE, get_workspace

    def fail(done, total):
        raise OSError("the connection dropped")

    store = Store(database["COMMPLAN_DATABASE_URL"])
    with pytest.raises(OSError), store.session() as s:
        ws = get_workspace(s, DEFAULT_WORKSPACE)
        import_survey(s, ws, "ana", SURVEY, "s.csv", audience="families", progress=fail)
    store.dispose()
    capsys.readouterr()
    assert main(["feedback", "list"]) == 0
    assert json.loads(capsys.readouterr().out) == []

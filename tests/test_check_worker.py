"""A check in a worker process with a time limit: same Report as in-process, a
clear CheckTimedOut when it runs over, and a fresh worker afterwards (issue 10)."""

from __future__ import annotations

import pickle
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from commplan import check_text
from commplan.checks.worker import CheckTimedOut, CheckWorker, check_text_limited

REAL = sorted((Path(__file__).parent / "data" / "real_texts").glob("*.txt"))
DRAFT = REAL[0].read_text("utf-8")


@pytest.fixture(scope="module")
def worker():
    w = CheckWorker()
    yield w
    w.close()


def test_report_pickles():
    report = check_text(DRAFT + "\ud800 İ", "families")
    assert pickle.loads(pickle.dumps(report)).to_dict() == report.to_dict()


def test_result_equals_in_process_check(worker, library, audiences):
    args = dict(audiences=audiences, key_message=None, enable=(), disable=("style.passive",))
    got = check_text_limited(DRAFT, "families", library, worker=worker, timeout=120, **args)
    assert got.to_dict() == check_text(DRAFT, "families", library, **args).to_dict()


def test_timeout_kills_the_worker_and_the_next_check_runs(worker):
    check_text_limited("Warm up.", worker=worker, timeout=120)  # started and ready
    first_pid = worker.pid
    big = "\n\n".join(p.read_text("utf-8") for p in REAL) * 3
    with pytest.raises(CheckTimedOut) as caught:
        check_text_limited(big, "families", worker=worker, timeout=0.01)
    message = str(caught.value)
    assert "took too long" in message and f"{len(big):,} characters" in message
    assert worker.pid != first_pid  # killed and replaced
    got = check_text_limited(DRAFT, "families", worker=worker, timeout=120)
    assert got.to_dict() == check_text(DRAFT, "families").to_dict()


def test_works_from_a_server_thread(worker):
    out: dict = {}

    def run() -> None:
        try:
            out["report"] = check_text_limited("Sign up by March 3.", worker=worker, timeout=120)
        except Exception as exc:  # pragma: no cover - reported below
            out["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(180)
    assert "error" not in out
    assert out["report"].to_dict() == check_text("Sign up by March 3.").to_dict()


def test_bad_arguments_raise_the_same_errors(worker):
    from audiences import UnknownAudience

    with pytest.raises(UnknownAudience):
        check_text_limited("Hello there.", "no_such_audience", worker=worker, timeout=120)
    with pytest.raises(TypeError):
        check_text_limited(b"bytes", worker=worker)
    with pytest.raises(ValueError, match="timeout"):
        check_text_limited("Hello.", worker=worker, timeout=0)


def test_the_worker_does_not_run_the_apps_main_script(tmp_path, monkeypatch):
    # Streamlit runs each page as __main__ with __file__ set to the app script;
    # multiprocessing's spawn/forkserver would re-run that script in the worker.
    import types

    marker = tmp_path / "ran"
    script = tmp_path / "streamlit_app.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n", "utf-8")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(script)
    monkeypatch.setitem(__import__("sys").modules, "__main__", fake_main)
    w = CheckWorker()
    try:
        got = check_text_limited("Sign up by March 3.", worker=w, timeout=120)
    finally:
        w.close()
    assert got.to_dict() == check_text("Sign up by March 3.").to_dict()
    assert not marker.exists()


def test_a_caller_that_waits_too_long_for_a_busy_worker_is_told_so(worker):
    check_text_limited("Warm up.", worker=worker, timeout=120)
    # worker._lock held: another session's check is running
    with worker._lock, pytest.raises(CheckTimedOut) as caught:
        check_text_limited("Hello there.", worker=worker, timeout=0.05)
    assert caught.value.busy and "busy with another draft" in str(caught.value)


def test_a_slow_worker_start_does_not_count_against_the_check_time(monkeypatch):
    """Starting the worker (a new interpreter building the pipeline) has its own limit,
    STARTUP_TIMEOUT; the check's time limit starts when the worker is ready. On a busy
    machine the start alone took over 20 s, and a 21-word draft was reported as "took
    too long to check". A fake clock makes the start last 1,000 s, deterministically."""
    from commplan.checks import worker as module

    clock = [0.0]
    # The worker module's own clock only (the pipes' poll keeps the real one).
    monkeypatch.setattr(module, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    real_ready = CheckWorker._ensure_ready

    def slow_ready(self):
        real_ready(self)
        clock[0] += 1000.0

    monkeypatch.setattr(CheckWorker, "_ensure_ready", slow_ready)
    w = CheckWorker()
    try:
        report = check_text_limited("Sign up by March 3.", worker=w, timeout=60)
    finally:
        w.close()
    assert report.readability["words"] == 5

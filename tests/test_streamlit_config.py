"""The app's Streamlit settings that keep a running server safe (.streamlit/config.toml)."""

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def settings() -> dict:
    return tomllib.loads(CONFIG.read_text("utf-8"))


def test_a_running_server_never_reloads_changed_source_files():
    # Streamlit's file watcher drops a changed module so the next run imports it again;
    # the store's models then exist twice, the audit log's class table holds the old
    # ones, and every save failed with "nothing was saved" until a restart (found by
    # a new user's session while a source file changed on disk). Code updates take a
    # restart instead.
    assert settings()["server"]["fileWatcherType"] == "none"


def test_pages_show_no_tracebacks_and_no_links_off_the_machine():
    client = settings()["client"]
    assert client["showErrorDetails"] == "none"
    assert client["showErrorLinks"] is False

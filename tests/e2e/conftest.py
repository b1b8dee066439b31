"""A live commplan server and Debian's headless Chromium, driven by Playwright.

Chromium comes from Debian's package (scripts/ensure-chromium.sh); a missing
browser fails these tests unless COMMPLAN_SKIP_BROWSER=1 is set on purpose.
Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(
    proc: subprocess.Popen,
    probe: str,
    what: str,
    seconds: float,
    pause: float,
    ready=lambda resp: resp.status == 200,
) -> None:
    """Poll ``probe`` until ``ready(response)``; fail loudly with the end of the
    process's stderr if it exits or ``seconds`` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if ready(resp):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            raise RuntimeError(f"{what} did not start: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(pause)


@contextmanager
def running_app(data_dir: Path, extra_args: tuple[str, ...] = ()):
    """Start commplan (with its own embedded database) on a free port; yield its URL.
    ``extra_args``: more ``streamlit run`` options (e.g. ``--secrets.files``)."""
    port = _free_port()
    env = {
        **os.environ,
        "COMMPLAN_DATABASE_URL": f"sqlite:///{data_dir / 'app.db'}",
        "COMMPLAN_USER": "e2e",
    }
    subprocess.run(
        [sys.executable, "-m", "commplan.cli", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "streamlit_app.py"),
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *extra_args,
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, f"{url}/_stcore/health", "the app", seconds=60, pause=0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("e2e")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if os.environ.get("COMMPLAN_SKIP_BROWSER") == "1":
        pytest.skip("COMMPLAN_SKIP_BROWSER=1: browser tests skipped on request")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: run scripts/ensure-chromium.sh", pytrace=False)
    from playwright.sync_api import expect, sync_playwright

    # Playwright's 5 s for an expectation is too short when CI runs two test workers,
    # a server per worker and Chromium on two cores: a plans page that took 6 s to
    # appear failed a journey that passes alone. A passing expectation returns as soon
    # as it holds, so the longer limit costs nothing.
    expect.set_options(timeout=20_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.dialogs = []  # any alert() fired by injected script lands here
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.base_url = server
    yield page
    context.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

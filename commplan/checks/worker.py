"""Run a draft check in a separate worker process, with a time limit.

A check that runs too long (a huge or hostile draft) must not stall the server:
:func:`check_text_limited` sends the draft to a worker process and waits at most
``timeout`` seconds. A worker that runs over is killed and replaced, and the
caller gets :class:`CheckTimedOut`, whose message says what to do.

The worker is started once and reused: it builds the spaCy pipeline and the
compiled library once (about a second), not per check.

How the worker starts, deliberately: a fresh interpreter (``subprocess`` running
:func:`_main`), talking over a pair of pipes with ``multiprocessing``'s
length-prefixed pickles. Not ``fork``: the caller is usually a Streamlit server
thread, and forking a process with running threads copies whatever locks they
hold (the child can deadlock; Python 3.12 warns) along with the whole server.
Not ``multiprocessing``'s ``spawn`` or ``forkserver`` either: both re-import the
parent's ``__main__`` in the child, and Streamlit runs each page as ``__main__``
with ``__file__`` set to the app script, so the worker would run the app (and a
page that starts a check would recurse). A plain new interpreter imports only
this module; nothing depends on an ``if __name__ == "__main__"`` block in the app.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from audiences import Audience, AudienceSet
from message_library import Library

from .engine import MAX_CHARS, check_text, resolve_audience
from .findings import Report, Severity

DEFAULT_TIMEOUT = 20.0  # seconds for one check; 1 MB of prose takes about 5 s
STARTUP_TIMEOUT = 120.0  # seconds for a new worker to import spaCy and build the pipeline
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the directory holding commplan/

class CheckTimedOut(Exception):
    """The check took longer than its time limit; the worker was stopped."""

    def __init__(self, chars: int, words: int, timeout: float, *, busy: bool = False):
        self.chars, self.words, self.timeout, self.busy = chars, words, timeout, busy
        if busy:
            message = (
                f"The checker was busy with another draft for {timeout:g} seconds, so this "
                f"one ({chars:,} characters) was not checked. Try again in a moment."
            )
        else:
            message = (
                f"The draft took too long to check: it is {chars:,} characters (about "
                f"{words:,} words) and the check stopped after {timeout:g} seconds. "
                "Check a shorter part of it (for example one section at a time), or "
                "remove pasted material such as long links, tables or symbols, and try again."
            )
        super().__init__(message)


class WorkerFailed(RuntimeError):
    """The worker process could not start or died during a check."""


def _main() -> None:
    """Entry point of the worker interpreter: ``python -c ... READ_FD WRITE_FD``."""
    read_fd, write_fd = (int(a) for a in sys.argv[1:3])
    _serve(Connection(read_fd, writable=False), Connection(write_fd, readable=False))


def _serve(inbox: Connection, outbox: Connection) -> None:
    """The worker's loop: build the pipeline once, then check drafts until told to stop."""
    from ..nlp import get_nlp
    from .spanish import default_compiled

    get_nlp()  # the slow part, once
    # The Spanish pipeline and rules too (about 1 s more, several under load): built on
    # the first Spanish draft instead, they could take that draft past its time limit.
    default_compiled()
    library: Library | None = None
    library_key: str | None = None
    outbox.send(("ready", os.getpid()))
    while True:
        try:
            job = inbox.recv()
        except EOFError:
            return
        if job is None:
            return
        job_id, lib_key, lib, kwargs = job
        if lib is not None or lib_key != library_key:
            library, library_key = lib, lib_key
        try:
            result: tuple[str, Any] = ("ok", check_text(library=library, **kwargs))
        except Exception as exc:  # sent back and raised in the caller
            result = ("error", _portable(exc))
        outbox.send((job_id, *result))


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling both ways, else a RuntimeError naming it."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


class CheckWorker:
    """One worker process, used by one check at a time (a lock serialises callers)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._send: Connection | None = None
        self._conn: Connection | None = None  # replies
        self._ready = False
        self._library_key: str | None = None
        self._jobs = 0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the process (returns at once; the first check waits for it to be ready)."""
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p
        )
        try:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from commplan.checks.worker import _main; _main()",
                    str(to_child_r),
                    str(from_child_w),
                ],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                env=env,
                close_fds=True,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._process = process
        self._send = Connection(to_child_w, readable=False)
        self._conn = Connection(from_child_r, writable=False)
        self._ready, self._library_key = False, None

    def _ensure_ready(self) -> None:
        if not self._alive():
            self.stop()
            self.start()
        if self._ready:
            return
        if not self._conn.poll(STARTUP_TIMEOUT):
            self.stop()
            raise WorkerFailed(f"the check worker did not start within {STARTUP_TIMEOUT:g} s")
        try:
            message = self._conn.recv()
        except EOFError:
            self.stop()
            raise WorkerFailed("the check worker stopped while starting") from None
        if not (isinstance(message, tuple) and message[0] == "ready"):
            self.stop()
            raise WorkerFailed(f"the check worker sent {message!r} instead of 'ready'")
        self._ready = True

    def stop(self) -> None:
        """Kill the process now (a check in it is abandoned)."""
        process, send, conn = self._process, self._send, self._conn
        self._process = self._send = self._conn = None
        self._ready = False
        for c in (send, conn):
            if c is not None:
                c.close()
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait(5)

    def close(self) -> None:
        """Ask the process to finish, then make sure it has."""
        with self._lock:
            if self._send is not None:
                with contextlib.suppress(OSError, ValueError):
                    self._send.send(None)
            if self._process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._process.wait(2)
            self.stop()

    def check(self, text: str, library: Library | None, kwargs: dict, timeout: float) -> Report:
        if not self._lock.acquire(timeout=timeout):
            raise CheckTimedOut(len(text), len(text.split()), timeout, busy=True)
        try:
            self._ensure_ready()
            # The check's own limit starts now: a (re)start has STARTUP_TIMEOUT.
            deadline = time.monotonic() + timeout
            self._jobs += 1
            job_id = self._jobs
            # The library goes over once per worker; after that only its fingerprint.
            key = library.fingerprint if library is not None else None
            send_library = library if key != self._library_key else None
            try:
                self._send.send((job_id, key, send_library, {"text": text, **kwargs}))
            except (OSError, ValueError) as exc:
                self.stop()
                raise WorkerFailed(f"could not send the draft to the check worker: {exc}") from exc
            self._library_key = key
            if not self._conn.poll(max(0.0, deadline - time.monotonic())):
                self.stop()
                self.start()  # the replacement warms up while the user reads the message
                raise CheckTimedOut(len(text), len(text.split()), timeout)
            try:
                reply_id, status, payload = self._conn.recv()
            except EOFError:
                self.stop()
                raise WorkerFailed("the check worker stopped during the check") from None
            if reply_id != job_id:
                self.stop()
                raise WorkerFailed("the check worker answered a different check")
            if status == "error":
                raise payload
            return payload
        finally:
            self._lock.release()


_worker: CheckWorker | None = None
_worker_lock = threading.Lock()


def shared_worker() -> CheckWorker:
    """The process-wide worker (created on first use)."""
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = CheckWorker()
            atexit.register(_worker.close)
        return _worker


def check_text_limited(
    text: str,
    audience: str | Audience = "general_public",
    library: Library | None = None,
    *,
    audiences: AudienceSet | None = None,
    path: str | None = None,
    key_message: str | None = None,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
    min_severity: Severity | str = Severity.suggestion,
    timeout: float = DEFAULT_TIMEOUT,
    worker: CheckWorker | None = None,
) -> Report:
    """:func:`commplan.check_text` in the shared worker process, stopped after ``timeout`` s.

    Returns the same :class:`Report` as ``check_text``. Raises
    :class:`CheckTimedOut` when the check runs over (the worker is killed and a
    new one started), :class:`WorkerFailed` when the worker cannot start, and
    whatever ``check_text`` raises for bad arguments (``UnknownAudience``,
    ``ValueError``, ``TypeError``).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ValueError(f"text is {len(text):,} characters; the limit is {MAX_CHARS:,}")
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, not {timeout!r}")
    # Resolved here, so an unknown audience raises UnknownAudience in the caller.
    kwargs = {
        "audience": resolve_audience(audience, audiences),
        "audiences": audiences,
        "path": path,
        "key_message": key_message,
        "enable": tuple(enable),
        "disable": tuple(disable),
        "min_severity": min_severity,
    }
    return (worker or shared_worker()).check(text, library, kwargs, timeout)

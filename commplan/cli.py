"""The ``commplan`` command.

Exit status: 0 fine; 1 when a finding is at or above ``--fail-level`` (or a
library does not validate); 2 on bad usage, unreadable input, or any other
failure. A failure is reported as one plain paragraph on stderr naming the
command and its input, never as a traceback; set ``COMMPLAN_DEBUG=1`` to see
the traceback too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

from audiences import UnknownAudience, load_default_audiences
from commplan.wording import plural
from message_library import DataFileError, Library, load_default_library, load_library

from .atomicfile import write_atomic
from .checks import Report, Severity, check_text
from .checks.engine import MAX_CHARS
from .checks.readability_es import describe as describe_spanish
from .textio import DEFAULT_MAX_BYTES, InputError, read_text_input

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEBUG_ENV = "COMMPLAN_DEBUG"
EPILOG = (
    "exit status: 0 fine; 1 when a finding is at or above --fail-level (or a library "
    "does not validate); 2 on bad usage, unreadable input or any other failure, with "
    f"one plain message on stderr. Set {DEBUG_ENV}=1 to also print the traceback of "
    "an unexpected failure (for a bug report)."
)


class UsageError(Exception):
    pass


def _read_checkable(path: str, max_bytes: int) -> str:
    """A file's text, refused (InputError) if the checker cannot take it: over
    ``--max-bytes``, or, with a raised ``--max-bytes``, over the checker's own limit."""
    text = read_text_input(path, max_bytes)
    if len(text) > MAX_CHARS:
        name = "<stdin>" if path == "-" else path
        raise InputError(
            f"{name}: {len(text):,} characters; a draft is checked up to {MAX_CHARS:,} "
            "characters at a time, so split it into parts and check each"
        )
    return text


def _add_report_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by the commands that report findings."""
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--fail-level",
        default="error",
        choices=[s.name for s in Severity],
        help="exit 1 when any finding is at or above this level (default: error)",
    )
    parser.add_argument("--library", metavar="DIR", help="a team library directory")
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"largest input accepted in bytes (default {DEFAULT_MAX_BYTES:,}); a file is "
        f"checked up to {MAX_CHARS:,} characters whatever this is",
    )


LIMIT_HELP = {
    "max_bytes": "largest file, in bytes",
    "max_uncompressed_bytes": "largest total an .xlsx may unpack to, in bytes",
    "max_member_bytes": "largest any one part of an .xlsx may unpack to, in bytes",
    "max_compression_ratio": "largest unpacked/packed ratio of an .xlsx part over 1 MB",
    "max_cell_chars": "longest cell, in characters (Excel's own limit is 32,767)",
    "max_columns": "most columns",
    "max_rows": "most rows, header rows included",
    "max_cells": "most cells (rows x columns) an .xlsx sheet may span",
    "max_parts": "most files inside an .xlsx (a zip)",
}


def _add_limit_options(parser: argparse.ArgumentParser) -> None:
    """One option per survey-file limit; a file over any is refused before it is read whole."""
    from dataclasses import fields

    from .feedback.imports import DEFAULT_LIMITS, Limits, option

    for f in fields(Limits):
        default = getattr(DEFAULT_LIMITS, f.name)
        parser.add_argument(
            option(f.name),
            dest=f.name,
            type=int,
            default=default,
            metavar="N",
            help=f"{LIMIT_HELP.get(f.name, f.name)} (default {default:,})",
        )


def _limits(args: argparse.Namespace):
    from dataclasses import fields

    from .feedback.imports import Limits

    return Limits(**{f.name: getattr(args, f.name) for f in fields(Limits)})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commplan",
        description="Plan, draft and test strategic communication for education agencies.",
        epilog=EPILOG,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="check drafts for jargon, acronyms and readability")
    check.add_argument("files", nargs="*", metavar="FILE", help="files to check; - for stdin")
    _add_report_options(check)
    check.add_argument(
        "--audience", default="general_public", help="audience id (see `commplan audiences`)"
    )
    check.add_argument(
        "--min-severity",
        default="suggestion",
        choices=[s.name for s in Severity],
        help="hide findings below this level",
    )
    check.add_argument(
        "--key-message", metavar="ID", help="the library key message the draft should carry"
    )
    check.add_argument(
        "--enable",
        action="append",
        default=[],
        metavar="PREFIX",
        help="only these rule-id prefixes (repeatable)",
    )
    check.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="PREFIX",
        help="switch off rule-id prefixes, e.g. readability.sentence (repeatable)",
    )

    compare = sub.add_parser("compare", help="compare variants of one message across audiences")
    compare.add_argument("files", nargs="+", metavar="FILE", help="two or more variants")
    _add_report_options(compare)
    compare.add_argument(
        "--audience",
        action="append",
        default=[],
        metavar="ID",
        help="one audience for all files, or one per file in order (repeatable)",
    )

    auds = sub.add_parser("audiences", help="list audience profiles")
    auds.add_argument("--format", choices=("text", "json"), default="text")

    db = sub.add_parser("db", help="the database (COMMPLAN_DATABASE_URL, or the embedded file)")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = db_sub.add_parser("upgrade", help="create or upgrade the database; seed a new one")
    up.add_argument("--no-seed", action="store_true", help="do not seed a new database")
    db_sub.add_parser("status", help="where the database is and its schema revision")

    export = sub.add_parser("export", help="write a whole workspace as JSON")
    export.add_argument("path", metavar="PATH")
    export.add_argument("--workspace", default=None, help="workspace name (default: the only one)")
    imp = sub.add_parser("import", help="load a workspace export into this database")
    imp.add_argument("path", metavar="PATH")
    imp.add_argument("--as", dest="rename", metavar="NAME", help="import under another name")

    aud = sub.add_parser("audit", help="the activity log: who changed what, and when")
    aud_sub = aud.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    aud_export = aud_sub.add_parser(
        "export", help="write a workspace's activity log as CSV or Excel (.xlsx)"
    )
    aud_export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="FILE.csv or FILE.xlsx"
    )
    aud_export.add_argument(
        "--workspace", default=None, help="workspace name (default: the only one)"
    )
    aud_export.add_argument(
        "--kind", action="append", default=[], metavar="KIND",
        help="only this kind of record (plan, draft, response, responses, library entry, ...; "
        "repeat for several)",
    )  # fmt: skip
    aud_export.add_argument("--person", default=None, help="only changes by this name or email")
    aud_export.add_argument("--since", type=_date_arg, default=None, metavar="YYYY-MM-DD")
    aud_export.add_argument("--until", type=_date_arg, default=None, metavar="YYYY-MM-DD")

    fb = sub.add_parser("feedback", help="import and list what interest holders said")
    fb_sub = fb.add_subparsers(dest="feedback_command", required=True, metavar="ACTION")
    fb_import = fb_sub.add_parser(
        "import",
        help="import a survey export (prints a JSON summary)",
        description="Import a survey export: Qualtrics, SurveyMonkey, Google Forms, their "
        ".xlsx versions, or any CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252) "
        "with --map. Text ratings (Very clear, Strongly agree, Excellent...) become ratings "
        "on a 1-5 scale. Prints a JSON summary on stdout (its \"message\" says what "
        "happened, e.g. \"12 new responses; 3 rows skipped (test previews)\") and the "
        "message on stderr.",
    )
    fb_import.add_argument("file", metavar="FILE")
    fb_import.add_argument(
        "--format",
        default="auto",
        choices=["auto", "qualtrics", "surveymonkey", "google-forms", "csv", "xlsx"],
    )
    fb_import.add_argument("--audience", help="audience id for every row (unless mapped)")
    fb_import.add_argument("--plan", type=int, metavar="ID", help="plan id the survey is about")
    fb_import.add_argument("--channel", metavar="NAME", help="e.g. 'spring family survey'")
    fb_import.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="map a column to answer, response_id, received_on, audience, channel, "
        "identifying or ignore (repeatable)",
    )
    fb_import.add_argument(
        "--value",
        action="append",
        default=[],
        metavar="[COLUMN:]ANSWER=AUDIENCE",
        help="what an answer of the column mapped to audience means, e.g. --value "
        "'Parent/guardian=families' or --value 'Which best describes you?:Teacher=educators' "
        "(an audience id or name; repeatable). Answers that plainly name an audience "
        "(Parent, Teacher, Student, Community member...) are mapped without it; the rest "
        "go to --audience and are reported, or are refused when there is no --audience",
    )
    fb_import.add_argument(
        "--date-order",
        choices=["auto", "mdy", "dmy"],
        default="auto",
        help="how to read a date like 03/04/2024 when a column's own dates cannot tell "
        "(a day over 12 settles it); auto reads month/day and says so (default: auto)",
    )
    fb_import.add_argument(
        "--keep-identifying",
        action="store_true",
        help="store names, emails, IP addresses and locations too",
    )
    fb_import.add_argument("--workspace", default=None)
    fb_import.add_argument("--by", default=None, help="who is importing")
    _add_limit_options(fb_import)
    fb_analyse = fb_sub.add_parser("analyse", help="tag themes and sentiment (after an import)")
    fb_analyse.add_argument("--redo", action="store_true", help="re-analyse every response")
    fb_analyse.add_argument("--workspace", default=None)
    fb_summary = fb_sub.add_parser("summary", help='write a "you said, we did" summary')
    fb_summary.add_argument("path", metavar="PATH", help="a .md or .docx file")
    fb_summary.add_argument("--title", default="You said, we did")
    fb_summary.add_argument("--workspace", default=None)
    fb_list = fb_sub.add_parser("list", help="list responses as JSON or CSV")
    fb_list.add_argument("--format", choices=("json", "csv"), default="json")
    fb_list.add_argument("--workspace", default=None)
    fb_list.add_argument("--audience", action="append", default=[], metavar="ID")
    fb_list.add_argument("--channel", action="append", default=[], metavar="NAME")
    fb_list.add_argument("--theme", action="append", default=[], metavar="THEME")
    fb_list.add_argument(
        "--status", action="append", default=[], choices=["heard", "decided", "told_back"]
    )
    fb_list.add_argument("--plan", type=int, metavar="ID")
    fb_list.add_argument("--since", type=_date_arg, metavar="YYYY-MM-DD")
    fb_list.add_argument("--until", type=_date_arg, metavar="YYYY-MM-DD")
    fb_list.add_argument("--search", metavar="TEXT")
    fb_list.add_argument("--limit", type=int, default=100_000)

    # ---- plan commands (listening follow-ups calendar) ----
    plan = sub.add_parser("plan", help="work with communication plans")
    plan_sub = plan.add_subparsers(dest="plan_command", required=True, metavar="ACTION")
    plan_cal = plan_sub.add_parser(
        "calendar",
        help="write the listening loops' follow-up dates as an .ics calendar (RFC 5545)",
        description="One all-day event per listening loop with a next follow-up date; a "
        "regular cadence (weekly, monthly, every six weeks...) repeats the event.",
    )
    plan_cal.add_argument(
        "--plan", type=int, action="append", default=[], metavar="ID",
        help="a plan id (repeat for several; default: every plan in the workspace)",
    )  # fmt: skip
    plan_cal.add_argument(
        "-o", "--output", metavar="FILE", default="-", help="the .ics file (default: stdout)"
    )
    plan_cal.add_argument("--workspace", default=None)

    lib = sub.add_parser("library", help="work with message libraries")
    lib_sub = lib.add_subparsers(dest="library_command", required=True, metavar="ACTION")
    lib_export = lib_sub.add_parser("export", help="write a workspace's library as YAML files")
    lib_export.add_argument("directory", metavar="DIR")
    lib_export.add_argument("--workspace", default=None)
    lib_import = lib_sub.add_parser(
        "import", help="make a workspace's library equal a YAML library directory"
    )
    lib_import.add_argument("directory", metavar="DIR")
    lib_import.add_argument("--workspace", default=None)
    lib_import.add_argument("--by", default=None, help="who is making the change")
    validate = lib_sub.add_parser(
        "validate", help="validate a library directory and run its examples"
    )
    validate.add_argument("directory", metavar="DIR")
    validate.add_argument(
        "--alone",
        action="store_true",
        help="validate DIR on its own, not on top of the default library",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except UsageError as exc:
        print(f"commplan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("commplan: interrupted; any database change was rolled back", file=sys.stderr)
        return 130
    except Exception as exc:  # anything else: a plain message and exit 2, never 1
        if _debugging():
            traceback.print_exc()
        print(unexpected_failure(args, exc), file=sys.stderr)
        return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return _check(args)
    if args.command == "compare":
        return _compare(args)
    if args.command == "audiences":
        return _audiences(args)
    if args.command == "library":
        if args.library_command == "validate":
            return _library_validate(args)
        return _library_exchange(args)
    if args.command in ("db", "export", "import"):
        return _database(args)
    if args.command == "feedback":
        return _feedback(args)
    if args.command == "audit":
        return _audit_export(args)
    if args.command == "plan":
        return _plan_calendar(args)
    return EXIT_USAGE


def _debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


def _command_name(args: argparse.Namespace) -> str:
    words = [args.command]
    for attr in ("db_command", "feedback_command", "library_command", "plan_command"):
        if getattr(args, attr, None):
            words.append(getattr(args, attr))
    return " ".join(words)


def _inputs(args: argparse.Namespace) -> list[str]:
    named = []
    for attr in ("file", "files", "path", "directory", "output"):
        value = getattr(args, attr, None)
        if isinstance(value, list):
            named += [str(v) for v in value]
        elif value:
            named.append(str(value))
    return named


def unexpected_failure(args: argparse.Namespace, exc: BaseException, limit: int = 400) -> str:
    """One paragraph: the command, its input, the error (first line, folded), and how
    to see more. The error text is data: it is printed, never interpreted."""
    text = str(exc)
    if hasattr(exc, "statement") and hasattr(exc, "orig"):
        text = (text.splitlines() or [""])[0]  # a database error: not its SQL and values
    detail = " ".join(text.split())
    if isinstance(exc, OSError) and exc.strerror:
        detail = f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    if len(detail) > limit:
        detail = detail[: limit - 1] + "…"
    inputs = _inputs(args)
    where = f" on {', '.join(inputs)}" if inputs else ""
    return (
        f"commplan {_command_name(args)}: failed{where}: {type(exc).__name__}"
        + (f": {detail}" if detail else "")
        + ". Any database change was rolled back. If the cause is not clear, run it again "
        f"with {DEBUG_ENV}=1 to see the traceback."
    )


def _load_library(directory: str | None) -> Library | None:
    if directory is None:
        return None
    try:
        return load_library(directory)
    except DataFileError as exc:
        raise UsageError(f"library: {exc}") from None


def _check(args: argparse.Namespace) -> int:
    try:
        audience = load_default_audiences().get(args.audience)
    except UnknownAudience as exc:
        raise UsageError(str(exc)) from None
    if args.max_bytes <= 0:
        raise UsageError("--max-bytes must be positive")
    library = _load_library(args.library)
    known_messages = {m.id for m in (library or load_default_library()).key_messages}
    if args.key_message and args.key_message not in known_messages:
        raise UsageError(
            f"unknown key message {args.key_message!r}; known: {', '.join(sorted(known_messages))}"
        )
    paths = args.files or ["-"]
    if paths.count("-") > 1:
        raise UsageError("standard input (-) can be named only once")

    reports: list[Report] = []
    errors: list[dict[str, str]] = []
    for path in paths:
        try:
            text = _read_checkable(path, args.max_bytes)
        except InputError as exc:
            errors.append({"path": path, "error": str(exc)})
            print(f"commplan: {exc}", file=sys.stderr)
            continue
        reports.append(
            check_text(
                text,
                audience,
                library,
                path=path,
                key_message=args.key_message,
                enable=args.enable,
                disable=args.disable,
                min_severity=args.min_severity,
            )
        )

    if args.format == "json":
        payload: dict[str, Any] = {"files": [r.to_dict() for r in reports]}
        if errors:
            payload["errors"] = errors
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for report in reports:
            sys.stdout.write(format_text_report(report))
    if errors:
        return EXIT_USAGE
    fail_level = Severity.parse(args.fail_level)
    return EXIT_FINDINGS if any(r.at_or_above(fail_level) for r in reports) else EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    from .checks.consistency import compare_texts

    if len(args.files) < 2:
        raise UsageError("compare needs at least two files")
    ids = args.audience or ["general_public"]
    if len(ids) == 1:
        ids = ids * len(args.files)
    if len(ids) != len(args.files):
        raise UsageError(
            f"give one --audience for all files or one per file "
            f"({plural(len(args.files), 'file')}, {plural(len(ids), 'audience')})"
        )
    audiences = load_default_audiences()
    try:
        profiles = [audiences.get(i) for i in ids]
    except UnknownAudience as exc:
        raise UsageError(str(exc)) from None
    library = _load_library(args.library)
    variants = []
    for path, profile in zip(args.files, profiles, strict=True):
        try:
            variants.append((path, _read_checkable(path, args.max_bytes), profile))
        except InputError as exc:
            raise UsageError(str(exc)) from None
    result = compare_texts(variants, library, audiences=audiences)
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for report in result.reports:
            sys.stdout.write(format_text_report(report))
        for f in result.findings:
            where = ", ".join(
                f"{loc['path']}:{loc['line']}:{loc['column']}" for loc in f["locations"]
            )
            print(f"{where}: {f['severity']}: {f['message']} [{f['rule']}]")
        if not result.findings:
            print("The variants agree on the facts, values and key messages.")
    return EXIT_FINDINGS if result.at_or_above(Severity.parse(args.fail_level)) else EXIT_OK


def format_text_report(report: Report) -> str:
    """A report as a person reads it: one finding a line, then the readability summary."""
    name = report.path or "<text>"
    if report.summary.get("empty"):
        return f"{name}: nothing to check (the file is empty)\n"
    lines = []
    for f in report.findings:
        lines.append(f"{name}:{f.line}:{f.column}: {f.severity.name}: {f.message} [{f.rule}]")
        if f.suggestion:
            lines.append(f"    suggestion: {f.suggestion}")
    r = report.readability
    if r.get("language") == "es":
        lines.append(
            f"{name}: {describe_spanish(r)} for {report.audience}; "
            f"{plural(r['words'], 'word')}, {plural(r['sentences'], 'sentence')}"
        )
    elif "consensus_grade" in r:
        lines.append(
            f"{name}: grade {r['consensus_grade']:.1f} for {report.audience} "
            f"(target {r['target_grade']:g}); Flesch reading ease "
            f"{r['flesch_reading_ease']:.0f}; {plural(r['words'], 'word')}, "
            f"{plural(r['sentences'], 'sentence')}"
        )
    else:
        lines.append(f"{name}: no readability estimate ({plural(r.get('words', 0), 'word')})")
    lines.append(f"{name}: {report.summary['verdict']}")
    return "\n".join(lines) + "\n"


def _audiences(args: argparse.Namespace) -> int:
    audiences = list(load_default_audiences())
    if args.format == "json":
        json.dump([a.model_dump(mode="json") for a in audiences], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    width = max(len(a.id) for a in audiences)
    for a in audiences:
        print(f"{a.id:<{width}}  grade {a.reading_grade_target:>4g}  {a.name}")
    return EXIT_OK


def _library_validate(args: argparse.Namespace) -> int:
    from .library_tools import validate_library

    try:
        library = load_library(args.directory, include_default=not args.alone)
    except DataFileError as exc:
        print(f"commplan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    problems = validate_library(library, load_default_audiences())
    for problem in problems:
        print(problem)
    counts = {
        s: len(getattr(library, s))
        for s in ("values", "key_messages", "glossary", "preferred_terms", "frames_to_avoid")
    }
    summary = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items())
    print(f"{args.directory}: {summary}; {len(problems)} problem(s)")
    return EXIT_FINDINGS if problems else EXIT_OK


def _identity(given: str | None = None) -> str:
    """Who is acting: until authentication exists, a plain name (COMMPLAN_USER or $USER)."""
    import getpass
    import os

    return given or os.environ.get("COMMPLAN_USER") or getpass.getuser() or "commplan"


def _open_store():
    from .store import Store, StoreError

    store = Store()
    if store.revision() is None:
        raise UsageError(f"no database at {store.url}; run `commplan db upgrade` first")
    return store, StoreError


def _workspace(session, name: str | None):
    from .store.workspaces import get_workspace, list_workspaces

    if name:
        return get_workspace(session, name)
    spaces = list_workspaces(session)
    if len(spaces) != 1:
        names = ", ".join(w.name for w in spaces) or "none"
        raise UsageError(f"name a workspace with --workspace (this database has: {names})")
    return spaces[0]


def _database(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .store import Store, StoreError
    from .store.exchange import export_workspace, import_workspace, read_export, write_export

    try:
        if args.command == "db":
            store = Store()
            if args.db_command == "status":
                print(f"database: {store.url}")
                print(f"schema revision: {store.revision() or 'none (run commplan db upgrade)'}")
                return EXIT_OK
            seeded = store.upgrade(seed=not args.no_seed)
            print(
                f"{store.url}: schema at revision {store.revision()}"
                + ("; seeded with the default library and audiences" if seeded else "")
            )
            return EXIT_OK
        if args.command == "export":
            store, _ = _open_store()
            with store.session() as session:
                data = export_workspace(session, _workspace(session, args.workspace))
            write_export(data, Path(args.path))
            print(f"wrote workspace {data['workspace']['name']!r} to {args.path}")
            return EXIT_OK
        data = read_export(Path(args.path))  # validated before the database is touched
        store = Store()
        store.upgrade(seed=False)
        with store.session() as session:
            workspace = import_workspace(session, data, rename=args.rename)
            name = workspace.name
        print(f"imported workspace {name!r} from {args.path}")
        return EXIT_OK
    except StoreError as exc:
        print(f"commplan: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _audit_export(args: argparse.Namespace) -> int:
    """``commplan audit export``: the command line works on the database directly (local
    mode: whoever can open the database file or URL can read everything in it)."""
    from pathlib import Path

    from .store.audit import KINDS, export_bytes

    output = Path(args.output)
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise UsageError(f"the output must end in .csv or .xlsx, not {output.name!r}")
    unknown = [k for k in args.kind if k not in KINDS]
    if unknown:
        raise UsageError(f"unknown kind {unknown[0]!r}; use one of: {', '.join(KINDS)}")
    if args.since and args.until and args.since > args.until:
        raise UsageError("--since is after --until")
    store, store_error = _open_store()
    try:
        with store.session() as session:
            workspace = _workspace(session, args.workspace)
            data = export_bytes(
                session,
                workspace,
                fmt,
                kinds=args.kind,
                person=args.person,
                since=args.since,
                until=args.until,
            )
            name = workspace.name
    except store_error as exc:
        print(f"commplan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        write_atomic(output, data)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    print(f"wrote the activity log of workspace {name!r} to {output}")
    return EXIT_OK


def _date_arg(value: str):
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _feedback(args: argparse.Namespace) -> int:
    from .feedback.imports import SurveyFileError

    store, store_error = _open_store()
    try:
        with store.session() as session:
            workspace = _workspace(session, args.workspace)
            if args.feedback_command == "import":
                return _feedback_import(args, session, workspace)
            if args.feedback_command == "analyse":
                from .feedback.analysis import analyse_in_batches
                from .store.documents import load_workspace_library

                library = load_workspace_library(session, workspace)
                count = analyse_in_batches(store.session, workspace, library, redo=args.redo)
                print(json.dumps({"analysed": count}))
                return EXIT_OK
            if args.feedback_command == "summary":
                return _feedback_summary(args, session, workspace)
            return _feedback_list(args, session, workspace)
    except (store_error, SurveyFileError) as exc:
        print(f"commplan: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _feedback_import(args, session, workspace) -> int:
    from pathlib import Path

    from .feedback.importer import import_survey
    from .feedback.imports import SurveyFileError, parse_mapping, parse_value_map
    from .store.documents import load_workspace_audiences

    limits = _limits(args)  # checked first: a bad option is refused before any reading
    mapping = parse_mapping(args.map)
    audiences = load_workspace_audiences(session, workspace)
    names = {a.id: a.name for a in audiences}
    value_map = parse_value_map(args.value, mapping, names)
    path = Path(args.file)
    try:
        if path.is_dir():
            raise SurveyFileError(f"{path}: is a directory")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise SurveyFileError(
                f"{path.name}: refused, nothing was imported: it is {size:,} bytes; the limit "
                f"is {limits.max_bytes:,} bytes (--max-bytes)"
            )
        stream = path.open("rb")  # read as a stream: a CSV is never held whole
    except FileNotFoundError:
        raise SurveyFileError(f"{path}: no such file") from None
    except PermissionError:
        raise SurveyFileError(f"{path}: permission denied") from None
    with stream:
        summary = import_survey(
            session,
            workspace,
            _identity(args.by),
            stream,
            path.name,
            fmt=args.format,
            mapping=mapping,
            audience=args.audience,
            channel=args.channel,
            plan_id=args.plan,
            known_audiences=set(names),
            keep_identifying=args.keep_identifying,
            limits=limits,
            value_map=value_map,
            audience_names=names,
            date_order=args.date_order,
        )
    json.dump(summary, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    print(f"{path.name}: {summary['message']}", file=sys.stderr)
    return EXIT_OK


def _feedback_summary(args, session, workspace) -> int:
    from pathlib import Path

    from .feedback.loop import (
        heard_from,
        summarise,
        you_said_we_did_docx,
        you_said_we_did_markdown,
    )
    from .store.review import filtered_responses

    summaries = summarise(
        heard_from(r) for r in filtered_responses(session, workspace, limit=1_000_000)
    )
    path = Path(args.path)
    if path.suffix.lower() == ".docx":
        data = you_said_we_did_docx(summaries, args.title)
    elif path.suffix.lower() in (".md", ".markdown", ".txt"):
        data = you_said_we_did_markdown(summaries, args.title).encode("utf-8")
    else:
        raise UsageError(f"{path}: write the summary to a .md or .docx file")
    write_atomic(path, data)  # whole or not at all: a failure keeps the previous file
    themes = sum(1 for s in summaries if not s.untagged)
    parts = [f"{themes:,} theme{'' if themes == 1 else 's'}"] if themes else []
    if len(summaries) > themes:
        parts.append("1 group (not yet themed)")
    print(f"wrote {' and '.join(parts) or 'an empty summary (no responses yet)'} to {path}")
    return EXIT_OK


def _feedback_list(args, session, workspace) -> int:
    from .feedback.exports import responses_table, to_csv_bytes
    from .store.review import filtered_responses

    found = filtered_responses(
        session,
        workspace,
        plan_id=args.plan,
        audiences=args.audience,
        channels=args.channel,
        themes=args.theme,
        statuses=args.status,
        since=args.since,
        until=args.until,
        search=args.search,
        limit=args.limit,
    )
    if args.format == "csv":
        sys.stdout.write(to_csv_bytes(responses_table(found)).decode("utf-8-sig"))
        return EXIT_OK
    json.dump(
        [
            {
                "id": r.id,
                "received_on": r.received_on.isoformat(),
                "audience": r.audience_key,
                "channel": r.channel,
                "plan_id": r.plan_id,
                "key_message": r.key_message,
                "external_id": r.external_id,
                "status": r.status,
                "status_note": r.status_note,
                "sentiment": r.sentiment,
                "themes": sorted(t.theme for t in r.themes),
                "ratings": r.ratings,
                "answers": [{"question": a.question, "answer": a.answer} for a in r.answers],
            }
            for r in found
        ],
        sys.stdout,
        ensure_ascii=False,
        indent=1,
    )
    sys.stdout.write("\n")
    return EXIT_OK


def _plan_calendar(args: argparse.Namespace) -> int:
    """commplan plan calendar: the listening follow-ups of one or more plans as .ics."""
    from pathlib import Path

    from .plans import plan_view
    from .plans.calendar import plan_calendar
    from .store import records
    from .store.documents import load_workspace_audiences

    store, store_error = _open_store()
    try:
        with store.session() as session:
            workspace = _workspace(session, args.workspace)
            names = {a.id: a.name for a in load_workspace_audiences(session, workspace)}
            plans = records.list_plans(session, workspace)
            if args.plan:
                by_id = {p.id: p for p in plans}
                missing = [str(i) for i in args.plan if i not in by_id]
                if missing:
                    known = ", ".join(f"{p.id} ({p.name})" for p in plans) or "none"
                    raise UsageError(
                        f"plan calendar: no plan with id {', '.join(missing)} in workspace "
                        f"{workspace.name!r} (its plans: {known})"
                    )
                plans = [by_id[i] for i in dict.fromkeys(args.plan)]
            views = [plan_view(p, names) for p in plans]
    except store_error as exc:
        print(f"commplan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    calendar = plan_calendar(views)
    if args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(calendar.encode())  # bytes: the CRLF line ends RFC 5545 wants
        sys.stdout.buffer.flush()
    else:
        write_atomic(Path(args.output), calendar.encode())
    count = len(calendar.events)
    message = f"{count} follow-up {'date' if count == 1 else 'dates'}"
    if args.output != "-":
        message = f"wrote {message} to {args.output}"
    if calendar.undated:
        message += "; no follow-up date set for " + "; ".join(calendar.undated)
    print(message, file=sys.stderr if args.output == "-" else sys.stdout)
    return EXIT_OK


def _library_exchange(args: argparse.Namespace) -> int:
    from .store.documents import load_workspace_library, replace_library

    store, store_error = _open_store()
    try:
        with store.session() as session:
            workspace = _workspace(session, args.workspace)
            if args.library_command == "export":
                from message_library import write_library

                paths = write_library(load_workspace_library(session, workspace), args.directory)
                print(f"wrote {plural(len(paths), 'file')} to {args.directory}")
                return EXIT_OK
            try:
                library = load_library(args.directory)
            except DataFileError as exc:
                raise UsageError(f"library: {exc}") from None
            changes = replace_library(session, workspace, library, _identity(args.by))
            print(f"{workspace.name}: {changes} library entries changed")
            return EXIT_OK
    except store_error as exc:
        print(f"commplan: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())

"""Pure helpers behind the Feedback page's forms: survey previews and column
mappings, message-test variants and pasted outcomes. No Streamlit, no SQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from message_library import Library

from .imports import IDENTIFYING, MAP_FIELDS, SurveyBatch, SurveyFileError, read_rows

MAPPING_CHOICES = MAP_FIELDS  # "answer" first: the default for an unknown layout
PREVIEW_ROWS = 10
AS_READ = "as read"  # column-mapping choice in the app: keep the layout's own reading
# Each column use as the app says it (the command line keeps the field names).
MAPPING_LABELS = {
    AS_READ: "As the export says",
    "answer": "An answer",
    "response_id": "Response ID (tells respondents apart)",
    "received_on": "Date received",
    "audience": "Who answered (the audience)",
    "channel": "Channel",
    "ignore": "Leave out",
    "identifying": "Identifying data (name, email…)",
}
assert set(MAPPING_LABELS) == {AS_READ, *MAPPING_CHOICES}

# What the import's messages say for the command line, as the app says it: (start,
# end, words). The text from ``start`` to the end of ``end`` (found after it) is
# replaced; plain string searches, linear in the message.
_FOR_THE_APP = (
    ("import again with --date-order dmy", "in the app)",
     "choose “Day/month” under Dates and import again"),
    ("use --keep-identifying, or check", "in the app)", "check “Keep identifying data”)"),
    ("map each answer (--value", "in the app's preview)",
     "choose an audience for each answer under “Who answered” in the preview"),
    ("Say which audience each means with --value", "with --audience",
     "Choose an audience for each answer under “Who answered”, or a Default audience "
     "for the rest"),
    ("pass --audience, or map a column to it", "", "choose a Default audience, or read a "
     "column as “Who answered” under “Adjust how columns are read”"),
)  # fmt: skip


def for_the_app(message: str) -> str:
    """An import message as the web app shows it: what it says about command-line
    options (--date-order, --keep-identifying, --value, --audience, a limit's option)
    in the words of the app's own controls. The command line keeps its flags."""
    for start, end, words in _FOR_THE_APP:
        i = message.find(start)
        if i < 0:
            continue
        j = message.find(end, i + len(start)) if end else i + len(start)
        if j < 0:
            continue
        message = message[:i] + words + message[j + len(end) :]
    # A limit's option ("the limit is 32,767 characters (--max-cell-chars)"): the app
    # has no such setting, so it is left out.
    while (i := message.find(" (--max-")) >= 0:
        j = message.find(")", i)
        if j < 0:
            break
        message = message[:i] + message[j + 1 :]
    return message


def is_unknown_layout(exc: SurveyFileError) -> bool:
    return "unknown layout" in str(exc)


def header_columns(raw: bytes, name: str) -> list[str]:
    """The header row of a CSV or .xlsx file (for choosing a column mapping)."""
    rows = read_rows(raw, name)
    if not rows:
        raise SurveyFileError(f"{name}: the file has no rows")
    return [c for c in rows[0]]


# Columns a survey tool's export always has, by their name in lower case: the use the
# app offers for them in a layout it does not know by name (Microsoft Forms: ID, Start
# time, Completion time, Email, Name, Last modified time).
RECEIVED_COLUMNS = ("completion time", "submitted", "submitted at", "submission time",
                    "date submitted", "submission date")  # fmt: skip
MICROSOFT_FORMS_USES = {"id": "response_id", "start time": "ignore",
                        "last modified time": "ignore"}  # fmt: skip


def suggested_uses(columns: list[str]) -> list[str]:
    """A first choice of use for each column of a layout we do not know, from the
    column names alone: names and emails as identifying data, the first column named
    as a submission time as the date received, and in a Microsoft Forms export (it has
    "Completion time") its ID and other times. Everything else is an answer."""
    names = [" ".join(c.split()).casefold() for c in columns]
    microsoft = "completion time" in names
    received = next((j for j, n in enumerate(names) if n in RECEIVED_COLUMNS), None)
    uses = []
    for j, n in enumerate(names):
        if n in IDENTIFYING:
            uses.append("identifying")
        elif j == received:
            uses.append("received_on")
        elif microsoft and n in MICROSOFT_FORMS_USES:
            uses.append(MICROSOFT_FORMS_USES[n])
        else:
            uses.append("answer")
    return uses


def mapping_from_choices(
    choices: dict[str, str], keep_identifying: bool = False, *, keep_answers: bool = False
) -> dict[str, str]:
    """Column -> field. Columns chosen as answers are left out (the default for an
    unknown layout) unless ``keep_answers`` (overriding a known layout, where a
    column may otherwise be read as metadata). A column marked identifying is
    dropped ("ignore") unless identifying data is kept."""
    return {
        col: ("ignore" if field == "identifying" and not keep_identifying else field)
        for col, field in choices.items()
        if col.strip() and (keep_answers or field != "answer")
    }


def preview(
    batch: SurveyBatch,
    n: int = PREVIEW_ROWS,
    *,
    default_audience: str | None = None,
    names: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The first ``n`` submissions as table rows: row, date, audience, then one
    column per question with the answer text. Shows what the import will record:
    the default audience where a row names none (``names`` maps audience ids to
    their display names), and "today" where a row has no date."""
    names = names or {}
    out = []
    for sub in batch.submissions[:n]:
        if sub.audience:
            audience = names.get(sub.audience, sub.audience)
        elif default_audience:
            audience = f"{names.get(default_audience, default_audience)} (default)"
        else:
            audience = ""
        row: dict[str, Any] = {
            "Row": sub.row,
            "Received": sub.received_on.isoformat() if sub.received_on else "today (no date)",
            "Audience": audience,
        }
        for question, answer in sub.answers:
            row[question or "(answer)"] = answer
        out.append(row)
    # Every row has every question, blank where unanswered (not a missing value).
    columns = list(dict.fromkeys(key for row in out for key in row))
    return [{key: row.get(key, "") for key in columns} for row in out]


def parse_variants(text: str) -> list[tuple[str, str]]:
    """``label: text`` lines -> [(label, text)]; the first is the control."""
    out: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, body = line.partition(":")
        if not sep or not label.strip() or not body.strip():
            raise ValueError(f"Line {number}: write each variant as “label: text”.")
        if len(label.strip()) > 40:
            raise ValueError(f"Line {number}: a variant label can be at most 40 characters.")
        if label.strip() in [v[0] for v in out]:
            raise ValueError(f"Line {number}: the label {label.strip()!r} is used twice.")
        out.append((label.strip(), body.strip()))
    if len(out) < 2:
        raise ValueError("A message test needs at least two variants (the first is the control).")
    return out


YES = {"1", "yes", "y", "true", "acted"}
NO = {"0", "no", "n", "false", "did not"}


def _is_header(audience: str, value: str, by_name: dict[str, str] | None) -> bool:
    """A first line whose value is neither a number nor yes/no, and whose audience is
    not one we know, names the columns."""
    try:
        float(value)
        return False
    except ValueError:
        pass
    if value.casefold() in YES | NO:
        return False
    return by_name is None or audience.casefold() not in by_name


def parse_outcomes(
    text: str, kind: str, audiences: Mapping[str, str] | None = None
) -> list[tuple[str, str, float, None]]:
    """``variant,audience,value`` lines -> outcomes for ``record_outcomes``. Lines may
    be comma- or tab-separated (pasted from a spreadsheet), with a header line. The
    audience is its key or its name in any case (``audiences`` maps keys to names);
    a yes/no action may be written 1/0, yes/no, y/n or true/false.
    Raises ValueError naming the line."""
    by_name: dict[str, str] | None = None
    if audiences is not None:
        by_name = {key.casefold(): key for key in audiences}
        by_name.update({name.casefold(): key for key, name in audiences.items()})
    delimiter = "\t" if "\t" in text else ","
    out: list[tuple[str, str, float, None]] = []
    for number, fields in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != 3:
            raise ValueError(
                f"Line {number}: expected 3 fields (variant, audience, value), got {len(fields)}."
            )
        label, audience, raw_value = (f.strip() for f in fields)
        if not out and _is_header(audience, raw_value, by_name):
            continue  # a header line ("Variant, Audience, Rating")
        if kind == "action" and raw_value.casefold() in YES | NO:
            value = 1.0 if raw_value.casefold() in YES else 0.0
        else:
            try:
                value = float(raw_value)
            except ValueError:
                raise ValueError(f"Line {number}: {raw_value!r} is not a number.") from None
        if kind == "action" and value not in (0, 1):
            raise ValueError(
                f"Line {number}: a yes/no action is 1 or yes (acted), 0 or no (did not)."
            )
        if kind == "rating" and not 1 <= value <= 5:
            raise ValueError(f"Line {number}: a rating is from 1 to 5.")
        if by_name is not None:
            if audience.casefold() not in by_name:
                raise ValueError(f"Line {number}: unknown audience {audience!r}.")
            audience = by_name[audience.casefold()]
        out.append((label, audience, value, None))
    if not out:
        raise ValueError("No outcomes: paste lines like “B,families,4”.")
    return out


def glossary_entry(library: Library, term: str):
    """The library's glossary entry for a term (acronyms as written, others any case)."""
    for entry in library.glossary:
        if entry.term == term or (
            not entry.is_acronym
            and term.lower() in [entry.term.lower(), *(v.lower() for v in entry.variants)]
        ):
            return entry
    return None


def plain_alternative(entry) -> str:
    if entry is None:
        return ""
    parts = []
    if entry.expansion:
        parts.append(entry.expansion)
    if entry.plain:
        parts.append("say: " + " / ".join(entry.plain))
    if entry.explanation:
        parts.append(entry.explanation)
    return "; ".join(parts)

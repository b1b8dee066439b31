"""Finders for dates, links, email addresses and phone numbers in raw text.

Shared by the engagement check (is there a date, a link, a way to reply?) and
the consistency check (do variants agree?). Each finder searches for a cheap
anchor first (a digit, "day", "@", a top-level domain) and only then checks the
context: on a 1,000-word draft that is several times faster than one big
case-insensitive regex scanning every word.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Match(NamedTuple):
    start: int
    end: int
    text: str


MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
# Every pattern here is linear in its input: a token that can repeat is bounded
# (a host label is at most 63 characters, an address at most 254), a match can
# only start where a run of its characters starts (the look-behinds), and
# possessive quantifiers (``*+``, ``{m,n}+``) give back nothing to backtrack into.
_DAY_NUMBER = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\b")
_MONTH_BEFORE = re.compile(r"\b([a-z]{3,9})\.?[ \t]+$")  # searched in a 12-character window
_YEAR_AFTER = re.compile(r",?[ \t]++\d{4}\b")
# Each of these starts with a character class, so ``re`` jumps from one possible first
# character to the next instead of trying the pattern at every position (about half
# the time on a 1,000-word draft): "\b\d" is written "\d(?<!\w\d)" (a digit with no
# word character before it), which matches the same strings.
_NUMERIC_DATE = re.compile(r"\d(?<!\w\d)\d?/\d{1,2}(?:/\d{2,4})?\b")  # \b\d{1,2}/...
_WEEKDAY = re.compile(r"(?<![a-z])(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b")
_TLDS = r"(?:org|gov|edu|com|net|us)"
_TLD = re.compile(r"\." + _TLDS + r"\b")
_URL = re.compile(
    r"(?:https?://|www\.)\S++"
    r"|(?<![\w.-])(?:[\w-]{1,63}+\.){1,16}" + _TLDS + r"\b(?:/\S*+)?"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}+@[\w-]{1,63}+(?:\.[\w-]{1,63}+){1,8}+")
# (?:\(\d{3}\)\s*+|\b\d{3}[-.\s])\d{3}[-.\s]\d{4}\b, with its first character in front.
_PHONE = re.compile(r"[(\d](?:(?<=\()\d{3}\)\s*+|(?<=\d)(?<!\w\d)\d{2}[-.\s])\d{3}[-.\s]\d{4}\b")


def lower_keep_offsets(text: str) -> str:
    """``text.lower()`` with one character for one, so offsets into the result are
    offsets into ``text``. (``str.lower`` can lengthen a text: "İ" -> "i̇".)"""
    lower = text.lower()
    if len(lower) == len(text):  # lower() never shortens, so no character grew
        return lower
    # Each character whose lower case is longer ("İ" -> "i̇") becomes its first character.
    grow = {ord(ch): low[0] for ch in set(text) if len(low := ch.lower()) != 1}
    return text.translate(grow).lower()


def find_dates(text: str) -> list[Match]:
    """ "March 3", "Mar. 3, 2025", "3/3/25", "Monday"/"Mondays"."""
    lower = lower_keep_offsets(text)
    found: list[Match] = []
    for m in _DAY_NUMBER.finditer(lower):
        month = _MONTH_BEFORE.search(lower, max(0, m.start() - 12), m.start())
        if month is None or month.group(1) not in MONTHS:
            continue
        end = m.end()
        year = _YEAR_AFTER.match(lower, end)
        if year:
            end = year.end()
        found.append(Match(month.start(1), end, text[month.start(1) : end]))
    if "/" in text:
        found += [Match(m.start(), m.end(), m.group()) for m in _NUMERIC_DATE.finditer(text)]
    found += [Match(m.start(), m.end(), text[m.start() : m.end()]) for m in _weekdays(lower)]
    return sorted(found)


_WEEKDAY_NAMES = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")  # none ends another


def _weekdays(lower: str) -> list[re.Match[str]]:
    """``_WEEKDAY.finditer(lower)``, tried only where "day" occurs: a literal search runs
    in C, while the regex (it starts with a look-behind) is tried at every position,
    about a quarter of ``find_dates`` on a 1,000-word draft. Each match holds its own
    "day", so the matches and their order are the same."""
    out = []
    at = lower.find("day")
    while at >= 0:
        for name in _WEEKDAY_NAMES:
            start = at - len(name)
            if start >= 0 and lower.startswith(name, start):
                m = _WEEKDAY.match(lower, start)  # the look-behind sees before ``start``
                if m is not None:
                    out.append(m)
                break
        at = lower.find("day", at + 3)
    return out


def find_links(text: str) -> list[Match]:
    if "://" not in text and "www." not in text and not _TLD.search(lower_keep_offsets(text)):
        return []
    out = []
    for start, end in _link_runs(text):
        for m in _URL.finditer(text, start, end):
            value = m.group().rstrip(".,;:)")
            if "@" in text[max(0, m.start() - 1) : m.start()]:
                continue  # the domain of an email address
            out.append(Match(m.start(), m.start() + len(value), value))
    return out


# What every link holds: "://", "www." or a top-level domain (see _URL).
_URL_ANCHOR = re.compile(r"://|www\.|\." + _TLDS + r"\b")
_SPACE = re.compile(r"\s")
MAX_LINK_RUNS = 32  # more: a page of links, searched whole


def _link_runs(text: str) -> list[tuple[int, int]]:
    """The whitespace-free runs of ``text`` that hold a link's anchor, in order.

    A link holds no whitespace, so ``_URL`` over these runs finds what it finds over
    the whole text; tried at every position of a 1,000-word draft it took about
    0.4 ms, most of the check's search for links, dates and phone numbers. Each
    character is looked at a bounded number of times: linear. Past MAX_LINK_RUNS
    runs the whole text is one run (a run each cost more than ``_URL`` saves)."""
    runs: list[tuple[int, int]] = []
    pos = 0  # the end of the last run: nothing before it is looked at again
    for anchor in _URL_ANCHOR.finditer(text):
        at = anchor.start()
        if at < pos:
            continue
        if len(runs) == MAX_LINK_RUNS:
            return [(0, len(text))]
        start = max(pos, text.rfind(" ", pos, at) + 1, text.rfind("\n", pos, at) + 1)
        for space in _SPACE.finditer(text, start, at):  # rarer whitespace ("\t", "\xa0")
            start = space.end()
        space = _SPACE.search(text, anchor.end())
        pos = space.start() if space else len(text)
        runs.append((start, pos))
    return runs


def find_emails(text: str) -> list[Match]:
    if "@" not in text:
        return []
    return [Match(m.start(), m.end(), m.group().rstrip(".")) for m in _EMAIL.finditer(text)]


# A seven-digit local number, "555-0142": fixed length, so linear. Not part of a longer
# number, an amount, a range chain or a decimal; "2024-2025" has four digits first.
_LOCAL_PHONE = re.compile(r"(?<![\w$€£.,/+-])[2-9]\d{2}[-.]\d{4}(?![\w%]|[-.,/:]\d)")
_PHONE_CUE = re.compile(
    r"\b(?:call|calling|phone|tel|text|dial|fax|line|number|contact|reach|cell)\b"
)
PHONE_CUE_BEFORE = 30  # characters before a local number looked at for a phone word


def _local_phone(text: str, m: re.Match) -> bool:
    """Is "555-0142" a phone number rather than a range ("300-1200 students")? A
    range's second number is larger and never starts with 0; a phone word before it
    ("Call", "Phone:") settles it either way."""
    first, second = m.group()[:3], m.group()[4:]
    if second.startswith("0") or int(second) <= int(first):
        return True
    return bool(_PHONE_CUE.search(text[max(0, m.start() - PHONE_CUE_BEFORE) : m.start()].lower()))


def find_phones(text: str) -> list[Match]:
    """Ten-digit numbers ("(951) 555-0142", "951-555-0142") and seven-digit local
    ones ("555-0142") that do not overlap one of them, in text order."""
    found = [Match(m.start(), m.end(), m.group()) for m in _PHONE.finditer(text)]
    if "-" not in text and "." not in text:
        return found
    ends = {m.end for m in found}
    local = [
        Match(m.start(), m.end(), m.group())
        for m in _LOCAL_PHONE.finditer(text)
        if m.end() not in ends and _local_phone(text, m)
    ]
    return sorted(found + local) if local else found

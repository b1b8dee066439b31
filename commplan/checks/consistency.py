"""Consistency across variants of one message written for different audiences.

Facts must agree: amounts, percentages, dates, times, counts, links, phone
numbers and email addresses. Each difference is a finding naming both values
and both files. Values and key messages carried by one variant but not another,
and each variant's readability against its own audience, are reported too.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from audiences import Audience, AudienceSet
from message_library import Library, load_default_library

from ..nlp import fold_accents, get_nlp, get_spanish_nlp, lemma_table
from .compiled import compile_library
from .engine import check_text, resolve_audience
from .findings import LineIndex, Report, Severity
from .language import EN, ES, detect_language
from .patterns import MONTHS, find_dates, find_emails, find_links, find_phones

SOURCE = "Consistency across audience variants (one message, one set of facts)"

MONEY = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand)\b)?", re.I)
PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b)", re.I)
TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.?m\.?|p\.?m\.?)(?![\w])|\bnoon\b", re.I)
# A clock time without a.m./p.m.: "19:00", "07:30", "7:30" (seconds allowed). Not part of
# a longer run of digits and colons ("102:99", "10:30:15:20"), minutes always two digits
# ("3:1" is a ratio).
CLOCK = re.compile(r"(?<![\d:.])(\d{1,2}):([0-5]\d)(?::[0-5]\d)?(?![\d:])")
# A count starts where a run of digits and commas starts, so "1,1,1,..." is read once.
COUNT = re.compile(r"(?<![\w,])(\d[\d,]*+)\s++([a-z][a-z-]++)")
_COUNT_SKIP = {
    "a",
    "am",
    "pm",
    "percent",
    "and",
    "or",
    "to",
    "of",
    "in",
    "at",
    "on",
    "p",
    "st",
    "nd",
    "rd",
    "th",
    "million",
    "billion",
    "thousand",
    # Spanish: "3 de marzo", "2 y 3"
    "de",
    "del",
    "y",
}


@dataclass(frozen=True)
class Fact:
    kind: str  # amount, percentage, date, time, count:<noun>, link, phone, email
    value: str  # normalised, for comparing
    text: str  # as written
    start: int
    end: int
    # Other readings of the same words: "7:30" without a.m./p.m. is 07:30 or 19:30.
    also: tuple[str, ...] = ()
    # The year of a date, when the text gives one ("March 3" agrees with "March 3, 2026").
    year: int | None = None

    def agrees_with(self, other: Fact) -> bool:
        readings = {self.value, *self.also} & {other.value, *other.also}
        return bool(readings) and (
            self.year is None or other.year is None or self.year == other.year
        )


def _normalise_date(text: str) -> tuple[str, int | None]:
    """'March 3, 2026' -> ('03-03', 2026); '3/3/26' -> ('03-03', 2026); 'Mondays' ->
    ('monday', None)."""
    t = text.lower().replace(".", "").replace(",", "")
    m = re.match(r"([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+(\d{4}))?", t)
    if m:
        month = MONTHS.get(m.group(1)) or MONTHS.get(m.group(1)[:3])
        if month:
            year = int(m.group(3)) if m.group(3) else None
            return f"{month:02d}-{int(m.group(2)):02d}", year
    m = re.match(r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$", t)
    if m:
        year = None
        if m.group(3):
            year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
        return f"{int(m.group(1)):02d}-{int(m.group(2)):02d}", year
    return t.rstrip("s"), None  # weekdays: "mondays" ~ "monday"


def _normalise_time(text: str) -> str:
    t = text.lower().replace(".", "").replace(" ", "")
    if t == "noon":
        return "12:00"
    m = re.match(r"(\d{1,2})(?::(\d{2}))?(am|pm)", t)
    if not m:
        return t
    hour = int(m.group(1)) % 12 + (12 if m.group(3) == "pm" else 0)
    return f"{hour:02d}:{m.group(2) or '00'}"


def _clock_readings(hour_text: str, minutes: str) -> tuple[str, tuple[str, ...]]:
    """A time written without a.m./p.m.: "19:00" and "07:30" are 24-hour times; "7:30"
    may be either (07:30 or 19:30), so it agrees with both."""
    hour = int(hour_text)
    value = f"{hour:02d}:{minutes}"
    if hour_text.startswith("0") or hour == 0 or hour > 12:
        return value, ()
    return value, (f"{(hour % 12) + 12 if hour < 12 else 0:02d}:{minutes}",)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# --- Spanish forms of the same facts (a translation of an English variant) -----------
# Each pattern is linear: bounded repeats, no nested quantifiers.
MESES = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
}  # fmt: skip
DIAS = {
    "lunes": "monday", "martes": "tuesday", "miércoles": "wednesday", "miercoles": "wednesday",
    "jueves": "thursday", "viernes": "friday", "sábado": "saturday", "sabado": "saturday",
    "domingo": "sunday",
}  # fmt: skip
# "3 de marzo", "3 de marzo de 2026", "1.º de abril", "3 de marzo del 2026".
FECHA = re.compile(
    r"\b(\d{1,2})(?:\.?º|°)?\s{1,3}de\s{1,3}(" + "|".join(MESES) + r")\b"
    r"(?:,?\s{1,3}(?:de|del)\s{1,3}(\d{4})\b)?",
    re.IGNORECASE,
)
DIA = re.compile(r"(?<![\w])(" + "|".join(DIAS) + r")(?![\w])", re.IGNORECASE)
# "7 p. m.", "7:30 a.m.", "7 pm" ("p. m." with a space is the RAE's form).
HORA = re.compile(r"\b(\d{1,2})(?::([0-5]\d))?\s?([ap])\.?\s?m\.?(?![\w])", re.IGNORECASE)
# "las 7 de la tarde/noche", "las 8 de la mañana".
HORA_PARTE = re.compile(
    r"\b(\d{1,2})(?::([0-5]\d))?\s{1,3}de\s{1,3}la\s{1,3}(mañana|tarde|noche)\b",
    re.IGNORECASE,
)
MEDIODIA = re.compile(r"\bmediod[ií]a\b", re.IGNORECASE)
# "25 dólares", "1.250,50 dólares", "25 USD".
DOLARES = re.compile(r"(?<![\w.,])(\d[\d.,]{0,15}+)\s?(?:d[oó]lares|USD)\b", re.IGNORECASE)
POR_CIENTO = re.compile(r"\b(\d+(?:[.,]\d+)?)\s?(?:%|por\s{1,3}ciento\b)", re.IGNORECASE)


def _spanish_number(text: str) -> str:
    """'1.250,50' -> '1250.50'; '1,250.50' -> '1250.50'; '25' -> '25'. The last
    separator followed by exactly two digits is the decimal one."""
    m = re.fullmatch(r"(.*?)([.,])(\d{2})", text)
    if m and (m.group(1) or "").strip():
        whole = re.sub(r"[.,]", "", m.group(1))
        return f"{whole}.{m.group(3)}"
    return re.sub(r"[.,]", "", text)


def _spanish_facts(text: str, add) -> None:
    """Add the facts of a Spanish text in the English facts' normal forms, so that
    "3 de marzo de 2026" agrees with "March 3, 2026" and "19:00" with "7 p.m."."""
    for m in FECHA.finditer(text):
        month = MESES[m.group(2).lower()]
        year = int(m.group(3)) if m.group(3) else None
        add("date", f"{month:02d}-{int(m.group(1)):02d}", m.start(), m.end(), m.group(),
            year=year)  # fmt: skip
    for m in DIA.finditer(text):
        add("date", DIAS[m.group(1).lower()], m.start(), m.end(), m.group())
    for m in HORA.finditer(text):
        hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
        add("time", f"{hour:02d}:{m.group(2) or '00'}", m.start(), m.end(), m.group())
    for m in HORA_PARTE.finditer(text):
        hour = int(m.group(1)) % 12
        if m.group(3).lower() != "mañana":
            hour += 12
        add("time", f"{hour:02d}:{m.group(2) or '00'}", m.start(), m.end(), m.group())
    for m in MEDIODIA.finditer(text):
        add("time", "12:00", m.start(), m.end(), m.group())
    for m in DOLARES.finditer(text):
        value = "$" + _spanish_number(m.group(1))
        add("amount", value.removesuffix(".00"), m.start(), m.end(), m.group())
    for m in POR_CIENTO.finditer(text):
        number = m.group(1).replace(",", ".")
        add("percentage", f"{number}%", m.start(), m.end(), m.group())


def extract_facts(text: str, lemma=lambda w: w, language: str = "en") -> list[Fact]:
    """Facts a reader could act on, normalised so that '6 p.m.' equals '6:00 PM'. For a
    Spanish text (``language="es"``) Spanish dates, times, amounts and percentages are
    read too, into the same forms ("3 de marzo" = "March 3")."""
    facts: list[Fact] = []
    # Stretches already read as a fact, sorted and disjoint: a bisect finds an overlap
    # (a scan of every earlier fact was quadratic: 40,000 dates took minutes).
    starts: list[int] = []
    ends: list[int] = []

    def add(kind: str, value: str, start: int, end: int, written: str, **more: Any) -> None:
        i = bisect_left(starts, end)
        if i > 0 and ends[i - 1] > start:
            return
        starts.insert(i, start)
        ends.insert(i, end)
        facts.append(Fact(kind, value, written, start, end, **more))

    for m in find_emails(text):
        add("email", m.text.lower(), *m)
    for m in find_links(text):
        link = m.text.lower().removeprefix("https://").removeprefix("http://")
        add("link", link.removeprefix("www.").rstrip("/"), *m)
    for m in find_phones(text):
        add("phone", _digits(m.text), *m)
    if language == "es":
        _spanish_facts(text, add)
    for m in MONEY.finditer(text):
        value = m.group().lower().replace(" ", "").replace(",", "")
        add("amount", value.removesuffix(".00"), m.start(), m.end(), m.group())
    for m in PERCENT.finditer(text):
        value = re.sub(r"\s?(%|percent)", "%", m.group().lower())
        add("percentage", value, m.start(), m.end(), m.group())
    for m in TIME.finditer(text):
        add("time", _normalise_time(m.group()), m.start(), m.end(), m.group())
    if ":" in text:
        for m in CLOCK.finditer(text):
            value, also = _clock_readings(m.group(1), m.group(2))
            if int(m.group(1)) <= 23:
                add("time", value, m.start(), m.end(), m.group(), also=also)
    for m in find_dates(text):
        value, year = _normalise_date(m.text)
        add("date", value, *m, year=year)
    for m in COUNT.finditer(text):
        noun = m.group(2).lower()
        if noun in _COUNT_SKIP:
            continue
        add(f"count:{lemma(noun)}", m.group(1).replace(",", ""), m.start(), m.end(), m.group())
    return sorted(facts, key=lambda f: f.start)


# Names of people, schools and places. Without a trained tagger, a name is a run of
# capitalised words after a title ("Ms. Lopez", "Principal Ana Ruiz"), before a school
# level ("Lincoln Elementary", "Lincoln Middle School"), or two or more capitalised
# words in a row ("Maria Hernandez", "Roosevelt Park"). Variants that spell one name
# two ways ("Lopez"/"Lopes") or give one school two levels are likely inconsistent;
# names far apart in spelling are different names and are left alone.
TITLES = frozenset(
    """mr mrs ms miss mx dr doctor principal superintendent coach professor prof rev
    reverend pastor father sister director chair chairperson trustee commissioner officer
    nurse counselor dean senator sen representative rep mayor judge president secretary
    assistant vice deputy interim
    sr sra srta dra don doña director directora maestro maestra profesora superintendente
    consejero consejera enfermera enfermero entrenador entrenadora lic""".split()
)
SCHOOL_LEVELS = frozenset(
    "elementary middle high intermediate primary junior senior academy preschool".split()
)
_NAME_WORD = re.compile(r"[^\W\d_]++(?:['’-][^\W\d_]++)*+")
_NOT_NAMES = frozenset(MONTHS) | {
    f"{d}day" for d in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
}
MAX_NAME_WORDS = 500  # distinct name words compared per variant (a long draft stays fast)


@dataclass(frozen=True)
class NameMention:
    word: str  # one word of the name, as written ("Lopez")
    lemma: str
    start: int
    end: int
    phrase: str  # the whole name as written ("Ms. Lopez", "Lincoln Middle School")
    school: str | None = None  # for a school: its name without the level ("lincoln")
    level: str | None = None  # "elementary", "middle", "junior high"...
    titled: bool = False  # after a title ("Ms. Lopez", "la directora Ana Ruiz")


def _is_name_word(token) -> bool:
    text = token.text
    return (
        len(text) > 1
        and text[0].isupper()
        and not text.isupper()
        and _NAME_WORD.fullmatch(text) is not None
        and token.lower_ not in _NOT_NAMES
    )


def extract_names(doc) -> list[NameMention]:
    """Words of people's, schools' and places' names in a Doc (see TITLES above)."""
    out: list[NameMention] = []
    tokens = list(doc)
    i, n = 0, len(tokens)
    while i < n:
        if not _is_name_word(tokens[i]):
            i += 1
            continue
        j = i + 1  # a run of capitalised words joined by plain spaces
        while j < n and _is_name_word(tokens[j]) and tokens[j - 1].whitespace_ == " ":
            j += 1
        run = tokens[i:j]
        title_before = i > 0 and tokens[i - 1].lower_.rstrip(".") in TITLES
        titled = title_before
        while run and run[0].lower_ in TITLES:
            run, titled = run[1:], True
        levels = [k for k, t in enumerate(run) if t.lower_ in SCHOOL_LEVELS]
        if levels and levels[0] > 0:
            k = levels[0]
            m = k
            while m < len(run) and run[m].lower_ in SCHOOL_LEVELS:
                m += 1
            if m < len(run) and run[m].lower_ == "school":
                m += 1
            phrase = doc[run[0].i : run[m - 1].i + 1].text
            school = " ".join(t.lower_ for t in run[:k])
            level = " ".join(t.lower_ for t in run[k:m] if t.lower_ != "school")
            out += [_mention(t, phrase, school, level) for t in run[:k]]
        elif run and titled:
            phrase = doc[i - 1 if title_before else i : run[-1].i + 1].text
            out += [_mention(t, phrase, titled=True) for t in run[:4]]
        elif len(run) >= 2 and not any(t.is_stop for t in run):
            # Without a title, a heading in title case ("Why Every Day Counts") is not
            # a name: skip runs with function words, and inflected common words.
            phrase = doc[run[0].i : run[-1].i + 1].text
            out += [_mention(t, phrase) for t in run[:4] if t.lemma_ == t.lower_]
        i = j
    return out


def _mention(
    token, phrase: str, school: str | None = None, level: str | None = None, titled=False
):
    return NameMention(
        token.text, token.lemma_, token.idx, token.idx + len(token.text), phrase, school, level,
        titled,
    )  # fmt: skip


def _edits(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), stopping
    once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


MAX_NAME_LENGTH = 16  # longer "names" are not compared


def _deletions(word: str) -> set[str]:
    """The word with up to one letter deleted (up to two for words over 7 letters, as
    likely_same_name allows)."""
    if len(word) > MAX_NAME_LENGTH:
        return set()
    forms = {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
    if len(word) > 7:
        forms |= {f[:i] + f[i + 1 :] for f in list(forms) for i in range(len(f))}
    return forms


def likely_same_name(a: NameMention, b: NameMention) -> bool:
    """"Lopez" ~ "Lopes", "Katherine" ~ "Catherine": one or two letters apart (two only
    in long names). Plural, possessive and case forms of one word are the same word."""
    x, y = fold_accents(a.word.lower()), fold_accents(b.word.lower())
    if x == y or a.lemma == b.lemma or min(len(x), len(y)) < 4:
        return False
    if x.rstrip("s") == y.rstrip("s") or x.removesuffix("es") == y.removesuffix("es"):
        return False
    limit = 1 if max(len(x), len(y)) <= 7 else 2
    return _edits(x, y, limit) <= limit


@dataclass
class Variant:
    path: str
    text: str
    audience: Audience
    report: Report
    facts: list[Fact] = field(default_factory=list)
    names: list[NameMention] = field(default_factory=list)
    words: frozenset[str] = frozenset()
    language: str = EN
    _lines: LineIndex | None = None

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based (line, column), with the line index built once per variant."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.locate(offset)


@dataclass
class CompareReport:
    reports: list[Report]
    findings: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"files": [r.to_dict() for r in self.reports], "findings": self.findings}

    def at_or_above(self, level: Severity) -> bool:
        return any(Severity[f["severity"]] >= level for f in self.findings) or any(
            r.at_or_above(level) for r in self.reports
        )


def _location(variant: Variant, fact: Fact | None) -> dict[str, Any]:
    if fact is None:
        return {"path": variant.path, "start": 0, "end": 0, "line": 1, "column": 1, "text": ""}
    line, column = variant.locate(fact.start)
    return {
        "path": variant.path,
        "start": fact.start,
        "end": fact.end,
        "line": line,
        "column": column,
        "text": fact.text,
    }


def _finding(rule, severity, message, suggestion, locations) -> dict[str, Any]:
    first = locations[0]
    return {
        "rule": rule,
        "category": "consistency",
        "severity": severity.name,
        **{k: first[k] for k in ("path", "start", "end", "line", "column", "text")},
        "message": message,
        "suggestion": suggestion,
        "source": SOURCE,
        "locations": locations,
    }


_KIND_NAMES = {
    "amount": ("amount", "Amounts"),
    "percentage": ("percentage", "Percentages"),
    "date": ("date", "Dates"),
    "time": ("time", "Times"),
    "link": ("link", "Links"),
    "phone": ("phone number", "Phone numbers"),
    "email": ("email address", "Email addresses"),
}


def _kind_name(kind: str, plural: bool = True) -> str:
    if kind.startswith("count:"):
        return f"Counts of '{kind.split(':', 1)[1]}'"
    singular, many = _KIND_NAMES.get(kind, (kind, kind))
    return many if plural else singular


def _distinct(facts: Iterable[Fact]) -> list[Fact]:
    """One fact per reading (the first place it is written)."""
    seen: dict[tuple[str, tuple[str, ...], int | None], Fact] = {}
    for f in facts:
        seen.setdefault((f.value, f.also, f.year), f)
    return list(seen.values())


def _unmatched(facts: list[Fact], others: list[Fact]) -> list[Fact]:
    """Facts that agree with none of ``others`` (``Fact.agrees_with``), through sets of
    readings, so thousands of facts a side are not compared pair by pair."""
    any_year: set[str] = set()
    no_year: set[str] = set()
    with_year: set[tuple[str, int]] = set()
    for g in others:
        for reading in (g.value, *g.also):
            any_year.add(reading)
            if g.year is None:
                no_year.add(reading)
            else:
                with_year.add((reading, g.year))

    # A local phone number ("555-0142") is the same as a full one ending in its digits.
    local_phones = {g.value for g in others if g.kind == "phone" and len(g.value) == 7}
    full_phones = {g.value[-7:] for g in others if g.kind == "phone" and len(g.value) > 7}

    def agrees(f: Fact) -> bool:
        if f.kind == "phone":
            if f.value in any_year:
                return True
            if len(f.value) == 7:
                return f.value in full_phones
            return f.value[-7:] in local_phones
        readings = (f.value, *f.also)
        if f.year is None:
            return any(r in any_year for r in readings)
        return any(r in no_year or (r, f.year) in with_year for r in readings)

    return [f for f in facts if not agrees(f)]


def _compare_facts(base: Variant, other: Variant) -> list[dict[str, Any]]:
    out = []
    kinds = {f.kind for f in base.facts} | {f.kind for f in other.facts}
    for kind in sorted(kinds):
        mine = _distinct(f for f in base.facts if f.kind == kind)
        theirs = _distinct(f for f in other.facts if f.kind == kind)
        only_a = _unmatched(mine, theirs)
        only_b = _unmatched(theirs, mine)
        if not only_a and not only_b:
            continue
        if mine and theirs:
            if not only_a or not only_b:
                continue  # one variant adds a detail; the shared ones agree
            a_text = ", ".join(f"'{f.text}'" for f in only_a)
            b_text = ", ".join(f"'{f.text}'" for f in only_b)
            out.append(
                _finding(
                    f"consistency.{kind.split(':')[0]}",
                    Severity.error
                    if kind in {"date", "time", "amount", "link", "phone", "email"}
                    else Severity.warning,
                    f"{_kind_name(kind)} differ: {base.path} says {a_text}; "
                    f"{other.path} says {b_text}.",
                    "Make the facts match in every variant, or explain the difference.",
                    [_location(base, only_a[0]), _location(other, only_b[0])],
                )
            )
        elif not kind.startswith("count:"):
            has, lacks = (base, other) if mine else (other, base)
            present = (mine or theirs)[0]
            out.append(
                _finding(
                    f"consistency.missing_{kind}",
                    Severity.suggestion,
                    f"{lacks.path} gives no {_kind_name(kind, plural=False)}; "
                    f"{has.path} says '{present.text}'.",
                    "Readers of every variant need the same facts to act on.",
                    [_location(has, present), _location(lacks, None)],
                )
            )
    return out


def _name_location(variant: Variant, name: NameMention) -> dict[str, Any]:
    line, column = variant.locate(name.start)
    return {
        "path": variant.path,
        "start": name.start,
        "end": name.end,
        "line": line,
        "column": column,
        "text": name.word,
    }


def _first_per_word(variant: Variant, other: Variant) -> list[NameMention]:
    """Name words of ``variant`` that ``other`` never uses, once each. Between an English
    and a Spanish variant, capitalised common words of either language ("Families",
    "Familias", "Distrito") are translations, not names, unless a title comes first."""
    cross = variant.language != other.language
    seen: dict[str, NameMention] = {}
    for name in variant.names:
        key = name.word.lower()
        if cross and not name.titled and common_word(key):
            continue
        if key not in other.words and key not in seen and len(seen) < MAX_NAME_WORDS:
            seen[key] = name
    return list(seen.values())


def common_word(word: str) -> bool:
    """Is ``word`` (lower case) a word form or lemma of English or Spanish?"""
    return word in _common_words() or fold_accents(word) in _common_words()


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    words: set[str] = set()
    for lang in (EN, ES):
        table = lemma_table(lang)
        words |= table.keys()
        words |= set(table.values())
    return frozenset(words | {fold_accents(w) for w in words if not w.isascii()})


def _compare_names(base: Variant, other: Variant) -> list[dict[str, Any]]:
    out = []
    # One school, two levels: "Lincoln Elementary" in one variant, "Lincoln Middle" in
    # the other, and neither names both.
    levels_a: dict[str, dict[str, NameMention]] = {}
    levels_b: dict[str, dict[str, NameMention]] = {}
    for names, levels in ((base.names, levels_a), (other.names, levels_b)):
        for name in names:
            if name.school and name.level:
                levels.setdefault(name.school, {}).setdefault(name.level, name)
    flagged_words: set[str] = set()
    for school in sorted(levels_a.keys() & levels_b.keys()):
        only_a = [m for lv, m in levels_a[school].items() if lv not in levels_b[school]]
        only_b = [m for lv, m in levels_b[school].items() if lv not in levels_a[school]]
        if only_a and only_b:
            a, b = only_a[0], only_b[0]
            flagged_words.add(school)
            out.append(
                _finding(
                    "consistency.school",
                    Severity.warning,
                    f"Schools differ: {base.path} says '{a.phrase}'; {other.path} says "
                    f"'{b.phrase}'. Is it one school?",
                    "Check which school is meant and name it the same way in every variant.",
                    [_name_location(base, a), _name_location(other, b)],
                )
            )
    # One name spelled two ways: a word only one variant uses, one or two letters from
    # a word only the other uses.
    mine, theirs = _first_per_word(base, other), _first_per_word(other, base)
    # Words one or two edits apart share a form with that many letters deleted (the
    # symmetric-delete index): each word is compared only with those, not with all.
    index: dict[str, list[NameMention]] = {}
    for name in theirs:
        for form in _deletions(name.word.lower()):
            index.setdefault(form, []).append(name)
    for a in mine:
        if a.word.lower() in flagged_words:
            continue
        near = dict.fromkeys(
            (b for form in _deletions(a.word.lower()) for b in index.get(form, ())), None
        )
        b = next((b for b in near if likely_same_name(a, b)), None)
        if b is None:
            continue
        out.append(
            _finding(
                "consistency.name",
                Severity.warning,
                f"Names differ slightly: {base.path} says '{a.word}' ('{a.phrase}'); "
                f"{other.path} says '{b.word}' ('{b.phrase}'). One name spelled two ways?",
                "Check the spelling and write the name the same way in every variant.",
                [_name_location(base, a), _name_location(other, b)],
            )
        )
    return out


def _carried(variant: Variant, key: str) -> set[str]:
    framing = variant.report.extras.get("framing", {})
    if key == "values":
        return {v["id"] for v in framing.get("values_invoked", [])}
    return set(variant.report.extras.get("key_messages_found", []))


def compare_texts(
    variants: Sequence[tuple[str, str, str | Audience]],
    library: Library | None = None,
    *,
    audiences: AudienceSet | None = None,
) -> CompareReport:
    """Compare variants ``(path, text, audience)`` of one message."""
    if len(variants) < 2:
        raise ValueError("compare needs at least two variants")
    library = library or load_default_library()
    nlp = get_nlp()
    compiled = compile_library(library, nlp)

    def lemmatizer(pipeline):
        def lemma(word: str) -> str:
            return pipeline(word)[0].lemma_ if word else word

        return lemma

    parsed: list[Variant] = []
    for path, text, audience in variants:
        profile = resolve_audience(audience, audiences)
        report = check_text(text, profile, library, path=path)
        # A Spanish translation is read with the Spanish pipeline and Spanish forms of
        # dates, times and amounts, so it can be compared with the English variant.
        language = ES if detect_language(text) == ES else EN
        pipeline = get_spanish_nlp() if language == ES else nlp
        doc = pipeline(text)
        if language == EN:
            report.extras["key_messages_found"] = sorted(
                {key.removeprefix("message:") for key, _ in compiled.key_messages(doc)}
            )
        words = {t.lower_ for t in doc}
        parsed.append(
            Variant(
                path,
                text,
                profile,
                report,
                extract_facts(text, lemmatizer(pipeline), language),
                extract_names(doc),
                frozenset(words | {fold_accents(w) for w in words}),
                language,
            )
        )

    findings: list[dict[str, Any]] = []
    base = parsed[0]
    for other in parsed[1:]:
        findings += _compare_facts(base, other)
        findings += _compare_names(base, other)
    # Values and key messages are found in English words only: a Spanish variant is not
    # said to lack them.
    english = [v for v in parsed if v.language == EN]
    for key, noun in (("values", "value"), ("messages", "key message")):
        if len(english) < 2:
            break
        everywhere = set.intersection(*(_carried(v, key) for v in english))
        for variant in english:
            for item in sorted(_carried(variant, key) - everywhere):
                missing = [v for v in english if item not in _carried(v, key)]
                name = library.value(item) or library.key_message(item)
                label = getattr(name, "name", None) or getattr(name, "title", item)
                findings.append(
                    _finding(
                        f"consistency.{noun.replace(' ', '_')}",
                        Severity.suggestion,
                        f"The {noun} '{label}' is carried by {variant.path} but not by "
                        + ", ".join(v.path for v in missing)
                        + ".",
                        f"Carry the same {noun}s in every variant, in words that suit each "
                        "audience.",
                        [_location(variant, None)] + [_location(v, None) for v in missing],
                    )
                )
    return CompareReport([v.report for v in parsed], findings)

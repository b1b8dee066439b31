import random
import re

from commplan.checks.patterns import (
    _NUMERIC_DATE,
    _PHONE,
    _TLD,
    _URL,
    _WEEKDAY,
    MAX_LINK_RUNS,
    Match,
    _weekdays,
    find_dates,
    find_emails,
    find_links,
    find_phones,
    lower_keep_offsets,
)


def texts(matches):
    return [m.text for m in matches]


def test_dates():
    text = (
        "Come March 3, 2025 or Mar. 14. Forms due 3/15/25. Meetings are on Tuesdays. Today is fine."
    )
    assert texts(find_dates(text)) == ["March 3, 2025", "Mar. 14", "3/15/25", "Tuesdays"]


def test_numbers_without_month_are_not_dates():
    assert find_dates("We have 3 schools, 12 buses and 40 staff on grade 5 teams.") == []


def test_links_emails_phones():
    text = (
        "See https://district.org/a, www.example.com or cde.ca.gov. "
        "Email a.b@district.org. Call (555) 123-4567."
    )
    assert texts(find_links(text)) == ["https://district.org/a", "www.example.com", "cde.ca.gov"]
    assert texts(find_emails(text)) == ["a.b@district.org"]
    assert texts(find_phones(text)) == ["(555) 123-4567"]


def test_nothing_found_in_plain_text():
    text = "The board met and talked about the plan for next year."
    assert not (find_links(text) or find_emails(text) or find_phones(text) or find_dates(text))


def test_weekdays_found_from_day_are_the_regex_matches():
    """``_weekdays`` tries the weekday pattern only where "day" occurs; on texts made of
    weekday pieces, glued letters and breaks it finds exactly what the regex finds."""
    rng = random.Random(5)
    pieces = ["xmon", "Sun", "wednes", "tues", "thurs", "satur", "fri", "s", "_", "é", "day",
              "days", " ", "\n", "Mon", "3", "dayday"]  # fmt: skip
    found = 0
    for _ in range(3000):
        lower = lower_keep_offsets("".join(rng.choice(pieces) for _ in range(12)))
        want = [(m.start(), m.end()) for m in _WEEKDAY.finditer(lower)]
        assert [(m.start(), m.end()) for m in _weekdays(lower)] == want, lower
        found += len(want)
    assert found > 50


def _links_by_whole_search(text):
    """find_links as it was: ``_URL`` tried at every position of the text."""
    if "://" not in text and "www." not in text and not _TLD.search(lower_keep_offsets(text)):
        return []
    out = []
    for m in _URL.finditer(text):
        value = m.group().rstrip(".,;:)")
        if "@" not in text[max(0, m.start() - 1) : m.start()]:
            out.append(Match(m.start(), m.start() + len(value), value))
    return out


def test_links_found_run_by_run_are_the_whole_text_matches():
    """``find_links`` runs ``_URL`` only over the whitespace-free runs that hold "://",
    "www." or a top-level domain; on texts of link pieces, glued letters and every kind
    of whitespace it finds exactly what a search of the whole text finds, also past
    MAX_LINK_RUNS runs (then it searches the whole text)."""
    rng = random.Random(11)
    pieces = ["a", "w", "www.", "http://", "https://", ".", "org", "com", ".us", " ", "\n",
              "\r", "\t", "\xa0", "\u2028", "-", "_", "/", "@", ")", ",", "1", "é", "x.org",
              ".gov", "://", "Www.", ".ORG"]  # fmt: skip
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))
        want = _links_by_whole_search(text)
        assert find_links(text) == want, repr(text)
        found += len(want)
    assert found > 500
    many = " ".join(f"see{i}.org" for i in range(MAX_LINK_RUNS + 5))
    assert find_links(many) == _links_by_whole_search(many)
    assert len(find_links(many)) == MAX_LINK_RUNS + 5


def test_phone_and_numeric_date_patterns_match_their_word_boundary_forms():
    """The two patterns are written with their first character in front (so ``re`` can
    skip to it); they match exactly what their plain forms with a leading \\b match."""
    phone = re.compile(r"(?:\(\d{3}\)\s*+|\b\d{3}[-.\s])\d{3}[-.\s]\d{4}\b")
    date = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b")
    rng = random.Random(12)
    alphabet = "0123456789()/-. \t\n_aZé٣²x\xa0"
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        for new, old in ((_PHONE, phone), (_NUMERIC_DATE, date)):
            want = [(m.span(), m.group()) for m in old.finditer(text)]
            assert [(m.span(), m.group()) for m in new.finditer(text)] == want, repr(text)
            found += len(want)
    assert found > 300

import random

from commplan.checks.patterns import (
    _WEEKDAY,
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

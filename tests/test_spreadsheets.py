"""Formula neutralisation (OWASP CSV injection): every trigger, every invisible or
look-alike prefix a spreadsheet skips before reading a formula, and whole tables."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from commplan.spreadsheets import neutralise, neutralise_frame

TRIGGERS = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"]
PREFIXES = [" ", "  ", "\t", "\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
            "\u3000", "\n", " \u200b\u00a0\t"]  # fmt: skip


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_each_trigger_is_neutralised(trigger):
    value = trigger + 'HYPERLINK("http://evil.example","x")'
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_each_invisible_prefix_before_a_trigger_is_neutralised(prefix, trigger):
    value = prefix + trigger + "1+1"
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["\tx", "\rx", "\r\n=1"])
def test_leading_tab_or_carriage_return_is_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["plain = fine", "a+b", " leading space", "\u00a0hello", "\u200bword", "", "   ",
     "e-mail", "1-2 days", "'=already quoted"],
)  # fmt: skip
def test_ordinary_text_is_unchanged(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [5, -3, -2.5, None, date(2026, 1, 1), True])
def test_non_text_values_pass_unchanged(value):
    assert neutralise(value) == value or (value is None and neutralise(value) is None)


def test_neutralise_is_linear_on_a_long_prefix():
    value = " " * 1_000_000 + "x"
    assert neutralise(value) == value


def test_neutralise_frame_neutralises_cells_headers_and_index_not_numbers():
    df = pd.DataFrame(
        {
            "=Name": ["Ana", " =1+1", "\uff1dcmd", "@SUM(A1)"],
            "Score": [1, -2, 3, -4],
            "Note": pd.array(["-5", None, "\u200b+x", "fine"], dtype="string"),
            "Kind": pd.Categorical(["a", "=b", "a", "c"]),
        },
        index=pd.Index(["r1", "+r2", "r3", "r4"], name="@id"),
    )
    out = neutralise_frame(df)
    assert list(out.columns) == ["'=Name", "Score", "Note", "Kind"]
    assert list(out.index) == ["r1", "'+r2", "r3", "r4"] and out.index.name == "'@id"
    assert list(out["'=Name"]) == ["Ana", "' =1+1", "'\uff1dcmd", "'@SUM(A1)"]
    assert list(out["Score"]) == [1, -2, 3, -4]  # numbers stay numbers
    assert out["Note"].iloc[0] == "'-5" and pd.isna(out["Note"].iloc[1])
    assert out["Note"].iloc[2] == "'\u200b+x"
    assert list(out["Kind"]) == ["a", "'=b", "a", "c"]
    # The input is untouched (the app shows text as it was received).
    assert df["=Name"].iloc[1] == " =1+1" and df.columns[0] == "=Name"


def test_neutralise_frame_csv_has_no_formula_cell():
    df = pd.DataFrame({"a": [t + "1" for t in TRIGGERS] + [p + "=1" for p in PREFIXES]})
    text = neutralise_frame(df).to_csv(index=False)
    back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert all(cell.startswith("'") for cell in back["a"])


def test_neutralise_frame_on_an_empty_frame():
    out = neutralise_frame(pd.DataFrame(columns=["=x"]))
    assert list(out.columns) == ["'=x"] and out.empty

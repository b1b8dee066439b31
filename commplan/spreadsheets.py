"""Text bound for spreadsheets, made safe against formula injection.

OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can run
as a formula in Excel, LibreOffice or Sheets; prefixing it with a single quote makes
it plain text. Spreadsheets also skip what comes before the trigger when they read
a formula, and some read fullwidth look-alikes as the real thing, so a cell is
neutralised when its first character that is not blank or invisible (spaces, tabs,
line breaks, no-break and ideographic spaces, zero-width spaces and joiners, word
joiner, byte-order mark, direction marks) is one of the triggers or their fullwidth
or small forms (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫).

Only text is changed: numbers (including negative ones), dates and empty cells pass
unchanged, so a column of numbers stays numbers. One helper, ``neutralise``, serves
every export; ``neutralise_frame`` applies it to a whole pandas table (cells, column
names and index), e.g. before offering a table for download.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FULLWIDTH_TRIGGERS = "\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b"  # ＝＋－＠﹦﹢﹣﹫
# Blank or invisible characters a spreadsheet may skip before a formula: every Unicode
# space (\s: includes tab, line breaks, U+00A0, U+3000), soft hyphen, Arabic letter
# mark, Mongolian vowel separator, zero-width space/joiners and direction marks
# (U+200B..U+200F), embeddings (U+202A..U+202E), word joiner and invisible operators
# (U+2060..U+2064), isolates (U+2066..U+206F) and the byte-order mark.
INVISIBLE = "\\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
# Anchored at the start (re.match), one class then one character: linear in the text.
_HIDDEN_FORMULA = re.compile(f"[{INVISIBLE}]*[=+\\-@{FULLWIDTH_TRIGGERS}]")


def neutralise(value: Any) -> Any:
    """Prefix a string that could run as a formula; other values pass unchanged."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES) or _HIDDEN_FORMULA.match(value)
    ):
        return "'" + value
    return value


def _neutralise_index(index: pd.Index) -> pd.Index:
    import pandas as pd

    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_tuples(
            [tuple(neutralise(v) for v in key) for key in index],
            names=[neutralise(n) for n in index.names],
        )
    if pd.api.types.is_object_dtype(index.dtype) or pd.api.types.is_string_dtype(index.dtype):
        return pd.Index([neutralise(v) for v in index], dtype=object, name=neutralise(index.name))
    return index.rename(neutralise(index.name))


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` safe to write as CSV or Excel: every text cell, column name and
    index label neutralised. Text columns come back as ``object`` (pandas' string
    dtype would refuse some text a cell can hold); number and date columns unchanged."""
    import pandas as pd

    out = df.copy()
    out.columns = _neutralise_index(out.columns)
    out.index = _neutralise_index(out.index)
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        dtype = column.dtype
        if (
            pd.api.types.is_object_dtype(dtype)
            or pd.api.types.is_string_dtype(dtype)
            or isinstance(dtype, pd.CategoricalDtype)
        ):
            out.isetitem(
                position,
                pd.Series([neutralise(v) for v in column], index=out.index, dtype=object),
            )
    return out

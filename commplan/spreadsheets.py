"""Text bound for spreadsheets, made safe against formula injection.

OWASP, "CSV Injection": a cell that starts with =, +, -, @, a tab or a carriage
return can run as a formula in Excel or Sheets; prefixing it with a single quote
makes it plain text.
"""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a string that could run as a formula; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value

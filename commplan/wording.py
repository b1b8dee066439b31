"""Small helpers for the words of messages (no UI code: the checks, the CLI, the store
and the UI all use them)."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 response', '2,000 responses', '1 entry' / '3 entries' (give ``many`` for an
    irregular plural)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"

"""Read user-supplied text files safely: size limit, binary and encoding checks."""

from __future__ import annotations

import re
import sys
from pathlib import Path

DEFAULT_MAX_BYTES = 1_000_000


class InputError(ValueError):
    """The input cannot be checked; the message says what is wrong and where."""


# C0 control characters other than tab, line feed and carriage return: invisible,
# pasted from other programs (Word's manual line break is a vertical tab), and
# refused by the store (PostgreSQL cannot keep NUL). A single character class:
# linear in its input.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_AS_LINE_BREAK = {"\x0b": "\n", "\x0c": "\n"}


def clean_controls(text: str) -> tuple[str, int]:
    """``text`` without invisible control characters, and how many there were.

    A vertical tab or form feed becomes a line break (what it meant where it came
    from); every other C0 control character except tab, LF and CR is dropped.
    """
    if not _CONTROLS.search(text):
        return text, 0
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return _AS_LINE_BREAK.get(match.group(), "")

    return _CONTROLS.sub(replace, text), count


def decode_text(raw: bytes, name: str, error: type[ValueError] = InputError) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse anything else
    with ``error`` and a message naming the file and the problem."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise error(f"{name}: invalid UTF-16 text at byte {exc.start}") from exc
    if b"\x00" in raw[:8192]:
        raise error(f"{name}: this looks like a binary file (binary data), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            f"{name}: not UTF-8 text (byte {raw[exc.start]:#04x} on line {line}); "
            "save the file as UTF-8 and try again"
        ) from exc


def read_text_input(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file (or ``-`` for standard input) as text, refusing oversize and binary input."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(max_bytes + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise InputError(f"{name}: is a directory, not a file")
            with p.open("rb") as f:
                raw = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:
        raise InputError(
            f"{name}: larger than the {max_bytes:,}-byte limit; split it or raise --max-bytes"
        )
    return decode_text(raw, name)

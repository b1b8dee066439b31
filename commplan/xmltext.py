"""Text bound for XML documents (Word .docx, Excel .xlsx).

XML 1.0 allows only tab, line feed, carriage return, U+0020..U+D7FF, U+E000..U+FFFD
and U+10000..U+10FFFF. lxml (python-docx) and openpyxl refuse anything else with an
exception, so one pasted control character (or a lone surrogate from a JSON import)
used to break every Word summary and Excel export that included it. Those
characters are invisible or meaningless in a document: they are dropped, and
everything else is kept as it was.
"""

from __future__ import annotations

import re

# One character class, no repetition or alternation: linear in the input.
XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return XML_ILLEGAL.sub("", text)

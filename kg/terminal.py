"""Text meant for a terminal: whatever could drive it is shown as an escape, never sent raw.

A label from a facts file, a value from a SPARQL endpoint or a path in an
error message is data, and data can hold ESC (the start of a terminal's
escape sequences: colours, titles, cursor moves), BEL, C1 controls or a
bidi override that shows text in another order than it is stored. What kg
prints for a person goes through ``printable``.
"""

from __future__ import annotations

# Joiners are format characters that scripts need (Persian, Indic, emoji sequences): harmless, kept.
_KEPT = {"\u200c", "\u200d"}


def printable(text: str, keep: str = "\n\t") -> str:
    """``text`` with every character that is not printable (C0 and C1 controls, DEL, bidi overrides and
    isolates, other format and separator characters) written as a Python escape; ``keep``: the characters
    left as they are (newline and tab).

    >>> printable("Test\\x1b[31mville\\x07")
    'Test\\\\x1b[31mville\\\\x07'
    >>> printable("abc\\u202edef"), printable("Yibin 宜宾")
    ('abc\\\\u202edef', 'Yibin 宜宾')
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in keep or c in _KEPT else _escape(c) for c in text)


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

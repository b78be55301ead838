"""Locating quotes in a source text: typographic quotes and runs of white space folded, offsets mapped back
to the text as stored."""

from __future__ import annotations

import re

from kg.errors import QuoteNotFound
from kg.facts.model import Excerpt

_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ",
})
_SPACES = re.compile(r"\s+")  # re's \s is str.isspace, character for character


def _normalise(text: str) -> tuple[str, list[int]]:
    """Fold typographic quotes and runs of white space; map back to offsets.

    Each run of white space becomes one space, at the offset of the run's first character:

    >>> _normalise("a \\u201cb\\u201d\\n\\t c")
    ('a "b" c', [0, 1, 2, 3, 4, 5, 8])
    """
    folded = text.translate(_TYPOGRAPHIC)
    positions: list[int] = []
    kept = 0  # where the text not yet mapped begins
    for run in _SPACES.finditer(folded):
        positions.extend(range(kept, run.start() + 1))
        kept = run.end()
    positions.extend(range(kept, len(folded)))
    return _SPACES.sub(" ", folded), positions


def normalise_quote(text: str) -> str:
    """The form quotes are compared in: plain quotes, single spaces.

    >>> normalise_quote("China\u2019s  Power\\nBattery")
    "China's Power Battery"
    """
    return _SPACES.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


class SourceText:
    """A source's text, indexed once for locating many quotes."""

    def __init__(self, source_id: str, text: str):
        self.source_id = source_id
        self.text = text
        self._folded, self._positions = _normalise(text)
        self._located: dict[str, Excerpt] = {}  # a quote that names an entity is often the evidence of facts too

    def locate(self, quote: str) -> Excerpt:
        """Find ``quote`` in the text; return it as an Excerpt with offsets.

        Raises QuoteNotFound if it is absent or occurs more than once.
        """
        excerpt = self._located.get(quote)
        if excerpt is None:
            excerpt = self._located[quote] = self._locate(quote)
        return excerpt

    def _locate(self, quote: str) -> Excerpt:
        needle = normalise_quote(quote)
        if not needle:
            raise QuoteNotFound("the quote is empty")
        first = self._folded.find(needle)
        if first < 0:
            raise QuoteNotFound(f"quote not found in source '{self.source_id}': \"{_shorten(quote)}\"")
        if self._folded.find(needle, first + 1) >= 0:
            count = self._folded.count(needle)
            raise QuoteNotFound(
                f"quote occurs {count} times in source '{self.source_id}'; quote more words to make it unique: "
                f"\"{_shorten(quote)}\""
            )
        start = self._positions[first]
        end = self._positions[first + len(needle) - 1] + 1
        return Excerpt(self.source_id, start, end, self.text[start:end])

    def find_within(self, excerpt: Excerpt, words: str) -> str | None:
        """The source's exact text of ``words`` inside ``excerpt``, or None."""
        inner = SourceText(self.source_id, excerpt.text)
        needle = normalise_quote(words)
        index = inner._folded.find(needle)
        if index < 0 or not needle:
            return None
        start = inner._positions[index]
        end = inner._positions[index + len(needle) - 1] + 1
        return excerpt.text[start:end]


def _shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."

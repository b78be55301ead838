"""Locating quotes in a source text: typographic quotes and runs of white space folded, offsets mapped back
to the text as stored."""

from __future__ import annotations

import bisect
import re

from kg.errors import QuoteNotFound
from kg.facts.model import Excerpt

_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ",
})
_SPACES = re.compile(r"\s+")  # re's \s is str.isspace, character for character
_LONG_SPACES = re.compile(r"\s\s+")


class _Folded:
    """A text with typographic quotes and runs of white space folded, and the way back to its offsets.

    Each run of white space becomes one space, at the offset of the run's first character:

    >>> folded = _Folded("a \\u201cb\\u201d\\n\\t c")
    >>> folded.text, [folded.original(i) for i in range(len(folded.text))]
    ('a "b" c', [0, 1, 2, 3, 4, 5, 8])
    """

    def __init__(self, text: str):
        translated = text.translate(_TYPOGRAPHIC)  # one character for one: offsets unchanged
        self.text = _SPACES.sub(" ", translated)
        # Only runs of two or more characters move the offsets: where each such run's next character lands in
        # the folded text, and how many characters fewer it has before it from there on. (An offset per
        # character, kept for every source and every quote, cost more than building the document's graph.)
        self._starts, self._shifts = [0], [0]
        removed = 0
        for run in _LONG_SPACES.finditer(translated):
            removed += run.end() - run.start() - 1
            self._starts.append(run.end() - removed)
            self._shifts.append(removed)

    def original(self, index: int) -> int:
        """The offset in the text of the folded text's ``index``."""
        return index + self._shifts[bisect.bisect_right(self._starts, index) - 1]


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
        self._folded = _Folded(text)
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
        folded = self._folded
        first = folded.text.find(needle)
        if first < 0:
            raise QuoteNotFound(f"quote not found in source '{self.source_id}': \"{_shorten(quote)}\"")
        if folded.text.find(needle, first + 1) >= 0:
            count = folded.text.count(needle)
            raise QuoteNotFound(
                f"quote occurs {count} times in source '{self.source_id}'; quote more words to make it unique: "
                f"\"{_shorten(quote)}\""
            )
        start = folded.original(first)
        end = folded.original(first + len(needle) - 1) + 1
        return Excerpt(self.source_id, start, end, self.text[start:end])

    def find_within(self, excerpt: Excerpt, words: str) -> str | None:
        """The source's exact text of ``words`` inside ``excerpt``, or None."""
        inner = _Folded(excerpt.text)
        needle = normalise_quote(words)
        index = inner.text.find(needle)
        if index < 0 or not needle:
            return None
        start = inner.original(index)
        end = inner.original(index + len(needle) - 1) + 1
        return excerpt.text[start:end]


def _shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."

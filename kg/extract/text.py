"""Sentences and tokens with character offsets (spaCy's blank English pipeline).

No trained model is loaded: the tokenizer and the rule-based sentencizer
ship with spaCy. Paragraphs (text between blank lines) are split first, so
that a sentence never runs across a heading or a paragraph break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

_PARAGRAPH = re.compile(r"\n\s*\n")
QUOTES = {"\u201e", "\u201c", "\u201d", '"', "\u00ab", "\u00bb"}


@lru_cache(maxsize=1)
def pipeline():
    """spaCy's blank English pipeline with its rule-based sentencizer (loaded once)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: ``text`` is ``document[start:end]``; tokens come from spaCy."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int
    span: Span
    base: int  # offset of the span's paragraph in the document: a token's offset is base + token.idx

    @property
    def is_heading(self) -> bool:
        """A line with no closing punctuation and mostly capitalised words: a heading, not a sentence."""
        if self.text.rstrip()[-1:] in ".!?\"'”“„:;)":
            return False
        words = [t for t in self.span if t.is_alpha]
        return bool(words) and len(words) <= 14 and sum(t.is_title or t.is_stop for t in words) >= 0.8 * len(words)


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, paragraph by paragraph, keeping offsets.

    >>> [s.text for s in sentences("Heading\\n\\nIt grew 5%. It fell.")]
    ['Heading', 'It grew 5%.', 'It fell.']
    """
    nlp = pipeline()
    result: list[Sentence] = []
    start = 0
    paragraphs: list[tuple[int, int]] = []
    for match in _PARAGRAPH.finditer(text):
        paragraphs.append((start, match.start()))
        start = match.end()
    paragraphs.append((start, len(text)))
    for number, (begin, end) in enumerate(paragraphs):
        chunk = text[begin:end]
        if not chunk.strip():
            continue
        doc: Doc = nlp(chunk)
        spans: list[Span] = []
        for span in doc.sents:
            # The sentencizer ends a sentence at every full stop, "etc." and "Co." included;
            # a sentence that opens in lower case continues the one before.
            first = next((t for t in span if not t.is_space), None)
            if spans and first is not None and first.is_lower:
                spans[-1] = doc[spans[-1].start:span.end]
            else:
                spans.append(span)
        for i in range(len(spans) - 1):
            # A quotation mark at a boundary goes with the words it touches: "... industries. „The next" opens
            # the next sentence; "... active.“ Li Wei said" closes the one before.
            last, first = spans[i][-1], spans[i + 1][0]
            if last.text in QUOTES and not last.whitespace_ and len(spans[i]) > 1:
                spans[i], spans[i + 1] = doc[spans[i].start:spans[i].end - 1], doc[spans[i].end - 1:spans[i + 1].end]
            elif first.text in QUOTES and first.whitespace_ and len(spans[i + 1]) > 1:
                spans[i], spans[i + 1] = doc[spans[i].start:spans[i].end + 1], doc[spans[i + 1].start + 1:spans[i + 1].end]
        for span in spans:
            stripped = span.text.strip()
            if not stripped:
                continue
            lead = len(span.text) - len(span.text.lstrip())
            s = begin + span.start_char + lead
            result.append(Sentence(s, s + len(stripped), stripped, number, len(result), span, begin))
    return result

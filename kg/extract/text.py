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
# spaCy's tokenizer keeps "Co.", "Dr.", "U.S.", "Jan." whole, so the sentencizer does not end a sentence there;
# these it splits after, though a number follows them: "Line No. 2", "Nos. 3 and 4", "Art. 5", "Fig. 2".
_BEFORE_NUMBER = re.compile(r"(?:\b(?:No|Nos|no|nos|Art|Fig|Vol|Sec|Ch|Para|Pt)\.)\s*$")
MAX_QUOTED_SENTENCES = 8
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
        spans = _join_before_numbers(doc, spans)
        for i in range(len(spans) - 1):
            # A quotation mark at a boundary goes with the words it touches: "... industries. „The next" opens
            # the next sentence; "... active.“ Li Wei said" closes the one before.
            last, first = spans[i][-1], spans[i + 1][0]
            if last.text in QUOTES and not last.whitespace_ and len(spans[i]) > 1:
                spans[i], spans[i + 1] = doc[spans[i].start:spans[i].end - 1], doc[spans[i].end - 1:spans[i + 1].end]
            elif first.text in QUOTES and first.whitespace_ and len(spans[i + 1]) > 1:
                spans[i], spans[i + 1] = doc[spans[i].start:spans[i].end + 1], doc[spans[i + 1].start + 1:spans[i + 1].end]
        for span in _join_quotations(doc, spans):
            stripped = span.text.strip()
            if not stripped:
                continue
            lead = len(span.text) - len(span.text.lstrip())
            s = begin + span.start_char + lead
            result.append(Sentence(s, s + len(stripped), stripped, number, len(result), span, begin))
    return result


def _join_before_numbers(doc: Doc, spans: list[Span]) -> list[Span]:
    """Join "... Line No." and "2 started ...": an abbreviation that stands before a number ends no sentence."""
    joined: list[Span] = []
    for span in spans:
        first = next((t for t in span if not t.is_space), None)
        if joined and first is not None and first.like_num and _BEFORE_NUMBER.search(joined[-1].text):
            joined[-1] = doc[joined[-1].start:span.end]
        else:
            joined.append(span)
    return joined


def _open_quotes(text: str) -> int:
    """Quotations ``text`` opens and does not close: curly quotes by kind, straight ones by parity."""
    curly = text.count("\u201c") - text.count("\u201d")
    return max(curly, 0) + text.count('"') % 2


def _join_quotations(doc: Doc, spans: list[Span]) -> list[Span]:
    """A quotation of several sentences is one sentence: its words are one statement, quoted whole.

    A span that opens a quotation it does not close is joined with the spans after it up to the one
    that closes it, if that comes within MAX_QUOTED_SENTENCES of the paragraph; otherwise (a quotation
    that runs on into the next paragraph, or a stray mark) the spans stay as they are.
    """
    result: list[Span] = []
    i = 0
    while i < len(spans):
        span, end = spans[i], i
        if _open_quotes(span.text):
            for j in range(i + 1, min(len(spans), i + MAX_QUOTED_SENTENCES)):
                if not _open_quotes(doc[span.start:spans[j].end].text):
                    end = j
                    break
        result.append(doc[span.start:spans[end].end])
        i = end + 1
    return result

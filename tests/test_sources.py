"""Locating quotes in a text, and reading values as the source words them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.errors import QuoteNotFound
from kg.sources import SourceText, parse_stated_value


TEXT = "He said „1+ N“ works.\nYibin’s  chain   grew; Yibin’s plan too."


def test_locate_tolerates_white_space_and_typographic_quotes():
    excerpt = SourceText("s", TEXT).locate('said "1+ N" works. Yibin\'s chain grew')
    assert (excerpt.start, excerpt.end) == (3, 43)
    assert excerpt.text == "said „1+ N“ works.\nYibin’s  chain   grew"
    assert TEXT[excerpt.start:excerpt.end] == excerpt.text


def test_locate_refuses_missing_and_ambiguous_quotes():
    text = SourceText("s", TEXT)
    with pytest.raises(QuoteNotFound, match="not found"):
        text.locate("Yibin's chain shrank")
    with pytest.raises(QuoteNotFound, match="occurs 2 times"):
        text.locate("Yibin's")


def test_find_within_returns_the_source_spelling():
    text = SourceText("s", TEXT)
    excerpt = text.locate("Yibin's  chain grew")
    assert text.find_within(excerpt, "Yibin's chain") == "Yibin’s  chain"
    assert text.find_within(excerpt, "plan") is None


@pytest.mark.parametrize("stated,value,qualifier", [
    ("163.522 billion yuan", Decimal("163522000000"), None),
    ("more than 9,000", Decimal(9000), "kgo:MoreThan"),
    ("over 210 billion yuan", Decimal(210 * 10**9), "kgo:MoreThan"),
    ("nearly 250", Decimal(250), "kgo:Nearly"),
    ("less than 2 km", Decimal(2), "kgo:LessThan"),
    ("less than five years", Decimal(5), "kgo:LessThan"),
    ("58.7%", Decimal("58.7"), None),
    ("168 pieces", Decimal(168), None),
])
def test_parse_stated_value(stated, value, qualifier):
    assert parse_stated_value(stated) == (value, qualifier)


def test_parse_stated_value_refuses_words():
    with pytest.raises(ValueError, match="does not begin with a number"):
        parse_stated_value("many")

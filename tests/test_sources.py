"""Locating quotes in a text, and reading values as the source words them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.errors import QuoteNotFound, SourceError
from kg.facts.numbers import parse_stated_value
from kg.facts.quotes import SourceText

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


# --- errors name the line of the field at fault ----------------------------

def _edit(path, old: str, new: str) -> int:
    """Replace ``old`` (once) in a file; return the line the replacement is on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_wrong_quote_names_the_quote_line_not_the_entity_line(scratch_data):
    from conftest import ONTOLOGY

    from kg.facts.folder import build_graph

    facts = scratch_data / "facts" / "000_yibin-power-battery-capital.yaml"
    entity = 'Ningde Times]\n    quote: "with the introduction of CATL in 2019"'  # CATL's own quote, not a fact's
    line = _edit(facts, entity, entity.replace("2019", "2018")) + 1
    assert facts.read_text(encoding="utf-8").splitlines()[line - 5] == "  - id: catl"  # the entity starts 4 lines above
    with pytest.raises(QuoteNotFound) as error:
        build_graph(scratch_data, ONTOLOGY)
    assert str(error.value) == (f"{facts}:{line} (quote): quote not found in source 'yibin-power-battery-capital-2023': "
                                '"with the introduction of CATL in 2018"')


def test_an_observation_field_error_names_that_field_line(scratch_data):
    from conftest import ONTOLOGY

    from kg.errors import FactError
    from kg.facts.folder import build_graph

    facts = scratch_data / "facts" / "000_yibin-power-battery-capital.yaml"
    text = facts.read_text(encoding="utf-8")
    start = text.index("  - quote: ", text.index("\nobservations:"))
    unit = text.index("unit: ", start)
    facts.write_text(text[:unit] + "unit: kgo:Yuann" + text[text.index("\n", unit):], encoding="utf-8")
    with pytest.raises(FactError, match=rf"{facts}:{text[:unit].count(chr(10)) + 1} \(unit\): unknown unit 'kgo:Yuann'"):
        build_graph(scratch_data, ONTOLOGY)


# --- links: only identifiers of the reference list --------------------------

@pytest.mark.parametrize("item, message", [
    ("Q427266", "Q427266 is not in the reference list of 'gf-wikidata-tools-cities'; add it to a reference's items "
                "only with the public source that names it"),
    ("Q19770", "Q19770 is not in the reference list of 'gf-wikidata-tools-cities'; "
               "it is listed under reference 'gf-wikidata-tools-provinces'"),
])
def test_a_wikidata_id_outside_the_reference_list_is_refused(scratch_data, item, message):
    from kg.facts.loader import load_links_file

    links = scratch_data / "links" / "wikidata.yaml"
    line = _edit(links, "wikidata: Q427265 ", f"wikidata: {item} ")
    with pytest.raises(SourceError) as error:
        load_links_file(links)
    assert str(error.value) == f"{links}:{line} (wikidata): {message}"


def test_every_link_of_the_data_is_in_its_reference_list():
    from conftest import DATA

    from kg.facts.loader import load_links_file

    links = load_links_file(DATA / "links" / "wikidata.yaml").links
    assert {(link.wikidata, link.reference.id) for link in links} >= {("Q427265", "gf-wikidata-tools-cities"),
                                                                     ("Q1718181", "emmo-electrochemistry")}

"""Every unit and number form kg extract can draft is one kg build reads: drafted, built, and read back.

A draft's value is its ``stated_as``: the build reads it again (kg/facts/numbers.py), so a form the extractor
finds but the build cannot read ("140 000 t/y", "Rp 5.5 trillion") either refuses the whole draft or, worse, reads
as another number ("000 t/y" as 0). Every sentence here is written for the test; none is taken from an article.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.extract import Document, Lexicon, draft_yaml, extract
from kg.extract.numbers import CURRENCIES, MONEY_UNITS, UNITS, figures
from kg.facts.namespaces import SDMX_MEASURE
from kg.facts.numbers import CAPITALS_ONLY, parse_stated_value

ROOT = Path(__file__).resolve().parent.parent
KGO = "https://kg.example.org/ontology#"

REVENUE = "In 2023, Acme Holdings reported revenue of {}."
OUTPUT = "In 2023, the Riverton plant of Acme Holdings produced {} of copper."
# (the sentence's template, the figure as the text words it, its value, its unit)
FORMS = [
    # money: signs, codes and names of currencies, with scales
    (REVENUE, "US$2.5 billion", Decimal("2.5e9"), "kgo:USD"),
    (REVENUE, "$483m", Decimal("483e6"), "kgo:USD"),
    (REVENUE, "1.2 billion dollars", Decimal("1.2e9"), "kgo:USD"),
    (REVENUE, "€1.2bn", Decimal("1.2e9"), "kgo:EUR"),
    (REVENUE, "£20m", Decimal("20e6"), "kgo:GBP"),
    (REVENUE, "1.2 million pounds", Decimal("1.2e6"), "kgo:GBP"),
    (REVENUE, "RMB 12 billion", Decimal("12e9"), "kgo:CNY"),
    (REVENUE, "8.5 billion yuan", Decimal("8.5e9"), "kgo:CNY"),
    (REVENUE, "A$300 million", Decimal("300e6"), "kgo:AUD"),
    (REVENUE, "C$1.5 billion", Decimal("1.5e9"), "kgo:CAD"),
    (REVENUE, "HK$8 billion", Decimal("8e9"), "kgo:HKD"),
    (REVENUE, "S$40 million", Decimal("40e6"), "kgo:SGD"),
    (REVENUE, "NZ$90 million", Decimal("90e6"), "kgo:NZD"),
    (REVENUE, "Rp 5.5 trillion", Decimal("5.5e12"), "kgo:IDR"),
    (REVENUE, "40 billion rupiah", Decimal("40e9"), "kgo:IDR"),
    (REVENUE, "NT$3bn", Decimal("3e9"), "kgo:TWD"),
    (REVENUE, "2 billion New Taiwan dollars", Decimal("2e9"), "kgo:TWD"),
    (REVENUE, "₩2 trillion", Decimal("2e12"), "kgo:KRW"),
    (REVENUE, "300 billion won", Decimal("300e9"), "kgo:KRW"),
    (REVENUE, "¥3 billion", Decimal("3e9"), "kgo:CNY"),
    (REVENUE, "JPY 50 billion", Decimal("50e9"), "kgo:JPY"),
    (REVENUE, "70 billion yen", Decimal("70e9"), "kgo:JPY"),
    (REVENUE, "₹500 crore", Decimal("5e9"), "kgo:INR"),
    (REVENUE, "Rs 1,200 crore", Decimal("12e9"), "kgo:INR"),
    (REVENUE, "90 billion Pakistani rupees", Decimal("90e9"), "kgo:PKR"),
    (REVENUE, "R5bn", Decimal("5e9"), "kgo:ZAR"),
    (REVENUE, "2 billion rand", Decimal("2e9"), "kgo:ZAR"),
    (REVENUE, "E£4 billion", Decimal("4e9"), "kgo:EGP"),
    (REVENUE, "3.2 billion Mexican pesos", Decimal("3.2e9"), "kgo:MXN"),
    (REVENUE, "90 billion Chilean pesos", Decimal("90e9"), "kgo:CLP"),
    (REVENUE, "9 billion Argentine pesos", Decimal("9e9"), "kgo:ARS"),
    (REVENUE, "400 billion Colombian pesos", Decimal("400e9"), "kgo:COP"),
    (REVENUE, "₱12 billion", Decimal("12e9"), "kgo:PHP"),
    (REVENUE, "2 billion soles", Decimal("2e9"), "kgo:PEN"),
    (REVENUE, "5 trillion dong", Decimal("5e12"), "kgo:VND"),
    (REVENUE, "TRY 5 billion", Decimal("5e9"), "kgo:TRY"),
    (REVENUE, "₽80 billion", Decimal("80e9"), "kgo:RUB"),
    (REVENUE, "SAR 3 billion", Decimal("3e9"), "kgo:SAR"),
    (REVENUE, "700 million Qatari riyals", Decimal("700e6"), "kgo:QAR"),
    (REVENUE, "₦45 billion", Decimal("45e9"), "kgo:NGN"),
    (REVENUE, "3 billion Kenyan shillings", Decimal("3e9"), "kgo:KES"),
    (REVENUE, "₪1.1 billion", Decimal("1.1e9"), "kgo:ILS"),
    (REVENUE, "CZK 20 billion", Decimal("20e9"), "kgo:CZK"),
    (REVENUE, "HUF 300 billion", Decimal("300e9"), "kgo:HUF"),
    (REVENUE, "RON 2 billion", Decimal("2e9"), "kgo:RON"),
    (REVENUE, "BDT 40 billion", Decimal("40e9"), "kgo:BDT"),
    (REVENUE, "KZT 90 billion", Decimal("90e9"), "kgo:KZT"),
    (REVENUE, "AED 1.5 billion", Decimal("1.5e9"), "kgo:AED"),
    (REVENUE, "3 billion Moroccan dirhams", Decimal("3e9"), "kgo:MAD"),
    (REVENUE, "DKK 4 billion", Decimal("4e9"), "kgo:DKK"),
    (REVENUE, "SEK 12 billion", Decimal("12e9"), "kgo:SEK"),
    (REVENUE, "NOK 7 billion", Decimal("7e9"), "kgo:NOK"),
    (REVENUE, "CHF 900 million", Decimal("900e6"), "kgo:CHF"),
    (REVENUE, "PLN 2 billion", Decimal("2e9"), "kgo:PLN"),
    (REVENUE, "R$3 billion", Decimal("3e9"), "kgo:BRL"),
    (REVENUE, "RM1.5 billion", Decimal("1.5e9"), "kgo:MYR"),
    (REVENUE, "12 billion baht", Decimal("12e9"), "kgo:THB"),
    # quantities: power, energy, mass, rates, areas, volumes, lengths
    (OUTPUT, "140 000 t/y", Decimal(140_000), "kgo:TonnePerYear"),  # thousands grouped by a space
    (OUTPUT, "140\u202f000 tonnes", Decimal(140_000), "kgo:Tonne"),  # ... a narrow no-break space
    (OUTPUT, "30.3Mt", Decimal("30.3e6"), "kgo:Tonne"),
    (OUTPUT, "85 tonnes per day", Decimal(85), "kgo:TonnePerDay"),
    (OUTPUT, "40,000 short tons", Decimal(40_000), "kgo:ShortTon"),
    (OUTPUT, "2 million pounds", Decimal(2_000_000), "kgo:Pound"),
    (OUTPUT, "900 kilograms", Decimal(900), "kgo:Kilogram"),
    (OUTPUT, "150,000 ounces", Decimal(150_000), "kgo:Ounce"),
    (OUTPUT, "20,000 barrels per day", Decimal(20_000), "kgo:BarrelPerDay"),
    (OUTPUT, "3 million barrels", Decimal(3_000_000), "kgo:Barrel"),
    (OUTPUT, "4 million litres", Decimal(4_000_000), "kgo:Litre"),
    (OUTPUT, "2 million gallons", Decimal(2_000_000), "kgo:Gallon"),
    (OUTPUT, "28,000 cubic metres", Decimal(28_000), "kgo:CubicMetre"),
    (OUTPUT, "5 kWh", Decimal(5), "kgo:KilowattHour"),
    (OUTPUT, "120 MWh", Decimal(120), "kgo:MegawattHour"),
    (OUTPUT, "40 GWh", Decimal(40), "kgo:GigawattHour"),
    (OUTPUT, "20 TWh", Decimal(20), "kgo:TerawattHour"),
    ("In 2023, Acme Holdings built a plant of {}.", "2 GWp", Decimal(2), "kgo:Gigawatt"),
    ("In 2023, Acme Holdings built a plant of {}.", "660 MW", Decimal(660), "kgo:Megawatt"),
    ("In 2023, Acme Holdings built a plant of {}.", "500 kW", Decimal(500), "kgo:Kilowatt"),
    ("In 2023, the Riverton plant of Acme Holdings covered {}.", "50,000 square feet", Decimal(50_000),
     "kgo:SquareFoot"),
    ("In 2023, the Riverton plant of Acme Holdings covered {}.", "12 square kilometres", Decimal(12),
     "kgo:SquareKilometre"),
    ("In 2023, the Riverton plant of Acme Holdings covered {}.", "80,000 square metres", Decimal(80_000),
     "kgo:SquareMetre"),
    ("In 2023, the Riverton plant of Acme Holdings covered {}.", "300 acres", Decimal(300), "kgo:Acre"),
    ("In 2023, the Riverton plant of Acme Holdings covered {}.", "40 hectares", Decimal(40), "kgo:Hectare"),
    ("In 2023, Acme Holdings built a pipeline of {}.", "12 miles", Decimal(12), "kgo:Mile"),
    ("In 2023, Acme Holdings built a pipeline of {}.", "40 kilometres", Decimal(40), "kgo:Kilometre"),
    ("In 2023, Acme Holdings built a tower of {}.", "150 metres", Decimal(150), "kgo:Metre"),
    ("In 2023, Acme Holdings made wafers of {}.", "300 mm", Decimal(300), "kgo:Millimetre"),
    # shares, changes, multiples, durations, counts
    ("In 2023, the revenue of Acme Holdings rose {}.", "12.5%", Decimal("12.5"), "kgo:Percent"),
    ("In 2023, the margin of Acme Holdings rose by {}.", "3 percentage points", Decimal(3), "kgo:PercentagePoint"),
    ("In 2023, the output of Acme Holdings grew {}.", "3 times", Decimal(3), "kgo:Times"),
    ("In 2023, Acme Holdings signed a {} supply agreement.", "25-year", Decimal(25), "kgo:Year"),
    ("In 2023, Acme Holdings signed 1 200 supply contracts.", "1 200", Decimal(1200), "kgo:Count"),
]


def _curies(graph: Graph, kind: str) -> dict[str, URIRef]:
    return {graph.namespace_manager.normalizeUri(s): s for s in graph.subjects(RDF.type, URIRef(KGO + kind))}


def test_every_unit_the_extractor_can_draft_is_in_the_ontology_with_its_label_and_notation():
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl")
    units = _curies(ontology, "Unit")
    drafted = {curie for _, curie in UNITS} | set(CURRENCIES.values()) | MONEY_UNITS | {"kgo:Count"}
    assert drafted <= set(units), sorted(drafted - set(units))
    for curie in drafted:
        assert ontology.value(units[curie], RDFS.label) and ontology.value(units[curie], SKOS.notation), curie
    covered = {unit for *_, unit in FORMS}
    assert drafted - {"kgo:Month"} <= covered, sorted(drafted - covered)  # a new unit needs a form here


def test_a_value_written_with_a_sign_code_or_grouping_space_is_read_by_the_build():
    for _, stated, value, _ in FORMS:
        assert parse_stated_value(stated)[0] == value, stated


def test_every_currency_sign_of_the_one_table_is_drafted_with_its_unit_and_read_by_the_build():
    # kg.facts.numbers.CURRENCIES is the table both read: each sign, as a text writes it, opens an amount the
    # extractor gives the sign's unit and the build reads whole.
    for sign, unit in CURRENCIES.items():
        written = "R" if sign == "r" else sign.upper() if sign in CAPITALS_ONLY or sign.isalpha() else sign
        stated = f"{written}5.2 billion"
        found = figures(f"The plan costs {stated} in all.")
        assert [(f.stated, f.unit) for f in found] == [(stated, unit)], sign
        assert parse_stated_value(stated)[0] == Decimal("5200000000"), sign


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Graph, list]:
    """One invented article holding every form, drafted, written as a facts file and built as kg build does."""
    from kg.facts.folder import build_graph

    text = "Acme Holdings in figures\n\n" + "\n\n".join(template.format(stated) for template, stated, *_ in FORMS) + "\n"
    draft = extract(Document(name="acme.txt", text=text), Lexicon.from_data(ROOT / "data"))
    data = tmp_path_factory.mktemp("data")
    (data / "facts").mkdir()
    (data / "sources").mkdir()
    (data / "sources" / "acme.txt").write_text(text, encoding="utf-8")
    (data / "facts" / "acme.yaml").write_text(draft_yaml(draft), encoding="utf-8")
    return build_graph(data, ROOT / "ontology" / "kg.ttl"), draft.observations


@pytest.mark.parametrize(("template", "stated", "value", "unit"), FORMS, ids=[f[1] for f in FORMS])
def test_every_form_is_drafted_whole_and_built_with_its_value_and_unit(built, template, stated, value, unit):
    graph, observations = built
    found = [o for o in observations if o.stated_as == stated]
    assert found, f"{stated!r} not drafted whole: {[o.stated_as for o in observations if o.quote == template.format(stated)]}"
    assert found[0].unit == unit
    assert found[0].period == 2023
    node = next(n for n, text in graph.subject_objects(URIRef(KGO + "statedAs")) if str(text) == stated)
    assert Decimal(str(graph.value(node, SDMX_MEASURE.obsValue))) == value


def test_codes_that_are_also_words_or_names_are_no_currency():
    found = [(f.stated, f.unit) for f in figures(
        "At COP28 the firms will try 3 new designs, and the Acme R1S sells 12 units a day; a pen 5 inches long.")]
    assert not any(unit in MONEY_UNITS for _, unit in found), found


def test_a_space_between_groups_of_three_digits_only_joins_thousands():
    assert [(f.stated, f.value) for f in figures("In 2023 Acme shipped 140 000 tonnes, against 95 500 in 2022.")] \
        == [("140 000 tonnes", Decimal(140_000)), ("95 500", Decimal(95_500))]
    assert [f.value for f in figures("Acme runs 12 plants and 2 1000-tonne presses.")][:1] == [Decimal(12)]

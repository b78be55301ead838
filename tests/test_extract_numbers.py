"""Numbers as sources word them, read alike by kg build (stated_as) and kg extract (figures).

Every sentence here is written for the test; none is taken from an article.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.numbers import figures
from kg.facts.numbers import parse_stated_value


@pytest.mark.parametrize(("stated", "value", "qualifier"), [
    # number words, read whole by text2num: each of these was read as its first word before
    ("twenty-five", Decimal(25), None),
    ("two hundred thousand tonnes", Decimal(200_000), None),
    ("seven hundred million yuan", Decimal(700_000_000), None),
    ("one hundred and twenty projects", Decimal(120), None),
    ("up to one million", Decimal(1_000_000), "kgo:AtMost"),
    # scales after digits
    ("5 bn yuan", Decimal(5 * 10**9), None),
    ("2.4 billion", Decimal(2_400_000_000), None),
    ("$5-billion", Decimal(5 * 10**9), None),  # a hyphen between the number and its scale: was read as 5
    ("1.5-million-tonne", Decimal(1_500_000), None),
    ("14,007 crore", Decimal(140_070_000_000), None),
    ("1,01,487", Decimal(101_487), None),  # Indian digit grouping
    # currency signs
    ("$483m", Decimal(483_000_000), None),
    ("€1.2 billion", Decimal(1_200_000_000), None),
    ("A$300 million", Decimal(300_000_000), None),
    ("HK$ 8 billion", Decimal(8_000_000_000), None),
    ("£20m", Decimal(20_000_000), None),
    # qualifiers
    ("exceeding 100 billion yuan", Decimal(10**11), "kgo:MoreThan"),
    ("exceed 3.5 billion yuan", Decimal(3_500_000_000), "kgo:MoreThan"),
    ("about 45,000 tonnes", Decimal(45_000), "kgo:About"),
    ("an estimated 2,500", Decimal(2500), "kgo:About"),
    ("more than 30", Decimal(30), "kgo:MoreThan"),
    ("nearly 80 per cent", Decimal(80), "kgo:Nearly"),
    ("as many as 2,000", Decimal(2000), "kgo:AtMost"),
    ("as much as 30%", Decimal(30), "kgo:AtMost"),
    ("well over 100", Decimal(100), "kgo:MoreThan"),
    ("just under $2 billion", Decimal(2 * 10**9), "kgo:LessThan"),
])
def test_the_build_reads_a_stated_value_whole(stated, value, qualifier):
    assert parse_stated_value(stated) == (value, qualifier)


@pytest.mark.parametrize(("stated", "message"), [
    ("many", "does not begin with a number"),
    ("twenty and thirty", "is not one number in words"),
    ("5 6 billion", "holds more than one number"),
    ("12m", "a scale only after a currency sign"),
])
def test_a_value_the_build_cannot_read_is_an_error(stated, message):
    with pytest.raises(ValueError, match=message):
        parse_stated_value(stated)


def _found(sentence: str) -> list[tuple[str, Decimal, str | None, str | None]]:
    return [(f.stated, f.value, f.qualifier, f.unit) for f in figures(sentence)]


def test_number_words_in_a_sentence():
    assert _found("The mill will roll two hundred thousand tonnes and cost seven hundred million yuan.") == [
        ("two hundred thousand tonnes", Decimal(200_000), None, "kgo:Tonne"),
        ("seven hundred million yuan", Decimal(700_000_000), None, "kgo:CNY"),
    ]
    found = figures("The county approved one hundred and twenty projects and twenty-five loans.")
    assert [(f.value, f.noun) for f in found] == [(Decimal(120), "projects"), (Decimal(25), "loans")]


def test_money_with_a_sign_or_a_currency_name():
    assert _found("Brightwell put €1.2 billion into the mill, A$300 million into a refinery and $45m into a lab.") == [
        ("€1.2 billion", Decimal(1_200_000_000), None, "kgo:EUR"),
        ("A$300 million", Decimal(300_000_000), None, "kgo:AUD"),
        ("$45m", Decimal(45_000_000), None, "kgo:USD"),
    ]
    assert _found("The grant was 40 million euros, or 35 million pounds.") == [
        ("40 million euros", Decimal(40_000_000), None, "kgo:EUR"),
        ("35 million pounds", Decimal(35_000_000), None, "kgo:GBP"),
    ]


def test_a_qualified_amount_and_its_conversion_in_brackets():
    assert _found("Sales are set to exceed 12 billion yuan ($1.7 billion) by 2027.") == [
        ("exceed 12 billion yuan", Decimal(12 * 10**9), "kgo:MoreThan", "kgo:CNY"),
        ("$1.7 billion", Decimal(1_700_000_000), None, "kgo:USD"),
    ]
    assert _found("It costs about 4 bn yuan.") == [("about 4 bn yuan", Decimal(4 * 10**9), "kgo:About", "kgo:CNY")]


def test_qualifiers_with_an_adverb_or_as_many_as():
    assert _found("The Riverton mill will hire as many as 1,500 workers and cost well over $3 billion.") == [
        ("as many as 1,500", Decimal(1500), "kgo:AtMost", "kgo:Count"),
        ("well over $3 billion", Decimal(3 * 10**9), "kgo:MoreThan", "kgo:USD"),
    ]


def test_units_of_power_area_and_mass_rates():
    assert _found("A 12GW line, 800 MW of cells, 1.5 million kW of storage and 20,000 t/yr of hydroxide.") == [
        ("12GW", Decimal(12), None, "kgo:Gigawatt"),
        ("800 MW", Decimal(800), None, "kgo:Megawatt"),
        ("1.5 million kW", Decimal(1_500_000), None, "kgo:Kilowatt"),
        ("20,000 t/yr", Decimal(20_000), None, "kgo:TonnePerYear"),
    ]
    assert _found("The works sit on a 35-hectare site and 12 hectares of yards.") == [
        ("35-hectare", Decimal(35), None, "kgo:Hectare"),
        ("12 hectares", Decimal(12), None, "kgo:Hectare"),
    ]


def test_numbers_in_names_and_spans_are_not_figures():
    assert _found("The line uses Industry 4.0 methods.") == []
    assert _found("Its Hall 3 opened in 2021.") == []
    # a span of years is not a count of "consecutive years" (a bare number is kept only for back-references)
    assert [f.unit for f in figures("Zarnow has led the ranking for four consecutive years.")] == [None]
    # a number at the start of a sentence after a capitalised word is still a figure
    assert _found("In total 30 firms joined.") == [("30", Decimal(30), None, "kgo:Count")]


def test_an_amount_without_its_currency_takes_the_sentences():
    found = _found("Zarnow earned 44.5 million yuan ($6.2 million) after a loss of 40.7 million a year earlier.")
    assert found[-1] == ("40.7 million", Decimal(40_700_000), None, "kgo:CNY")


def test_tonnes_each_year_are_a_rate():
    assert _found("It will refine about 45,000 tonnes of hydroxide each year.") == [
        ("about 45,000 tonnes", Decimal(45_000), "kgo:About", "kgo:TonnePerYear")]
    assert _found("The mill has an annual output of 9,000 tons.") == [("9,000 tons", Decimal(9000), None, "kgo:TonnePerYear")]


def test_kilotonnes_and_megatonnes_are_tonnes_in_extract_and_build():
    # the build reads the stated words as kg extract does: "700 kilotonnes" is 700,000 tonnes, not 700
    assert parse_stated_value("up to 700 kilotonnes") == (Decimal(700_000), "kgo:AtMost")
    assert parse_stated_value("30.3Mt") == (Decimal("30300000.0"), None)
    assert parse_stated_value("300,000 mt/y") == (Decimal(300_000), None)  # "mt": metric tons, not megatonnes
    assert _found("Riverton will make up to 700 kilotonnes of ammonia a year and emitted 30.3Mt of CO2.") == [
        ("up to 700 kilotonnes", Decimal(700_000), "kgo:AtMost", "kgo:TonnePerYear"),
        ("30.3Mt", Decimal("30300000.0"), None, "kgo:Tonne"),
    ]


def test_hyphened_yearly_tonnages_and_a_plants_tonnage():
    assert _found("Acme runs a 20,000-tonne-per-year hydrogen plant.") == [
        ("20,000-tonne-per-year", Decimal(20_000), None, "kgo:TonnePerYear")]
    assert _found("Bluewave plans a three million ton-per-year mill.") == [
        ("three million ton-per-year", Decimal(3_000_000), None, "kgo:TonnePerYear")]
    assert _found("Bluewave operates smelters with a 500,000-tonne capacity.") == [
        ("500,000-tonne", Decimal(500_000), None, "kgo:TonnePerYear")]
    assert _found("It uses about 4.5 million tonnes of hydrogen every year.") == [
        ("about 4.5 million tonnes", Decimal(4_500_000), "kgo:About", "kgo:TonnePerYear")]
    assert _found("The site will make 85 tonnes of hydrogen per day.") == [
        ("85 tonnes", Decimal(85), None, "kgo:TonnePerDay")]


def test_units_of_volume_length_months_and_other_currencies():
    assert _found("Tanks hold 50,000 cubic metres; wafers of 200 millimetres; done within 3 months.") == [
        ("50,000 cubic metres", Decimal(50_000), None, "kgo:CubicMetre"),
        ("200 millimetres", Decimal(200), None, "kgo:Millimetre"),
    ]  # months are how long something takes: kgo:Month is there for a curator, the rules leave them out
    # a rate kg has no unit for is left out, not read as a volume
    assert _found("It moves 28,000 cubic metres of gas every hour.") == []
    assert _found("Shares closed at 131.9 Danish kroner; the order is worth 2 billion baht and RM24.9 billion.") == [
        ("131.9 Danish kroner", Decimal("131.9"), None, "kgo:DKK"),
        ("2 billion baht", Decimal(2 * 10**9), None, "kgo:THB"),
        ("RM24.9 billion", Decimal("24900000000.0"), None, "kgo:MYR"),
    ]


def test_times_of_day_ranks_model_sizes_and_fractions_are_not_counts():
    assert _found("Posted at 12:27 am EST.") == []
    # a bare number is kept (for back-references) but counts nothing
    assert [f.unit for f in figures("Acme is among the 30 largest economies' suppliers.")] == [None]
    assert [f.unit for f in figures("Acme and Bluewave will upgrade their 210 series modules.")] == [None]
    assert [f.stated for f in figures("It makes chips at 16/12 and 6/7 nanometre nodes.")] == []


def test_durations_of_years_and_spans_of_time():
    assert _found("Acme signed a 25-year agreement with Bluewave.") == [("25-year", Decimal(25), None, "kgo:Year")]
    assert _found("Acme will run the farm for 25 years.") == [("25 years", Decimal(25), None, "kgo:Year")]
    assert _found("Its reserves last for the next 200 years.") == [("200 years", Decimal(200), None, "kgo:Year")]
    for span in ("Sales doubled over the past three years.", "About 100 years ago, gold was found here.",
                 "\"I've lived here for 30 years,\" he said.", "Acme will invest $1.9 billion over two years."):
        assert [f for f in _found(span) if f[3] == "kgo:Year"] == [], span

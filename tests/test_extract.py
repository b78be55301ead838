"""The rule-based extractor, one pattern family at a time, on sentences written for these tests."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

import kg
from kg.extract import Document, Lexicon, draft_yaml, extract, get_extractor
from kg.facts.namespaces import SDMX_MEASURE
from kg.facts.numbers import parse_stated_value

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.from_data(ROOT / "data")


def draft_of(lexicon: Lexicon, text: str, date: datetime.date | None = None):
    return extract(Document(name="test-article.txt", text=text, date=date), lexicon)


def entity(draft, label: str):
    found = [e for e in draft.entities if e.label == label or label in e.alt_labels]
    assert found, f"no entity {label!r} in {[e.label for e in draft.entities]}"
    return found[0]


def triples(draft) -> set[tuple[str, str, str]]:
    return {t for fact in draft.facts for t in fact.triples}


def observation(draft, stated_as: str):
    found = [o for o in draft.observations if o.stated_as == stated_as]
    assert found, f"no observation {stated_as!r} in {[o.stated_as for o in draft.observations]}"
    return found[0]


def indicator_label(draft, obs) -> str:
    return next(e.label for e in draft.entities if e.id == obs.indicator)


# -- entities ---------------------------------------------------------------------------------


def test_organisations_by_the_word_their_name_ends_in(lexicon):
    draft = draft_of(lexicon, (
        "The Huaxi Energy Storage Association and the Longquan Municipal Bureau of Commerce signed a deal with "
        "Qingshan Cell Technology Co., Ltd. and the Eastern Institute of Battery Science on Monday."
    ))
    assert entity(draft, "Huaxi Energy Storage Association").cls == "kgo:IndustryAssociation"
    assert entity(draft, "Longquan Municipal Bureau of Commerce").cls == "kgo:GovernmentAgency"
    assert entity(draft, "Qingshan Cell Technology Co., Ltd.").cls == "kgo:Company"
    assert entity(draft, "Eastern Institute of Battery Science").cls == "kgo:ResearchInstitution"


def test_places_by_suffix_context_and_gazetteer(lexicon):
    draft = draft_of(lexicon, (
        "Lanxi City in Zhejiang Province opened a battery park in the Jinhua New Area and the Wucheng District. "
        "The plant will ship cells to Germany."
    ))
    lanxi = entity(draft, "Lanxi")
    assert (lanxi.cls, lanxi.alt_labels) == ("kgo:City", ["Lanxi City"])
    assert entity(draft, "Zhejiang").cls == "kgo:Province"
    assert entity(draft, "Jinhua New Area").cls == "kgo:District"
    assert entity(draft, "Wucheng District").cls == "kgo:District"
    assert entity(draft, "Germany").cls == "kgo:Country"


def test_a_known_entity_keeps_its_id_by_any_of_its_names(lexicon):
    """The Yibin facts file lists CATL's other names: an article using one links to kgr:catl."""
    draft = draft_of(lexicon, (
        "Ningde Times will build a cell plant in Qujing, Yunnan Province. "
        "Contemporary Amperex Technology Co., Limited said the plant would start in 2026."
    ))
    catl = [e for e in draft.entities if e.id == "catl"]
    assert len(catl) == 1 and catl[0].label == "CATL" and catl[0].cls == "kgo:Company"
    assert not [e for e in draft.entities if "amperex" in e.id or "ningde-times" in e.id]


def test_people_with_their_posts(lexicon):
    draft = draft_of(lexicon, (
        "Wang Lifen, chairwoman of the Beiyuan Power Association, opened the meeting. "
        "Tian Kai, general manager of Hongxin Battery Group, spoke after her."
    ))
    assert entity(draft, "Wang Lifen").cls == "kgo:Person"
    post = entity(draft, "General manager of Hongxin Battery Group")
    assert post.cls == "org:Post"
    person, company = entity(draft, "Tian Kai").id, entity(draft, "Hongxin Battery Group").id
    role = entity(draft, "General manager").id
    assert {(post.id, "org:heldBy", person), (post.id, "org:postIn", company), (post.id, "org:role", role)} <= triples(draft)


def test_events_with_their_year(lexicon):
    draft = draft_of(lexicon, "Delegates met at the 2024 Global Sodium Battery Summit in Shenzhen on Friday.")
    summit = entity(draft, "2024 Global Sodium Battery Summit")
    assert (summit.id, summit.cls) == ("global-sodium-battery-summit-2024", "kgo:Conference")


def test_products_and_components_from_lists_and_the_gazetteer(lexicon):
    draft = draft_of(lexicon, (
        "The park has drawn four key components, including cathode materials, separators, "
        "battery shells and electrolyte. Its lithium carbonate comes from Qinghai."
    ))
    assert entity(draft, "Battery shells").cls == "kgo:BatteryComponent"  # from the list's head noun
    assert entity(draft, "Cathode materials").cls == "kgo:BatteryComponent"  # the gazetteer
    assert entity(draft, "Lithium carbonate").cls == "kgo:ChainProduct"
    assert entity(draft, "Qinghai").cls == "kgo:Province"


# -- figures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("stated, value, qualifier", [
    ("more than 12 billion yuan", Decimal("12000000000"), "kgo:MoreThan"),
    ("over 3.5 trillion yuan", Decimal("3500000000000"), "kgo:MoreThan"),
    ("nearly 40,000", Decimal("40000"), "kgo:Nearly"),
    ("about 1.2 million", Decimal("1200000"), "kgo:About"),
    ("less than 2 km", Decimal("2"), "kgo:LessThan"),
    ("up to 50 GWh", Decimal("50"), "kgo:AtMost"),
])
def test_stated_values_are_read_as_the_build_reads_them(stated, value, qualifier):
    assert parse_stated_value(stated) == (value, qualifier)


def test_figures_with_units_scales_and_counted_nouns(lexicon):
    draft = draft_of(lexicon, (
        "Xiangtan is a city in Hunan Province. "
        "In 2023, Xiangtan's battery output value reached 86.4 billion yuan, up 17.5% year on year. "
        "The city registered 1,240 patents, signed 56 projects and created about 8,000 jobs. "
        "Its plants made 210,000 vehicles with a capacity of 24 GWh, and the share of exports rose "
        "by 2.5 percentage points. Sales grew 3.2 times."
    ))
    money = observation(draft, "86.4 billion yuan")
    assert (money.unit, money.period, money.area) == ("kgo:CNY", 2023, "xiangtan")
    assert indicator_label(draft, money) == "Battery output value"
    growth = observation(draft, "17.5%")
    assert (growth.unit, growth.compared_with) == ("kgo:Percent", 2022)
    assert indicator_label(draft, growth) == "Growth of battery output value"
    assert observation(draft, "1,240").unit == "kgo:Count"
    assert indicator_label(draft, observation(draft, "1,240")) == "Patents registered"
    assert indicator_label(draft, observation(draft, "56")) == "Projects signed"
    assert indicator_label(draft, observation(draft, "about 8,000")) == "Jobs created"
    assert observation(draft, "210,000").unit == "kgo:Count"
    assert observation(draft, "24 GWh").unit == "kgo:GigawattHour"
    assert observation(draft, "2.5 percentage points").unit == "kgo:PercentagePoint"
    assert observation(draft, "3.2 times").unit == "kgo:Times"


def test_years_dates_ranks_and_compounds_are_not_figures(lexicon):
    draft = draft_of(lexicon, (
        "On May 12, 2024, the Top 10 firms of Phase 2 met in Hanzhong for a 5-year plan "
        "to build a 100-billion-level cluster, one of the largest in 2023."
    ))
    assert draft.observations == []


def test_periods_relative_to_the_article_date(lexicon):
    draft = draft_of(lexicon, (
        "Last year, Baoding produced 31,000 battery packs. This year it expects to produce 45,000 battery packs."
    ), date=datetime.date(2025, 2, 1))
    assert observation(draft, "31,000").period == 2024
    target = observation(draft, "45,000")
    assert (target.period, target.status) == (2025, "target")
    assert target.indicator == observation(draft, "31,000").indicator  # one series across the years


def test_enumerations_that_refer_back_take_the_indicators_before(lexicon):
    draft = draft_of(lexicon, (
        "In 2023, Jiaxing had 140 battery enterprises, and their revenue was 62.5 billion yuan. "
        "In 2022, the above two figures were 118 and 48.1 billion yuan respectively."
    ))
    enterprises, revenue = observation(draft, "118"), observation(draft, "48.1 billion yuan")
    assert (enterprises.period, enterprises.unit) == (2022, "kgo:Count")
    assert enterprises.indicator == observation(draft, "140").indicator
    assert (revenue.period, revenue.unit) == (2022, "kgo:CNY")
    assert revenue.indicator == observation(draft, "62.5 billion yuan").indicator


def test_values_normalised_as_the_curated_file_does(lexicon, tmp_path):
    """Counts are integers and yuan decimals in the built graph, through the same parser."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    from kg.facts.folder import build_graph

    text = "In 2022, Huzhou signed 75 projects worth 163.5 billion yuan."
    document = Document(name="huzhou.txt", text=text)
    draft = extract(document, Lexicon.from_data(ROOT / "data"))
    (tmp_path / "facts").mkdir()
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "huzhou.txt").write_text(text, encoding="utf-8")
    (tmp_path / "facts" / "huzhou.yaml").write_text(draft_yaml(draft), encoding="utf-8")
    graph = build_graph(tmp_path, ROOT / "ontology" / "kg.ttl")
    values = set(graph.objects(None, SDMX_MEASURE.obsValue))
    assert Literal(75, datatype=XSD.integer) in values
    assert Literal("163500000000.0", datatype=XSD.decimal) in values


# -- relations --------------------------------------------------------------------------------


def test_titles_awarded_and_by_whom(lexicon):
    draft = draft_of(lexicon, (
        "On March 8, Mianyang was awarded as China's Hydrogen Valley at the 2024 Clean Energy Expo, "
        "with the China Hydrogen Alliance jointly awarding it the plaque."
    ))
    conferral = entity(draft, "Mianyang awarded China's Hydrogen Valley (2024)")
    city, title = entity(draft, "Mianyang").id, entity(draft, "China's Hydrogen Valley").id
    assert {
        (conferral.id, "kgo:recipient", city), (conferral.id, "kgo:awardedTitle", title),
        (conferral.id, "kgo:awardedBy", entity(draft, "China Hydrogen Alliance").id),
        (conferral.id, "schema:startDate", "2024-03-08"), (city, "kgo:holdsTitle", title),
        (conferral.id, "schema:superEvent", entity(draft, "2024 Clean Energy Expo").id),
    } <= triples(draft)


def test_places_within_places_and_agencies_jurisdiction(lexicon):
    draft = draft_of(lexicon, (
        "Jingmen, a city in central Hubei Province, hosts the plant. "
        "The Jingmen Municipal Commission of Industry approved it."
    ))
    jingmen = entity(draft, "Jingmen").id
    assert (jingmen, "schema:containedInPlace", entity(draft, "Hubei").id) in triples(draft)
    assert (entity(draft, "Jingmen Municipal Commission of Industry").id, "kgo:jurisdiction", jingmen) in triples(draft)


def test_a_company_plant_and_investment_in_a_place(lexicon):
    draft = draft_of(lexicon, (
        "Fengyuan Battery Group will build a new factory in Zigong with an investment of 8.6 billion yuan."
    ), date=datetime.date(2024, 3, 1))  # a text of no year needs its date for a figure's year (never the clock's)
    plant = entity(draft, "Fengyuan Battery Group factory in Zigong")
    assert plant.cls == "kgo:Plant"
    company = entity(draft, "Fengyuan Battery Group").id
    assert {(plant.id, "kgo:plantOf", company), (plant.id, "kgo:plantIn", entity(draft, "Zigong").id),
            (company, "kgo:investsIn", plant.id)} <= triples(draft)
    investment = observation(draft, "8.6 billion yuan")
    # an investment's amount is about what is invested in (ontology/kg.ttl): the plant, not the town (#19)
    assert (investment.unit, investment.area) == ("kgo:CNY", plant.id)


def test_a_plant_after_an_article_keeps_its_first_letter(lexicon):
    """ "an electrolyte plant": the article "an" is a word of its own, not "a" followed by "n electrolyte"."""
    draft = draft_of(lexicon, "Fengyuan Battery Group has agreed to build an electrolyte plant in Zigong.")
    assert entity(draft, "Fengyuan Battery Group electrolyte plant in Zigong").cls == "kgo:Plant"


def test_subsidiaries(lexicon):
    draft = draft_of(lexicon, (
        "Baiyun Anode Materials Co., Ltd., a wholly-owned subsidiary of Nanling Mining Group, doubled its output."
    ))
    child, parent = entity(draft, "Baiyun Anode Materials Co., Ltd."), entity(draft, "Nanling Mining Group")
    assert (child.id, "schema:parentOrganization", parent.id) in triples(draft)


def test_statements_who_said_what_and_where(lexicon):
    draft = draft_of(lexicon, (
        "“Guangyuan will be a base for sodium batteries,” said Peng Rui, vice mayor of Guangyuan, "
        "at the 2024 Western Battery Forum. "
        "Zeng Hao said the city would add 12 charging stations."
    ))
    said = [f for f in draft.facts if f.kind == "statement"]
    texts = {t[2] for f in said for t in f.triples if t[1] == "schema:text"}
    assert texts == {"Guangyuan will be a base for sodium batteries", "the city would add 12 charging stations"}
    first = next(f for f in said if any("sodium" in t[2] for t in f.triples))
    speaker = {t[2] for t in first.triples if t[1] == "kgo:speaker"}
    assert speaker == {entity(draft, "Peng Rui").id}
    assert (first.triples[0][0], "kgo:occasion", entity(draft, "2024 Western Battery Forum").id) in first.triples
    assert (first.triples[0][0], "schema:about", entity(draft, "Guangyuan").id) in first.triples


# -- the draft as a whole ---------------------------------------------------------------------


def test_every_item_has_a_confidence_and_a_sentence_of_the_text_as_quote(lexicon):
    text = ("Suzhou signed 40 projects in 2023. Li Ming, director of the Suzhou Municipal Bureau of Commerce, "
            "said the projects were worth 30 billion yuan.")
    draft = draft_of(lexicon, text)
    items = [*draft.entities, *draft.facts, *draft.observations]
    assert items and all(0 < item.confidence <= 1 for item in items)
    assert all(item.quote in text for item in items)


def test_the_draft_is_deterministic(lexicon):
    text = (ROOT / "tests" / "data" / "articles" / "zhaoqing-nev-statistics-2023.txt").read_text(encoding="utf-8")
    first = draft_yaml(extract(Document(name="z.txt", text=text), lexicon))
    second = draft_yaml(extract(Document(name="z.txt", text=text), Lexicon.from_data(ROOT / "data")))
    assert first == second


def test_the_extractor_is_registered_by_name():
    extractor = get_extractor("rules")
    assert (extractor.name, extractor.version) == ("kg-rules", kg.__version__)


def test_aliases_counties_and_amounts_in_other_words(lexicon):
    draft = draft_of(lexicon, (
        "Minjiang Lithium Corporation (hereinafter referred to as \"Minjiang\") will invest RMB 640 million in a "
        "separator plant in Lixian County. Lixian is a county in Xuanzhou City, Anhui Province. "
        "Minjiang said the plant will cost no more than RMB 1.2 billion. "
        "The county's battery output value has grown fivefold, from 3.1 billion yuan in 2020 to 15.8 billion yuan in 2023."
    ))
    company = entity(draft, "Minjiang Lithium Corporation")
    assert "Minjiang" in company.alt_labels
    assert (entity(draft, "Lixian County").id, "schema:containedInPlace", entity(draft, "Xuanzhou").id) in triples(draft)
    investment = observation(draft, "RMB 640 million")
    assert (investment.unit, indicator_label(draft, investment)) == ("kgo:CNY", "Investment in separator plant")
    assert parse_stated_value(observation(draft, "no more than RMB 1.2 billion").stated_as) == \
        (Decimal("1200000000"), "kgo:AtMost")
    before, after = observation(draft, "3.1 billion yuan"), observation(draft, "15.8 billion yuan")
    assert (before.period, after.period) == (2020, 2023)
    assert before.indicator == after.indicator and indicator_label(draft, after) == "Battery output value"


def test_a_change_on_the_year_before_in_a_text_of_no_date(lexicon):
    """ "rose 12% year on year" compares with the year before the figure's; a text of no date and no year leaves
    both open (it crashed on the open year before) and the figure out, and its date gives both."""
    text = "Acme Lithium said its revenue rose 12% year on year."
    undated = draft_of(lexicon, text)
    assert [o for o in undated.observations if o.stated_as == "12%"] == []
    dated = observation(draft_of(lexicon, text, date=datetime.date(2031, 5, 1)), "12%")
    assert (dated.period, dated.compared_with) == (2031, 2030)

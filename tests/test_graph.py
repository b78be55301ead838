"""The built graph holds every fact of the article, with the article's values."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from helpers import rows
from rdflib import Literal, URIRef

KGR = "https://kg.example.org/id/"


def test_award_who_when_where(graph):
    found = rows(graph, """
        SELECT ?recipient ?title ?date ?event ?by WHERE {
          ?c a kgo:TitleConferral ; kgo:recipient/rdfs:label ?recipient ;
             kgo:awardedTitle/rdfs:label ?title ; schema:startDate ?date ;
             schema:superEvent/rdfs:label ?event ; kgo:awardedBy/rdfs:label ?by }""")
    assert {r[:4] for r in found} == {
        ("Yibin", "China's Power Battery Capital", datetime.date(2023, 6, 9), "2023 World Power Battery Conference")
    }
    assert {r[4] for r in found} == {"China National Light Industry Council", "China Battery Industry Association"}


def test_expert_inspection_and_findings(graph):
    organizers = rows(graph, """SELECT ?o WHERE { ?i a kgo:Inspection ; schema:organizer/rdfs:label ?o ;
                                 kgo:inspected kgr:yibin ; kgo:conductedBy kgr:expert-group }""")
    assert {o for (o,) in organizers} == {"China National Light Industry Council", "China Battery Industry Association"}
    findings = {f for (f,) in rows(graph, "SELECT ?f WHERE { kgr:expert-inspection-of-yibin kgo:finding ?f }")}
    assert findings == {
        "obvious advantages in power battery industry clustering", "a complete industry chain",
        "a clear development path", "strong policy measures", "strong development momentum",
    }
    assert rows(graph, "SELECT ?c WHERE { kgr:expert-inspection-of-yibin kgo:conclusion ?c }") == [
        ("Yibin meets the criteria for the title",)
    ]


def test_titles_held_by_yibin(graph):
    titles = {t for (t,) in rows(graph, "SELECT ?t WHERE { kgr:yibin kgo:holdsTitle/rdfs:label ?t }")}
    assert titles == {"China's Power Battery Capital", "China's Liquor Capital"}
    (basis,) = rows(graph, "SELECT ?b WHERE { kgr:china-s-liquor-capital kgo:titleBasis ?b }")[0]
    assert basis.startswith("the city’s long history of liquor making")


def test_catl_came_in_2019_and_title_took_less_than_five_years(graph):
    assert rows(graph, """SELECT ?company ?year WHERE { ?a a kgo:CompanyArrival ; kgo:company/rdfs:label ?company ;
                          schema:location kgr:yibin ; kgo:eventYear ?g ; kgo:year ?year }""") == [("CATL", 2019)]
    assert rows(graph, """SELECT ?v ?q ?u WHERE { ?o kgo:indicator kgr:years-to-power-battery-capital ;
                          sdmx-measure:obsValue ?v ; kgo:qualifier ?q ; sdmx-attribute:unitMeasure ?u }""") == [
        (Decimal(5), "https://kg.example.org/ontology#LessThan", "https://kg.example.org/ontology#Year")
    ]


def test_yibin_in_sichuan_in_china(graph):
    chain = rows(graph, """SELECT ?label WHERE { kgr:yibin schema:containedInPlace+ ?p . ?p rdfs:label ?label }""")
    assert {c for (c,) in chain} == {"Sichuan", "China"}
    assert rows(graph, "SELECT ?c WHERE { kgr:sichuan a ?c }") == [("https://kg.example.org/ontology#Province",)]


def test_jing_maoming_post(graph):
    assert rows(graph, """SELECT ?role ?org WHERE { ?post org:heldBy kgr:jing-maoming ; org:role/rdfs:label ?role ;
                          org:postIn/rdfs:label ?org }""") == [
        ("Deputy director", "Sichuan Provincial Department of Economy and Information Technology")
    ]
    assert rows(graph, "SELECT ?a WHERE { kgr:sichuan-department-of-economy-and-information-technology kgo:jurisdiction ?a }") == [
        (KGR + "sichuan",)
    ]


def test_jing_maoming_statements(graph):
    said = rows(graph, """SELECT ?text ?occasion WHERE { ?s a kgo:Statement ; kgo:speaker kgr:jing-maoming ; schema:text ?text
                          OPTIONAL { ?s kgo:occasion/rdfs:label ?occasion } } ORDER BY ?text""")
    assert len(said) == 3
    texts = {t: o for t, o in said}
    assert texts["At present, power battery technology innovation in Sichuan Province is unprecedentedly active."] == (
        "2023 World Power Battery press conference"
    )
    next_step = next(t for t in texts if t.startswith("The next step"))
    assert "lithium resources, green power energy" in next_step and texts[next_step] is None
    yibin = next(t for t in texts if t.startswith("By playing the leading role"))
    assert "obtained 77 authorized patents" in yibin


SIX = {"Battery cells", "Positive and negative materials", "Structural parts", "Copper (aluminum) foil",
       "Diaphragm (separator)", "Electrolyte"}


def test_six_major_battery_components(graph):
    members = {m for (m,) in rows(graph, "SELECT ?l WHERE { kgr:six-major-battery-components skos:member/skos:prefLabel ?l }")}
    assert members == SIX
    in_scheme = {m for (m,) in rows(graph, "SELECT ?l WHERE { ?c skos:inScheme kgr:power-battery-industry-chain ; skos:prefLabel ?l }")}
    assert in_scheme == SIX | {"Conductive slurry", "Production equipment"}
    gathered = {m for (m,) in rows(graph, "SELECT ?l WHERE { kgr:yibin kgo:gathersComponent/rdfs:label ?l }")}
    assert gathered == in_scheme
    assert ("Separator",) in rows(graph, "SELECT ?a WHERE { kgr:diaphragm skos:altLabel ?a }")


def test_closed_loop_chain(graph):
    assert rows(graph, "SELECT ?m WHERE { kgr:yibin kgo:hasChain ?c . ?c kgo:chainModel ?m }") == [("1+N",)]
    order = dict(rows(graph, "SELECT ?a ?b WHERE { ?x kgo:nextStage ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }"))
    assert order == {"Raw materials": "Components", "Components": "Complete vehicles",
                     "Complete vehicles": "Battery recycling", "Battery recycling": "Raw materials"}


def test_policies_programmes_and_scenarios(graph):
    assert rows(graph, "SELECT ?by WHERE { kgr:electric-sichuan-action-plan kgo:introducedBy/rdfs:label ?by }") == [("Sichuan",)]
    aims = {a for (a,) in rows(graph, "SELECT ?a WHERE { kgr:electric-sichuan-action-plan kgo:aim ?a }")}
    assert aims == {"promote the promotion and application of new energy vehicles in various fields",
                    "accelerate the construction of infrastructure"}
    assert rows(graph, "SELECT ?p WHERE { kgr:electric-yibin-project kgo:implements/rdfs:label ?p ; kgo:implementedIn kgr:yibin }") == [
        ("Electric Sichuan action plan",)
    ]
    scenarios = {s for (s,) in rows(graph, "SELECT ?s WHERE { kgr:electric-yibin-project kgo:createdScenario/rdfs:label ?s }")}
    assert scenarios == {"Replacement of heavy trucks", "Future city", "Vehicle-road synergy"}


def test_research_topics_and_platforms(graph):
    topics = {t for (t,) in rows(graph, "SELECT ?t WHERE { kgr:yibin kgo:researchTopic/rdfs:label ?t }")}
    assert topics == {"High-security power batteries", "Battery low-temperature range technology",
                      "Heavy truck power exchange system", "Skid plate chassis"}
    platforms = {t for (t,) in rows(graph, """SELECT ?t WHERE { { kgr:yibin kgo:leverages ?p } UNION
                                              { kgr:yibin kgo:supportsConstruction ?p } ?p rdfs:label ?t }""")}
    assert platforms == {"Academician workstations", "Academician innovation centers",
                         "Sichuan new energy vehicle innovation center"}


def test_sichuan_key_industry_and_government_work_report(graph):
    assert rows(graph, "SELECT ?i WHERE { kgr:sichuan kgo:keyIndustry/rdfs:label ?i }") == [("Power battery industry",)]
    tasks = {t for (t,) in rows(graph, "SELECT ?t WHERE { kgr:yibin-2023-government-work-report kgo:keyTask ?t }")}
    assert "adding a new 100-billion-level industry cluster" in tasks and len(tasks) == 3


B = 10**9
# indicator, period, value, unit, qualifier, stated
OBSERVATIONS = [
    ("authorized-invention-patents", 2022, 275, "Count", None, "275"),
    ("authorized-invention-patents", 2021, 168, "Count", None, "168 pieces"),
    ("geographical-indication-enterprises", 2022, 39, "Count", None, "39"),
    ("geographical-indication-enterprises", 2021, 5, "Count", None, "5"),
    ("high-tech-industry-operating-income", 2022, Decimal("163.522") * B, "CNY", None, "163.522 billion yuan"),
    ("high-tech-industry-operating-income", 2021, Decimal("103.073") * B, "CNY", None, "103.073 billion yuan"),
    ("high-tech-industry-income-growth", 2022, Decimal("58.7"), "Percent", None, "58.7%"),
    ("research-centers", 2022, 60, "Count", None, "60"),
    ("research-centers", 2021, 52, "Count", None, "52"),
    ("research-centers", 2020, 32, "Count", None, "32"),
    ("high-tech-enterprises", 2022, 306, "Count", None, "306"),
    ("high-tech-enterprises", 2021, 200, "Count", None, "200"),
    ("high-tech-enterprises", 2020, 150, "Count", None, "150"),
    ("technology-contracts", 2022, 418, "Count", None, "418"),
    ("technology-contracts", 2021, 223, "Count", None, "223"),
    ("technology-contracts", 2020, 160, "Count", None, "160"),
    ("technology-contract-amount", 2022, Decimal("2.336") * B, "CNY", None, "2.336 billion yuan"),
    ("technology-contract-amount", 2021, Decimal("1.469") * B, "CNY", None, "1.469 billion yuan"),
    ("technology-contract-amount", 2020, Decimal("1.038") * B, "CNY", None, "1.038 billion yuan"),
    ("fixed-asset-investment-growth-change", 2022, Decimal(-2), "PercentagePoint", None, "2 percentage points"),
    ("secondary-industry-investment-growth", 2022, Decimal("26.3"), "Percent", None, "26.3%"),
    ("industrial-investment-growth", 2022, Decimal("27.8"), "Percent", None, "27.8%"),
    ("secondary-industry-investment-growth-change", 2022, Decimal("10.4"), "PercentagePoint", None, "10.4 percentage points"),
    ("industrial-investment-growth-change", 2022, Decimal("9.7"), "PercentagePoint", None, "9.7 percentage points"),
    ("power-battery-output-value", 2022, Decimal("88.9") * B, "CNY", None, "88.9 billion yuan"),
    ("power-battery-output-value-increase", 2022, Decimal("4.5"), "Times", None, "4.5 times"),
    ("industry-chain-revenue", 2023, 120 * B, "CNY", "MoreThan", "more than 120 billion yuan"),
    ("industry-chain-projects-investment", 2023, 210 * B, "CNY", "MoreThan", "over 210 billion yuan"),
    ("charging-interfaces", 2023, 9000, "Count", "MoreThan", "more than 9,000"),
    ("charging-coverage-radius", 2023, Decimal(2), "Kilometre", "LessThan", "less than 2 km"),
    ("new-application-scenarios", 2023, 10, "Count", None, "ten"),
    ("projects-signed", 2023, 250, "Count", "Nearly", "nearly 250"),
    ("projects-agreed-investment", 2023, 250 * B, "CNY", "MoreThan", "over 250 billion yuan"),
    ("manufacturing-projects-investment", 2023, 210 * B, "CNY", "MoreThan", "over 210 billion yuan"),
    ("manufacturing-share-of-investment", 2023, Decimal(85), "Percent", "MoreThan", "more than 85%"),
    ("rd-projects", 2023, 20, "Count", "MoreThan", "more than 20"),
    ("rd-authorized-patents", 2023, 77, "Count", None, "77"),
]


@pytest.mark.parametrize("indicator,period,value,unit,qualifier,stated", OBSERVATIONS)
def test_observation(graph, indicator, period, value, unit, qualifier, stated):
    area = "yibin-central-city" if indicator == "charging-coverage-radius" else "yibin"
    found = rows(graph, """
        SELECT ?value ?unit ?qualifier ?stated ?gyear ?area WHERE {
          ?o a qb:Observation ; kgo:indicator ?indicator ; kgo:year ?year ; sdmx-measure:obsValue ?value ;
             sdmx-attribute:unitMeasure ?unit ; kgo:statedAs ?stated ; sdmx-dimension:refPeriod ?gyear ;
             sdmx-dimension:refArea ?area ; qb:dataSet ?ds .
          OPTIONAL { ?o kgo:qualifier ?qualifier } }""",
        indicator=URIRef(KGR + indicator), year=Literal(period))
    assert len(found) == 1, found
    got_value, got_unit, got_qualifier, got_stated, gyear, got_area = found[0]
    assert got_area == KGR + area
    assert got_value == value
    assert isinstance(got_value, int if unit == "Count" else Decimal)
    assert got_unit == "https://kg.example.org/ontology#" + unit
    assert got_qualifier == (None if qualifier is None else "https://kg.example.org/ontology#" + qualifier)
    assert got_stated == stated
    assert str(gyear) == str(period)


def test_count_values_are_integers_and_money_is_decimal_yuan(graph):
    from rdflib.namespace import XSD
    datatypes = dict(rows(graph, """SELECT ?u (SAMPLE(DATATYPE(?v)) AS ?dt) WHERE {
        ?o sdmx-attribute:unitMeasure ?u ; sdmx-measure:obsValue ?v } GROUP BY ?u"""))
    assert datatypes["https://kg.example.org/ontology#Count"] == str(XSD.integer)
    assert datatypes["https://kg.example.org/ontology#CNY"] == str(XSD.decimal)
    mixed = rows(graph, """SELECT ?u WHERE { ?o sdmx-attribute:unitMeasure ?u ; sdmx-measure:obsValue ?v }
                           GROUP BY ?u HAVING (COUNT(DISTINCT DATATYPE(?v)) > 1)""")
    assert mixed == []


def test_more_than_9000_is_not_the_same_fact_as_9000(graph):
    assert rows(graph, "SELECT ?v ?q WHERE { ?o kgo:indicator kgr:charging-interfaces ; sdmx-measure:obsValue ?v ; kgo:qualifier ?q }") == [
        (9000, "https://kg.example.org/ontology#MoreThan")
    ]
    exact = rows(graph, "SELECT ?o WHERE { ?o kgo:indicator kgr:authorized-invention-patents FILTER NOT EXISTS { ?o kgo:qualifier ?q } }")
    assert len(exact) == 2


def test_targets_and_periods(graph):
    assert rows(graph, "SELECT ?i WHERE { ?o kgo:status kgo:Target ; kgo:indicator ?i }") == [(KGR + "industry-chain-revenue",)]
    since = {i.rsplit("/", 1)[1] for (i,) in rows(graph, "SELECT ?i WHERE { ?o kgo:periodStart ?s ; kgo:indicator ?i FILTER(STR(?s) = '2022-06') }")}
    assert since == {"projects-signed", "projects-agreed-investment", "manufacturing-projects-investment",
                     "manufacturing-share-of-investment"}
    compared = rows(graph, "SELECT ?c WHERE { ?o kgo:indicator kgr:high-tech-industry-income-growth ; kgo:comparedWith ?c }")
    assert [str(c) for (c,) in compared] == ["2021"]


def test_source_document_metadata(graph, source_text):
    import hashlib

    from conftest import SOURCE_FILE
    found = rows(graph, """SELECT ?title ?publisher ?lang ?event ?sha ?n WHERE {
        ?s a kgo:SourceDocument ; schema:headline ?title ; schema:publisher/rdfs:label ?publisher ;
           schema:inLanguage ?lang ; kgo:reportsOn/rdfs:label ?event ; kgo:sha256 ?sha ; kgo:characterCount ?n }""")
    assert found == [(
        "Yibin named China's Power Battery Capital at the 2023 World Power Battery Conference", "The China Project",
        "en", "2023 World Power Battery Conference", hashlib.sha256(SOURCE_FILE.read_bytes()).hexdigest(), len(source_text),
    )]

"""Each library query gives the article's answer: the values, years and names a reader would check."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from conftest import ROOT
from helpers import rows
from rdflib import Graph, Literal, URIRef

from kg.sparql.library import find_query, load_library
from kg.sparql.params import parse_term
from kg.store.graphs import with_ontology

QUERIES = ROOT / "queries"
KGR = "https://kg.example.org/id/"
KGO = "https://kg.example.org/ontology#"


@pytest.fixture(scope="module")
def full(graph, project) -> Graph:
    """The built graph with the ontology, as kg query sees it by default."""
    return with_ontology(graph, project)


def answer(graph: Graph, name: str, **params) -> list[tuple]:
    query = find_query(name, QUERIES)
    bindings = query.bindings({k: parse_term(v) if isinstance(v, str) else Literal(v) for k, v in params.items()})
    return rows(graph, query.text, **bindings)


def test_library_has_at_least_15_questions_each_stated():
    library = load_library(QUERIES)
    assert len(library) >= 15
    for query in library:
        assert query.text.startswith("#"), query.name
        assert query.question.endswith("?"), query.name


def test_every_tested_query_is_in_the_library():
    tested = {name[len("test_"):].replace("_", "-") for name in globals() if name.startswith("test_")}
    assert {q.name for q in load_library(QUERIES)} <= tested


def test_award(full):
    assert answer(full, "award") == [
        ("Yibin", "China's Power Battery Capital", datetime.date(2023, 6, 9), "2023 World Power Battery Conference", by)
        for by in ("China Battery Industry Association", "China National Light Industry Council")
    ]


def test_industry_chain(full):
    found = answer(full, "industry-chain")
    assert {c for c, g in found if g == "six major"} == {
        "Battery cells", "Positive and negative materials", "Structural parts", "Copper (aluminum) foil",
        "Diaphragm (separator)", "Electrolyte",
    }
    assert {c for c, g in found if g == "other chain project"} == {"Conductive slurry", "Production equipment"}


def test_science_technology(full):
    series = {(indicator, year): (value, unit) for indicator, year, value, unit in answer(full, "science-technology")}
    count = lambda values: {year: (v, "count") for year, v in values.items()}  # noqa: E731
    expected = {
        "Authorized invention patents": count({2021: 168, 2022: 275}),
        "High-tech enterprises": count({2020: 150, 2021: 200, 2022: 306}),
        "Provincial and municipal engineering and technology research centers": count({2020: 32, 2021: 52, 2022: 60}),
        "Technology contracts registered": count({2020: 160, 2021: 223, 2022: 418}),
        "Registered amount of technology contracts": {
            2020: (Decimal("1038000000"), "yuan (CNY)"), 2021: (Decimal("1469000000"), "yuan (CNY)"),
            2022: (Decimal("2336000000"), "yuan (CNY)"),
        },
    }
    assert series == {(i, y): v for i, years in expected.items() for y, v in years.items()}


def test_year_on_year_growth(full):
    growth = {(row[0], row[1]): row for row in answer(full, "year-on-year-growth")}
    income = growth[("Operating income of the industrial high-tech industry above scale", 2022)]
    # Computed from 163.522 and 103.073 billion yuan beside the article's 58.7%.
    assert income[2:] == (2021, Decimal("163522000000"), Decimal("103073000000"), Decimal("58.65"), Decimal("58.7"))
    assert growth[("Authorized invention patents", 2022)][5:] == (Decimal("63.69"), None)
    assert growth[("High-tech enterprises", 2021)][5] == Decimal("33.33")
    assert growth[("High-tech enterprises", 2022)][5] == Decimal("53")
    assert growth[("Technology contracts registered", 2022)][5] == Decimal("87.44")
    assert growth[("Provincial and municipal engineering and technology research centers", 2021)][5] == Decimal("62.5")
    assert len(growth) == 11
    assert [row[6] for row in growth.values() if row[6] is not None] == [Decimal("58.7")]


def test_company_arrival_2019(full):
    assert answer(full, "company-arrival-2019") == [("CATL", "Introduction of CATL to Yibin (2019)", 2019)]
    assert answer(full, "company-arrival-2019", year=2020) == []
    # A year given as xsd:gYear, which rdflib cannot compare, answers the same.
    assert answer(full, "company-arrival-2019", year='"2019"^^xsd:gYear') == answer(full, "company-arrival-2019")


def test_jing_maoming(full):
    said = answer(full, "jing-maoming")
    assert {row[:3] for row in said} == {
        ("Jing Maoming", "Deputy director", "Sichuan Provincial Department of Economy and Information Technology")
    }
    occasions = {text.split(",")[0].split(" we ")[0]: occasion for *_, text, occasion in said}
    assert occasions == {
        "At present": "2023 World Power Battery press conference",
        "By playing the leading role of academician workstations": "2023 World Power Battery press conference",
        "The next step": None,
    }


def test_policies(full):
    found = answer(full, "policies")
    assert ("Electric Sichuan action plan", "Policy", "Sichuan", "Sichuan", "aim",
            "accelerate the construction of infrastructure") in found
    assert ("Electric Sichuan action plan", "Policy", "Sichuan", "Sichuan", "aim",
            "promote the promotion and application of new energy vehicles in various fields") in found
    programme = {(contains, item) for name, kind, _, where, contains, item in found if name == "Electric Yibin project"}
    assert programme == {
        ("implements", "Electric Sichuan action plan"), ("application scenario", "Replacement of heavy trucks"),
        ("application scenario", "Future city"), ("application scenario", "Vehicle-road synergy"),
    }
    assert {(n, k, w) for n, k, _, w, *_ in found} == {
        ("Electric Sichuan action plan", "Policy", "Sichuan"), ("Electric Yibin project", "Programme", "Yibin")
    }


def test_approximate_values(full):
    found = {(indicator, value, unit, qualifier, stated) for indicator, _, value, unit, qualifier, stated
             in answer(full, "approximate-values")}
    assert found == {
        ("Charging interfaces built", 9000, "count", "more than", "more than 9,000"),
        ("Coverage radius of charging facilities", Decimal(2), "kilometres", "less than", "less than 2 km"),
        ("Manufacturing projects' share of the total agreed investment", Decimal(85), "percent", "more than", "more than 85%"),
        ("Power battery R&D projects carried out", 20, "count", "more than", "more than 20"),
        ("Projects signed since June 2022", 250, "count", "nearly", "nearly 250"),
        ("Revenue of the whole power battery industry chain", Decimal("120e9"), "yuan (CNY)", "more than",
         "more than 120 billion yuan"),
        ("Total agreed investment of projects signed since June 2022", Decimal("250e9"), "yuan (CNY)", "more than",
         "over 250 billion yuan"),
        ("Total investment of manufacturing projects signed since June 2022", Decimal("210e9"), "yuan (CNY)",
         "more than", "over 210 billion yuan"),
        ("Total investment of the power battery industry chain projects", Decimal("210e9"), "yuan (CNY)", "more than",
         "over 210 billion yuan"),
        ("Years from CATL's introduction to the title China's Power Battery Capital", Decimal(5), "years", "less than",
         "less than five years"),
    }


def test_provenance(full, source_text):
    found = answer(full, "provenance")
    # str(): owlrl, once another test has run inference, changes how rdflib converts xsd:gYear to Python.
    assert {(p, str(o)) for p, o, *_ in found} == {
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", KGO + "CompanyArrival"),
        (KGO + "company", KGR + "catl"), (KGO + "eventYear", "2019"), ("https://schema.org/location", KGR + "yibin"),
    }
    for _, _, quote, start, end, source in found:
        assert source_text[start:end] == quote
        assert source == "Yibin named China's Power Battery Capital at the 2023 World Power Battery Conference"
    (observation,) = answer(full, "provenance",
                            subject="kgr:observation/yibin-power-battery-capital-2023/charging-interfaces-yibin-2023")
    assert observation[1:3] == (9000, "Up to now, more than 9,000 charging interfaces have been built in Yibin")
    assert source_text[observation[3]:observation[4]] == observation[2]


def test_entities_by_class(full, graph):
    from kg.build.summary import summarize

    found = {cls: (label, count) for cls, label, count in answer(full, "entities-by-class")}
    assert found[KGO + "Indicator"] == ("Indicator", 27)
    assert found[KGO + "BatteryComponent"] == ("Battery component", 6)
    assert found[KGO + "ChainProduct"] == ("Industry-chain product", 2)
    assert found[KGO + "City"] == ("City", 1)
    expected = {full.namespace_manager.expand_curie(c): n for c, n in summarize(graph).entities_by_class.items()}
    assert {URIRef(c): n for c, (_, n) in found.items()} == expected


def test_entity(full):
    query = find_query("entity", QUERIES)
    result = full.query(query.text, initBindings=query.bindings({"entity": URIRef(KGR + "catl")}))
    described = result.graph
    assert (URIRef(KGR + "catl"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("CATL", lang="en")) in described
    assert (URIRef(KGR + "catl-arrival-in-yibin-2019"), URIRef(KGO + "company"), URIRef(KGR + "catl")) in described
    default = full.query(query.text, initBindings=query.bindings()).graph
    assert (URIRef(KGR + "yibin"), URIRef(KGO + "holdsTitle"), URIRef(KGR + "china-s-power-battery-capital")) in default


def test_money(full):
    found = answer(full, "money")
    assert [(int(v), y) for v, _, y, _ in found] == [
        (250_000_000_000, 2023), (210_000_000_000, 2023), (210_000_000_000, 2023), (163_522_000_000, 2022),
        (120_000_000_000, 2023), (103_073_000_000, 2021), (88_900_000_000, 2022), (2_336_000_000, 2022),
        (1_469_000_000, 2021), (1_038_000_000, 2020),
    ]
    assert found[3][1:] == ("Operating income of the industrial high-tech industry above scale", 2022,
                            "163.522 billion yuan")
    assert found[6][1] == "Total output value of the power battery industry"


def test_titles(full):
    assert answer(full, "titles") == [
        ("China's Liquor Capital",
         "the city’s long history of liquor making and productions of famous liquors for thousands of years"),
        ("China's Power Battery Capital", None),
    ]


def test_inspection(full):
    found = answer(full, "inspection")
    assert {r[0] for r in found} == {"China National Light Industry Council", "China Battery Industry Association"}
    assert {r[2] for r in found} == {
        "obvious advantages in power battery industry clustering", "a complete industry chain",
        "a clear development path", "strong policy measures", "strong development momentum",
    }
    assert {(r[1], r[3]) for r in found} == {("Expert group inspecting Yibin", "Yibin meets the criteria for the title")}


def test_places(full):
    assert answer(full, "places") == [("China", "Country"), ("Sichuan", "Province")]


def test_investment_growth(full):
    assert answer(full, "investment-growth") == [
        ("Change in the growth rate of total social fixed asset investment", None, Decimal(-2), None),
        ("Growth of industrial investment", Decimal("27.8"), Decimal("9.7"), Decimal("18.1")),
        ("Growth of investment in secondary industry", Decimal("26.3"), Decimal("10.4"), Decimal("15.9")),
    ]


def test_research(full):
    found = answer(full, "research")
    assert {n for k, n in found if k == "research topic"} == {
        "High-security power batteries", "Battery low-temperature range technology",
        "Heavy truck power exchange system", "Skid plate chassis",
    }
    assert {n for k, n in found if k.startswith("platform")} == {
        "Academician workstations", "Academician innovation centers", "Sichuan new energy vehicle innovation center",
    }
    assert {n for k, n in found if k == "result"} == {
        "Power battery R&D projects carried out: more than 20",
        "Authorized patents from the power battery R&D projects: 77",
    }


def test_statistics_by_year(full):
    # Integer years compare on rdflib; the 2020 statistics are left out by the filter.
    assert answer(full, "statistics-by-year") == [(2021, 7), (2022, 15), (2023, 12)]
    assert answer(full, "statistics-by-year", **{"from": 2020}) == [(2020, 4), (2021, 7), (2022, 15), (2023, 12)]
    assert answer(full, "statistics-by-year", **{"from": 2023}) == [(2023, 12)]
    assert answer(full, "statistics-by-year", **{"from": '"2022"^^xsd:gYear'}) == [(2022, 15), (2023, 12)]


def test_key_tasks_2023(full):
    found = answer(full, "key-tasks-2023")
    assert [r[1] for r in found] == [
        "adding a new 100-billion-level industry cluster",
        "making full effort to build a global first-class power battery industry cluster",
        "striving to achieve revenue of more than 120 billion yuan for the whole industry chain",
    ]
    assert {(r[0], r[2], r[3]) for r in found} == {
        ("Yibin 2023 government work report", "more than 120 billion yuan", Decimal("120e9"))
    }


def test_chain_stages(full):
    found = answer(full, "chain-stages")
    following = {stage: nxt for _, _, stage, nxt in found}
    assert following == {"Raw materials": "Components", "Components": "Complete vehicles",
                          "Complete vehicles": "Battery recycling", "Battery recycling": "Raw materials"}
    assert {model for _, model, _, _ in found} == {"1+N"}


def test_queries_run_on_the_data_alone_where_they_need_no_ontology(graph):
    # Queries that use only the data answer the same without the ontology merged in.
    assert answer(graph, "money")[0][0] == Decimal("250e9")
    assert answer(graph, "places") == []  # class labels live in the ontology


def test_curated_vs_draft(full):
    # The project's data is all curated; tests/test_drafts_in_graph.py checks the rows of a draft.
    found = answer(full, "curated-vs-draft")
    assert {row[0] for row in found} == {"curated"}
    assert {row[5] for row in found} == {"000_6877afdc895f6c52.txt"}
    assert {(row[1], row[6], row[7]) for row in found} == {(None, None, None)}
    assert sum(row[3] == "http://purl.org/linked-data/sdmx/2009/measure#obsValue" for row in found) == 38


# -- plants, projects, investments, agreements, supply: an invented article (tests/data/relations) -------------

RELATIONS = ROOT / "tests" / "data" / "relations"


@pytest.fixture(scope="module")
def relations(project) -> Graph:
    """The invented Northwind Energy article, built, with the ontology."""
    from kg.facts.folder import build_graph

    return with_ontology(build_graph(RELATIONS, project.ontology_path), project)


def test_plants(relations, full):
    assert answer(relations, "plants") == [
        ("Northwind Energy Kessel battery cell plant", "Northwind Energy", "Kessel", "Freedonia")
    ]
    assert answer(full, "plants") == []  # the Yibin article names no plant


def test_investments(relations):
    assert answer(relations, "investments") == [
        ("Northwind Energy", "Northwind Energy Kessel battery cell plant", Decimal("1.2e9"), "euros (EUR)",
         "1.2 billion"),
        ("Ostmark Power", "Kessel Green Battery Project", Decimal("3e8"), "euros (EUR)", "300 million"),
    ]


def test_agreements(relations):
    assert answer(relations, "agreements") == [
        ("agreement", "Northwind Energy and Alder Motors supply agreement", "Alder Motors"),
        ("agreement", "Northwind Energy and Alder Motors supply agreement", "Northwind Energy"),
        ("partnership", "Northwind Energy", "Ostmark Power"),
    ]


def test_supply(relations):
    assert answer(relations, "supply") == [
        ("Northwind Energy", "Alder Motors", "Northwind Energy will supply battery cells to Alder Motors from 2026")
    ]


def test_relation_terms_follow_the_shapes(project, tmp_path):
    import shutil

    from kg.build.validate import validate_graph
    from kg.facts.folder import build_graph

    assert validate_graph(build_graph(RELATIONS, project.ontology_path), project).conforms
    # A supplier's customer must be an organization, a plant has one place, an agreement a party.
    data = tmp_path / "relations"
    shutil.copytree(RELATIONS, data)
    facts = data / "facts" / "northwind-kessel.yaml"
    text = facts.read_text(encoding="utf-8")
    text = text.replace("[northwind-energy, kgo:supplies, alder-motors]", "[northwind-energy, kgo:supplies, kessel]")
    text = text.replace("- [ostmark, schema:containedInPlace, freedonia]",
                        "- [ostmark, schema:containedInPlace, freedonia]\n      - [northwind-kessel-plant, kgo:plantIn, ostmark]")
    text = text.replace("      - [northwind-alder-supply-agreement, kgo:party, northwind-energy]\n"
                        "      - [northwind-alder-supply-agreement, kgo:party, alder-motors]\n", "")
    facts.write_text(text, encoding="utf-8")
    broken = build_graph(data, project.ontology_path)
    for engine in ("kg", "pyshacl"):
        report = validate_graph(broken, project, engine=engine)
        assert {(v.focus, v.path) for v in report.violations} == {
            ("kgr:northwind-energy", "kgo:supplies"), ("kgr:northwind-kessel-plant", "kgo:plantIn"),
            ("kgr:northwind-alder-supply-agreement", "kgo:party"),
        }, engine

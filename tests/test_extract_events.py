"""Events with their dates, places and participants, on sentences written for these tests."""

from __future__ import annotations

import datetime

import pytest
from conftest import draft_of, labelled

from kg.extract.events import resolve_date


def events(lexicon, text: str, date: datetime.date | None = None) -> dict[str, dict[str, set[str]]]:
    """Each event's class -> property -> objects (entities by label)."""
    draft = draft_of(lexicon, text, date)
    labels = {e.id: e.label for e in draft.entities}
    kinds = {e.id: e.cls for e in draft.entities}
    found: dict[str, dict[str, set[str]]] = {}
    for fact in draft.facts:
        for s, p, o in fact.triples:
            if kinds.get(s) in ("kgo:Signing", "kgo:Groundbreaking", "kgo:ProductionStart", "kgo:PlantOpening",
                                "kgo:Conference"):
                found.setdefault(kinds[s], {}).setdefault(p, set()).add(labels.get(o, o))
    return found


def test_a_groundbreaking_on_a_weekday_of_the_articles_week(lexicon):
    found = events(lexicon, "Orvik Energy broke ground on its battery plant in Debrecen on Tuesday.",
                   datetime.date(2024, 5, 10))
    assert found["kgo:Groundbreaking"] == {"kgo:participant": {"Orvik Energy"}, "schema:startDate": {"2024-05-07"},
                                           "schema:location": {"Debrecen"}}


def test_a_production_start_of_the_plant_named_before(lexicon):
    found = events(lexicon, (
        "Volantis Motors is building a cell factory in Kenitra. Mass production is scheduled to begin in July next year."
    ), datetime.date(2024, 5, 10))
    assert found["kgo:ProductionStart"]["kgo:eventYear"] == {"2025"}
    assert found["kgo:ProductionStart"]["schema:location"] == {"Volantis Motors cell factory in Kenitra"}


def test_a_signing_with_its_parties_date_and_place(lexicon):
    found = events(lexicon, (
        "On March 15, Orvik Energy signed a strategic cooperation agreement with the People's Government of "
        "Halvik City in Jinan."
    ), datetime.date(2025, 3, 19))
    assert found["kgo:Signing"] == {
        "kgo:participant": {"Orvik Energy", "People's Government of Halvik City"},
        "schema:startDate": {"2025-03-15"}, "schema:location": {"Jinan"}}


def test_a_conference_held_in_a_place(lexicon):
    found = events(lexicon, "The 2025 Northern Battery Forum was held in Debrecen on June 3, 2025.")
    assert found["kgo:Conference"] == {"schema:startDate": {"2025-06-03"}, "schema:location": {"Debrecen"}}


@pytest.mark.parametrize(("text", "expected"), [
    ("It opened on 9 June 2023.", ("2023-06-09", None)),
    ("It opens on June 9.", ("2024-06-09", None)),
    ("Work began on Friday.", ("2024-05-10", None)),
    ("Output starts in July this year.", (None, 2024)),
    ("Output started in March last year.", (None, 2023)),
    ("The line will run from 2026.", (None, 2026)),
    ("The line will run soon.", (None, None)),
])
def test_dates_resolved_against_the_article(text, expected):
    assert resolve_date(text, datetime.date(2024, 5, 10), 2024) == expected


def test_the_start_of_construction_of_plants_no_company_owns_yet(lexicon):
    found = events(lexicon, "Norland saw on Friday the start of the construction of two battery plants in the Kessel "
                            "New Area.", datetime.date(2024, 5, 10))
    assert found["kgo:Groundbreaking"] == {"schema:startDate": {"2024-05-10"}, "schema:location": {"Kessel New Area"}}


def test_a_signing_ceremony_with_its_parties(lexicon):
    found = events(lexicon, "On April 16th, 2019, Helio Solar held a signing ceremony in Riverton with the People's "
                            "Government of Riverton.")
    assert found["kgo:Signing"]["kgo:participant"] == {"Helio Solar", "People's Government of Riverton"}
    assert found["kgo:Signing"]["schema:startDate"] == {"2019-04-16"}


def test_a_plant_that_becomes_operational_starts_production(lexicon):
    found = events(lexicon, "Acme Lithium will build a refinery in Kessel. The refinery is targeted to be "
                            "operational in 2025.")
    assert found["kgo:ProductionStart"]["schema:location"] == {"Acme Lithium refinery in Kessel"}  # at the plant
    assert found["kgo:ProductionStart"]["kgo:eventYear"] == {"2025"}


def test_a_company_that_began_operations_long_ago_starts_no_production(lexicon):
    found = events(lexicon, "Acme Lithium will build a refinery in Kessel. Acme began operations in this community in "
                            "1925 and has employed generations of Riverton–Kessel workers.")
    assert "kgo:ProductionStart" not in found


def test_construction_expected_to_begin_and_commissioning_scheduled(lexicon):
    found = events(lexicon, "Orvik Energy has placed an order for the Tarn Ridge wind complex in Norland. The "
                            "construction is expected to begin in 2026, with final commissioning scheduled for 2028.")
    assert found["kgo:Groundbreaking"]["kgo:eventYear"] == {"2026"}
    assert found["kgo:ProductionStart"] == {"kgo:eventYear": {"2028"}, "schema:location": {"Tarn Ridge wind complex"}}


@pytest.mark.parametrize("sentence, cls, year", [
    ("Its second fab is scheduled to begin operation by the end of 2027.", "kgo:ProductionStart", "2027"),
    ("The plant has begun operations, the company said.", "kgo:ProductionStart", "2024"),
    ("Commercial operations are planned for 2026.", "kgo:ProductionStart", "2026"),
    ("Ground breaking of the unit was done in September 2023.", "kgo:Groundbreaking", "2023"),
    ("Acme Lithium plans to commence construction of its second fab by the end of 2024.", "kgo:Groundbreaking", "2024"),
    ("Officials spoke at an inauguration ceremony last week.", "kgo:PlantOpening", "2024"),
])
def test_starts_of_work_and_of_operation_as_news_words_them(lexicon, sentence, cls, year):
    found = events(lexicon, "Acme Lithium is building the Brava lithium refinery in Kessel. " + sentence,
                   datetime.date(2024, 5, 10))
    assert found[cls]["kgo:eventYear"] == {year}


def test_a_signing_is_where_its_words_say_not_where_the_plant_is(lexicon):
    found = events(lexicon, "Halden Lithium signed a 25-year agreement with Orvik Energy, which is building the "
                            "Tarn Ridge solar farm in Debrecen.", datetime.date(2024, 5, 10))
    assert found["kgo:Signing"]["kgo:participant"] == {"Halden Lithium", "Orvik Energy"}
    assert "schema:location" not in found["kgo:Signing"]


def test_people_a_later_sentence_places_at_the_ceremony_take_part(lexicon):
    found = events(lexicon, "On April 16th, 2019, Helio Solar held a signing ceremony in Riverton with the People's "
                            "Government of Riverton. Tom Hartley, Chairman of Helio Solar, and Jan Berg, Secretary of "
                            "Riverton Party Committee, each delivered their speech at the signing ceremony.")
    assert {"Tom Hartley", "Jan Berg"} <= found["kgo:Signing"]["kgo:participant"]


def test_shovelling_the_first_dirt_is_a_groundbreaking(lexicon):
    found = events(lexicon, "Acme Lithium is building a refinery in Kessel. Officials joined Acme Lithium on Friday "
                            "to shovel the first dirt at the site.", datetime.date(2024, 5, 10))
    assert found["kgo:Groundbreaking"]["schema:startDate"] == {"2024-05-10"}


@pytest.mark.parametrize("text, cls, year", [
    ("Acme Solar has begun work on a cell factory in Riverton.", "kgo:Groundbreaking", "2024"),
    ("Work on the Brava smelter began in March.", "kgo:Groundbreaking", "2024"),
    ("Bluewave Steel will start building the new furnace next year.", "kgo:Groundbreaking", "2025"),
    ("The Brava plant started up in October 2023.", "kgo:ProductionStart", "2023"),
    ("Production at the mine is expected to commence in late 2026.", "kgo:ProductionStart", "2026"),
    ("The new refinery is expected to start production in 2026.", "kgo:ProductionStart", "2026"),
    ("The smelter went into commercial operation in 2023.", "kgo:ProductionStart", "2023"),
])
def test_starts_of_work_and_production_in_other_words(lexicon, text, cls, year):
    found = events(lexicon, text, datetime.date(2024, 5, 10))
    assert found[cls]["kgo:eventYear"] == {year}


def test_a_start_up_company_starts_no_production(lexicon):
    assert "kgo:ProductionStart" not in events(lexicon, "Acme Lithium is a start-up company that owns the Brava mine.",
                                                datetime.date(2024, 5, 10))


def test_one_groundbreaking_per_plant_with_the_year_of_its_own_words(lexicon):
    draft = draft_of(lexicon, (
        "Acme Lithium broke ground on its battery plant in Riverton in March. Construction is now underway, and mass "
        "production is scheduled to begin in 2026."), datetime.date(2024, 5, 10))
    groundbreakings = [e.label for e in draft.entities if e.cls == "kgo:Groundbreaking"]
    assert groundbreakings == ["Groundbreaking of Acme Lithium battery plant in Riverton (2024)"]
    assert [e.label for e in draft.entities if e.cls == "kgo:ProductionStart"] == [
        "Start of production at Acme Lithium battery plant in Riverton (2026)"]


def test_a_signing_with_one_party_named(lexicon):
    found = events(lexicon, "Acme Hydrogen signed an MoU with the state government on Friday to set up an ammonia "
                            "plant.", datetime.date(2024, 5, 10))
    assert found["kgo:Signing"] == {"kgo:participant": {"Acme Hydrogen"}, "schema:startDate": {"2024-05-10"}}


def test_agreements_still_to_be_signed_are_no_signing(lexicon):
    found = events(lexicon, "The Brava project of Acme Hydrogen will be completed with the signing of agreements for "
                            "supply and offtake.", datetime.date(2024, 5, 10))
    assert "kgo:Signing" not in found


def test_a_headline_that_inks_a_memorandum(lexicon):
    draft = draft_of(lexicon, "Acme Hydrogen inks MoU with Bluewave Metals for ammonia plant")
    assert labelled(draft, "kgo:party") == {("MoU between Acme Hydrogen and Bluewave Metals", "Acme Hydrogen"),
                                            ("MoU between Acme Hydrogen and Bluewave Metals", "Bluewave Metals")}
    assert [e.label for e in draft.entities if e.cls == "kgo:Signing"] == [
        "Signing of the MoU between Acme Hydrogen and Bluewave Metals"]


def test_construction_due_to_start_with_the_plans(lexicon):
    found = events(lexicon, "Acme Lithium announced plans to build a recycling plant in Riverton, with construction to "
                            "start in 2025.", datetime.date(2024, 5, 10))
    assert found["kgo:Groundbreaking"]["kgo:eventYear"] == {"2025"}


@pytest.mark.parametrize("text, cls, year", [
    ("Construction has begun on the Brava smelter, the company said.", "kgo:Groundbreaking", "2024"),
    ("At the Brava smelter, construction was already underway in March.", "kgo:Groundbreaking", "2024"),
    ("The Brava plant launched mass production in 2023.", "kgo:ProductionStart", "2023"),
    ("The Brava plant produced its first cells in January 2024.", "kgo:ProductionStart", "2024"),
])
def test_more_starts_as_news_words_them(lexicon, text, cls, year):
    found = events(lexicon, "Acme Lithium builds plants. " + text, datetime.date(2024, 5, 10))
    assert found[cls]["kgo:eventYear"] == {year}


@pytest.mark.parametrize(("text", "cls", "date"), [
    ("Acme Copper Works opened its new smelter in Kitwe on Monday.", "kgo:PlantOpening", "2024-05-06"),
    ("Acme Steel held a ribbon cutting ceremony for its Ohio mill on Thursday.", "kgo:PlantOpening", "2024-05-09"),
    ("Acme Mining Corp. said it had begun trial operations at its refinery today.", "kgo:ProductionStart",
     "2024-05-10"),
    ("Acme Motors held a groundbreaking ceremony for its assembly plant in Riverton yesterday.", "kgo:Groundbreaking",
     "2024-05-09"),
])
def test_openings_and_starts_in_other_words_dated_from_the_article(lexicon, text, cls, date):
    found = events(lexicon, text, datetime.date(2024, 5, 10))
    assert found[cls]["schema:startDate"] == {date}


def test_a_plant_that_entered_commercial_operation(lexicon):
    found = events(lexicon, "Acme Power said its 200 MW solar farm in Limpopo entered commercial operation in 2023.",
                   datetime.date(2024, 5, 10))
    assert found["kgo:ProductionStart"]["kgo:eventYear"] == {"2023"}
    assert found["kgo:ProductionStart"]["schema:location"] == {"Acme Power solar farm in Limpopo"}


def test_people_named_before_the_words_of_a_groundbreaking_or_opening_take_part(lexicon):
    found = events(lexicon, (
        "Acme Motors will build an assembly plant in Riverton. Gov. Dana Hale joined Acme Motors executives on "
        "Friday to shovel the first dirt at the site."), datetime.date(2024, 5, 10))
    assert found["kgo:Groundbreaking"]["kgo:participant"] == {"Acme Motors", "Dana Hale"}
    found = events(lexicon, (
        "Acme Power unveiled a 50 MW battery storage system in Riverton. \"It will help,\" President Tomas Berg "
        "said at an inauguration ceremony last week."), datetime.date(2024, 5, 10))
    assert found["kgo:PlantOpening"]["kgo:participant"] == {"Tomas Berg"}


def test_no_one_is_at_a_production_start_to_come(lexicon):
    found = events(lexicon, (
        "Acme Motors broke ground on its assembly plant in Riverton on Friday. Production is scheduled to begin in "
        "2026. Governor Dana Hale and Mayor Tomas Berg spoke at the event."), datetime.date(2024, 5, 10))
    assert found["kgo:Groundbreaking"]["kgo:participant"] >= {"Dana Hale", "Tomas Berg"}
    assert "kgo:participant" not in found["kgo:ProductionStart"]


def test_a_weekday_after_a_dateline_dates_the_event_not_the_dateline(lexicon):
    found = events(lexicon, (
        "RIVERTON, July 2 (Newswire) -- Acme Hydrogen on Friday announced that its green hydrogen plant in Riverton "
        "has begun operations."), datetime.date(2023, 7, 2))
    assert found["kgo:ProductionStart"]["schema:startDate"] == {"2023-06-30"}

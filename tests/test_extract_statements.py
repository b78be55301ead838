"""Statements: who said what, and what it is about. Sentences written for these tests."""

from __future__ import annotations

from conftest import draft_of, labelled


def said(draft) -> dict[str, str]:
    """Speaker -> the words of each statement (by labels)."""
    labels = {e.id: e.label for e in draft.entities}
    texts = {s: o for f in draft.facts for s, p, o in f.triples if p == "schema:text"}
    return {labels[o]: texts[s] for f in draft.facts for s, p, o in f.triples if p == "kgo:speaker"}


def test_a_statement_about_the_plant_it_refers_back_to(lexicon):
    draft = draft_of(lexicon, (
        "Voltra Motors will build a battery plant in Riverton. "
        "“This facility is the crown jewel of our expansion,” said Dana Hale, the company’s vice president."
    ))
    plant = next(e.label for e in draft.entities if e.cls == "kgo:Plant")
    assert said(draft) == {"Dana Hale": "This facility is the crown jewel of our expansion"}
    assert labelled(draft, "schema:about") == {(next(e.label for e in draft.entities if e.cls == "kgo:Statement"),
                                                 plant)}
    assert "Dana Hale" not in {e.label for e in draft.entities if e.cls == "kgo:Company"}


def test_a_statement_about_the_company_it_names_before_the_place(lexicon):
    draft = draft_of(lexicon, "“Acme Lithium will stay in Norway for decades,” said Tom Reid, the mayor.")
    statement = next(e.label for e in draft.entities if e.cls == "kgo:Statement")
    assert labelled(draft, "schema:about") == {(statement, "Acme Lithium")}


def test_a_short_quotation_said_by_a_named_speaker_is_not_reported_speech(lexicon):
    draft = draft_of(lexicon, "“We are proud,” said Thuy Lan, Voltra Global CEO.")
    assert said(draft) == {"Thuy Lan": "We are proud"}


def test_a_quotation_that_runs_over_paragraphs_is_the_speakers_and_head_of_x_is_no_person(lexicon):
    text = (
        '"We have to immerse ourselves in the ecosystem here," said Dana Hale, head of Voltra Norland, who spoke '
        'first.\n\n"In Norland, the pace of innovation is impressive, and technology will drive our future.\n\n'
        '"Voltra is one of the biggest makers in Norland, employing more than 90,000 people."\n\n'
        'On strategy, he said "it is something in Norland for Norland and for the world".'
    )
    draft = draft_of(lexicon, text)
    labels = {e.id: e.label for e in draft.entities}
    texts = {s: o for f in draft.facts for s, p, o in f.triples if p == "schema:text"}
    speakers = {s: labels[o] for f in draft.facts for s, p, o in f.triples if p == "kgo:speaker"}
    assert set(speakers.values()) == {"Dana Hale"}
    assert len(speakers) == 4
    assert any(t.startswith("In Norland, the pace of innovation") for t in texts.values())
    assert "Voltra Norland" not in {e.label for e in draft.entities if e.cls == "kgo:Person"}


def test_reported_speech_that_opens_with_these(lexicon):
    draft = draft_of(lexicon, "Dana Hale, secretary of the board of Acme Solar, said these major project investments "
                              "are a key part of the plan.")
    assert said(draft) == {"Dana Hale": "these major project investments are a key part of the plan"}


def test_a_statement_is_about_a_city_it_names_not_about_a_country(lexicon):
    draft = draft_of(lexicon, "“Norway is now a world leader in batteries,” said Tom Reid, the mayor. "
                              "“Jobs will come to Debrecen soon,” said Tom Reid.")
    about = {o for _, o in labelled(draft, "schema:about")}
    assert about == {"Debrecen"}


def test_a_quotation_after_said_that_runs_over_two_sentences_is_quoted_whole(lexicon):
    # the paragraph's quotation is closed by the next paragraph opening another: its evidence is both its sentences
    draft = draft_of(lexicon, 'Acme Energy executive vice-president Tom Hartley said: "Offshore wind has seen fast '
                              'growth in recent years. A prerequisite for more growth is lower costs.\n\n'
                              '"Building Tarn will bring us closer to that target," he said.')
    texts = {o: f.quote for f in draft.facts for s, p, o in f.triples if p == "schema:text"}
    first = next(t for t in texts if t.startswith("Offshore wind"))
    assert first.endswith(("is lower costs.", "is lower costs"))
    assert first in texts[first]  # else the build drops the statement: its words are not in its fact's quote

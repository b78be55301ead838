"""Sentence splitting for extraction: abbreviations that end no sentence, quotations that span several.

Every sentence here is written for the test; none is taken from an article.
"""

from __future__ import annotations

from kg.extract.text import sentences


def _texts(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


def test_abbreviations_end_no_sentence():
    assert _texts("Work on Line No. 2 began in 2021. It took a year.") == [
        "Work on Line No. 2 began in 2021.", "It took a year."]
    assert _texts("Brightwell Materials Co., Ltd. signed with Zed Inc. on Monday. Then it left.") == [
        "Brightwell Materials Co., Ltd. signed with Zed Inc. on Monday.", "Then it left."]
    assert _texts("Dr. Ana Ruiz met Mr. Tom Hale and U.S. Secretary Lee in Jan. 2023. The talks went well.") == [
        "Dr. Ana Ruiz met Mr. Tom Hale and U.S. Secretary Lee in Jan. 2023.", "The talks went well."]


def test_a_quotation_of_several_sentences_is_one():
    assert _texts('She said: "We will build here. It will employ 500 people." The mayor agreed.') == [
        'She said: "We will build here. It will employ 500 people."', "The mayor agreed."]
    assert _texts("“We are proud. This is a milestone,” said the governor. Work starts soon.") == [
        "“We are proud. This is a milestone,” said the governor.", "Work starts soon."]


def test_a_quotation_left_open_at_a_paragraph_end_stays_split():
    # News style: a quotation that runs on into the next paragraph repeats its opening mark there.
    assert _texts("“We start now. The site is ready.\n\n“And we hire,” she said.") == [
        "“We start now.", "The site is ready.", "“And we hire,” she said."]


def test_offsets_still_point_into_the_text():
    text = 'Intro.\n\nHe said: "One. Two." Then Line No. 3 opened.'
    for sentence in sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text

"""read_document: .txt, .md and .html in, the main text out; bad input is one clear ExtractError."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.extract import ExtractError
from kg.extract.document import read_document

BODY = [
    "The Ferrovia Cell Company opened its battery plant in Skellefteå on Friday, "
    "and the first production line is expected to employ 400 people by the end of the year.",
    "“We have built this plant for the long term,” said Maria Lindqvist, "
    "the chief executive of Ferrovia, at the opening ceremony in the town’s industrial park.",
    "The municipality has invested 120 million kronor in roads and water pipes for the site, "
    "which was a pine forest until 2021.",
]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Battery plant opens in Skellefteå - The Norrland Ledger</title>
<meta property="article:published_time" content="2023-06-09T08:30:00+02:00">
</head>
<body>
<nav><ul><li><a href="/">Frontpage</a></li><li><a href="/sport">Hockey results</a></li>
<li><a href="/subscribe">Subscribe today for unlimited reading</a></li></ul></nav>
<article>
<h1>Battery plant opens in Skellefteå</h1>
<p>{0}</p>
<p>{1}</p>
<p>{2}</p>
<table><tr><td>Capacity planned</td><td>16 GWh</td></tr></table>
</article>
<footer><p>Copyright Norrland Ledger Media. All rights reserved.</p>
<p><a href="/cookies">Cookie settings</a> and <a href="/privacy">privacy policy</a>.</p></footer>
</body>
</html>
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def refused(path: Path) -> str:
    with pytest.raises(ExtractError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return message[len(f"{path}: "):]


# --- .txt -------------------------------------------------------------------


def test_txt_is_kept_verbatim_with_only_the_bom_removed(tmp_path):
    """A plain text is the source as it stands: never edited, so its offsets are those of the file."""
    source = "\ufeffBattery plant opens in Skellefteå\r\n\r\nSKELLEFTEÅ, June 9, 2023 – " + BODY[0] + "   \r\n\r\n\r\n\r\n" + BODY[1] + "\r\n\r\n"
    doc = read_document(write(tmp_path, "Plant.txt", source))
    assert doc.text == source[1:]
    assert doc.title == "Battery plant opens in Skellefteå"
    assert doc.date == datetime.date(2023, 6, 9)
    assert doc.name == "plant.txt"
    assert doc.path == tmp_path / "Plant.txt"


@pytest.mark.parametrize(
    "first_lines",
    [
        "The plant opened on Friday in the north of the country.\n\n",  # ends with a period
        "The plant opened on Friday\n",  # no blank line after it
        "A" * 121 + "\n\n",  # too long for a title
        "9 June 2023\n\n",  # a dateline, not a title
    ],
)
def test_txt_title_only_for_a_headline(tmp_path, first_lines):
    doc = read_document(write(tmp_path, "plant.txt", first_lines + BODY[0] + "\n"))
    assert doc.title is None


@pytest.mark.parametrize(
    ("dateline", "date"),
    [
        ("STOCKHOLM, June 9, 2023 –", datetime.date(2023, 6, 9)),
        ("Published 9 June 2023", datetime.date(2023, 6, 9)),
        ("2023-06-09", datetime.date(2023, 6, 9)),
        ("Sept. 4, 2022", datetime.date(2022, 9, 4)),
        ("February 30, 2023", None),  # not a date
    ],
)
def test_txt_dateline_in_the_first_lines(tmp_path, dateline, date):
    doc = read_document(write(tmp_path, "plant.txt", f"Battery plant news\n\n{dateline}\n\n{BODY[0]}\n"))
    assert doc.date == date


def test_txt_date_beyond_the_third_line_is_ignored(tmp_path):
    text = "\n\n".join([BODY[0], BODY[1], BODY[2], "The plant opened on June 9, 2023 in the town."]) + "\n"
    assert read_document(write(tmp_path, "plant.txt", text)).date is None


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        ("Skellefteå Battery Plant (final)", "skelleftea-battery-plant-final"),
        ("2023_06_09--plant__news", "2023-06-09-plant-news"),
        ("x" * 58 + " y" * 5, "x" * 58 + "-y"),
        ("北部の工場", "document"),
    ],
)
def test_name_is_a_slug(tmp_path, stem, name):
    doc = read_document(write(tmp_path, stem + ".TXT", BODY[0]))
    assert doc.name == name + ".txt"
    assert len(doc.name) <= 64


# --- .md --------------------------------------------------------------------

MARKDOWN = f"""---
title: "Battery plant: the second hall"
date: 2024-02-15
author: Invented Reporter
---

# Second hall for the Skellefteå plant

The **Ferrovia Cell Company** will build a [second hall](https://example.org/hall) at its plant,
said *Maria Lindqvist*. ![a drone photo of the site](photo.jpg)

- The hall will cost `SEK 2 billion` in total.
- It is expected to open in 2026.

> “We are growing with the town,” she said.

<div class="advert">Subscribe to our newsletter</div>

{BODY[2]}
"""


def test_markdown_loses_its_markup_and_front_matter(tmp_path):
    doc = read_document(write(tmp_path, "second-hall.md", MARKDOWN))
    assert doc.text == (
        "Second hall for the Skellefteå plant\n\n"
        "The Ferrovia Cell Company will build a second hall at its plant, said Maria Lindqvist.\n\n"
        "The hall will cost SEK 2 billion in total.\n\n"
        "It is expected to open in 2026.\n\n"
        "“We are growing with the town,” she said.\n\n" + BODY[2] + "\n"
    )
    assert doc.title == "Battery plant: the second hall"
    assert doc.date == datetime.date(2024, 2, 15)
    for gone in ("---", "author", "https://", "drone", "Subscribe", "**", "`", "#"):
        assert gone not in doc.text


def test_markdown_title_from_its_first_heading_and_date_from_a_dateline(tmp_path):
    source = f"Intro line about the plant in the town.\n\n## Plant opens\n\n*9 June 2023*\n\n{BODY[0]}\n"
    doc = read_document(write(tmp_path, "plant.markdown", source))
    assert doc.title == "Plant opens"
    assert doc.date == datetime.date(2023, 6, 9)
    assert doc.text.startswith("Intro line about the plant in the town.\n\nPlant opens\n\n9 June 2023\n\n")


# --- .html ------------------------------------------------------------------


def test_html_keeps_the_article_and_drops_the_boilerplate(tmp_path):
    doc = read_document(write(tmp_path, "plant.html", PAGE.format(*BODY)))
    for sentence in BODY:
        assert sentence in doc.text
    for boilerplate in ("Frontpage", "Hockey", "Subscribe", "Copyright", "Cookie", "privacy", "GWh", "Capacity"):
        assert boilerplate not in doc.text
    assert doc.text == "\n\n".join(["Battery plant opens in Skellefteå", *BODY]) + "\n"
    assert doc.date == datetime.date(2023, 6, 9)
    assert doc.title == "Battery plant opens in Skellefteå"
    assert doc.name == "plant.txt"


def test_html_title_from_title_element_and_date_from_time_element(tmp_path):
    page = f"""<html><head><title>Second hall for the plant - The Norrland Ledger</title></head><body>
<nav><a href="/">Frontpage</a> <a href="/sport">Hockey results</a></nav>
<main><p>Published <time datetime="2024-02-15">15 February 2024</time></p><p>{BODY[0]}</p><p>{BODY[2]}</p></main>
<footer>Copyright Norrland Ledger Media</footer></body></html>"""
    doc = read_document(write(tmp_path, "hall.htm", page))
    assert doc.title == "Second hall for the plant"
    assert doc.date == datetime.date(2024, 2, 15)
    assert BODY[0] in doc.text and BODY[2] in doc.text
    assert "Frontpage" not in doc.text and "Copyright" not in doc.text


def test_html_in_a_declared_charset(tmp_path):
    page = PAGE.format(*BODY).replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    data = page.replace("“", "\x93").replace("”", "\x94").replace("’", "\x92").encode("latin-1")
    doc = read_document(write(tmp_path, "plant.html", data))
    assert BODY[1] in doc.text  # windows-1252 quotes, as browsers read a page labelled latin-1


def test_text_ends_cleanly(tmp_path):
    for path in (
        write(tmp_path, "b.md", MARKDOWN),
        write(tmp_path, "c.html", PAGE.format(*BODY)),
    ):
        text = read_document(path).text
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert "\n\n\n" not in text and not text.startswith("\n")
        assert all(line == line.rstrip() for line in text.split("\n"))


def test_reading_is_deterministic(tmp_path):
    for path in (
        write(tmp_path, "a.txt", "Battery plant news\n\n9 June 2023\n\n" + BODY[0]),
        write(tmp_path, "b.md", MARKDOWN),
        write(tmp_path, "c.html", PAGE.format(*BODY)),
    ):
        assert read_document(path) == read_document(str(path))


# --- bad input --------------------------------------------------------------


def test_missing_file(tmp_path):
    assert refused(tmp_path / "nowhere.txt") == "no such file"


def test_folder(tmp_path):
    folder = tmp_path / "articles.txt"
    folder.mkdir()
    assert refused(folder).startswith("no such file")


@pytest.mark.parametrize(("name", "kind"), [("report.pdf", ".pdf"), ("notes.DOCX", ".docx")])
def test_unsupported_extension(tmp_path, name, kind):
    message = refused(write(tmp_path, name, BODY[0]))
    assert message == f"cannot read {kind} files; kg extract reads .txt, .md and .html"


def test_no_extension(tmp_path):
    assert "kg extract reads .txt, .md and .html" in refused(write(tmp_path, "README", BODY[0]))


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  ", "\ufeff\u00a0\n".encode("utf-8")])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_empty_file(tmp_path, content, suffix):
    assert refused(write(tmp_path, "empty" + suffix, content)) == "the file is empty"


def test_binary_file(tmp_path):
    data = b"%PDF" + bytes(range(0, 256)) * 4
    assert refused(write(tmp_path, "scan.txt", data)) == "not a UTF-8 text file (byte 4)"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_not_utf8(tmp_path, suffix):
    data = "The plant in Skellefteå opened.".encode("latin-1")
    assert refused(write(tmp_path, "plant" + suffix, data)) == f"not a UTF-8 text file (byte {data.index(0xE5)})"


def test_html_with_no_main_text(tmp_path):
    page = """<html><head><title>Norrland Ledger</title></head><body>
<nav><ul><li><a href="/">Frontpage</a></li><li><a href="/sport">Hockey results and the weather of the town</a></li>
<li><a href="/subscribe">Subscribe to the newsletter of the paper</a></li></ul></nav>
<footer><p>Copyright 2024 Norrland Ledger Media. All rights reserved.</p></footer></body></html>"""
    assert refused(write(tmp_path, "front.html", page)) == "no main text found in the page"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("german.txt", "Die Batteriefabrik in der Stadt wurde am Freitag eröffnet und beschäftigt bald "
                       "vierhundert Menschen aus der ganzen Region.\n"),
        ("russian.md", "# Завод\n\nНовый завод аккумуляторов открылся в пятницу.\n"),
        ("numbers.txt", "2023 400 120 16 GWh\n"),
        ("images.md", "---\ntitle: Photos of the plant\n---\n\n![the plant](a.jpg) ![the hall](b.jpg)\n"),
        ("code.md", "```\nplant = open_battery_plant(town, workers=400)\n```\n"),
    ],
)
def test_no_english_sentences(tmp_path, name, content):
    assert refused(write(tmp_path, name, content)) == "no English sentences found"


def test_errors_are_kg_errors(tmp_path):
    with pytest.raises(KgError):
        read_document(tmp_path / "nowhere.md")


def test_html_with_trafilatura_1_results(tmp_path, monkeypatch):
    import trafilatura

    found = {"text": f"Plant opens\n{BODY[0]}", "title": "Plant opens", "date": "2023-06-09", "comments": None}
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: found)
    doc = read_document(write(tmp_path, "plant.html", PAGE.format(*BODY)))
    assert (doc.text, doc.title, doc.date) == (f"Plant opens\n\n{BODY[0]}\n", "Plant opens", datetime.date(2023, 6, 9))

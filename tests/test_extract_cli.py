"""kg extract through the command line, in a scratch project: drafts that build, refusals that write nothing.

Every article here is invented for these tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, SOURCE_FILE
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.cli import main

KGR = "https://kg.example.org/id/"
KGO = "https://kg.example.org/ontology#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
SDMX_DIMENSION = "http://purl.org/linked-data/sdmx/2009/dimension#"
PROV_GENERATED = URIRef("http://www.w3.org/ns/prov#wasGeneratedBy")

ARTICLE = """\
Suining becomes a battery town

SUINING, March 12, 2024 - The city of Suining, a prefecture-level city in Sichuan Province, has become a base of \
the lithium battery industry.

In 2023, the output value of Suining's battery industry reached 52.4 billion yuan, an increase of 31.5% over the \
previous year.

Ningde Times has built a cell plant in Suining, and Contemporary Amperex Technology Co., Limited will invest \
8 billion yuan in a second plant.

The Fuhe Lithium Materials Company said that it produced 64,000 tons of cathode materials in Suining in 2023.
"""

PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Cell maker expands in Jiangmen - The Pearl River Courier</title></head>
<body>
<nav><ul><li><a href="/">Homepage</a></li><li><a href="/weather">Typhoon warnings for the coast</a></li>
<li><a href="/subscribe">Subscribe for unlimited reading today</a></li></ul></nav>
<article>
<h1>Cell maker expands in Jiangmen</h1>
<p>The city of Jiangmen, a coastal city in Guangdong Province, is courting makers of energy storage batteries.</p>
<p>In 2023, the output value of Jiangmen's energy storage industry reached 18.6 billion yuan, an increase of 22.4%
over the previous year.</p>
<p>Ningde Times has built a module plant in Jiangmen, the company said on Monday.</p>
</article>
<footer><p>Copyright Pearl River Courier Media Group. All rights reserved.</p>
<p><a href="/cookies">Cookie settings</a> and <a href="/privacy">privacy policy</a>.</p></footer>
</body>
</html>
"""
BOILERPLATE = ["Homepage", "Typhoon", "Subscribe", "Copyright", "Cookie", "privacy", "Pearl River Courier"]

NOTES = """\
---
title: Recycling park opens in Zigong
date: 2024-02-01
---

# Recycling park opens in Zigong

The city of **Zigong**, a prefecture-level city in Sichuan Province, opened a battery recycling park this year.

In 2023, the output value of Zigong's recycling industry reached 3.2 billion yuan, an increase of 12.5% over the
previous year.

See [the park's site](https://example.org/zigong-park) for details.
"""

BAD_INPUTS = {
    "empty": ("empty.txt", b""),
    "whitespace only": ("blank.txt", b"  \n\t\n   \n"),
    "binary": ("binary.txt", b"Battery plant\x00\x01\x02 opens\n"),
    "not UTF-8": ("latin1.txt", "The plant in Skellefteå opened in 2023 with 400 workers.\n".encode("latin-1")),
    "pdf": ("report.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
    "html without main text": (
        "front.html",
        b'<!DOCTYPE html><html lang="en"><head><title>Courier</title></head><body><nav><ul>'
        b'<li><a href="/">Homepage</a></li><li><a href="/weather">Typhoon warnings for the coast</a></li></ul></nav>'
        b"<main></main><footer><p>Copyright Pearl River Courier Media Group. All rights reserved.</p>"
        b'<p><a href="/cookies">Cookie settings</a> and <a href="/privacy">privacy policy</a>.</p></footer></body></html>',
    ),
    "German": ("werk.txt", "Die Batteriefabrik wurde im Jahr 2023 eröffnet und beschäftigt jetzt vierhundert "
                           "Menschen in der kleinen Stadt.\n".encode("utf-8")),
    "pinyin": ("chanye.txt", b"Yibin shi dianchi chanye fazhan hen kuai, jinnian chanzhi chaoguo yiqian yi yuan.\n"),
    "nothing to draft": ("quiet.txt", b"It was a quiet day and nothing happened at all in the small town.\n"),
}


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A scratch project (data, ontology, queries) as the working directory, so the defaults apply."""
    root = tmp_path / "project"
    for name in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / name, root / name)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def inputs(tmp_path) -> Path:
    """Where the documents to extract are, outside the project."""
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def snapshot(*folders: Path) -> dict[Path, bytes]:
    """Every file under the folders with its bytes, to show that nothing was written."""
    return {p: p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def one_error_line(result, name: str) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: error:") and name in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]


def build(project: Path) -> Graph:
    result = run("build", "--data", project / "data", "--ontology", project / "ontology" / "kg.ttl",
                 "--out", project / "out")
    assert result.exit_code == 0, result.output
    return Graph().parse(project / "out" / "graph.ttl")


# --- a draft in the project, built and queried -----------------------------------------------------


def test_extract_writes_a_draft_and_the_source_that_build_and_query_use(project, inputs):
    article = write(inputs, "Suining Battery Town.txt", ARTICLE)
    result = run("extract", article)
    assert result.exit_code == 0, result.output
    facts = Path("data/facts/001_suining-battery-town.yaml")
    source = Path("data/sources/001_suining-battery-town.txt")
    assert f"Wrote {facts}" in result.stdout
    assert source.read_bytes() == article.read_bytes()
    draft = yaml.safe_load(facts.read_text(encoding="utf-8"))
    assert draft["draft"]["extractor"] == "kg-rules"
    assert draft["source"]["file"] == source.name

    # A known company, named by its alternative labels, is the existing node, not a new one.
    ids = {e["id"] for e in draft["entities"]}
    assert "catl" in ids
    assert not {i for i in ids if "ningde" in i or "amperex" in i}

    graph = build(project)
    label = lambda node: graph.value(URIRef(KGR + node), RDFS.label)  # noqa: E731
    assert label("suining") == Literal("Suining", lang="en")
    assert (URIRef(KGR + "suining"), RDF.type, URIRef(KGO + "City")) in graph
    assert label("fuhe-lithium-materials-company") == Literal("Fuhe Lithium Materials Company", lang="en")
    assert label("catl") == Literal("CATL", lang="en")
    assert {str(a) for a in graph.objects(URIRef(KGR + "catl"), SKOS.altLabel)} >= {"Ningde Times"}
    drafted_about_catl = [st for st in graph.subjects(RDF.subject, URIRef(KGR + "catl"))
                          if (st, PROV_GENERATED, None) in graph]
    assert drafted_about_catl, "the draft says nothing about the existing kgr:catl"
    companies = set(graph.subjects(RDF.type, URIRef(KGO + "Company")))
    assert not [c for c in companies if "Ningde" in str(graph.value(c, RDFS.label))
                or "Amperex" in str(graph.value(c, RDFS.label))]

    query = ("SELECT ?obs ?value ?year WHERE { ?obs a qb:Observation ; sdmx-dimension:refArea kgr:suining ; "
             "sdmx-measure:obsValue ?value ; sdmx-dimension:refPeriod ?year } ORDER BY ?obs")
    answer = run("query", "-e", query, "--graph", project / "out" / "graph.ttl", "--format", "csv")
    assert answer.exit_code == 0, answer.output
    rows = [line.split(",") for line in answer.stdout.splitlines()[1:]]
    assert any(Decimal(value) == Decimal("52.4e9") and year == "2023" for _, value, year in rows), rows
    (observation,) = [o for o, v, _ in rows if Decimal(v) == Decimal("52.4e9")]
    assert (URIRef(observation), URIRef(SDMX_DIMENSION + "refPeriod"), Literal("2023", datatype=XSD.gYear)) in graph
    assert graph.value(URIRef(observation), URIRef(SDMX_MEASURE + "obsValue")).toPython() == Decimal("52400000000")


def test_markdown_and_html_keep_the_main_text_and_build(project, inputs):
    page = write(inputs, "jiangmen.html", PAGE)
    notes = write(inputs, "zigong.md", NOTES)
    result = run("extract", page, notes)
    assert result.exit_code == 0, result.output
    page_text = Path("data/sources/001_jiangmen.txt").read_text(encoding="utf-8")
    assert page_text.startswith("Cell maker expands in Jiangmen\n")
    assert "reached 18.6 billion yuan" in page_text
    assert not [word for word in BOILERPLATE if word in page_text]
    notes_text = Path("data/sources/002_zigong.txt").read_text(encoding="utf-8")
    assert "The city of Zigong, a prefecture-level city" in notes_text
    assert "**" not in notes_text and "example.org" not in notes_text and "title:" not in notes_text
    for name in ("001_jiangmen.yaml", "002_zigong.yaml"):
        assert yaml.safe_load((project / "data" / "facts" / name).read_text(encoding="utf-8"))["draft"]
    graph = build(project)
    assert graph.value(URIRef(KGR + "jiangmen"), RDFS.label) == Literal("Jiangmen", lang="en")
    assert graph.value(URIRef(KGR + "zigong"), RDFS.label) == Literal("Zigong", lang="en")


# --- where the draft goes ----------------------------------------------------------------------------


def test_dry_run_prints_the_draft_and_writes_nothing(project, inputs):
    article = write(inputs, "suining.txt", ARTICLE)
    before = snapshot(project, inputs)
    result = run("extract", article, "--dry-run")
    assert result.exit_code == 0, result.output
    assert snapshot(project, inputs) == before
    assert "draft:" in result.stdout and "extractor: kg-rules" in result.stdout
    parsed = yaml.safe_load(result.stdout)
    assert parsed["draft"]["extractor"] == "kg-rules"
    assert parsed["entities"] and parsed["observations"]
    # What a dry run prints is what a real run writes.
    assert run("extract", article).exit_code == 0
    assert Path("data/facts/001_suining.yaml").read_text(encoding="utf-8") == result.stdout


def test_out_file(project, inputs, tmp_path):
    article = write(inputs, "suining.txt", ARTICLE)
    facts_before = snapshot(project / "data" / "facts")
    target = tmp_path / "x.yaml"
    result = run("extract", article, "--out", target)
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.stdout
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["draft"]["extractor"] == "kg-rules"
    assert snapshot(project / "data" / "facts") == facts_before
    # The source it quotes is in the data, beside the others.
    assert (project / "data" / "sources" / "001_suining.txt").read_bytes() == article.read_bytes()


def test_out_folder_with_two_inputs(project, inputs, tmp_path):
    first, second = write(inputs, "suining.txt", ARTICLE), write(inputs, "jiangmen.html", PAGE)
    folder = tmp_path / "drafts"
    result = run("extract", first, second, "--out", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["001_suining.yaml", "002_jiangmen.yaml"]
    assert yaml.safe_load((folder / "002_jiangmen.yaml").read_text(encoding="utf-8"))["source"]["file"] == "002_jiangmen.txt"


def test_out_file_with_two_inputs_is_refused(project, inputs, tmp_path):
    first, second = write(inputs, "suining.txt", ARTICLE), write(inputs, "jiangmen.html", PAGE)
    before = snapshot(project, inputs)
    result = run("extract", first, second, "--out", tmp_path / "x.yaml")
    one_error_line(result, "x.yaml")
    assert snapshot(project, inputs) == before
    assert not (tmp_path / "x.yaml").exists()


def test_existing_output_needs_force(project, inputs, tmp_path):
    article = write(inputs, "suining.txt", ARTICLE)
    target = write(tmp_path, "reviewed.yaml", b"# a reviewer's file\n")
    before = snapshot(project, inputs, tmp_path)
    line = one_error_line(run("extract", article, "--out", target), str(target))
    assert "--force" in line
    assert target.read_bytes() == b"# a reviewer's file\n"
    assert snapshot(project, inputs, tmp_path) == before

    result = run("extract", article, "--out", target, "--force")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["draft"]["extractor"] == "kg-rules"


def test_a_text_already_in_the_data_is_not_drafted_into_it_again(project):
    seed = Path("data/sources") / SOURCE_FILE.name
    before = snapshot(project)
    line = one_error_line(run("extract", seed), SOURCE_FILE.name)
    assert "--out" in line and "--force" in line
    assert snapshot(project) == before

    result = run("extract", seed, "--force")
    assert result.exit_code == 0, result.output
    written = sorted(set(snapshot(project)) - set(before))
    assert [p.relative_to(project) for p in written] == [Path("data/facts/001_000-6877afdc895f6c52.yaml")]


# --- refusals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_exit_1_and_nothing_written(case, project, inputs):
    name, content = BAD_INPUTS[case]
    path = write(inputs, name, content)
    before = snapshot(project, inputs)
    result = run("extract", path)
    line = one_error_line(result, name)
    assert result.stdout == ""
    assert snapshot(project, inputs) == before
    if case == "nothing to draft":
        assert "nothing written" in line or "nothing found" in line, line


def test_missing_file_is_named_and_nothing_written(project, inputs):
    before = snapshot(project, inputs)
    line = one_error_line(run("extract", inputs / "no-such-article.txt"), "no-such-article.txt")
    assert "no such file" in line
    assert snapshot(project, inputs) == before


def test_one_bad_input_among_good_ones_writes_nothing(project, inputs):
    good, bad = write(inputs, "suining.txt", ARTICLE), write(inputs, "quiet.txt", BAD_INPUTS["nothing to draft"][1])
    before = snapshot(project, inputs)
    one_error_line(run("extract", good, bad), "quiet.txt")
    assert snapshot(project, inputs) == before


# --- determinism and help --------------------------------------------------------------------------------


def test_the_same_input_twice_gives_the_same_bytes(project, inputs, tmp_path):
    article = write(inputs, "suining.txt", ARTICLE)
    # The source's id comes from the draft's file name: the same name in two folders.
    assert run("extract", article, "--out", tmp_path / "a" / "draft.yaml").exit_code == 0
    assert run("extract", article, "--out", tmp_path / "b" / "draft.yaml").exit_code == 0
    assert (tmp_path / "a" / "draft.yaml").read_bytes() == (tmp_path / "b" / "draft.yaml").read_bytes()


def test_drafts_do_not_depend_on_hash_seeds(project, inputs):
    page = write(inputs, "jiangmen.html", PAGE)
    outputs = []
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([str(ROOT / ".venv" / "bin" / "kg"), "extract", str(page), "--dry-run"],
                              cwd=project, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert "draft:" in outputs[0]


def test_help_has_examples():
    result = run("extract", "--help")
    assert result.exit_code == 0
    assert "Examples" in result.output and "kg extract" in result.output


UNDATED = """\
Acme Cells grows

Acme Cells Co., Ltd. said its output of battery cells reached 40 GWh last year, and that it employs 1,200 people \
in Riverton.
"""


def _periods(stdout: str) -> dict[str, int]:
    return {o["stated_as"]: o["period"] for o in yaml.safe_load(stdout).get("observations") or []}


def test_date_anchors_last_year_and_without_a_date_no_year_is_guessed(project, inputs):
    article = write(inputs, "acme.txt", UNDATED)
    dated = run("extract", article, "--dry-run", "--date", "2024-05-06")
    assert dated.exit_code == 0, dated.output
    assert _periods(dated.stdout)["40 GWh"] == 2023
    # The same through the Python front door.
    import kg

    (plan,) = kg.Project(project).extract([article], write=False, date=__import__("datetime").date(2031, 1, 2))
    assert {o.stated_as: o.period for o in plan.draft.observations}["40 GWh"] == 2030
    # No date given, none stated and no year in the text: the year is not taken from the clock.
    undated = run("extract", article, "--dry-run")
    assert undated.exit_code == 0, undated.output
    assert "40 GWh" not in _periods(undated.stdout)
    assert f"kg: warning: {article}: no date of publication found;" in undated.stderr and "--date" in undated.stderr
    assert "no date of publication" not in dated.stderr
    assert run("extract", article, "--dry-run", "--date", "6 May 2024").exit_code == 2


def test_a_month_or_a_year_alone_dates_the_periods(project, inputs):
    article = write(inputs, "acme-month.txt", UNDATED)
    for given in ("2018-03", "2018"):
        dated = run("extract", article, "--dry-run", "--date", given)
        assert dated.exit_code == 0, dated.output
        assert _periods(dated.stdout)["40 GWh"] == 2017
        assert "no date of publication" not in dated.stderr
    (plan,) = __import__("kg").Project(project).extract([article], write=False, date=2031)
    assert {o.stated_as: o.period for o in plan.draft.observations}["40 GWh"] == 2030
    bad = run("extract", article, "--dry-run", "--date", "2018-13")
    assert bad.exit_code == 2 and "'2018-13' is not a date" in bad.output

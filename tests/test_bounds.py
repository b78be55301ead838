"""Bounds with sane defaults, each an option: a facts file too large, or declaring too many entities, is refused
in one line before it is parsed (a 50 MB one took 210 s and 5.7 GB)."""

from __future__ import annotations

import time

from click.testing import CliRunner
from conftest import FACTS_FILE, ONTOLOGY

from kg.cli import main


def kg_build(data, out, *options: str):
    return CliRunner().invoke(main, ["build", "--data", str(data), "--ontology", str(ONTOLOGY), "--out", str(out),
                                     *options])


def test_a_facts_file_larger_than_the_bound_is_refused_at_once(scratch_data, tmp_path):
    facts = scratch_data / "facts" / FACTS_FILE.name
    with facts.open("a", encoding="utf-8") as stream:  # 12 MB of comments: valid YAML, and large
        stream.write(("# " + "x" * 98 + "\n") * 120_000)
    start = time.monotonic()
    result = kg_build(scratch_data, tmp_path / "out")
    assert time.monotonic() - start < 10
    assert result.exit_code == 1
    size = facts.stat().st_size
    assert result.output == (f"kg: error: {facts}: {size:,} bytes, more than a facts file may have (10,000,000, "
                             "kg build --max-facts-size); split it\n")
    assert not (tmp_path / "out").exists()
    assert kg_build(scratch_data, tmp_path / "out", "--max-facts-size", "20").exit_code == 0


def test_a_facts_file_declaring_more_entities_than_the_bound_is_refused(scratch_data, tmp_path):
    facts = scratch_data / "facts" / FACTS_FILE.name
    declared = facts.read_text(encoding="utf-8").count("\n  - id: ", 0, facts.read_text(encoding="utf-8").index("\nfacts:"))
    result = kg_build(scratch_data, tmp_path / "out", "--max-entities", str(declared - 1))
    assert result.exit_code == 1
    assert result.output == (f"kg: error: {facts}: declares {declared:,} entities, more than a facts file may "
                             f"({declared - 1:,}, kg build --max-entities); split it\n")
    assert kg_build(scratch_data, tmp_path / "out", "--max-entities", str(declared)).exit_code == 0


def test_kg_extract_refuses_a_document_larger_than_the_bound_before_reading_it(tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("The plant in Yibin opened on 9 June 2023. " * 30_000, encoding="utf-8")  # 1.3 MB
    result = CliRunner().invoke(main, ["extract", str(article), "--max-size", "1", "--dry-run"])
    assert result.exit_code == 1
    assert result.output == (f"kg: error: {article}: {article.stat().st_size:,} bytes, more than kg extract reads "
                             "(1,000,000, --max-size); split the document\n")


def test_kg_extract_stops_a_draft_that_takes_longer_than_its_time_limit(tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("Yibin Power Battery Company opened a plant in Yibin on 9 June 2023 with 20 GWh of capacity. "
                       * 3_000, encoding="utf-8")
    start = time.monotonic()
    result = CliRunner().invoke(main, ["extract", str(article), "--time-limit", "0.5", "--dry-run"])
    assert time.monotonic() - start < 30
    assert result.exit_code == 1
    assert result.output == (f"kg: error: {article}: drafting stopped after 0.5 s (kg extract --time-limit); "
                             "split the document, or allow it longer\n")

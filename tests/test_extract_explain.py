"""kg extract --explain: each item with the rule that made it, least sure last; on an article written for the test."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main

ARTICLE = """\
Orvik Energy breaks ground in Debrecen

DEBRECEN, May 10, 2024 - Orvik Energy broke ground on its 40GWh battery plant in Debrecen, Hungary on Tuesday.
Premier Ravi Desai attended. Orvik Energy signed a supply agreement with Volantis Motors.
"""


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    for name in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / name, root / name)
    monkeypatch.chdir(root)
    return root


def test_explain_lists_every_item_with_its_rule_least_sure_last(project, tmp_path):
    article = tmp_path / "orvik.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(article), "--dry-run", "--explain"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if not line.startswith("#")]
    rows = [re.match(r"(\d\.\d\d)  (\w+) +(.*?)  \[(.*?)\]  \"", line) for line in lines]
    assert all(rows), [line for line, row in zip(lines, rows) if not row]
    confidences = [float(row.group(1)) for row in rows]
    assert confidences == sorted(confidences, reverse=True)
    rules = {row.group(3): row.group(4) for row in rows}
    assert rules["kgo:City Debrecen"].startswith("the gazetteer")
    assert rules["kgo:Person Ravi Desai"] == "a person's name with a title, post or speech"
    assert any(what.startswith("kgo:Groundbreaking") and rule == "the event rule" for what, rule in rules.items())
    assert "entities:" not in result.output  # with --dry-run the list replaces the draft
    assert not (project / "data" / "facts" / "001_orvik.yaml").exists()

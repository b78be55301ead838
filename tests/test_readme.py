"""The README's examples, run: each block marked ``<!-- readme-test -->`` is run and its output compared.

A marked block is a fenced block of ``$ COMMAND`` lines, each followed by the
output the README shows for it. The commands run, in README order, in one
temporary copy of the project (data/, ontology/, queries/, pyproject.toml),
built once: ``kg ...`` in-process through click's CliRunner, anything else
(``grep``) in a shell. A command's shown output must appear in what it printed
as consecutive lines; a line ``...`` stands for any number of lines, and a
line ending in ``...`` for any line beginning with the text before it.
A command with no output shown is only required to succeed.

``<!-- readme-test setup: SHELL -->`` first runs SHELL in a copy of the built
project of the block's own (to break a file, as the example needs), so the
other blocks never see it. ``/tmp/`` in a command is the test's own
temporary folder. Figures (triple counts, rows, scores) cannot drift from the
code without failing here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# A marker, then a fenced block at the same indentation (a block in a list item is indented).
MARKER = re.compile(r"^(?P<indent> *)<!-- readme-test(?: setup: (?P<setup>.*?))? -->\n"
                    r"(?P=indent)```[a-z]*\n(?P<body>.*?)^(?P=indent)```$", re.MULTILINE | re.DOTALL)
# The width a README table is shown at: a terminal of 80 columns.
COLUMNS = "80"


@dataclass
class Step:
    command: str
    expected: list[str]


@dataclass
class Block:
    line: int
    setup: str | None
    steps: list[Step]

    def __str__(self) -> str:
        return f"README.md:{self.line}"


def readme_blocks(text: str) -> list[Block]:
    """The marked blocks of a README, each as its commands with their shown output."""
    blocks = []
    for match in MARKER.finditer(text):
        steps: list[Step] = []
        indent = len(match["indent"])
        for line in (line[indent:] for line in match["body"].splitlines()):
            if line.startswith("$ "):
                steps.append(Step(line[2:], []))
            elif steps:
                steps[-1].expected.append(line.rstrip())
            else:
                raise ValueError(f"README.md:{text[:match.start()].count(chr(10)) + 1}: a marked block opens with '$ '")
        blocks.append(Block(text[:match.start()].count("\n") + 1, match["setup"], steps))
    return blocks


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def shown_in(expected: list[str], actual: str) -> bool:
    """Whether the README's lines appear as consecutive lines of the output, with ``...`` as elision.

    >>> shown_in(["a", "...", "d"], "x\\na\\nb\\nc\\nd\\n")
    True
    >>> shown_in(["a  1, ..."], "a  1, 2, ...\\n")
    True
    >>> shown_in(["a", "c"], "a\\nb\\nc\\n")
    False
    """
    pattern = ""
    for line in expected:
        if line.strip() == "...":
            pattern += r"(?:[^\n]*\n)*?"
        elif line.endswith("..."):
            pattern += re.escape(line[:-3]) + r"[^\n]*\n"
        else:
            pattern += re.escape(line) + r"\n"
    lines = "\n".join(line.rstrip() for line in actual.splitlines()) + "\n"
    return re.search(r"(?m)^" + pattern, lines) is not None


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the project, built once for every block."""
    project = tmp_path_factory.mktemp("readme") / "project"
    project.mkdir()
    for name in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    output, status = _run("kg build", project, tmp_path_factory.mktemp("tmp"))
    assert status == 0, output
    return project


def _run(command: str, project: Path, scratch: Path) -> tuple[str, int]:
    """Run one README command in ``project``; return what a user would see (stdout and stderr) and the exit status."""
    command = command.replace("/tmp/", f"{scratch}/")
    words = shlex.split(command)
    if words[0] != "kg":
        done = subprocess.run(["bash", "-c", command], cwd=project, capture_output=True, text=True, timeout=120)
        return done.stdout + done.stderr, done.returncode
    cwd = os.getcwd()
    os.chdir(project)  # kg finds its project from the working folder
    try:
        result = CliRunner(env={"COLUMNS": COLUMNS}).invoke(main, words[1:], catch_exceptions=True)
    finally:
        os.chdir(cwd)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    # kg prints the paths it writes as the project gives them; the README shows them from the project's folder.
    return result.output.replace(f"{project}/", ""), result.exit_code


# A Turtle example marked so is a part of the built graph: its triples, with kg's prefixes, are all in out/graph.ttl.
GRAPH_MARKER = re.compile(r"^<!-- readme-test: in out/graph.ttl -->\n```turtle\n(?P<body>.*?)^```$",
                          re.MULTILINE | re.DOTALL)


def test_the_readme_turtle_examples_are_in_the_built_graph(built: Path):
    from rdflib import Graph

    from kg.facts.namespaces import PREFIXES

    examples = GRAPH_MARKER.findall(README.read_text(encoding="utf-8"))
    assert examples
    graph = Graph().parse(built / "out" / "graph.ttl", format="turtle")
    prologue = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items())
    for example in examples:
        triples = set(Graph().parse(data=prologue + example, format="turtle"))
        assert triples and triples - set(graph) == set()


def test_the_readme_has_checked_examples():
    """The marker is easy to lose in an edit: the examples that hold figures stay marked."""
    commands = [step.command for block in BLOCKS for step in block.steps]
    for expected in ("kg build", "kg build --reason rdfs", "kg analyze", "kg validate --graph broken.ttl"):
        assert expected in commands
    assert any("schema:Organization" in c for c in commands)


@pytest.mark.parametrize("block", BLOCKS, ids=str)
def test_readme_example(block: Block, built: Path, tmp_path: Path):
    project = built
    if block.setup:
        project = tmp_path / "project"
        shutil.copytree(built, project)
        done = subprocess.run(["bash", "-c", block.setup], cwd=project, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    for step in block.steps:
        output, status = _run(step.command, project, tmp_path)
        if not step.expected:
            assert status == 0, f"{block}: `{step.command}` failed:\n{output}"
        else:
            assert shown_in(step.expected, output), (
                f"{block}: `{step.command}` printed\n{output}\nnot what the README shows:\n" + "\n".join(step.expected))


# The "From Python" examples: ```pycon blocks, run as doctests from a folder inside a copy of the project.
PYCON = re.compile(r"^```pycon\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("block", [m["body"] for m in PYCON.finditer(README.read_text(encoding="utf-8"))] or
                         [pytest.param(None, marks=pytest.mark.skip("no pycon block"))])
def test_python_examples_run_as_shown(block, tmp_path, monkeypatch):
    import doctest

    project = tmp_path / "project"
    for part in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    (project / "notebooks").mkdir()
    monkeypatch.chdir(project / "notebooks")  # kg.open() walks up to the project, as from a notebook
    test = doctest.DocTestParser().get_doctest(block, {}, "README.md (From Python)", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=lambda text: pytest.fail(text, pytrace=False))
    assert runner.failures == 0 and runner.tries > 5

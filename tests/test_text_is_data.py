"""Text is data: control characters and bidi overrides in a facts file are refused with file and line, a NUL
or a raw control byte is one true line, and whatever kg prints for a terminal escapes what could drive it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import FACTS_FILE, ONTOLOGY

from kg.cli import main
from kg.errors import SourceError
from kg.facts.folder import build_graph

LABEL_LINE = 25  # "    label: Yibin" in the seed's facts file


def with_label(data, label: str):
    facts = data / "facts" / FACTS_FILE.name
    lines = facts.read_text(encoding="utf-8").split("\n")
    assert lines[LABEL_LINE - 1] == "    label: Yibin"
    lines[LABEL_LINE - 1] = f"    label: {label}"
    facts.write_text("\n".join(lines), encoding="utf-8")
    return facts


@pytest.mark.parametrize("label, code", [
    ('"Test\\e[31mville\\a"', "001B"),   # ESC: colours, titles, cursor moves
    ('"Yibin\\a"', "0007"),             # BEL
    ('"Yi\\0bin"', "0000"),             # NUL, through a YAML escape
    ('"Yi\\Nbin"', "0085"),             # NEL, a C1 control
    ('"\\u202Enibiy"', "202E"),         # RIGHT-TO-LEFT OVERRIDE: shown backwards
    ('"Yibin\\u2066"', "2066"),         # LEFT-TO-RIGHT ISOLATE
    ('"Yi\\rbin"', "000D"),             # carriage return: overwrites the line on a terminal
])
def test_a_control_character_in_a_label_is_refused_with_file_and_line(scratch_data, label, code):
    facts = with_label(scratch_data, label)
    with pytest.raises(SourceError) as raised:
        build_graph(scratch_data, ONTOLOGY)
    assert str(raised.value) == (f"{facts}:{LABEL_LINE} (label): holds the control character U+{code}; "
                                 "text may not hold control characters or bidi overrides")


def test_tabs_newlines_and_joiners_stay_allowed(scratch_data):
    with_label(scratch_data, '"Yibin\\tcity\\nof Sichuan \u200d"')
    assert build_graph(scratch_data, ONTOLOGY)


def test_a_control_character_raw_in_the_file_is_one_line_with_its_line(scratch_data):
    facts = with_label(scratch_data, "Yi\x1bbin")
    with pytest.raises(SourceError) as raised:
        build_graph(scratch_data, ONTOLOGY)
    assert str(raised.value) == (f"{facts}:{LABEL_LINE}: the character U+001B is not allowed in a facts file "
                                 "(a control character); remove it")


@pytest.mark.parametrize("folder, what", [("facts", "facts file"), ("sources", "source document")])
def test_a_nul_byte_is_named_as_such_not_as_bad_utf8(scratch_data, folder, what):
    path = next((scratch_data / folder).iterdir())
    data = path.read_bytes()
    at = data.index(b"\n", 200) + 1
    path.write_bytes(data[:at] + b"Yi\0bin\n" + data[at:])
    with pytest.raises(SourceError) as raised:
        build_graph(scratch_data, ONTOLOGY)
    line = data[:at].count(b"\n") + 1
    assert str(raised.value) == (f"{path}:{line}: contains a NUL byte (byte {at + 2}); a {what} must be UTF-8 text")


def test_a_table_on_the_terminal_escapes_what_would_drive_it(tmp_path):
    """The graph comes from elsewhere (a Turtle file), where kg's build cannot refuse the label."""
    graph = tmp_path / "graph.ttl"
    graph.write_text('<https://kg.example.org/id/x> <http://www.w3.org/2000/01/rdf-schema#label> '
                     '"Test\\u001B[31mville\\u0007 \\u202Eevil" .\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["query", "--graph", str(graph), "--format", "table", "--no-ontology",
                                       "-e", "SELECT ?label WHERE { ?x rdfs:label ?label }"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2] == "Test\\x1b[31mville\\x07 \\u202eevil"
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output


def test_an_error_line_escapes_what_would_drive_the_terminal(tmp_path):
    result = CliRunner().invoke(main, ["query", "--graph", str(tmp_path / "no\x1b]0;pwned\x07.ttl"), "-e", "ASK {}"])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "no\\x1b]0;pwned\\x07.ttl" in result.output

"""Reading YAML the way a person wrote it: every mapping and sequence knows its line, duplicate keys are
refused, and fields are read with checks that name the file, the line and the field."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from kg.errors import SourceError, one_line, where
from kg.facts.model import Location
from kg.runtime import cycle_collector_paused

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates: a text holding
# one can drive a terminal (ESC, BEL) or show itself in another order than it is stored. YAML lets them in
# through escapes ("\e[31m", "\a", "\u202e").
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class _Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int
    key_lines: dict[str, int]


class _Sequence(list):
    """A YAML sequence that remembers its line."""

    line: int


_TEXT_TAG = "tag:yaml.org,2002:str"


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: 10x faster, same nodes
    """SafeLoader that records lines (1-based) and refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> _Mapping:
        mapping = _Mapping()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self._construct(key_node)
            if key in mapping:
                raise SourceError(
                    f"{where(self.name, key_node.start_mark.line + 1, str(key))}: duplicate key"
                )
            mapping[key] = self._construct(value_node)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> _Sequence:
        sequence = _Sequence(map(self._construct, node.value))
        sequence.line = node.start_mark.line + 1
        return sequence

    def _construct(self, node: yaml.Node) -> Any:
        # Most nodes are text, which SafeLoader constructs as the node's value: taken as it stands, it skips
        # construct_object's bookkeeping, a third of reading a facts file.
        if node.tag == _TEXT_TAG and isinstance(node, yaml.ScalarNode):
            return node.value
        try:
            return self.construct_object(node, deep=True)
        except ValueError as exc:  # an integer past Python's 4,300 digits, a date with a 13th month
            line = where(self.name, node.start_mark.line + 1)
            value = node.value if isinstance(node.value, str) else ""
            if value.isdigit() and len(value) > 100:
                raise SourceError(f"{line}: a number of {len(value):,} digits; no figure has so many") from None
            raise SourceError(f"{line}: {value[:60]!r} cannot be read: {one_line(exc, 120)}") from None


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


def _read_text(path: Path, what: str) -> str:
    if not path.is_file():
        raise SourceError(f"{path}: {what} not found")
    data = path.read_bytes()
    nul = data.find(b"\0")
    if nul >= 0:  # UTF-8 allows it, but no text holds one: a binary file, or text in UTF-16
        line = data[:nul].count(b"\n") + 1
        raise SourceError(f"{where(path, line)}: contains a NUL byte (byte {nul}); "
                          f"a {what} must be UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(f"{where(path, line)}: not UTF-8 text (byte {exc.start})") from None


def _load_yaml(path: Path) -> Any:
    text = _read_text(path, "facts file")
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        with cycle_collector_paused():  # a parse makes many objects, no cycles
            return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(f"{where(path, line)}: malformed YAML: {exc.problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, raw in the file
        line = text[: exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise SourceError(f"{where(path, line)}: the character U+{code:04X} is not allowed in a facts file "
                          "(a control character); remove it") from None
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: malformed YAML: {one_line(exc)}") from None
    finally:
        loader.dispose()


class _Fields:
    """Typed access to one YAML mapping, with errors that name file, line and field."""

    def __init__(self, path: Path, mapping: Any, allowed: set[str], what: str, line: int):
        if not isinstance(mapping, _Mapping):
            raise SourceError(f"{where(path, line)}: {what} must be a mapping of keys to values")
        unknown = sorted(set(map(str, mapping)) - allowed)
        if unknown:
            key = unknown[0]
            raise SourceError(
                f"{where(path, mapping.key_lines.get(key, mapping.line), key)}: unknown key in {what}; "
                f"allowed keys are {', '.join(sorted(allowed))}"
            )
        self.path, self.mapping, self.what = path, mapping, what

    @property
    def location(self) -> Location:
        return Location(self.path, self.mapping.line, tuple(self.mapping.key_lines.items()))

    def where(self, key: str) -> str:
        return where(self.path, self.mapping.key_lines.get(key, self.mapping.line), key)

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                raise SourceError(f"{where(self.path, self.mapping.line, key)}: {self.what} needs '{key}'")
            return None
        if isinstance(value, (dict, list)):
            kind = "a list" if isinstance(value, list) else "a mapping"
            raise SourceError(f"{self.where(key)}: must be text, not {kind}")
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, bool):
            raise SourceError(f"{self.where(key)}: must be text; quote it")
        return self._checked(key, str(value).strip())

    def _checked(self, key: str, text: str) -> str:
        found = CONTROL.search(text)
        if found:
            raise SourceError(f"{self.where(key)}: holds the control character U+{ord(found.group()):04X}; "
                              "text may not hold control characters or bidi overrides")
        return text

    def ident(self, key: str, required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and not ID_PATTERN.match(value):
            raise SourceError(
                f"{self.where(key)}: '{value}' is not an id (lower-case letters, digits and single hyphens)"
            )
        return value

    def year(self, key: str, required: bool = True) -> int | None:
        value = self.text(key, required)
        if value is None:
            return None
        if not re.fullmatch(r"\d{4}", value):
            raise SourceError(f"{self.where(key)}: '{value}' is not a year (four digits)")
        return int(value)

    def language(self, key: str) -> str:
        value = self.text(key)
        if not LANGUAGE_TAG.fullmatch(value):
            raise SourceError(f"{self.where(key)}: '{value}' is not a language tag (BCP 47, such as en or zh-Hans)")
        return value

    def texts(self, key: str) -> list[str]:
        value = self.mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            raise SourceError(f"{self.where(key)}: must be a list of texts")
        return [self._checked(key, str(v).strip()) for v in value]

    def items(self, key: str) -> list[Any]:
        value = self.mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise SourceError(f"{self.where(key)}: must be a list")
        return value


def _confidence(fields: _Fields) -> Decimal | None:
    value = _number(fields, "confidence")
    if value is not None and not 0 <= value <= 1:
        raise SourceError(f"{fields.where('confidence')}: {value} is not a confidence between 0 and 1")
    return value


def _number(fields: _Fields, key: str) -> Decimal | None:
    raw = fields.mapping.get(key)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise SourceError(f"{fields.where(key)}: '{raw}' is not a number")
    try:
        return Decimal(str(raw).replace(",", ""))
    except InvalidOperation:
        raise SourceError(f"{fields.where(key)}: '{raw}' is not a number") from None

"""The build cache's data format: JSON of kg's own value classes, each entry under its kind and digest.

The cache was pickle, and whoever can write ``out/.cache`` (a shared folder,
an archive someone sends) could run code in the next build through it. An
entry is now data that only ever becomes kg's own classes:

    kg-cache 1\\n
    KIND BLAKE2B-OF-KIND-AND-PAYLOAD\\n
    PAYLOAD (JSON, UTF-8)

The payload is JSON whose every object is a tagged value: ``{"c": [NAME,
field, ...]}`` a dataclass of the ``CLASSES`` allow-list (its fields in
order), ``{"d": [[key, value], ...]}`` a dict, ``{"t": [...]}`` a tuple,
``{"L": "line\\nline"}`` a list of N-Triples lines (one string: a build holds
hundreds of thousands), ``{"b": BASE64}`` bytes, ``{"D": "1.5"}`` a Decimal,
``{"P": "a/b"}`` a path, ``{"R": "facts/a.yaml"}`` a path inside the folder
the entry was written for (its project's data folder, read back inside the
folder it is read for: a copied or moved project's cache holds its own
paths), ``{"date": "2023-06-09"}`` a date. Anything else
(another tag, a class not on the list, a field too many or too few, a
digest that does not match, a kind other than the one asked for) is a
``BadEntry``: the caller drops the entry and computes it again.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.facts import model

MAGIC = b"kg-cache 1\n"


class BadEntry(ValueError):
    """An entry that does not verify, does not parse, or is not of the kind asked for."""


def _model_classes() -> dict[str, type]:
    """The facts model's dataclasses (a stage below the build: it cannot register itself here)."""
    return {c.__name__: c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)
            and c.__module__ == model.__name__}


def cache_entry(cls: type) -> type:
    """Class decorator: the build's own dataclasses whose instances the cache keeps (the allow-list, by name).
    The classes register themselves where they are defined, so that this module imports none of them."""
    _CLASSES[cls.__name__] = cls
    return cls


_CLASSES: dict[str, type] = _model_classes()
_FIELDS: dict[type, tuple[str, ...]] = {}


def dumps(kind: str, value: Any, base: Path | None = None) -> bytes:
    """``value`` as an entry of ``kind`` (its paths inside ``base`` relative to it).

    >>> from decimal import Decimal
    >>> loads(dumps("n", [Decimal("1.50"), (1, "a"), {"k": b"x"}]), "n")
    [Decimal('1.50'), (1, 'a'), {'k': b'x'}]
    """
    payload = json.dumps(_encode(value, base), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return MAGIC + f"{kind} {_digest(kind, payload)}\n".encode("ascii") + payload


def loads(data: bytes, kind: str, base: Path | None = None) -> Any:
    """The value of an entry of ``kind`` (its relative paths inside ``base``); BadEntry (saying why) if it is
    not one.

    >>> loads(dumps("facts", [Path("/p/data/facts/a.yaml")], Path("/p/data")), "facts", Path("/q/data"))
    [PosixPath('/q/data/facts/a.yaml')]

    >>> loads(dumps("part", 1)[:-1] + b"2", "part")
    Traceback (most recent call last):
    kg.build.entries.BadEntry: its digest does not match its content
    >>> loads(dumps("part", 1), "facts")
    Traceback (most recent call last):
    kg.build.entries.BadEntry: an entry of kind 'part', not 'facts'
    """
    payload = _payload(data, kind)
    try:
        return json.loads(payload, object_hook=_decoded if base is None else lambda tagged: _decoded(tagged, base))
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, InvalidOperation) as exc:
        raise BadEntry(f"its content does not parse ({type(exc).__name__})") from None


def dumps_plain(kind: str, value: Any) -> bytes:
    """``value`` (JSON's own types only: lists, not tuples; str keys) as an entry of ``kind``, written by json
    alone: a large state of plain rows costs a walk of ``_encode`` per value otherwise."""
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return MAGIC + f"{kind} {_digest(kind, payload)}\n".encode("ascii") + payload


def loads_plain(data: bytes, kind: str) -> Any:
    """The value of an entry ``dumps_plain`` wrote (no object hook: as json gives it); BadEntry if it is not one.

    >>> loads_plain(dumps_plain("state", {"rows": [["a", 1]]}), "state")
    {'rows': [['a', 1]]}
    """
    payload = _payload(data, kind)
    try:
        return json.loads(payload)
    except (ValueError, RecursionError) as exc:
        raise BadEntry(f"its content does not parse ({type(exc).__name__})") from None


def tagged_text(value: Any) -> str:
    """``value`` as the tagged JSON of an entry, in a string (a value of kg's classes inside a plain entry).

    >>> from decimal import Decimal
    >>> from_tagged_text(tagged_text([Decimal("1.5"), (1, b"x")]))
    [Decimal('1.5'), (1, b'x')]
    """
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":"))


def from_tagged_text(text: str) -> Any:
    """The value of ``tagged_text``; BadEntry if it is not one."""
    try:
        return json.loads(text, object_hook=_decoded)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, InvalidOperation) as exc:
        raise BadEntry(f"its content does not parse ({type(exc).__name__})") from None


def _payload(data: bytes, kind: str) -> bytes:
    """The payload of an entry of ``kind``, its digest checked; BadEntry if it is not one."""
    if not data.startswith(MAGIC):
        raise BadEntry("not a kg cache entry (or one of another version)")
    head, newline, payload = data[len(MAGIC):].partition(b"\n")
    found_kind, _, digest = head.decode("ascii", "replace").partition(" ")
    if not newline or digest != _digest(found_kind, payload):
        raise BadEntry("its digest does not match its content")
    if found_kind != kind:
        raise BadEntry(f"an entry of kind {found_kind!r}, not {kind!r}")
    return payload


def _digest(kind: str, payload: bytes) -> str:
    return hashlib.blake2b(kind.encode("utf-8", "replace") + b"\n" + payload, digest_size=32).hexdigest()


_PLAIN = (str, int, float, bool, type(None))


def _encode(value: Any, base: Path | None = None) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELDS.get(kind)
    if names is not None:
        fields = value.__dict__
        return {"c": [kind.__name__, *[_encode(fields[name], base) for name in names]]}
    if kind is list:
        if value and type(value[0]) is bytes and all(type(item) is bytes for item in value):
            try:
                return {"L": b"\n".join(value).decode("utf-8")}  # lines hold no newline
            except UnicodeDecodeError:
                pass
        return [_encode(item, base) for item in value]
    if kind is tuple:
        return {"t": [_encode(item, base) for item in value]}
    if kind is dict:
        return {"d": [[_encode(k, base), _encode(v, base)] for k, v in value.items()]}
    if kind is bytes:
        return {"b": base64.b64encode(value).decode("ascii")}
    if kind is Decimal:
        return {"D": str(value)}
    if isinstance(value, Path):
        if base is not None and value.is_relative_to(base):
            return {"R": value.relative_to(base).as_posix()}
        return {"P": str(value)}
    if kind is datetime.date:
        return {"date": value.isoformat()}
    # A dataclass met for the first time (asked last: is_dataclass on every list and dict cost a tenth of dumps).
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _fields(kind)
        return _encode(value, base)
    raise TypeError(f"the cache cannot hold a {kind.__name__}")


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _decoded(tagged: dict, base: Path | None = None) -> Any:
    """A tagged JSON object as its value (json's object_hook: called on each, innermost first)."""
    (tag, content), = tagged.items()  # a dict of one key: ValueError otherwise
    if tag == "c":
        return _instance(content)
    if tag == "L":
        return content.encode("utf-8").split(b"\n") if content else []
    if tag == "t":
        return tuple(content)
    if tag == "d":
        return {k if type(k) is not list else tuple(k): v for k, v in content}
    if tag == "b":
        return base64.b64decode(content, validate=True)
    if tag == "D":
        return Decimal(content)
    if tag == "P":
        return Path(content)
    if tag == "R":
        return base / content if base is not None else Path(content)
    if tag == "date":
        return datetime.date.fromisoformat(content)
    raise ValueError(f"unknown tag {tag!r}")


def _instance(content: list) -> Any:
    """An instance of an allowed class, its fields set as they are (no __init__ or __post_init__ runs)."""
    cls = _CLASSES[content[0]]  # KeyError: not one of kg's classes
    names = _fields(cls)
    if len(content) != len(names) + 1:
        raise ValueError(f"{len(content) - 1} fields for a {cls.__name__}")
    instance = object.__new__(cls)
    instance.__dict__.update(zip(names, content[1:]))
    return instance

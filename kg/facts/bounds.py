"""How much one facts file may hold: bounds with sane defaults, each an option of kg build.

A facts file comes from a person or from ``kg extract``, at a few hundred
kilobytes and a few hundred entities for a long article. One of 50 MB took
210 s and 5.7 GB to read: a file that large is a mistake or an attack, and is
refused in one line before it is parsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import SourceError

DEFAULT_MAX_FILE_BYTES = 10_000_000
DEFAULT_MAX_ENTITIES = 20_000


@dataclass(frozen=True)
class Bounds:
    """The most bytes a facts file may have (``kg build --max-facts-size``) and the most entities it may
    declare (``--max-entities``)."""

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_entities: int = DEFAULT_MAX_ENTITIES

    def check_size(self, path: Path, size: int) -> None:
        """Raise SourceError if a facts file of ``size`` bytes is too large.

        >>> Bounds(max_file_bytes=10).check_size(Path("a.yaml"), 11)
        Traceback (most recent call last):
        kg.errors.SourceError: a.yaml: 11 bytes, more than a facts file may have (10, kg build --max-facts-size); split it
        """
        if size > self.max_file_bytes:
            raise SourceError(f"{path}: {size:,} bytes, more than a facts file may have ({self.max_file_bytes:,}, "
                              "kg build --max-facts-size); split it")

    def check_entities(self, path: Path, count: int) -> None:
        """Raise SourceError if a facts file declares more than ``max_entities`` entities."""
        if count > self.max_entities:
            raise SourceError(f"{path}: declares {count:,} entities, more than a facts file may "
                              f"({self.max_entities:,}, kg build --max-entities); split it")

"""What a build reads, and whether it changed: every input file by a stable name, and its SHA-256 (a file
hashed again only when its size or time moved since the last record)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from kg.errors import KgError
from kg.facts.folder import facts_files, links_files, source_files
from kg.files import write_atomic
from kg.project import ProjectPaths
from kg.version import __version__

CACHE_FOLDER = ".cache"  # in out/: each document's cached result, the last merge, the inputs' record


def input_files(project: ProjectPaths) -> dict[str, Path]:
    """Every file a build reads, by a name that does not depend on how the folders were given
    (``facts/NAME``, ``sources/NAME``, ``links/NAME``, ``ontology``, ``shapes``)."""
    from kg.build.validate import shapes_path

    data = Path(project.data_dir)
    found = {f"{path.parent.name}/{path.name}": path
             for path in [*facts_files(data), *source_files(data), *links_files(data)]}
    found["ontology"] = Path(project.ontology_path)
    shapes = shapes_path(project)
    if shapes.is_file():
        found["shapes"] = shapes
    return found


def input_digests(project: ProjectPaths, files: dict[str, Path] | None = None) -> dict[str, str]:
    """The SHA-256 of every input file, by its name in ``input_files``, and kg's version (a new kg rebuilds).

    A file whose size and modification time are those recorded with its digest the last time (in the cache
    folder's ``inputs.stat``) is not read again: a read command on 4,000 documents would otherwise hash
    8,000 files before it answers. A file changed less than ``_RACY_NS`` before that record was made is
    read again anyway, as git does with its index: a change within the same clock tick keeps its time.
    """
    files = input_files(project) if files is None else files
    record_path = Path(project.out_dir) / CACHE_FOLDER / STAT_FILE
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        known, taken = dict(record["files"]), int(record["taken"])
    except (OSError, ValueError, KeyError, TypeError):
        known, taken = {}, 0
    now = time.time_ns()
    digests, seen, hashed = {"kg": __version__}, {}, False
    for name, path in files.items():
        info = os.stat(path)
        entry = known.get(name)
        if (isinstance(entry, list) and entry[:2] == [info.st_size, info.st_mtime_ns]
                and info.st_mtime_ns < taken - _RACY_NS):
            digest = entry[2]
        else:
            digest, hashed = hashlib.sha256(path.read_bytes()).hexdigest(), True
        digests[name], seen[name] = digest, [info.st_size, info.st_mtime_ns, digest]
    if (hashed or set(known) != set(seen)) and record_path.parent.is_dir():
        try:
            write_atomic(record_path, json.dumps({"taken": now, "files": seen}, sort_keys=True).encode())
        except (OSError, KgError):  # a read-only out/: the next read hashes again, nothing worse
            pass
    return digests


STAT_FILE = "inputs.stat"  # in the cache folder: each input's size, time and digest when last hashed
_RACY_NS = 2_000_000_000

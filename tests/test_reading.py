"""A rebuild reads by the files' sizes and times (kg.build.reading): the files an edit did not touch are neither
read nor decoded again, and what it writes is what a fresh build writes."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from conftest import ONTOLOGY, ROOT

from kg.build.outputs import build_project
from kg.project import ProjectPaths

sys.path.insert(0, str(ROOT / "benchmarks"))


def _project(data: Path, out: Path) -> ProjectPaths:
    return ProjectPaths(data_dir=data, ontology_path=ONTOLOGY, out_dir=out)


@pytest.fixture
def data(tmp_path) -> Path:
    """Eight synthetic documents, written a minute ago (outside the clock's granularity of any build)."""
    from corpus import generate_corpus

    generate_corpus(8, tmp_path / "data", seed=5)
    _age(tmp_path / "data")
    return tmp_path / "data"


def _age(folder: Path, seconds: float = 60) -> None:
    then = time.time() - seconds
    for path in folder.rglob("*"):
        os.utime(path, (then, then))


def _statement_label(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(lines[i + 1] for i, line in enumerate(lines) if line == "    class: kgo:Statement")


def _rename(path: Path, old: str = "label: \"", new: str = "label: \"Renamed ") -> None:
    label = _statement_label(path)
    path.write_text(path.read_text(encoding="utf-8").replace(label, label.replace(old, new), 1), encoding="utf-8")


def _same_size_edit(path: Path) -> None:
    """Change one letter of a statement's label: the same size; then set the file's times back."""
    info = os.stat(path)
    label = _statement_label(path)
    at = label.index('"') + 1
    swapped = label[:at] + ("X" if label[at] != "X" else "Y") + label[at + 1:]
    path.write_text(path.read_text(encoding="utf-8").replace(label, swapped, 1), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(path).st_size == info.st_size


def test_a_rebuild_decodes_only_what_the_edit_touched_and_writes_what_a_fresh_build_writes(data, tmp_path,
                                                                                           monkeypatch):
    """After one edit of eight documents, no cached part and only the edited file's parses are decoded (its
    last one, to compare its declarations, and its new one, by its task); graph.ttl, the report, the merged
    lines and the reading's state are a fresh build's."""
    import kg.build.entries as entries
    from kg.build.reading import read_state

    out = tmp_path / "out"
    build_project(_project(data, out), executor="serial")
    decoded = []
    loads = entries.loads
    monkeypatch.setattr(entries, "loads", lambda data, kind, *base: (kind in ("facts", "part") and decoded.append(kind))
                        or loads(data, kind, *base))
    again = build_project(_project(data, out), executor="serial")
    assert again.reused == 8 and decoded == []  # nothing changed: nothing decoded
    facts = sorted((data / "facts").glob("*.yaml"))
    _rename(facts[3])
    edited = build_project(_project(data, out), executor="serial")
    assert edited.reused == 7 and sorted(decoded) == ["facts", "facts"]
    monkeypatch.undo()
    fresh = build_project(_project(data, tmp_path / "fresh"), executor="serial")
    for name in ("graph.ttl", "validation.json", ".cache/merged.lines"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
    kept, whole = read_state(out / ".cache"), read_state(tmp_path / "fresh" / ".cache")
    assert kept["entities"] == whole["entities"]
    assert [row[3:] for row in kept["files"]] == [row[3:] for row in whole["files"]]  # but sizes and times
    assert edited.summary == fresh.summary


def test_a_change_that_keeps_the_size_and_the_time_is_seen_within_the_clocks_granularity(data, tmp_path):
    """Racy files, as git has them: a facts file changed (the same size, its time set back) just after the
    build that recorded it is hashed again and rebuilt; one whose recorded time was well before that build's
    record is taken as it was recorded (as documented), until its time moves."""
    out = tmp_path / "out"
    facts = sorted((data / "facts").glob("*.yaml"))
    os.utime(facts[2])  # now: within the granularity of the record the build makes
    before = build_project(_project(data, out)).graph_path.read_bytes()
    _same_size_edit(facts[2])
    seen = build_project(_project(data, out))
    assert seen.reused == 7 and seen.graph_path.read_bytes() != before
    # Well before the record: the same edit keeps the size and the time, and is not seen.
    _same_size_edit(facts[5])
    kept = (out / "graph.ttl").read_bytes()
    assert build_project(_project(data, out)).reused == 8 and (out / "graph.ttl").read_bytes() == kept
    os.utime(facts[5])  # touched: seen
    assert build_project(_project(data, out)).reused == 7
    fresh = build_project(_project(data, tmp_path / "fresh"))
    assert (out / "graph.ttl").read_bytes() == fresh.graph_path.read_bytes()


def test_a_declaration_that_clashes_after_a_rebuild_is_the_error_a_fresh_build_gives(data, tmp_path):
    """An entity several files declare, relabelled in one of them after a build: the rebuild stops with the
    error of a fresh build of the same files; set back, the rebuild writes the first build's bytes."""
    from kg.errors import FactError
    from kg.facts.folder import facts_files

    out = tmp_path / "out"
    first = build_project(_project(data, out)).graph_path.read_bytes()
    paths = facts_files(data)
    texts = {path: path.read_text(encoding="utf-8") for path in paths}
    shared = next(line[len("  - id: "):] for line in texts[paths[0]].splitlines() if line.startswith("  - id: ")
                  and sum(f"  - id: {line[len('  - id: '):]}\n" in t for t in texts.values()) >= 3)
    for holder in [p for p in paths if f"  - id: {shared}\n" in texts[p]][1:3]:  # not its first declaration
        start = texts[holder].index(f"  - id: {shared}\n")
        label = texts[holder].index("    label: \"", start)
        holder.write_text(texts[holder][:label] + "    label: \"Bluewave " + texts[holder][label + len("    label: \""):],
                          encoding="utf-8")
        with pytest.raises(FactError) as rebuilt:
            build_project(_project(data, out))
        with pytest.raises(FactError) as fresh:
            build_project(_project(data, tmp_path / "fresh"))
        assert str(rebuilt.value) == str(fresh.value) and "Bluewave" in str(rebuilt.value)
        holder.write_text(texts[holder], encoding="utf-8")
    assert build_project(_project(data, out)).graph_path.read_bytes() == first



def test_a_copied_project_rebuilds_nothing(data, tmp_path):
    """A project copied with its out/ (cp -a): its first build reads by the files' sizes and times as the
    original would, reuses every part, and changes nothing in graph.ttl; an edit there rebuilds one document."""
    project = tmp_path / "p"
    shutil.copytree(data, project / "data")
    build_project(_project(project / "data", project / "out"))
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, symlinks=True, copy_function=shutil.copy2)
    shutil.rmtree(project)
    again = build_project(_project(copy / "data", copy / "out"))
    assert again.reused == 8 and again.store_change == (0, 0)
    _rename(sorted((copy / "data" / "facts").glob("*.yaml"))[1])
    assert build_project(_project(copy / "data", copy / "out")).reused == 7


def _declaration(text: str, entity_id: str) -> str:
    """The block of lines that declares ``entity_id`` in a facts file's text."""
    start = text.index(f"  - id: {entity_id}\n")
    ends = [i for i in (text.find("\n  - id:", start + 1), text.find("\n\n", start)) if i > 0]
    return text[start: min(ends) + 1]


def test_declarations_taken_out_and_put_back_change_the_entities_as_a_fresh_build_declares_them(data, tmp_path,
                                                                                             monkeypatch):
    """An entity three files declare, its declaration taken out of the last of them and put back, and a source
    document grown by a sentence: each rebuild reads only the changed file, and its entities (how many files
    declare each, where first), graph.ttl and report are a fresh build's."""
    import kg.build.entries as entries
    from kg.build.reading import read_state
    from kg.facts.folder import facts_files

    loads = entries.loads
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build_project(_project(data, out))
    paths = facts_files(data)
    texts = {path: path.read_text(encoding="utf-8") for path in paths}
    shared = next(line[len("  - id: "):] for line in texts[paths[0]].splitlines() if line.startswith("  - id: ")
                  and sum(f"  - id: {line[len('  - id: '):]}\n" in t for t in texts.values()) >= 3)
    last = [path for path in paths if f"  - id: {shared}\n" in texts[path]][-1]
    source = sorted((data / "sources").iterdir())[0]
    for step in ("taken out", "put back", "source grown"):
        if step == "taken out":
            last.write_text(texts[last].replace(_declaration(texts[last], shared), "", 1), encoding="utf-8")
        elif step == "put back":
            last.write_text(texts[last], encoding="utf-8")
        else:
            source.write_text(source.read_text(encoding="utf-8") + "\nA sentence of Riverton's.\n", encoding="utf-8")
        decoded = []
        with monkeypatch.context() as patched:
            patched.setattr(entries, "loads", lambda data, kind, *base: (kind == "facts" and decoded.append(kind))
                            or loads(data, kind, *base))
            rebuilt = build_project(_project(data, out), executor="serial")
        # The changed file's parses only (its last one; its new one, where cached, checked against its source;
        # the same for its task), not every file's.
        assert len(decoded) <= 3, step
        shutil.rmtree(fresh, ignore_errors=True)
        whole = build_project(_project(data, fresh))
        assert rebuilt.reused == 7 and rebuilt.summary == whole.summary, step
        for name in ("graph.ttl", "validation.json"):
            assert (out / name).read_bytes() == (fresh / name).read_bytes(), (step, name)
        kept, made = read_state(out / ".cache"), read_state(fresh / ".cache")
        assert kept["entities"] == made["entities"], step
        assert [row[3:] for row in kept["files"]] == [row[3:] for row in made["files"]], step
        declarers = kept["entities"][shared][-1]
        assert declarers == sum(f"  - id: {shared}\n" in p.read_text(encoding="utf-8") for p in paths), step

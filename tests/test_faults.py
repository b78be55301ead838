"""A build killed at any stage (SIGKILL or SIGTERM) leaves no process behind, does not block the next build, and
the next build writes the bytes of a clean one; a build that finds another running says so and waits."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

STAGES = ["reading", "documents", "merge", "store", "turtle", "commit"]


def kg_command(data: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", "build", "--data", str(data),
            "--ontology", str(ROOT / "ontology" / "kg.ttl"), "--out", str(out), *args]


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """Three synthetic articles (benchmarks/corpus.py): with the seed, documents enough for the workers to run."""
    from corpus import generate_corpus

    folder = tmp_path_factory.mktemp("articles")
    generate_corpus(3, folder, seed=7)
    return folder


def add_corpus(data: Path, articles: Path) -> None:
    for kind in ("facts", "sources"):
        shutil.copytree(articles / kind, data / kind, dirs_exist_ok=True)


@pytest.fixture(scope="module")
def clean(tmp_path_factory, articles) -> dict[str, bytes]:
    """The outputs of a clean build of the seed and the three articles: graph.ttl and build.json."""
    root = tmp_path_factory.mktemp("clean")
    shutil.copytree(ROOT / "data", root / "data")
    add_corpus(root / "data", articles)
    subprocess.run(kg_command(root / "data", root / "out"), check=True, capture_output=True, timeout=300)
    return outputs(root / "out")


def outputs(out: Path) -> dict[str, bytes]:
    """What a build wrote that does not depend on where its folders are: graph.ttl, the manifest's inputs
    (by name) and the store's triples (sorted N-Quads)."""
    import pyoxigraph as ox

    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    store = ox.Store.read_only(str(out / "oxigraph"))
    quads = sorted(str(q) for q in store)
    return {"graph.ttl": (out / "graph.ttl").read_bytes(), "inputs": json.dumps(manifest["inputs"], sort_keys=True),
            "store": "\n".join(quads)}


@pytest.fixture
def old_build(tmp_path, articles) -> tuple[Path, Path]:
    """A project built from the seed alone, then given three more articles: the next build has work to do."""
    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(ROOT / "data", data)
    subprocess.run(kg_command(data, out), check=True, capture_output=True, timeout=300)
    add_corpus(data, articles)
    return data, out


def stopped_at(command: list[str], stage: str) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """Start ``command`` with $KG_FAULT_STAGE set to ``stage``; return once a process of it stopped there,
    with the build's process and every process it started."""
    process = subprocess.Popen(command, env={**os.environ, "KG_FAULT_STAGE": stage}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    line = process.stderr.readline().decode()
    assert f"KG_FAULT_STAGE={stage}" in line, line + process.stderr.read().decode()
    return process, psutil.Process(process.pid).children(recursive=True)


def gone(processes: list[psutil.Process], seconds: float = 10) -> list[psutil.Process]:
    """Those of ``processes`` still alive after ``seconds`` (zombies count as gone)."""
    _, alive = psutil.wait_procs(processes, timeout=seconds)
    return [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.parametrize("stage, sig", [(stage, signal.SIGKILL) for stage in STAGES]
                         + [(stage, signal.SIGTERM) for stage in ("documents", "turtle", "commit")],
                         ids=lambda value: value.name if isinstance(value, signal.Signals) else value)
def test_a_build_killed_at_any_stage_leaves_no_process_and_the_next_build_is_clean(old_build, clean, stage, sig):
    data, out = old_build
    before = (out / "graph.ttl").read_bytes()
    build, children = stopped_at(kg_command(data, out), stage)
    if stage in ("reading", "documents"):
        assert len(children) >= 2  # the workers of the pool
    if stage == "turtle":
        assert children  # the process writing graph.ttl
    build.send_signal(sig)
    assert build.wait(10) == -sig
    assert gone(children) == []
    if stage != "commit":  # until the commit, the old outputs stand
        assert (out / "graph.ttl").read_bytes() == before
        assert (out / "build.json").is_file()
    else:
        assert not (out / "build.json").exists()

    again = subprocess.run(kg_command(data, out, "--wait", "5"), capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()
    assert b"waiting" not in again.stderr
    assert outputs(out) == clean
    assert not list(out.glob(".*.staged")) and not list(out.glob(".oxigraph.*"))


def test_a_command_that_finds_a_build_stopped_in_its_commit_says_so(old_build):
    from kg.build.outputs import ensure_current
    from kg.project import ProjectPaths

    data, out = old_build
    build, _ = stopped_at(kg_command(data, out), "commit")
    build.kill()
    build.wait(10)
    heard: list[str] = []
    ensure_current(ProjectPaths(data_dir=data, ontology_path=ROOT / "ontology" / "kg.ttl", out_dir=out), heard.append)
    assert heard == [f"{out} holds a build that did not finish; rebuilding {out} first"]
    assert (out / "build.json").is_file()


def test_a_build_waits_for_another_and_says_for_which_then_gives_up_with_one_line(old_build):
    data, out = old_build
    first, _ = stopped_at(kg_command(data, out), "merge")
    try:
        start = time.monotonic()
        second = subprocess.run(kg_command(data, out, "--wait", "2"), capture_output=True, timeout=60)
        waited = time.monotonic() - start
    finally:
        first.kill()
        first.wait(10)
    lines = second.stderr.decode().splitlines()
    assert second.returncode == 1
    assert lines[0].startswith(f"kg: waiting for the build of process {first.pid} to finish")
    assert lines[1:] == [f"kg: error: {out / '.build.lock'}: the build of process {first.pid} still runs after 2 s; "
                         "try again when it has finished, or wait longer with --wait SECONDS"]
    assert waited >= 2
